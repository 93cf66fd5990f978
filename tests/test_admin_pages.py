"""Every admin list, add and change page renders for staff, in a pinned number of queries."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from issues.importing import import_text
from issues.models import Issue, IssueRevision, Item, Section, Tag
from tests.admin_support import issue_text

MODELS = ("issue", "issuerevision", "section", "item", "tag")


@pytest.fixture
def archive(db):
    import_text(issue_text(7))
    import_text(issue_text(8))
    import_text(issue_text(8, extra=" and phones"), update=True)
    return Issue.objects.get(number=8)


def objects():
    return {
        "issue": Issue.objects.get(number=8),
        "issuerevision": IssueRevision.objects.get(),
        "section": Section.objects.filter(issue__number=8).first(),
        "item": Item.objects.filter(issue__number=8).first(),
        "tag": Tag.objects.get(slug="robotics"),
    }


@pytest.mark.parametrize(
    ("model", "queries"),
    [("issue", 6), ("issuerevision", 5), ("section", 5), ("item", 6), ("tag", 5)],
)
def test_each_changelist_renders_in_a_pinned_number_of_queries(
    archive, staff_client, django_assert_num_queries, model, queries
):
    with django_assert_num_queries(queries):
        response = staff_client.get(reverse(f"admin:issues_{model}_changelist"))

    assert response.status_code == 200


def test_the_item_list_reads_no_search_column(archive, staff_client, django_assert_num_queries):
    with django_assert_num_queries(6) as captured:
        staff_client.get(reverse("admin:issues_item_changelist"))

    item_rows = [query["sql"] for query in captured if 'FROM "issues_item"' in query["sql"]]
    assert item_rows
    for column in ("search_vector", "search_title", "search_pairs", "source_text"):
        assert all(column not in sql for sql in item_rows), column


@pytest.mark.parametrize("model", MODELS)
def test_each_change_page_renders(archive, staff_client, model):
    obj = objects()[model]

    response = staff_client.get(reverse(f"admin:issues_{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize("model", ["issue", "section", "item", "tag"])
def test_each_add_page_renders(archive, staff_client, model):
    response = staff_client.get(reverse(f"admin:issues_{model}_add"))

    assert response.status_code == 200


def test_revisions_cannot_be_added(archive, staff_client):
    response = staff_client.get(reverse("admin:issues_issuerevision_add"))

    assert response.status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_a_user_who_is_not_staff_is_sent_to_the_login(archive, client, model):
    client.force_login(User.objects.create_user("reader"))
    url = reverse(f"admin:issues_{model}_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_an_anonymous_visitor_is_sent_to_the_login(archive, client):
    url = reverse("admin:issues_issue_import")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
