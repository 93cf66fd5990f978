"""A statement past the statement timeout answers 503 saying so, not "unavailable"."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from issues.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


def canceled() -> OperationalError:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 20")
        with pytest.raises(OperationalError) as raised:
            cursor.execute("SELECT pg_sleep(2)")
    return raised.value


def answer(path: str, exception: Exception):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().get(path), exception)


def test_a_page_past_the_timeout_says_it_took_too_long():
    response = answer("/search/?q=model", canceled())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"That took too long" in response.content
    assert b"cannot be reached" not in response.content


def test_the_api_says_so_in_json():
    response = answer("/api/items/?q=model", canceled())
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "detail": "The request took too long; try a narrower query."
    }


def test_other_database_errors_still_say_unavailable():
    response = answer("/search/?q=model", OperationalError("connection refused"))
    assert response.status_code == 503
    assert b"cannot be reached" in response.content
    assert answer("/search/", ValueError("not ours")) is None
