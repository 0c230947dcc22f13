"""Two-factor authentication for the admin (maykin-2fa, decision 0020): a beheerder enters
/beheer/ only with a code from an authenticator app after the password; one without an app
is sent to set one up; the rest of the site keeps the password login."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from maykin_2fa.test import get_valid_totp_token

from tests.otp import totp_device, verified_login

pytestmark = pytest.mark.django_db
STEP = "admin_login_view-current_step"


@pytest.fixture
def beheerder(demo):
    return get_user_model().objects.get(username="beheerder")


def password_step(client, username="beheerder", password="demo"):
    return client.post(
        reverse("admin:login"),
        {STEP: "auth", "auth-username": username, "auth-password": password},
    )


def test_a_password_alone_does_not_open_the_admin(client, beheerder):
    client.force_login(beheerder)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    # The rest of the site is open with the password alone.
    assert client.get(reverse("home")).status_code == 200


def test_the_admin_login_asks_for_the_code_and_then_opens(client, beheerder):
    device = totp_device(beheerder)
    response = password_step(client)
    assert response.status_code == 200 and 'name="token-otp_token"' in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not yet

    wrong = client.post(reverse("admin:login"), {STEP: "token", "token-otp_token": "000000"})
    assert wrong.status_code == 200 and not wrong.wsgi_request.user.is_authenticated
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing the code
    device.throttle_reset()  # as the second it waits has passed

    right = client.post(
        reverse("admin:login"),
        {STEP: "token", "token-otp_token": get_valid_totp_token(beheerder)},
    )
    assert right.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_beheerder_without_an_app_is_sent_to_set_one_up(client, beheerder):
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == reverse("maykin_2fa:setup")
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302  # until the app is set up


def test_the_verified_helper_opens_the_admin(client, beheerder):
    verified_login(client, beheerder)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_is_throttled_too(client, beheerder, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, password="fout-wachtwoord")
    response = password_step(client)
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_the_admin_links_to_the_second_factor_settings(client, beheerder):
    verified_login(client, beheerder)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("maykin_2fa:account_security")}"' in html
    assert client.get(reverse("maykin_2fa:account_security")).status_code == 200
