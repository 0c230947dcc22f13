"""Rate limits (api.throttling): per token, counted in Django's cache. Request N+1 within
the window is refused with 429 in problem details and a Retry-After; another token has its
own count; a person in the browsable API is limited by the session rate."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.throttling import SessionRateThrottle, TokenRateThrottle

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test counts from zero, and leaves no counts for the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def low_limits(monkeypatch):
    # DRF reads THROTTLE_RATES when the class is defined; `rate` on the class wins over it.
    monkeypatch.setattr(TokenRateThrottle, "rate", f"{LIMIT}/min", raising=False)
    monkeypatch.setattr(SessionRateThrottle, "rate", f"{LIMIT}/min", raising=False)


def test_the_request_over_the_limit_gets_429_problem_details(low_limits, haaglanden):
    _token, secret = make_token(haaglanden)
    client = token_client(secret)
    for _ in range(LIMIT):
        assert client.get("/api/v1/regions").status_code == 200
    refused = client.get("/api/v1/regions")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["API-Version"] == "1.0.0"
    assert 0 < int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["status"] == 429 and body["title"] == "Te veel aanvragen."
    assert body["instance"] == "/api/v1/regions"
    assert body["detail"] == (
        f"Te veel aanvragen met dit token. Probeer het over {refused['Retry-After']} seconden "
        "opnieuw."
    )


def test_each_token_has_its_own_count(low_limits, haaglanden):
    _first, first_secret = make_token(haaglanden, name="een")
    _second, second_secret = make_token(haaglanden, name="twee")
    first, second = token_client(first_secret), token_client(second_secret)
    for _ in range(LIMIT):
        first.get("/api/v1/regions")
    assert first.get("/api/v1/regions").status_code == 429
    assert second.get("/api/v1/regions").status_code == 200


def test_under_the_limit_nothing_is_refused(low_limits, haaglanden):
    _token, secret = make_token(haaglanden)
    client = token_client(secret)
    assert [client.get("/api/v1/regions").status_code for _ in range(LIMIT)] == [200] * LIMIT


def test_a_signed_in_person_is_limited_by_the_session_rate(low_limits, regiobeheerder):
    client = APIClient()
    client.force_login(regiobeheerder)
    for _ in range(LIMIT):
        assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/regions").status_code == 429
