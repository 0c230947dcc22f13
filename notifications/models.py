"""What concerns a person: a report ready or failed, spending awaiting their approval or
rejected, a period closing, a delivery imported, an action item from a decision, a report
due. Shown in the product (a list with an unread count) and sent by e-mail as each person
chooses (`NotificationSettings`). Written by notifications.services.notify only, which the
app where the event happens calls; never two of the same (`notification_once`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPORT_READY = "report_ready", _("rapportage klaar")
        REPORT_FAILED = "report_failed", _("rapportage mislukt")
        SPENDING_AWAITS_APPROVAL = "spending_awaits_approval", _("uitgave wacht op goedkeuring")
        SPENDING_REJECTED = "spending_rejected", _("uitgave afgewezen")
        PERIOD_CLOSING = "period_closing", _("periode eindigt binnenkort")
        DELIVERY_IMPORTED = "delivery_imported", _("aanlevering verwerkt")
        ACTION_ITEM = "action_item", _("actiepunt uit een besluit")
        REPORT_DUE = "report_due", _("rapportage binnenkort verwacht")
        # Penningmeester or regiobeheerder given: with it an account approves spending or gives
        # roles, so the region's other regiobeheerders and the beheerder hear of it (four eyes
        # through a second account does not go unseen).
        ROLE_GIVEN = "role_given", _("rol met goedkeurings- of beheerrechten gegeven")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    # The event's own identity (e.g. "report:12", "period:7:2026-12-31"): with recipient and
    # kind it makes a notification once, however often the event is reported.
    key = models.CharField(max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # What it is about, as shown (a plan's or report's name), and where to go for it.
    subject = models.CharField(_("onderwerp"), max_length=300)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # E-mail done with: sent (at once or in a digest), or given up on and logged (the
    # address refused for good, or the recipient no longer holds a role in the region), so
    # no retry or sweep tries it again. Empty while due or when e-mail is off.
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.subject}"

    @property
    def text(self) -> str:
        """What it says, on the list page and in the e-mails alike (notifications.kinds)."""
        return kinds.text(self.kind, self.subject)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """How a person wants to hear by e-mail. No row: at once (the default)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("direct, per melding")
        DAILY = "daily", _("één keer per dag, een overzicht")
        OFF = "off", _("niet per e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    email = models.CharField(
        _("per e-mail"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE
    )

    class Meta:
        verbose_name = _("meldingsinstelling")
        verbose_name_plural = _("meldingsinstellingen")

    def __str__(self):
        return f"{self.user} – {self.get_email_display()}"
