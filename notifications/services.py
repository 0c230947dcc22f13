"""The one way a notification is made. The app where something happens calls `notify()`
with whom it concerns; e-mail follows by the recipient's choice: at once
(`notifications_email`, queued by `notify`), in the daily digest (`digests_send`, started by
Celery beat) or not at all.

Each notification is e-mailed at least once, and in practice once: the e-mail is sent while
its row is locked and `emailed_at` is empty, and `emailed_at` is set in the same transaction,
so a retried task, a task delivered twice or two workers at once send it once, and a send
that fails leaves it to the next try. Only when the commit fails after the mail server
accepted the message (the database gone at that moment) is it sent again by the next try.

An address the mail server refuses for good (`_refused_for_good`) does not stop the others:
that notification (or that person's digest) is logged by user id and marked done without a
message, so no retry or sweep tries it again; it stays on the person's list. So is a
notification of a region where its recipient no longer holds a role: marked done, not
e-mailed, left on the list. A mail server that cannot be reached ends the run, and the task
tries again."""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import show_date
from regions.permissions import is_beheerder, region_ids_held

from . import selectors
from .models import Notification, NotificationSettings

Email = NotificationSettings.Email

logger = logging.getLogger(__name__)

# The digest carries what came in over the last week at most: who turns e-mail from "uit" to
# "dagelijks" is not sent months of notifications at once (they are all on the list page).
DIGEST_LOOKBACK = timedelta(days=7)


def notify(
    kind: str,
    *,
    recipients: Iterable,
    key: str,
    subject: str,
    link: str = "",
    region=None,
    queue_email: bool = True,
) -> list[Notification]:
    """Make a notification of `kind` about the event `key` for each active recipient who has
    none yet (never two of the same, however often the event is reported; a second call, a
    retried task or two workers at once make nothing more). Returns the new ones; their
    e-mail is queued when the transaction commits. `queue_email=False`: the caller sends
    the e-mail of these notifications itself and marks them (`notifications_mark_emailed`),
    as the report reminder does; the digest still carries them for who chose it."""
    made = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notification, created = Notification.objects.get_or_create(
                    recipient=user,
                    kind=kind,
                    key=key[:200],
                    defaults={"subject": subject[:300], "link": link, "region": region},
                )
        except IntegrityError:  # made at the same moment by another worker
            continue
        if created:
            made.append(notification)
    if made and queue_email:
        from .tasks import email_notifications  # the task module imports this one

        ids = [n.pk for n in made]
        # After the commit, so the worker finds the rows; a broker that cannot be reached
        # must not undo the event that was reported (the notification stays on the list).
        transaction.on_commit(lambda: email_notifications.delay(ids), robust=True)
    return made


def _absolute(link: str) -> str:
    if link.startswith("/"):
        return settings.SITE_URL.rstrip("/") + link
    return link


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _footer_urls() -> dict[str, str]:
    return {
        "list_url": _absolute(reverse("notifications:list")),
        "settings_url": _absolute(reverse("notifications:settings")),
    }


def _render_one(notification: Notification) -> tuple[str, str]:
    """Subject and body of the e-mail of one notification, in the product's language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = notification.text
        subject = _("Werkregio: %(text)s") % {"text": text}
        body = render_to_string(
            "notifications/email/notification.txt",
            {"text": text, "link": _absolute(notification.link), **_footer_urls()},
        )
    return _one_line(subject), body


def _render_digest(notifications: list[Notification], *, day) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Werkregio: uw meldingen van %(date)s (%(count)s)") % {
            "date": show_date(day),
            "count": len(notifications),
        }
        items = [
            {"date": show_date(n.created_at), "text": n.text, "link": _absolute(n.link)}
            for n in notifications
        ]
        body = render_to_string(
            "notifications/email/digest.txt", {"items": items, **_footer_urls()}
        )
    return _one_line(subject), body


def _refused_for_good(error: Exception) -> bool:
    """Whether sending failed because of this one address, for good: the server refused the
    recipient, or answered the message with a permanent (5xx) error, or Django cannot make
    a message to the address at all. Trying again would fail the same way. A refused sender
    (our own address) or a server that cannot be reached is not: that is for everyone, and
    the task tries again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return isinstance(error, ValueError)  # an address Django cannot send to


def _send(*, subject: str, body: str, user, what: str) -> bool:
    """Send one message to `user`; False when their address is refused for good (logged by
    user id, never the address). Anything else that goes wrong is raised."""
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    except Exception as error:
        if not _refused_for_good(error):
            raise
        logger.warning(
            "E-mail of %s to user %s refused for good (%s); not sent, not tried again",
            what,
            user.pk,
            type(error).__name__,
        )
        return False
    return True


