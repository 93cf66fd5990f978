import json

import pytest

from issues.parsing import parse_bytes
from tests.conftest import requires_seeds, seed_files


@requires_seeds
@pytest.mark.parametrize("path", seed_files(), ids=lambda path: path.stem)
def test_it_parses_each_seed_exactly(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))

    assert parse_bytes(path.read_bytes()).to_dict() == expected
