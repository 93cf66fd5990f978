"""Anonymous API requests are throttled at API_ANON_RATE; "none" turns it off."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_over_the_rate_is_a_429_with_retry_after(client, settings):
    settings.API_ANON_RATE = "3/minute"

    codes = [client.get("/api/sections/").status_code for _ in range(3)]
    response = client.get("/api/issues/")

    assert codes == [200, 200, 200]
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled. Expected available in ")


def test_the_rate_is_counted_per_client_address(client, settings):
    settings.API_ANON_RATE = "2/hour"
    for _ in range(2):
        client.get("/api/sections/", REMOTE_ADDR="10.0.0.1")

    assert client.get("/api/sections/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/sections/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_none_turns_throttling_off(client, settings):
    settings.API_ANON_RATE = "none"

    codes = {client.get("/api/sections/").status_code for _ in range(30)}

    assert codes == {200}


def test_token_holders_are_not_anonymous(client, settings):
    settings.API_ANON_RATE = "1/minute"
    token = Token.objects.create(user=User.objects.create_user("bot")).key

    codes = [
        client.get("/api/sections/", headers={"Authorization": f"Token {token}"}).status_code
        for _ in range(5)
    ]

    assert codes == [200] * 5
    assert client.get("/api/sections/").status_code == 200
    assert client.get("/api/sections/").status_code == 429


def test_reader_pages_are_not_throttled(client, settings):
    settings.API_ANON_RATE = "1/minute"

    client.get("/api/sections/")

    assert client.get("/api/sections/").status_code == 429
    assert client.get("/tags/").status_code == 200


def test_a_forged_forwarded_for_does_not_dodge_the_throttle(client, settings):
    settings.API_ANON_RATE = "1/minute"

    client.get("/api/sections/", headers={"X-Forwarded-For": "1.1.1.1"})

    response = client.get("/api/sections/", headers={"X-Forwarded-For": "2.2.2.2"})
    assert response.status_code == 429


def test_behind_one_proxy_the_client_address_is_the_proxys_last_entry(client, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    client.get("/api/sections/", headers={"X-Forwarded-For": "6.6.6.6, 1.1.1.1"})

    forged = client.get("/api/sections/", headers={"X-Forwarded-For": "7.7.7.7, 1.1.1.1"})
    other = client.get("/api/sections/", headers={"X-Forwarded-For": "6.6.6.6, 2.2.2.2"})
    assert (forged.status_code, other.status_code) == (429, 200)
