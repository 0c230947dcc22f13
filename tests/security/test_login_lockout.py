"""Login throttling (django-axes, decision 0020): a user name is locked after
AXES_FAILURE_LIMIT wrong passwords, from any address and even with the right password; an
address after AXES_ADDRESS_FAILURE_LIMIT; other users at the address are not; the lockout
ends after the cool-off; a successful login forgets the user's failures. Every login here
goes through the login page, as a browser's does."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
OFFICE = "192.0.2.10"
ELSEWHERE = "198.51.100.7"


def attempt(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


@pytest.fixture
def anna():
    return UserFactory(username="anna-slot")


@pytest.fixture
def bram():
    return UserFactory(username="bram-buur")


def lock(client, user, address=OFFICE):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, user.username, "fout-wachtwoord", address)
    return response


def test_wrong_passwords_lock_the_user_even_with_the_right_password(client, anna):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, anna.username, "fout-wachtwoord")
        assert response.status_code == 200 and "locked_out" not in response.context
    locked = attempt(client, anna.username, "fout-wachtwoord")
    assert locked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()

    right = attempt(client, anna.username, PASSWORD)
    assert right.status_code == 429 and not right.wsgi_request.user.is_authenticated
    assert "Te veel mislukte inlogpogingen" in right.content.decode()


def test_other_users_at_the_same_address_are_not_locked(client, anna, bram):
    lock(client, anna)
    assert logged_in(attempt(client, bram.username, PASSWORD))


def test_the_locked_user_is_locked_from_another_address_too(client, anna):
    lock(client, anna, OFFICE)
    response = attempt(client, anna.username, PASSWORD, ELSEWHERE)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated


def test_an_address_trying_many_user_names_is_locked(client, anna):
    tried = [f"geraden-{n}" for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for username in tried:
        attempt(client, username, "fout-wachtwoord", OFFICE)
    # Every name below its own limit, the address past its limit: anna cannot log in there,
    # but can from elsewhere.
    assert attempt(client, anna.username, PASSWORD, OFFICE).status_code == 429
    assert logged_in(attempt(client, anna.username, PASSWORD, ELSEWHERE))


def test_the_lockout_ends_after_the_cool_off(client, anna):
    lock(client, anna)
    assert attempt(client, anna.username, PASSWORD).status_code == 429
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(minutes=1))
    assert logged_in(attempt(client, anna.username, PASSWORD))


def test_a_successful_login_forgets_the_users_failures_only(client, anna, bram):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, anna.username, "fout-wachtwoord")
    attempt(client, bram.username, "fout-wachtwoord")
    assert logged_in(attempt(client, anna.username, PASSWORD))
    assert not AccessAttempt.objects.filter(username=anna.username).exists()
    # Logging in as anna does not unlock what was tried against bram at the same address.
    assert AccessAttempt.objects.filter(username=bram.username).exists()
    client.logout()
    # Anna starts counting from zero again: one more failure does not lock her.
    assert attempt(client, anna.username, "fout-wachtwoord").status_code == 200


def test_the_login_form_still_logs_in_and_keeps_its_next(client, anna):
    response = client.post(
        reverse("login"),
        {"username": anna.username, "password": PASSWORD, "next": reverse("about")},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302 and response["Location"] == reverse("about")
    assert response.wsgi_request.user == anna


def test_behind_a_proxy_the_forwarded_address_counts_and_a_forged_one_does_not(settings, rf):
    from config.security import client_address

    forged = "203.0.113.99"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, {OFFICE}")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"  # no proxy: the connection's address
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == OFFICE  # what the one proxy saw, not the forged entry
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == forged  # two proxies: the outer one added the first


def test_behind_a_proxy_each_office_is_counted_apart(client, anna, bram, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    tried = [f"geraden-{n}" for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for username in tried:
        client.post(
            reverse("login"),
            {"username": username, "password": "fout-wachtwoord"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=ELSEWHERE,
        )
    # The address behind the proxy is locked, not the proxy: the office logs in.
    response = client.post(
        reverse("login"),
        {"username": bram.username, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert logged_in(response)
