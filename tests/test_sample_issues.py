"""The sample issues shipped for `make run`: each parses to the shape it was written
to show, and together they import cleanly into an empty archive."""

from io import StringIO

import pytest
from django.core.management import call_command

from issues.models import Issue, Item, Section
from issues.parsing import PAPERS, parse_bytes
from tests.conftest import SAMPLE_ISSUES_DIR

# number: (title, has subtitle, [(section, items, header inferred)], titleless item
# titles are in these sections, repos, sponsored item titles, [paragraphs per abstract])
EXPECTED = {
    301: (
        "Deep Learning Weekly Issue #301",
        True,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 5, False),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        [],
        5,
        ["Fine-tune vision models on a budget with Gridspan"],
        [1, 1, 1],
    ),
    302: (
        "Deep Learning Weekly Issue #302",
        True,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 5, True),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        ["Learning"],
        5,
        [],
        [1, 2, 1],
    ),
    303: (
        "Deep Learning Weekly: Issue #303",
        True,
        [
            ("Industry", 7, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 4, True),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        ["Libraries & Code"],
        3,
        [],
        [1, 2, 1],
    ),
    304: (
        "Deep Learning Weekly: Issue #304",
        True,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 5, True),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        ["Industry"],
        4,
        ["The practical guide to model monitoring in production"],
        [1, 1, 1],
    ),
    305: (
        "Deep Learning Weekly: Issue #305",
        True,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 5, True),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        [],
        3,
        ["Trackbook: experiment tracking that lives in your notebook"],
        [1, 1, 1],
    ),
    306: (
        "Deep Learning Weekly: Issue #306",
        False,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, False),
            ("Learning", 5, False),
            ("Libraries & Code", 4, False),
            (PAPERS, 4, False),
        ],
        [],
        4,
        [],
        [1, 1, 1, 1],
    ),
    307: (
        "Deep Learning Weekly Issue #307",
        True,
        [
            ("Industry", 6, False),
            ("Mobile & Edge", 4, True),
            ("Learning", 5, False),
            ("Libraries & Code", 4, False),
            (PAPERS, 3, False),
        ],
        [],
        4,
        [],
        [1, 1, 1],
    ),
}
TOTAL_ITEMS = 155


def sample_path(number: int):
    return SAMPLE_ISSUES_DIR / f"{number}.txt"


def parsed(number: int):
    return parse_bytes(sample_path(number).read_bytes())


def test_the_samples_are_the_expected_files():
    assert sorted(path.name for path in SAMPLE_ISSUES_DIR.iterdir()) == [
        f"{number}.txt" for number in EXPECTED
    ]


@pytest.mark.parametrize("number", EXPECTED)
def test_each_sample_parses_to_its_intended_shape(number):
    title, has_subtitle, sections, titleless_in, repos, sponsored, abstracts = EXPECTED[number]

    issue = parsed(number)

    assert (issue.number, issue.title) == (number, title)
    assert bool(issue.subtitle) is has_subtitle
    assert issue.intro.startswith("Hey folks,\n\nThis week in deep learning")
    assert issue.intro.endswith("\n\nUntil next week!")
    assert [(s.name, len(s.items), s.header_inferred) for s in issue.sections] == sections
    assert [s.name for s in issue.sections for item in s.items if not item.title] == titleless_in
    assert sum(item.kind == "repo" for item in issue.items) == repos
    assert [item.title for item in issue.items if item.sponsored] == sponsored
    papers = issue.sections[-1].items
    assert [paper.abstract.count("\n\n") + 1 for paper in papers] == abstracts
    assert 20 <= len(issue.items) <= 30


@pytest.mark.parametrize("number", EXPECTED)
def test_every_abstract_is_substantive_and_every_item_has_text(number):
    for item in parsed(number).items:
        if item.kind == "paper":
            assert 80 <= len(item.abstract.split()) <= 200, item.title
            assert not item.abstract.lower().startswith("abstract")
        else:
            assert len(item.blurb.split()) >= 10, item.title


