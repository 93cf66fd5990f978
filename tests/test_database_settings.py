import pytest
from django.db import connection


@pytest.mark.django_db
def test_app_connections_have_a_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("5s",)


def test_connections_are_health_checked_and_reused(settings):
    database = settings.DATABASES["default"]

    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 60
    assert database["OPTIONS"]["connect_timeout"] == 3
