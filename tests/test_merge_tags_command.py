"""`manage.py merge_tags`: the admin's merge for tags on any number of items."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from issues import cache
from issues.importing import import_text
from issues.models import Item, ItemTag, Tag, TagSource
from tests.admin_support import issue_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tags():
    import_text(issue_text(7))
    robots = Tag.objects.create(name="Robots", slug="robots", match_terms="android")
    bots = Tag.objects.create(name="Bots", slug="bots", match_terms="bot")
    ItemTag.objects.create(
        item=Item.objects.get(title="acme/fastlib"), tag=robots, source=TagSource.STAFF
    )
    ItemTag.objects.create(item=Item.objects.get(title="Tiny models on phones"), tag=bots)


def merge(*args) -> str:
    out = StringIO()
    call_command("merge_tags", *args, stdout=out)
    return out.getvalue()


def test_merges_the_tags_into_the_target_and_deletes_them():
    version = cache.version()

    output = merge("robots", "bots", "robots", "--into", "robotics")

    assert output == "merged robots, bots into robotics: 2 item links moved\n"
    assert sorted(
        Tag.objects.get(slug="robotics").item_tags.values_list("item__title", "source")
    ) == [
        ("A robot that reads manuals", "auto"),
        ("Tiny models on phones", "staff"),
        ("acme/fastlib", "staff"),
    ]
    assert not Tag.objects.filter(slug__in=["robots", "bots"]).exists()
    assert Tag.objects.get(slug="robotics").terms[-2:] == ["android", "bot"]
    assert Item.objects.get(title="acme/fastlib").tag_ids == [Tag.objects.get(slug="robotics").pk]
    assert cache.version() != version


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["robots", "--into", "robots"], "robots is among the tags being merged"),
        (["robots", "ghosts", "--into", "nowhere"], "no tag with the slug ghosts, nowhere"),
    ],
)
def test_a_wrong_slug_is_one_error_and_changes_nothing(args, message):
    before = sorted(ItemTag.objects.values_list("item_id", "tag__slug"))

    with pytest.raises(CommandError, match=message):
        merge(*args)

    assert sorted(ItemTag.objects.values_list("item_id", "tag__slug")) == before
    assert Tag.objects.filter(slug="robots").exists()
