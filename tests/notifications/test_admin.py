"""The admin shows notifications and e-mail choices, and changes none of them: a
notification is made only where its event happens (notifications.services.notify)."""

import pytest
from django.urls import reverse

from notifications.models import Notification, NotificationSettings

from .helpers import Email, Kind

pytestmark = pytest.mark.django_db


def test_the_admin_shows_notifications_read_only(beheerder, world):
    person = world.users["beheerder"]
    notification = Notification.objects.create(
        recipient=person, kind=Kind.REPORT_READY, key="admin:1", subject="Proefrapportage"
    )
    NotificationSettings.objects.create(user=person, email=Email.DAILY)
    changelist = beheerder.get(reverse("admin:notifications_notification_changelist"))
    assert changelist.status_code == 200
    assert "Proefrapportage" in changelist.content.decode()
    assert beheerder.get(reverse("admin:notifications_notification_add")).status_code == 403
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert beheerder.get(change).status_code == 200  # to look at
    beheerder.post(change, {"subject": "Anders"})
    notification.refresh_from_db()
    assert notification.subject == "Proefrapportage"
    delete = reverse("admin:notifications_notification_delete", args=[notification.pk])
    assert beheerder.post(delete, {"post": "yes"}).status_code == 403
    assert Notification.objects.filter(pk=notification.pk).exists()
    settings_list = reverse("admin:notifications_notificationsettings_changelist")
    assert beheerder.get(settings_list).status_code == 200
