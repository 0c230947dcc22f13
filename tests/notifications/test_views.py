"""The person's own notifications: the list (latest first, unread marked, paginated), the
menu's unread count, opening one and marking one or all read (only one's own: another
person's is a 404 and stays as it was), and the e-mail choice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationSettings
from tests.factories import PASSWORD, UserFactory

from .helpers import Email, Kind

pytestmark = pytest.mark.django_db


def make(user, number: int, **fields) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=fields.pop("kind", Kind.REPORT_READY),
        key=f"test:{number}",
        subject=fields.pop("subject", f"Rapportage {number}"),
        link=fields.pop("link", f"/rapportages/{number}/"),
        created_at=fields.pop("created_at", timezone.now() - timedelta(hours=number)),
        **fields,
    )


@pytest.fixture
def person(client):
    user = UserFactory(username="lezer")
    client.login(username="lezer", password=PASSWORD)
    return user


def page(client, url=None) -> str:
    response = client.get(url or reverse("notifications:list"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_the_latest_first_with_the_unread_marked(client, person):
    older = make(person, 5, created_at=timezone.make_aware(timezone.datetime(2021, 8, 16, 9, 30)))
    newer = make(
        person, 1, kind=Kind.SPENDING_REJECTED, subject="€ 12,00 – Koffie", read_at=timezone.now()
    )
    make(UserFactory(), 2, subject="Van een ander")
    html = page(client)
    assert html.index(f'id="notification-{newer.pk}"') < html.index(f'id="notification-{older.pk}"')
    assert "Uw uitgave is afgekeurd: € 12,00 – Koffie" in html
    assert "Rapportage klaar: Rapportage 5" in html
    assert "16-08-2021 09:30" in html
    assert "Van een ander" not in html
    unread = html.split(f'id="notification-{older.pk}"')[1].split("</li>")[0]
    assert "Ongelezen" in unread and "Markeer als gelezen" in unread
    read = html.split(f'id="notification-{newer.pk}"')[1].split("</li>")[0]
    assert "Ongelezen" not in read
    assert reverse("notifications:open", args=[older.pk]) in unread


def test_the_list_is_paginated(client, person):
    for number in range(30):
        make(person, number)
    first = page(client)
    assert first.count('class="notification ') == 25
    assert "Oudere meldingen" in first and "Pagina 1 van 2" in first
    second = page(client, reverse("notifications:list") + "?pagina=2")
    assert second.count('class="notification ') == 5


def test_the_menu_shows_the_unread_count(client, person):
    for number in range(3):
        make(person, number)
    make(person, 9, read_at=timezone.now())
    html = page(client, reverse("about"))
    menu = html.split('id="menu-notifications"')[1].split("</a>")[0]
    assert "Meldingen" in menu and "(3 ongelezen)" in menu


def test_the_menu_without_unread_says_meldingen_alone(client, person):
    menu = page(client, reverse("about")).split('id="menu-notifications"')[1].split("</a>")[0]
    assert "ongelezen" not in menu


def test_marking_one_read(client, person):
    notification = make(person, 1)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"pagina": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list") + "?pagina=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_all_read(client, person):
    for number in range(3):
        make(person, number)
    other = make(UserFactory(), 7)
    response = client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_opening_one_marks_it_read_and_goes_where_it_points(client, person):
    notification = make(person, 4)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/rapportages/4/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_off_the_site_is_not_followed(client, person):
    notification = make(person, 4, link="https://elders.example/")
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("name", ["open", "read"])
def test_another_persons_notification_is_a_404_and_stays_unread(client, person, name):
    other = make(UserFactory(), 3)
    url = reverse(f"notifications:{name}", args=[other.pk])
    response = client.get(url) if name == "open" else client.post(url)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_is_a_post(client, person):
    notification = make(person, 1)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read-all")).status_code == 405


@pytest.mark.parametrize("name", ["list", "settings"])
def test_a_visitor_goes_to_the_login_page(client, name):
    response = client.get(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_settings_page_shows_the_choice_and_stores_a_new_one(client, person):
    html = page(client, reverse("notifications:settings"))
    assert 'type="radio" name="email" value="immediate"' in html
    assert "checked" in html.split('value="immediate"')[1].split(">")[0]
    for choice in (Email.DAILY, Email.OFF, Email.IMMEDIATE):
        response = client.post(reverse("notifications:settings"), {"email": choice})
        assert response.status_code == 302
        assert NotificationSettings.objects.get(user=person).email == choice
    assert NotificationSettings.objects.filter(user=person).count() == 1


def test_the_settings_page_refuses_an_unknown_choice(client, person):
    response = client.post(reverse("notifications:settings"), {"email": "elk-uur"})
    assert response.status_code == 200
    assert not NotificationSettings.objects.filter(user=person).exists()


def test_the_menu_costs_one_query_whatever_the_number(client, person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def notification_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("about"))
        return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]

    client.get(reverse("about"))
    assert len(notification_queries()) == 1
    for number in range(30):
        make(person, number)
    assert len(notification_queries()) == 1
