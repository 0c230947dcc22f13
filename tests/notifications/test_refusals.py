"""One address the mail server refuses for good stops nobody else's e-mail (at once, the
ten-minute sweep, the digest), and is not tried again; a mail server that cannot be reached
still ends the run so the task retries. And an e-mail goes only to who still holds a role in
the notification's region when it is sent."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification
from tests.factories import RegionFactory, RoleAssignmentFactory, UserFactory

from .helpers import Email, Kind, choose

pytestmark = pytest.mark.django_db

BACKEND = "tests.notifications.test_refusals.RefusingBackend"


class RefusingBackend(EmailBackend):
    """The test outbox, with a mail server's answers: `weg@…` refused (550), `vol@…` a
    permanent data error (552), `traag@…` a temporary one (451), and `kapot@…` a server that
    hangs up."""

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address.startswith("weg@"):
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
                if address.startswith("vol@"):
                    raise smtplib.SMTPDataError(552, b"Mailbox full for good")
                if address.startswith("traag@"):
                    raise smtplib.SMTPDataError(451, b"Try again later")
                if address.startswith("kapot@"):
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def refusing(settings):
    settings.MAILERS = {"default": {"BACKEND": BACKEND}}


def _made(*users, key="report:1"):
    with transaction.atomic():  # the e-mail task is not run: the test runs it
        return services.notify(Kind.REPORT_READY, recipients=users, key=key, subject="s")


@pytest.mark.parametrize("bad", ["weg@example.nl", "vol@example.nl", "a\nb@example.nl"])
def test_a_refused_address_does_not_stop_the_batch(bad, caplog):
    first, refused, last = UserFactory(), UserFactory(email=bad), UserFactory()
    made = _made(first, refused, last)
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        assert tasks.email_notifications([n.pk for n in made]) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, last.email])
    # Marked, so no retry or sweep tries it again; still on the person's list.
    assert not Notification.objects.filter(pk__in=[n.pk for n in made], emailed_at=None).exists()
    assert Notification.objects.filter(recipient=refused).count() == 1
    assert f"user {refused.pk} refused for good" in caplog.text
    assert bad.split("@")[0] not in caplog.text.replace("refused", "")  # never the address
    assert tasks.email_notifications([n.pk for n in made]) == 0


@pytest.mark.parametrize("bad", ["traag@example.nl", "kapot@example.nl"])
def test_a_temporary_failure_still_ends_the_task_to_be_tried_again(bad):
    refused, last = UserFactory(email=bad), UserFactory()
    made = _made(refused, last)
    with pytest.raises(smtplib.SMTPException):
        services.notifications_email(ids=[n.pk for n in made])
    assert Notification.objects.filter(pk__in=[n.pk for n in made], emailed_at=None).count() == 2


def test_a_refused_address_does_not_stop_the_sweep():
    refused, last = UserFactory(email="weg@example.nl"), UserFactory()
    _made(refused, last, key="lost")
    Notification.objects.filter(key="lost").update(created_at=timezone.now() - timedelta(minutes=6))
    assert tasks.email_notifications_pending() == 1
    assert [m.to for m in mail.outbox] == [[last.email]]
    assert tasks.email_notifications_pending() == 0  # the refused one is not tried forever


def test_a_refused_address_does_not_stop_the_digest(caplog):
    refused, last = UserFactory(email="vol@example.nl"), UserFactory()
    for user in (refused, last):
        choose(user, Email.DAILY)
    _made(refused, last)
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        assert tasks.send_daily_digests() == 1
    assert [m.to for m in mail.outbox] == [[last.email]]
    assert f"user {refused.pk} refused for good" in caplog.text
    assert tasks.send_daily_digests() == 0


def _region_made(user, region, key):
    with transaction.atomic():
        return services.notify(
            Kind.REPORT_READY, recipients=[user], key=key, subject="s", region=region
        )


def test_no_email_for_a_region_where_the_person_no_longer_holds_a_role():
    region, other = RegionFactory(), RegionFactory()
    kept, taken = UserFactory(), UserFactory()
    RoleAssignmentFactory(user=kept, region=region)
    gone = RoleAssignmentFactory(user=taken, region=region)
    RoleAssignmentFactory(user=taken, region=other)  # a role elsewhere does not count
    made = _region_made(kept, region, "a") + _region_made(taken, region, "a")
    gone.delete()  # the role was taken after the notification was made
    assert services.notifications_email(ids=[n.pk for n in made]) == 1
    assert [m.to for m in mail.outbox] == [[kept.email]]
    # Marked not to be sent, and still on the list.
    assert Notification.objects.get(recipient=taken).emailed_at is not None


def test_the_digest_leaves_out_a_region_where_the_role_was_taken():
    region, other = RegionFactory(), RegionFactory()
    user = UserFactory()
    choose(user, Email.DAILY)
    RoleAssignmentFactory(user=user, region=other)
    gone = RoleAssignmentFactory(user=user, region=region)
    _region_made(user, region, "oud")
    _region_made(user, other, "blijft")
    gone.delete()
    assert tasks.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert "U hebt 1 nieuwe melding:" in mail.outbox[0].body
    assert not Notification.objects.filter(recipient=user, emailed_at=None).exists()
    assert Notification.objects.filter(recipient=user).count() == 2


def test_the_role_check_is_one_query_per_batch():
    region = RegionFactory()
    users = [UserFactory() for _ in range(3)]
    made = []
    for user in users:
        RoleAssignmentFactory(user=user, region=region)
        made += _region_made(user, region, "q")
    ids = [n.pk for n in made]
    with CaptureQueriesContext(connection) as captured:
        services.notifications_email(ids=ids)
    role_reads = [q for q in captured.captured_queries if "regions_roleassignment" in q["sql"]]
    assert len(role_reads) == 1
