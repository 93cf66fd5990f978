"""The OpenAPI schema and the self-hosted Swagger UI (no CDN, no inline script)."""

import base64
import hashlib
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]

OPERATIONS = {
    ("get", "/api/issues/"),
    ("get", "/api/issues/{number}/"),
    ("post", "/api/issues/import"),
    ("get", "/api/items/"),
    ("get", "/api/items/{id}/"),
    ("get", "/api/tags/"),
    ("get", "/api/sections/"),
}


def test_schema_lists_every_operation(client):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == OPERATIONS


def test_schema_is_yaml_by_default(client):
    response = client.get("/api/schema/")

    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_item_filters_are_in_the_schema_with_their_limits(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/items/"]["get"]["parameters"]}

    assert set(parameters) == {
        "q", "tag", "section", "kind", "sponsored", "issue_min", "issue_max",
        "published_after", "published_before", "sort", "page", "page_size",
    }  # fmt: skip
    assert parameters["sort"]["schema"]["enum"] == ["relevance", "newest", "oldest"]
    assert parameters["q"]["schema"]["maxLength"] == 500
    assert parameters["tag"]["schema"]["maxItems"] == 5
    assert parameters["section"]["schema"]["enum"] == [
        "industry", "mobile-edge", "learning", "libraries-code", "papers-publications",
    ]  # fmt: skip
    assert all(parameter["allowEmptyValue"] for parameter in parameters.values())


def test_import_is_documented_with_its_outcomes_and_token_auth(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/issues/import"]["post"]

    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "409", "413"}
    assert set(operation["requestBody"]["content"]) == {"text/plain", "multipart/form-data"}
    assert operation["security"] == [{"tokenAuth": []}]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_swagger_ui_is_served_from_our_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert len(sources) == 5
    for source in sources:
        assert source.startswith(("/static/drf_spectacular_sidecar/", "/api/docs/?script"))
    assert "<script>" not in html  # the CSP allows no inline script
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


def test_swagger_ui_start_script_points_at_the_schema(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert '"/api/schema/"' in response.content.decode()
    assert '"validatorUrl": null' in response.content.decode()


def test_the_csp_allows_exactly_the_pages_inline_style(client):
    response = client.get("/api/docs/")

    (style,) = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
