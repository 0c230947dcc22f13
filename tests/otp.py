"""Logging in to the admin in tests: staff need a second factor for /beheer/ (maykin-2fa,
decision 0020), so a test that opens the admin gives its user an authenticator app (a TOTP
device) and a session verified with it, as the login with a code does."""

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def verified_login(client, user):
    """`client.force_login(user)` plus the second factor: the session carries the device, as
    django_otp.login() leaves it after a right code."""
    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client
