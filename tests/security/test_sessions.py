"""Sessions end after a working day without a request, and at browser close (decision
0020): SESSION_COOKIE_AGE from the environment, the end moved forward by use at most every
SESSION_IDLE_REFRESH seconds (core.sessions)."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.sessions import TOUCHED_KEY

pytestmark = pytest.mark.django_db


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_defaults_are_a_working_day_and_browser_close():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_IDLE_REFRESH < settings.SESSION_COOKIE_AGE


def test_a_login_ends_a_working_day_later_with_a_browser_session_cookie(client, demo):
    response = client.post(
        reverse("login"), {"username": "werkkamerlid-haaglanden", "password": "demo"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert cookie["httponly"]
    remaining = (session_row(client).expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE


def test_an_idle_session_has_ended(client, demo):
    client.login(username="werkkamerlid-haaglanden", password="demo")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_use_moves_the_end_forward_once_per_refresh(client, demo, settings):
    client.login(username="werkkamerlid-haaglanden", password="demo")
    client.get(reverse("home"))
    first_end = session_row(client).expire_date
    client.get(reverse("about"))
    assert session_row(client).expire_date == first_end  # within the refresh: no write

    session = client.session
    session[TOUCHED_KEY] = int(time.time()) - settings.SESSION_IDLE_REFRESH - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=5)
    )
    client.get(reverse("about"))
    remaining = (session_row(client).expire_date - timezone.now()).total_seconds()
    assert remaining > settings.SESSION_COOKIE_AGE - 60  # moved a working day on again


def test_the_working_day_is_configurable():
    from tests.config.test_settings import manage

    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)"
    result = manage("shell", "-c", code, SESSION_COOKIE_AGE="32400")
    assert result.stdout.strip().splitlines()[-1] == "32400", result.stderr
