from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
SAMPLE_ISSUES_DIR = Path(__file__).resolve().parent.parent / "issues" / "sample_issues"


def seed_files() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


requires_seeds = pytest.mark.skipif(
    not seed_files(), reason=f"the shared seed issues are not at {SEEDS_DIR}"
)


def seed_path(number: int) -> Path:
    """The seed file of an issue number, found by its title line."""
    for path in seed_files():
        if f"#{number}" in path.read_text(encoding="utf-8").splitlines()[0]:
            return path
    pytest.skip(f"seed issue #{number} is not in {SEEDS_DIR}")
