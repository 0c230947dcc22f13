"""Password reset by e-mail for local accounts, the whole round trip: the login page links
to it, the e-mail is Dutch ("u"), its link works once, and the new password logs in. An
unknown address gets the same answer and no e-mail; an account without a usable password
(single sign-on only) and a deactivated one get none either."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/wachtwoord-herstellen/[^/\s]+/[^/\s]+/)")
NEW = "een-nieuw-wachtwoord-77"


def ask(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_the_login_page_links_to_the_reset(client, demo):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html and "Wachtwoord vergeten?" in html
    assert reverse("password_reset") == "/wachtwoord-vergeten/"


def test_the_round_trip_link_once_new_password_logs_in(client, demo):
    person = UserFactory(email="vergeten@example.org")
    response = ask(client, "vergeten@example.org")
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert "Als er een account met dit e-mailadres is" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["vergeten@example.org"]
    assert message.subject == "Nieuw wachtwoord voor Werkregio"
    assert f"uw Werkregio-account {person.username}" in message.body
    assert " je " not in message.body and "Heeft u dit niet gevraagd?" in message.body
    path = LINK.search(message.body)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Uw nieuwe wachtwoord is opgeslagen" in done.content.decode()
    assert client.login(username=person.username, password=NEW)
    assert not client.login(username=person.username, password="demo")
    client.logout()
    # The link a second time: dead.
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "Deze link werkt niet meer" in again.content.decode()


def test_a_weak_new_password_is_refused(client, demo):
    UserFactory(email="zwak@example.org")
    ask(client, "zwak@example.org")
    path = LINK.search(mail.outbox[0].body)[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    page = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert page.status_code == 200 and page.context["form"].errors


@pytest.mark.parametrize("kind", ["unknown", "sso-only", "deactivated"])
def test_the_same_answer_and_no_mail(client, demo, kind):
    known = ask(client, "bestaat@example.org" if kind == "unknown" else "x@example.org")
    if kind == "sso-only":
        person = UserFactory(email="sso-alleen@example.org")
        person.set_unusable_password()
        person.save()
        email = "sso-alleen@example.org"
    elif kind == "deactivated":
        UserFactory(email="slaapt@example.org", is_active=False)
        email = "slaapt@example.org"
    else:
        email = "niemand-hier@example.org"
    mail.outbox.clear()
    response = ask(client, email)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert response.content == known.content or "Als er een account" in response.content.decode()
    assert not mail.outbox
    assert get_user_model().objects.filter(email=email).count() == (0 if kind == "unknown" else 1)


def test_one_address_gets_a_few_mails_an_hour_and_the_same_answer(client, demo, settings):
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    UserFactory(email="overspoeld@example.org")
    answers = [ask(client, "Overspoeld@example.org ") for _ in range(3)]
    assert len(mail.outbox) == 2  # the third is not sent
    assert {a.redirect_chain[-1][0] for a in answers} == {reverse("password_reset_done")}
    # Another address is not held back by this one's limit.
    UserFactory(email="ander@example.org")
    ask(client, "ander@example.org")
    assert len(mail.outbox) == 3 and mail.outbox[-1].to == ["ander@example.org"]


def test_the_link_is_on_site_url_not_the_requests_host(client, demo, settings):
    settings.SITE_URL = "https://werkregio.example.nl/"
    UserFactory(email="elders@example.org")
    ask(client, "elders@example.org")  # the request's Host: testserver
    [message] = mail.outbox
    assert "https://werkregio.example.nl/wachtwoord-herstellen/" in message.body
    assert "testserver" not in message.body


# The same test twice, on one address: the second run finds the first one's request gone
# (tests/conftest.py clears the limiter's counters before every test), as on a rerun.
@pytest.mark.parametrize("run", [1, 2])
def test_every_test_starts_with_no_requests_counted(client, demo, settings, run):
    settings.PASSWORD_RESET_MAX_PER_HOUR = 1
    UserFactory(email="elke-test@example.org")
    ask(client, "elke-test@example.org")
    assert len(mail.outbox) == 1