def test_the_samples_mix_the_eras_of_the_format():
    texts = {number: sample_path(number).read_text(encoding="utf-8") for number in EXPECTED}

    assert [n for n, text in texts.items() if "\nMobile + Edge\n" in text] == [301, 302]
    assert [n for n, text in texts.items() if "\n[Github] " in text] == [
        301,
        302,
        304,
        305,
        306,
        307,
    ]
    assert [n for n, text in texts.items() if text.rstrip().endswith("A guest post by")] == [
        303,
        304,
        305,
    ]
    # Papers whose author line was stripped: the abstract follows a hole, no prefix.
    assert [n for n, text in texts.items() if "Abstract:" not in text] == [303, 304, 305]
    assert "\nAbstract: " in texts[306] and "\n\n\nDiffusion models generate" in texts[306]


def test_the_repo_forms_give_github_urls():
    items = {item.title: item for number in EXPECTED for item in parsed(number).items}

    assert items["pocketvision/pv-detect"].url == "https://github.com/pocketvision/pv-detect"
    spec = items["specdec/specdec: speculative decoding for any Hugging Face model"]
    assert (spec.kind, spec.url) == ("repo", "https://github.com/specdec/specdec")


def test_the_footnotes_become_notes():
    trackbook = parsed(305).sections[3].items[1]
    minder = parsed(307).sections[0].items[3]

    assert (trackbook.title, trackbook.note, trackbook.sponsored) == (
        "Trackbook: experiment tracking that lives in your notebook",
        "This week's issue is sponsored by Trackbook.",
        True,
    )
    assert (minder.title, minder.note, minder.sponsored) == (
        "Minder raises $25M for robots that inspect power lines",
        "Disclosure: one of our editors advised Minder in 2023.",
        False,
    )


def test_the_titleless_items_are_the_blurbs_after_the_holes():
    blurbs = [
        item.blurb[:40] for number in EXPECTED for item in parsed(number).items if not item.title
    ]

    assert blurbs == [
        "A free online course on probabilistic ma",
        "A toolkit that measures the energy use a",
        "A short documentary follows volunteers w",
    ]


@pytest.mark.django_db
class TestImport:
    def test_the_samples_import_cleanly_into_an_empty_archive(self):
        out = StringIO()

        call_command("import_issues", "--if-empty", str(SAMPLE_ISSUES_DIR), stdout=out)

        assert out.getvalue() == "created 7, updated 0, unchanged 0, failed 0\n"
        assert list(Issue.objects.order_by("number").values_list("number", flat=True)) == list(
            EXPECTED
        )
        assert Section.objects.count() == 35
        assert Item.objects.count() == TOTAL_ITEMS
        assert Item.objects.filter(kind="paper").count() == 22
        assert Item.objects.filter(kind="repo").count() == 28
        assert Item.objects.filter(sponsored=True).count() == 3

    def test_make_run_imports_them_only_once(self):
        call_command("import_issues", "--if-empty", str(SAMPLE_ISSUES_DIR), stdout=StringIO())
        out = StringIO()

        call_command("import_issues", "--if-empty", str(SAMPLE_ISSUES_DIR), stdout=out)

        assert out.getvalue() == "the archive has issues already; nothing imported\n"
        assert Item.objects.count() == TOTAL_ITEMS

    def test_the_samples_give_search_something_to_find(self):
        call_command("import_issues", str(SAMPLE_ISSUES_DIR), stdout=StringIO())

        def found(query):
            return sorted(Item.objects.search(query).values_list("issue__number", "title"))

        assert found("sinkhorn routing") == [
            (301, "Routed Block Attention for Book-Length Documents")
        ]
        assert found('"extrapolation error"') == [
            (301, "Conservative Advantage Weighting for Offline Reinforcement Learning")
        ]
        assert len(found("contrastive")) == 11
        assert len(found("quantization")) == 13
        assert len(found('"graph neural network"')) == 10
