"""Broad queries: counted on a sample, ranked among their best candidates; narrow ones exact.

BROAD_MATCHES is lowered so that a small archive has broad queries.
"""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.core.management import call_command

from issues import models, search
from issues.broad import rebuild_broad_terms
from issues.models import BroadTerm, Item, ItemTag, Tag, TagSource, positive_words
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def herd(monkeypatch):
    """12 items with "bison" in the title, 30 with it only in the blurb (some many times)."""
    titled = [(f"Bison report {n}", "Notes from the field.") for n in range(12)]
    blurbs = [(f"Herd {n}", " ".join(["bison"] * (1 + n % 4)) + " seen.") for n in range(30)]
    add_issue(7, {"Industry": titled[:6] + blurbs[:15]})
    add_issue(8, {"Industry": titled[6:] + blurbs[15:], "Learning": [("Moose", "Moose.")]})
    monkeypatch.setattr(search, "BROAD_MATCHES", 10)


def ranked(queryset) -> list[int]:
    return list(queryset.values_list("id", flat=True))


def renumber_matches(bucket: Callable[[int], int]) -> None:
    """Give the herd's matches (title matches first) new ids: the i-th lands in
    sample bucket bucket(i) (id % 256), each in a block of 256 ids of its own."""
    ids = sorted(Item.objects.filter(title__icontains="bison").values_list("id", flat=True))
    ids += sorted(Item.objects.search("bison").exclude(pk__in=ids).values_list("id", flat=True))
    base = 256 * (1 + max(Item.objects.values_list("id", flat=True)) // 256)
    for index, pk in enumerate(ids):
        Item.objects.filter(pk=pk).update(id=base + 256 * index + bucket(index))


def test_a_broad_query_ranks_title_matches_first_then_the_rest(herd, django_assert_num_queries):
    matches = Item.objects.search("bison")
    in_titles = ranked(matches.in_titles())
    rest = [pk for pk in ranked(matches) if pk not in in_titles]
    assert len(in_titles) == 12 and len(rest) == 30
    assert all(Item.objects.get(pk=pk).title.startswith("Bison") for pk in in_titles)
    # The estimate (the 1-in-32 sample holds 6 matches: 192 > 10); then the counts
    # from a sample and the page ranked among the best candidates (no lists:
    # every title match).
    renumber_matches(lambda index: index % 7)
    matches, in_titles = Item.objects.search("bison"), ranked(matches.in_titles())
    rest = [pk for pk in ranked(matches) if pk not in in_titles]
    with django_assert_num_queries(2):
        found = search.facets(matches, rows=(1, 5))
    assert found.approximate
    assert found.page_ids == in_titles[:5]
    assert search.facets(matches, rows=(11, 15)).page_ids == in_titles[10:] + rest[:3]
    assert search.facets(matches, rows=(21, 25)).page_ids == rest[8:13]


def test_broad_counts_are_estimates_from_the_sample(herd):
    matches = Item.objects.search("bison")
    found = search.facets(matches)
    assert found.approximate and found.page_ids == []
    # The 1-in-32 estimate, or the 11 rows (BROAD_MATCHES + 1) the exact query
    # read before it stopped, tells how many id buckets hold about SAMPLE_ENOUGH.
    buckets = search.sample_buckets(max(32 * matches.sample(32).count(), 11))
    sampled = matches.filter(sample_bucket__lt=buckets).count()
    # A small archive's ids make lumpy samples: the total is never below the rows read.
    estimate = search._about(round(sampled * 256 / buckets))
    assert found.total == max(estimate, 11)
    assert [(f.label, f.count) for f in found.sections] == (
        [("Industry", estimate)] if sampled else []
    )


def test_a_broad_query_is_counted_on_about_sample_enough_of_its_matches(
    herd, monkeypatch, django_assert_num_queries
):
    # Renumber the 42 matches into the 1-in-32 sample: 6 of them into bucket 0.
    renumber_matches(lambda index: index % 7)
    monkeypatch.setattr(search, "SAMPLE_ENOUGH", 3)
    matches = Item.objects.search("bison")
    # 42 sampled matches estimate 1,344: 3 of them are expected in the first
    # bucket alone, a 1-in-256 share.
    assert search.sample_buckets(42 * 32) == 1
    # The estimate; then the counts and the page ranked among the best candidates.
    with django_assert_num_queries(2):
        found = search.facets(matches, rows=(1, 5))
    assert found.approximate
    assert found.total == 1500  # 6 x 256, to two figures
    assert [(f.label, f.count) for f in found.sections] == [("Industry", 1500)]
    assert found.page_ids == ranked(matches.in_titles())[:5]


def test_a_broad_query_the_estimate_misses_is_found_broad_by_the_exact_read(
    herd, django_assert_num_queries
):
    renumber_matches(lambda index: 8 + index % 200)  # none in the 1-in-32 sample
    matches = Item.objects.search("bison")
    assert matches.sample(32).count() == 0
    # The estimate (0); the exact query, which stops at BROAD_MATCHES + 1 rows;
    # then the counts from a sample and the page among the best candidates.
    with django_assert_num_queries(3):
        found = search.facets(matches, rows=(1, 5))
    assert found.approximate
    # 11 rows read call for every bucket to find about SAMPLE_ENOUGH: all 42 counted.
    assert found.total == 42
    assert found.page_ids == ranked(matches.in_titles())[:5]


def test_up_to_the_limit_everything_is_exact_in_one_query_after_the_estimate(
    herd, monkeypatch, django_assert_num_queries
):
    # Above the 42 matches and above what the 1-in-32 sample can estimate from them.
    monkeypatch.setattr(search, "BROAD_MATCHES", 500)
    matches = Item.objects.search("bison")
    with django_assert_num_queries(2):
        found = search.facets(matches, rows=(1, 20))
    assert not found.approximate
    assert found.total == 42
    assert [(f.label, f.count) for f in found.sections] == [("Industry", 42)]
    assert found.page_ids == ranked(matches)[:20]
    # Exact ranking puts a blurb saying bison four times above a title saying it once.
    assert found.page_ids != ranked(matches.in_titles())[:20]


def test_the_search_page_and_the_api_show_title_matches_first(herd, client):
    matches = Item.objects.search("bison")
    in_titles = ranked(matches.in_titles())
    rest = [pk for pk in ranked(matches) if pk not in in_titles]
    page = client.get("/search/", {"q": "bison"})
    assert page.status_code == 200
    assert [item.pk for item in page.context["page"].object_list] == in_titles + rest[:8]
    api = client.get("/api/items/", {"q": "bison", "page_size": 5})
    assert api.status_code == 200
    assert [row["id"] for row in api.json()["results"]] == in_titles[:5]


def test_in_titles_and_sample_leave_other_querysets_alone():
    everything = Item.objects.all()
    assert everything.in_titles() is everything
    with pytest.raises(ValueError, match="share must be one of"):
        Item.objects.search("bison").sample(5)


def test_positive_words_skip_exclusions_and_or():
    assert positive_words('diffusion -gan "image generation" or -"style transfer"') == [
        "diffusion",
        "image",
        "generation",
    ]
    assert positive_words("-only -excluded") == []
    assert positive_words('"unclosed phrase') == ["unclosed", "phrase"]
    assert positive_words("GPT-3 isn't") == ["GPT-3", "isn't"]


def test_a_query_without_positive_words_is_never_cut_to_titles(herd):
    matches = Item.objects.search("bison -nothing").exclude(pk=0)
    assert "in_title" in matches.query.annotations
    nothing = Item.objects.search("-bison")
    assert nothing.in_titles() is nothing


def test_broad_suggestions_are_the_newest_title_matches(herd, monkeypatch):
    monkeypatch.setattr(search, "BROAD_MATCHES", 5)
    newest = ranked(
        Item.objects.filter(title__startswith="Bison").order_by("-issue_id", "-position", "-id")
    )
    assert [row["id"] for row in search.suggest("bis")] == newest[: search.SUGGESTIONS]
    monkeypatch.setattr(search, "BROAD_MATCHES", 5000)
    # Narrow: by rank (all equal here: one title word), then newest issue, reading order.
    in_order = Item.objects.filter(title__startswith="Bison").order_by(
        "-issue__number", "section__position", "position"
    )
    assert [row["id"] for row in search.suggest("bis")] == ranked(in_order)[: search.SUGGESTIONS]


def test_broad_suggestions_keep_the_earlier_words_as_conditions(herd, monkeypatch):
    monkeypatch.setattr(search, "BROAD_MATCHES", 5)
    add_issue(6, {"Industry": [("Bison counts", "Grassland census."), ("Bisons", "Ok.")]})

    assert [row["title"] for row in search.suggest("grassland bis")] == ["Bison counts"]
    # Earlier words that are all stopwords set no condition, as in a search.
    assert [row["id"] for row in search.suggest("the bis")] == [
        row["id"] for row in search.suggest("bis")
    ]
    assert search.suggest("moose bis") == []


def test_broad_word_lists_hold_the_exact_top_of_a_one_word_query(herd, monkeypatch):
    assert rebuild_broad_terms(min_items=40, keep=10) == 1  # only "bison" is in 40+ items
    term = BroadTerm.objects.get()
    matches = Item.objects.search("bison")
    assert (term.lexeme, term.ndoc) == ("bison", 42)
    assert term.item_ids == ranked(matches)[:10]
    assert term.up_to == Item.objects.latest("pk").pk
    # The page of a one-word broad query is exactly the exact ranking's.
    assert search.facets(matches, rows=(1, 10)).page_ids == ranked(matches)[:10]
    # Past the list: the other title matches, by rank (deep pages are approximate).
    titled = [pk for pk in ranked(matches.in_titles()) if pk not in term.item_ids]
    assert search.facets(matches, rows=(6, 15)).page_ids == ranked(matches)[5:10] + titled[:5]


def test_the_best_candidates_are_the_head_of_the_lists(herd, monkeypatch):
    rebuild_broad_terms(min_items=40, keep=20)
    monkeypatch.setattr(models, "BEST_OF_LIST", 4)
    matches = Item.objects.search("bison")
    listed = BroadTerm.objects.get().item_ids
    assert listed == ranked(matches)[:20]
    assert set(ranked(matches.best_candidates())) == set(listed[:4])
    assert set(ranked(matches.deeper_candidates())) == set(listed[4:])


def test_a_filter_few_of_the_best_pass_is_ranked_from_the_rest_of_the_lists(
    herd, monkeypatch, django_assert_num_queries
):
    """A tag seldom among a broad word's best items: its page comes from the word's
    list past the best candidates, in the exact order, not title matches first."""
    rebuild_broad_terms(min_items=40, keep=20)
    monkeypatch.setattr(models, "BEST_OF_LIST", 4)
    everything = ranked(Item.objects.search("bison"))
    # Blurbs saying "bison" three or four times outrank a title saying it once.
    picked = [everything[n] for n in (6, 10, 18, 25, 35)]
    assert [bool(Item.objects.get(pk=pk).title.startswith("Bison")) for pk in picked] == [
        False,
        False,
        True,
        True,
        False,
    ]
    rare = Tag.objects.create(name="Rare", slug="rare")
    ItemTag.objects.bulk_create(
        ItemTag(item_id=pk, tag=rare, source=TagSource.STAFF) for pk in picked
    )
    matches = Item.objects.tagged(rare).search("bison")
    assert ranked(matches) == picked
    assert ranked(matches.best_candidates()) == []
    assert set(ranked(matches.deeper_candidates())) == set(picked[:3])
    # None of the best candidates (their page, then their count), then the rest of
    # the list holds the page: the title matches are not read.
    with django_assert_num_queries(3):
        assert search.ranked_ids(matches, 1, 3) == picked[:3]
    assert search.ranked_ids(matches, 1, 5) == picked
    assert search.ranked_ids(matches, 3, 5) == picked[2:]


def test_items_newer_than_the_lists_are_candidates_by_title(herd, monkeypatch):
    rebuild_broad_terms(min_items=40, keep=3)
    add_issue(9, {"Industry": [("Bison bison bison", "Bison bison bison bison.")]})
    newest = Item.objects.get(title="Bison bison bison")
    matches = Item.objects.search("bison")
    assert ranked(matches)[0] == newest.pk
    candidates = set(ranked(matches.best_candidates()))
    assert candidates == set(BroadTerm.objects.get().item_ids) | {newest.pk}
    assert search.facets(matches, rows=(1, 4)).page_ids == ranked(matches)[:4]


def test_a_word_without_a_list_is_ranked_among_its_title_matches(herd):
    rebuild_broad_terms(min_items=40, keep=3)
    matches = Item.objects.search("field")  # "Notes from the field.": 12 blurbs, no titles
    assert set(ranked(matches.best_candidates())) == set()
    assert search.ranked_ids(matches, 1, 5) == ranked(matches)[:5]


def test_rank_broad_terms_command(herd):
    call_command(
        "rank_broad_terms", min_items=40, keep=5, stdout=(out := __import__("io").StringIO())
    )
    assert out.getvalue().startswith("1 broad words ranked in ")
    assert BroadTerm.objects.get().item_ids == ranked(Item.objects.search("bison"))[:5]
