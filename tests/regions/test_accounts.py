"""Login, logout and password change: the account pages every role uses."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_lands_on_the_home_page_with_the_users_plans(client, demo):
    response = client.post(
        reverse("login"),
        {"username": "werkkamerlid-haaglanden", "password": "demo"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Marktbewerkingsplan 2015" in response.content.decode()


def test_wrong_password_is_refused_in_dutch(client, demo):
    response = client.post(
        reverse("login"), {"username": "werkkamerlid-haaglanden", "password": "fout"}
    )
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(client, demo):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_ends_the_session(client, demo):
    client.login(username="secretaris-haaglanden", password="demo")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, demo):
    client.login(username="secretaris-haaglanden", password="demo")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "demo",
            "new_password1": "Werkkamer-2026-voorjaar",
            "new_password2": "Werkkamer-2026-voorjaar",
        },
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    client.logout()
    assert not client.login(username="secretaris-haaglanden", password="demo")
    assert client.login(username="secretaris-haaglanden", password="Werkkamer-2026-voorjaar")


def test_password_change_refuses_a_wrong_old_password(client, demo):
    client.login(username="secretaris-haaglanden", password="demo")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "fout",
            "new_password1": "Abc-12345-xyz",
            "new_password2": "Abc-12345-xyz",
        },
    )
    assert response.status_code == 200
    assert "oude wachtwoord" in response.content.decode()