def _still_concerned(notification: Notification, user, held: dict[int, set[int]]) -> bool:
    """Whether the notification's region still concerns its recipient when the e-mail goes
    out: they hold a role there (`held`, read once per batch), or it is of no region, or
    they are the beheerder."""
    return (
        notification.region_id is None
        or is_beheerder(user)
        or notification.region_id in held.get(user.pk, set())
    )


def _not_concerned_log(notifications: list[Notification], user) -> None:
    logger.info(
        "Notifications %s not e-mailed to user %s: no role left in their region",
        ",".join(str(n.pk) for n in notifications),
        user.pk,
    )


def notifications_email(*, ids: Iterable[int]) -> int:
    """E-mail each of the notifications `ids` that has not been e-mailed, to a recipient who
    is active, has an address and chose e-mail at once; one message per notification, at
    least once (see the module's docstring). Returns the number of messages sent. Who chose
    the digest hears in it; who chose "uit" never. An address refused for good, or a
    recipient with no role left in the notification's region: marked done without a
    message, and the others go on. Raises what else sending raises (the task retries; what
    was sent stays sent)."""
    ids = list(ids)
    held = region_ids_held(
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            # Only this notification's row is locked (nothing refers to it), never its
            # region's: the send may take up to EMAIL_TIMEOUT.
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None:  # e-mailed already, or gone
                continue
            user = notification.recipient
            if not (user.is_active and user.email) or selectors.email_choice(user=user) != (
                Email.IMMEDIATE
            ):
                continue
            delivered = False
            if not _still_concerned(notification, user, held):
                _not_concerned_log([notification], user)
            else:
                subject, body = _render_one(notification)
                delivered = _send(
                    subject=subject, body=body, user=user, what=f"notification {notification.pk}"
                )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += delivered
    return sent


# A notification whose e-mail at once is still unsent this long after it was made lost its
# task (the broker was down when it was queued, or the retries ran out): the sweep sends it.
# Only within a day, so a person who switches to "direct" is not sent old ones one by one.
PENDING_AFTER = timedelta(minutes=5)
PENDING_WITHIN = timedelta(days=1)


def notifications_email_pending(*, now=None) -> int:
    """Send the e-mails at once that their task did not (see PENDING_AFTER), through
    `notifications_email`, so each still goes once. Returns the number of messages sent."""
    now = now or timezone.now()
    ids = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - PENDING_AFTER,
            created_at__gte=now - PENDING_WITHIN,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient__notification_settings__email__in=[Email.DAILY, Email.OFF])
    )
    return notifications_email(ids=list(ids.order_by("pk").values_list("pk", flat=True)))


def digests_send(*, now=None) -> int:
    """The daily digest: one message to each active person with an address who chose it,
    listing every notification of the last week not e-mailed yet, oldest first; each is
    then marked e-mailed, so a second run the same day sends only what came in since (and
    nothing when nothing did). Notifications of a region where the person no longer holds a
    role are left out (marked, not sent; still on their list). A person whose address is
    refused for good is logged and marked, and the others still get theirs. Returns the
    number of messages sent, each at least once (see the module's docstring)."""
    now = now or timezone.now()
    since = now - DIGEST_LOOKBACK
    pending = {"emailed_at__isnull": True, "created_at__gte": since}
    people = list(
        get_user_model()
        .objects.filter(is_active=True, notification_settings__email=Email.DAILY)
        .exclude(email="")
        .filter(**{f"notifications__{name}": value for name, value in pending.items()})
        .distinct()
        .order_by("pk")
    )
    held = region_ids_held(user.pk for user in people)
    sent = 0
    for user in people:
        with transaction.atomic():
            # The person's own notification rows only (nothing refers to them).
            notifications = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, **pending)
                .order_by("created_at", "pk")
            )
            if not notifications:  # sent by another run meanwhile
                continue
            concerned = [n for n in notifications if _still_concerned(n, user, held)]
            if len(concerned) < len(notifications):
                _not_concerned_log([n for n in notifications if n not in concerned], user)
            if concerned:
                subject, body = _render_digest(concerned, day=now)
                sent += _send(subject=subject, body=body, user=user, what="the digest")
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    return sent


def notifications_mark_emailed(*, notifications: Iterable[Notification]) -> int:
    """Record that these notifications were e-mailed by their caller (see notify's
    `queue_email`), so neither the immediate e-mail nor the digest sends them again."""
    ids = [n.pk for n in notifications]
    return Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def notification_read(*, user, pk: int) -> Notification:
    """Mark the user's notification `pk` read (once: the first moment stays). Another
    person's notification raises Notification.DoesNotExist, as a missing one does."""
    notification = Notification.objects.get(pk=pk, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_settings_save(*, user, email: str) -> NotificationSettings:
    """Store how the user wants to hear by e-mail: at once, a daily digest, or not."""
    if email not in Email.values:
        raise ValidationError({"email": _("Kies hoe u meldingen per e-mail wilt ontvangen.")})
    row, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return row
