"""notify() and the e-mail that follows it: never two of the same notification, one e-mail
per notification for who chose e-mail at once, one digest a day for who chose that, none for
who chose "uit", an inactive person or one without an address."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification
from tests.factories import UserFactory

from .helpers import Email, Kind, choose, mails_to

pytestmark = pytest.mark.django_db


def make(capture, user, key="report:1", kind=Kind.REPORT_READY, subject="Proefrapportage"):
    with capture(execute=True):
        return services.notify(
            kind, recipients=[user], key=key, subject=subject, link="/rapportages/1/"
        )


def test_notify_twice_makes_one_notification_and_one_email(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://werkregio.example.nl/"
    user = UserFactory(email="piet@example.nl")
    assert len(make(django_capture_on_commit_callbacks, user)) == 1
    assert make(django_capture_on_commit_callbacks, user) == []
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["piet@example.nl"]
    assert message.subject == "Werkregio: Rapportage klaar: Proefrapportage"
    assert "https://werkregio.example.nl/rapportages/1/" in message.body
    assert "https://werkregio.example.nl/meldingen/instellingen/" in message.body
    assert Notification.objects.get(recipient=user).emailed_at is not None


def test_the_same_event_for_two_people_is_one_each(django_capture_on_commit_callbacks):
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        made = services.notify(
            Kind.REPORT_READY, recipients=[first, second, first, None], key="k", subject="s"
        )
    assert sorted(n.recipient_id for n in made) == sorted([first.pk, second.pk])
    assert len(mail.outbox) == 2


def test_the_email_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with transaction.atomic():  # the e-mail waits for the commit; the task is run by hand
        made = services.notify(Kind.REPORT_READY, recipients=[user], key="k", subject="s")
    ids = [n.pk for n in made]
    assert tasks.email_notifications(ids) == 1
    assert tasks.email_notifications(ids) == 0
    assert len(mails_to(user)) == 1


def test_email_in_english_browsing_is_still_dutch(django_capture_on_commit_callbacks):
    from django.utils import translation

    user = UserFactory()
    with translation.override("en"):
        make(django_capture_on_commit_callbacks, user)
    assert mail.outbox[0].subject.startswith("Werkregio: Rapportage klaar")


@pytest.mark.parametrize("choice", [Email.DAILY, Email.OFF])
def test_no_email_at_once_for_who_chose_otherwise(choice, django_capture_on_commit_callbacks):
    user = UserFactory()
    choose(user, choice)
    make(django_capture_on_commit_callbacks, user)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=user).emailed_at is None


def test_no_email_for_an_inactive_person_nor_one_without_an_address(
    django_capture_on_commit_callbacks,
):
    gone = UserFactory(is_active=False)
    no_address = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        made = services.notify(
            Kind.REPORT_READY, recipients=[gone, no_address], key="k", subject="s"
        )
    assert [n.recipient for n in made] == [no_address]  # nothing at all for the inactive one
    assert mail.outbox == []


def test_the_daily_digest_gathers_everything_not_yet_emailed(django_capture_on_commit_callbacks):
    daily = UserFactory(email="dagelijks@example.nl")
    choose(daily, Email.DAILY)
    make(django_capture_on_commit_callbacks, daily, key="report:1", subject="Eerste")
    make(
        django_capture_on_commit_callbacks,
        daily,
        key="expenditure:2",
        kind=Kind.SPENDING_AWAITS_APPROVAL,
        subject="€ 1.250,00 – Drukwerk",
    )
    assert mail.outbox == []  # nothing at once
    assert tasks.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["dagelijks@example.nl"]
    assert digest.subject.startswith("Werkregio: uw meldingen van ")
    assert digest.subject.endswith("(2)")
    assert "U hebt 2 nieuwe meldingen" in digest.body
    assert "Rapportage klaar: Eerste" in digest.body
    assert "Uitgave wacht op uw goedkeuring: € 1.250,00 – Drukwerk" in digest.body
    # Each item's own date (not today's, which may have turned at midnight meanwhile).
    for made in Notification.objects.filter(recipient=daily):
        assert timezone.localtime(made.created_at).strftime("%d-%m-%Y") in digest.body
    # Run again (a second beat, a retried task): nothing more.
    assert tasks.send_daily_digests() == 0
    assert len(mail.outbox) == 1
    # A new one the next day: a digest of that one alone.
    make(django_capture_on_commit_callbacks, daily, key="report:3", subject="Derde")
    assert tasks.send_daily_digests() == 1
    assert "U hebt 1 nieuwe melding:" in mail.outbox[1].body
    assert "Eerste" not in mail.outbox[1].body


def test_the_digest_is_for_who_chose_it_only(django_capture_on_commit_callbacks):
    at_once, off, gone = UserFactory(), UserFactory(), UserFactory()
    choose(off, Email.OFF)
    choose(gone, Email.DAILY)
    for user in (at_once, off, gone):
        make(django_capture_on_commit_callbacks, user)
    gone.is_active = False
    gone.save()
    mail.outbox.clear()
    assert tasks.send_daily_digests() == 0
    assert mail.outbox == []


def test_the_digest_leaves_out_what_is_older_than_a_week(django_capture_on_commit_callbacks):
    """Who turns "uit" into "dagelijks" is not sent months of notifications at once."""
    user = UserFactory()
    choose(user, Email.OFF)
    make(django_capture_on_commit_callbacks, user, key="old")
    Notification.objects.filter(recipient=user).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    choose(user, Email.DAILY)
    assert tasks.send_daily_digests() == 0


def test_a_failed_send_is_tried_again_and_sent_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with transaction.atomic():
        made = services.notify(Kind.REPORT_READY, recipients=[user], key="k", subject="s")
    real_send = services.send_mail

    def refused(**message):
        raise ConnectionRefusedError("geen mailserver")

    monkeypatch.setattr(services, "send_mail", refused)
    with pytest.raises(ConnectionRefusedError):
        services.notifications_email(ids=[made[0].pk])
    assert Notification.objects.get(pk=made[0].pk).emailed_at is None
    monkeypatch.setattr(services, "send_mail", real_send)
    assert services.notifications_email(ids=[made[0].pk]) == 1
    assert services.notifications_email(ids=[made[0].pk]) == 0
    assert len(mail.outbox) == 1


def test_every_kind_has_its_text():
    for kind in Kind:
        notification = Notification(kind=kind, subject="onderwerp")
        assert notification.text.endswith("onderwerp")
        assert notification.text != "onderwerp"


def test_how_soon_a_period_ends_has_one_home():
    """PERIOD_CLOSING_NOTICE says how far ahead; the notice's text and its kind's name do
    not say it again (the subject carries the period's dates)."""
    notification = Notification(kind=Kind.PERIOD_CLOSING, subject="2019-K1 van Plan")
    for wording in (notification.text, notification.get_kind_display()):
        assert not re.search(r"week|dag|\d", wording.replace("2019-K1", "")), wording


def test_an_email_whose_task_was_lost_is_sent_by_the_sweep_once():
    """The broker was down when the e-mail was queued (notify's on_commit is robust, so the
    event itself stood): the ten-minute sweep sends it, once; not to who chose otherwise."""
    at_once, daily, off = UserFactory(), UserFactory(), UserFactory()
    choose(daily, Email.DAILY)
    choose(off, Email.OFF)
    with transaction.atomic():  # the e-mail task is never run: lost
        services.notify(
            Kind.REPORT_READY, recipients=[at_once, daily, off], key="lost", subject="s"
        )
    assert tasks.email_notifications_pending() == 0  # not yet: its own task may come
    Notification.objects.filter(key="lost").update(created_at=timezone.now() - timedelta(minutes=6))
    assert tasks.email_notifications_pending() == 1
    assert tasks.email_notifications_pending() == 0
    assert [message.to for message in mail.outbox] == [[at_once.email]]
