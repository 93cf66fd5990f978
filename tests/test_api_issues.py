"""GET /api/issues/ and /api/issues/<number>/: the contract, field by field."""

import datetime
import json

import pytest

from issues.importing import import_text
from issues.models import Item, Tag
from issues.parsing import parse_issue
from tests.conftest import requires_seeds, seed_files
from tests.search_helpers import issue_text

pytestmark = pytest.mark.usefixtures("no_throttle")

ISSUE = """Deep Learning Weekly Issue #41

Quokkas, wombats and a sponsored note

Hey folks,

This week: marsupials.

Until next week!


Quokka arms ship

A marsupial company ships quokka arms.

Wombat funding

Wombat raises money (Sponsored Content)

Libraries & Code

[Github] zoo/quokka

A quokka library.

Papers & Publications

Quokka Policies

Abstract: We study quokka policies.

More findings in a second paragraph.
"""


@pytest.fixture
def issue(db):
    issue = import_text(ISSUE).issue
    issue.published_on = datetime.date(2021, 3, 4)
    issue.save()
    return issue


@pytest.mark.django_db
def test_issue_list_fields(client, issue):
    import_text(ISSUE.replace("#41", "#40"))

    response = client.get("/api/issues/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "number": 41,
                "title": "Deep Learning Weekly Issue #41",
                "subtitle": "Quokkas, wombats and a sponsored note",
                "published_on": "2021-03-04",
                "item_count": 4,
                "url": "http://testserver/issues/41/",
                "api_url": "http://testserver/api/issues/41/",
            },
            {
                "number": 40,
                "title": "Deep Learning Weekly Issue #40",
                "subtitle": "Quokkas, wombats and a sponsored note",
                "published_on": None,
                "item_count": 4,
                "url": "http://testserver/issues/40/",
                "api_url": "http://testserver/api/issues/40/",
            },
        ],
    }


@pytest.mark.django_db
def test_issue_list_is_empty_on_an_empty_archive(client):
    response = client.get("/api/issues/")

    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def item_json(title, **fields):
    item = Item.objects.get(title=title)
    return {
        "id": item.pk,
        "title": title,
        "blurb": "",
        "abstract": "",
        "kind": "article",
        "sponsored": False,
        "note": "",
        "url": "",
        "tags": [],
        "page_url": f"http://testserver/items/{item.pk}/",
        "api_url": f"http://testserver/api/items/{item.pk}/",
        **fields,
    }


def test_issue_detail_has_every_field_in_reading_order(client, issue):
    Item.objects.get(title="Quokka Policies").tags.add(
        Tag.objects.create(name="Zoology", slug="zoology"),
        Tag.objects.create(name="Animals", slug="animals"),
    )

    response = client.get("/api/issues/41/")

    assert response.status_code == 200
    assert response.json() == {
        "id": issue.pk,
        "number": 41,
        "title": "Deep Learning Weekly Issue #41",
        "subtitle": "Quokkas, wombats and a sponsored note",
        "intro": "Hey folks,\n\nThis week: marsupials.\n\nUntil next week!",
        "published_on": "2021-03-04",
        "sections": [
            {
                "name": "Industry",
                "items": [
                    item_json("Quokka arms ship", blurb="A marsupial company ships quokka arms."),
                    item_json("Wombat funding", blurb="Wombat raises money", sponsored=True),
                ],
            },
            {
                "name": "Libraries & Code",
                "items": [
                    item_json(
                        "zoo/quokka",
                        blurb="A quokka library.",
                        kind="repo",
                        url="https://github.com/zoo/quokka",
                    )
                ],
            },
            {
                "name": "Papers & Publications",
                "items": [
                    item_json(
                        "Quokka Policies",
                        abstract="We study quokka policies.\n\n"
                        "More findings in a second paragraph.",
                        kind="paper",
                        tags=[
                            {"slug": "animals", "name": "Animals"},
                            {"slug": "zoology", "name": "Zoology"},
                        ],
                    )
                ],
            },
        ],
        "url": "http://testserver/issues/41/",
        "api_url": "http://testserver/api/issues/41/",
    }


def test_issue_detail_keeps_format_md_field_names(client, issue):
    """Dropping the API's additions gives exactly the parser's JSON (FORMAT.md)."""
    body = client.get("/api/issues/41/").json()

    assert strip_additions(body) == parse_issue(ISSUE).to_dict()


@requires_seeds
@pytest.mark.parametrize("path", seed_files(), ids=lambda path: path.stem)
def test_seed_issues_read_back_as_their_expected_json(client, db, path):
    text = path.read_text(encoding="utf-8")
    number = import_text(text).number

    body = client.get(f"/api/issues/{number}/").json()

    assert strip_additions(body) == json.loads(path.with_suffix(".json").read_text())


def strip_additions(body: dict) -> dict:
    issue = {key: body[key] for key in ("number", "title", "subtitle", "intro")}
    issue["sections"] = [
        {
            "name": section["name"],
            "items": [
                {key: value for key, value in item.items() if key not in ADDED_ITEM_KEYS}
                for item in section["items"]
            ],
        }
        for section in body["sections"]
    ]
    return issue


ADDED_ITEM_KEYS = {"id", "tags", "page_url", "api_url"}


@pytest.mark.parametrize(
    "path", ["/api/issues/42/", "/api/issues/0/", f"/api/issues/{'9' * 30}/", "/api/issues/x/"]
)
def test_missing_issue_is_a_json_404(client, issue, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_issue_detail_runs_no_query_for_each_item(client, issue, django_assert_num_queries):
    # The issue, its sections, their items with their tags.
    with django_assert_num_queries(3):
        client.get("/api/issues/41/")
    many = [(f"Quokka {n}", f"Blurb {n}.") for n in range(30)]
    import_text(issue_text(43, {"Industry": many, "Papers & Publications": many}))
    with django_assert_num_queries(3):
        assert len(client.get("/api/issues/43/").json()["sections"][1]["items"]) == 30


def test_write_methods_are_refused(client, issue):
    for method in (client.post, client.put, client.delete):
        response = method("/api/issues/41/")
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method.__name__.upper()}" not allowed.'}
