"""Bad requests get one JSON message naming what was wrong; never a 500."""

import pytest

from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def archive():
    add_issue(10, {"Industry": [("Quokka arms", "A quokka company ships arms.")]})


def get(client, path, query=""):
    return client.get(path, QUERY_STRING=query)


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("sort=rank", "sort", "Select a valid choice. rank is not one of the available choices."),
        (
            "kind=video",
            "kind",
            "Select a valid choice. video is not one of the available choices.",
        ),
        ("section=Industry", "section", "Select a valid choice. Industry is not one of the "),
        ("sponsored=yes", "sponsored", "Select a valid choice. yes is not one of the available "),
        ("tag=no-such-tag", "tag", "Select a valid choice. no-such-tag is not one of the "),
        ("issue_min=abc", "issue_min", "Enter a whole number."),
        ("issue_max=0", "issue_max", "Ensure this value is greater than or equal to 1."),
        ("issue_min=" + "9" * 30, "issue_min", "Ensure this value is less than or equal to "),
        ("issue_min=" + "9" * 5000, "issue_min", "Enter a whole number."),
        ("published_after=2021-02-30", "published_after", "Enter a valid date."),
        ("published_before=99999-01-01", "published_before", "Enter a valid date."),
        ("q=" + "a" * 501, "q", "Ensure this value has at most 500 characters (it has 501)."),
        ("q=a%00b", "q", "Null characters are not allowed."),
        ("q=a%01b", "q", "The query has control characters."),
        ("tag=a%00b", "tag", "Null characters are not allowed."),
        ("page=abc", "page", "Enter a whole number."),
        ("page=0", "page", "Ensure this value is greater than or equal to 1."),
        ("page=1000001", "page", "Ensure this value is less than or equal to 1000000."),
        ("page=" + "9" * 5000, "page", "Enter a whole number."),
        ("page_size=-5", "page_size", "Ensure this value is greater than or equal to 1."),
        ("page_size=1e3", "page_size", "Enter a whole number."),
    ],
)
def test_invalid_item_parameters_are_a_400_naming_the_parameter(
    client, archive, query, parameter, message
):
    response = get(client, "/api/items/", query)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert body["detail"].startswith(f"Invalid {parameter}: ")
    assert body["errors"][parameter][0].startswith(message)


def test_an_empty_sort_is_the_default(client, archive):
    # An empty value is "not given" for every filter, as on the search page.
    assert get(client, "/api/items/", "sort=&kind=&section=").status_code == 200


def test_a_contradictory_range_names_both_ends(client, archive):
    response = get(client, "/api/items/", "issue_min=5&issue_max=4")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "issue_min must not be after issue_max.",
        "errors": {"__all__": ["issue_min must not be after issue_max."]},
    }


def test_several_invalid_parameters_are_all_reported(client, archive):
    response = get(client, "/api/items/", "sort=x&kind=y")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"sort", "kind"}


@pytest.mark.parametrize("path", ["/api/issues/", "/api/tags/", "/api/sections/", "/api/items/"])
def test_a_page_past_the_last_is_a_json_404(client, archive, path):
    response = get(client, path, "page=999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Page 999 does not exist: That page contains no results."}


@pytest.mark.parametrize(
    "value",
    ["%00", "%ed%a0%80", "%ff%fe", "%c0%af", "9" * 5000, "a" * 100_000, "%F0%9F%A6%84%E2%80%AE"],
    ids=["nul", "surrogate-bytes", "invalid-utf8", "overlong", "many-digits", "long", "emoji"],
)
@pytest.mark.parametrize(
    "path", ["/api/issues/", "/api/issues/10/", "/api/items/", "/api/tags/", "/api/sections/"]
)
def test_nasty_values_never_give_a_5xx(client, archive, path, value):
    names = ["q", "tag", "section", "kind", "sponsored", "sort", "issue_min", "page", "page_size"]
    for query in [f"{name}={value}" for name in names]:
        response = get(client, path, query)
        assert response.status_code in (200, 400, 404), (path, query[:50], response.status_code)
        assert response["Content-Type"] == "application/json"


def test_unknown_api_paths_are_json_404s(client):
    response = client.get("/api/nothing/here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No API endpoint at /api/nothing/here/."}


def test_a_missing_slash_is_pointed_out(client):
    response = client.get("/api/issues")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No API endpoint at /api/issues. Did you mean /api/issues/?"
    }


def test_unknown_format_is_a_json_404(client, archive):
    response = get(client, "/api/issues/", "format=xml")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
