"""The staff to-do on the admin index: counts of what the texts lost, linked to the lists."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from issues.importing import import_text
from issues.models import Issue, Item
from tests.admin_support import issue_text


@pytest.fixture
def archive(db):
    import_text(issue_text(7))
    import_text(issue_text(8))
    Issue.objects.filter(number=7).update(published_on="2019-03-04")
    Item.objects.filter(issue__number=8, title="").update(title="Filled in by staff")
    Item.objects.filter(issue__number=8, kind="article").update(url="https://example.com/a")


def todo(response) -> list[tuple[str, int, str]]:
    page = response.content.decode()
    assert 'id="staff-todo"' in page
    return [(task["label"], task["count"], task["url"]) for task in response.context["todo"]]


def test_the_index_counts_what_staff_have_to_fill_in(staff_client, archive):
    response = staff_client.get(reverse("admin:index"))

    items = reverse("admin:issues_item_changelist")
    assert todo(response) == [
        ("Items with no title", 1, f"{items}?no_title=1"),
        # Issue 7: five articles and a paper (its repo has a link); issue 8: its paper.
        ("Items with no link", 7, f"{items}?no_url=1"),
        ("Issues with no date", 1, reverse("admin:issues_issue_changelist") + "?year=none"),
    ]


def test_each_count_links_to_a_list_of_exactly_those_rows(staff_client, archive):
    for label, count, url in todo(staff_client.get(reverse("admin:index"))):
        listed = staff_client.get(url).context["cl"].result_count
        assert (label, listed) == (label, count)


def test_the_counts_take_a_fixed_number_of_queries(
    staff_client, archive, django_assert_num_queries
):
    import_text(issue_text(9))

    # Session, user, the two item counts in one query, the issue count, the recent actions.
    with django_assert_num_queries(5):
        staff_client.get(reverse("admin:index"))


def test_staff_see_only_the_counts_they_may_look_into(client, archive):
    user = User.objects.create_user("issues-only", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert [task["label"] for task in response.context["todo"]] == ["Issues with no date"]
