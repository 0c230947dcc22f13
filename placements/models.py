"""What was achieved: counts per target and reporting period (programmes.ReportingPeriod),
never data about a person. A change in a closed period is a correction with a reason, kept
beside the realisation with the old value."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.choices import Sector, TargetGroup

if TYPE_CHECKING:
    from .imports import ImportResult


class Delivery(models.Model):
    """An uploaded file of realisations (aanlevering): kept so the preview and the commit read
    the same bytes, and so the archive shows who delivered what, when."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", _("voorbeeld")
        VERWERKT = "verwerkt", _("verwerkt")
        AFGEKEURD = "afgekeurd", _("afgekeurd")

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField(_("inhoud"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VOORBEELD
    )
    row_count = models.PositiveIntegerField(_("aantal rijen"), default=0)
    error_count = models.PositiveIntegerField(_("aantal fouten"), default=0)
    # What the check of the file found, per row (imports.ImportResult.as_json), set at upload
    # and at commit: the preview shows this and never reads the file again. Empty for a
    # delivery stored before results were kept.
    results = models.JSONField(_("uitkomst per rij"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangeleverd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("aangeleverd op"), auto_now_add=True)
    committed_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    # The check of the file itself, not stored: set on the delivery that
    # services.delivery_upload and services.delivery_commit return, for the page or command
    # that called them to show.
    result: "ImportResult"

    class Meta:
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.VOORBEELD

    @property
    def is_committed(self) -> bool:
        return self.status == self.Status.VERWERKT


class Realisation(models.Model):
    """One count for a target in a period, for one breakdown (sector or target group) and one
    source. Several sources add up; the same source delivering again replaces its count, so a
    file imported twice does not double anything. For a stock indicator the count is the
    level at the period's end above the baseline; for a flow, what happened in the period."""

    target = models.ForeignKey(
        "programmes.Target",
        verbose_name=_("doelstelling"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    period = models.ForeignKey(
        "programmes.ReportingPeriod",
        verbose_name=_("periode"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    count = models.PositiveIntegerField(_("aantal"))
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    target_group = models.CharField(
        _("doelgroep"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    # Who delivered the count: "UWV", "WSP", a municipality; empty when typed in the grid.
    source = models.CharField(_("bron"), max_length=100, blank=True)
    # The delivery a count came from stays on record: deleting it is refused while it counts.
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("aanlevering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="realisations",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historie realisatie"))

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["target_id", "period_id", "sector", "target_group", "source"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=0), name="realisation_not_negative"),
            models.UniqueConstraint(
                fields=["target", "period", "sector", "target_group", "source"],
                name="realisation_unique_per_breakdown_and_source",
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.count} ({self.period})"


class Correction(models.Model):
    """A change to a realisation in a closed period: who, when, why, and the old value."""

    realisation = models.ForeignKey(
        Realisation,
        verbose_name=_("realisatie"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    old_count = models.PositiveIntegerField(_("oude waarde"))
    new_count = models.PositiveIntegerField(_("nieuwe waarde"))
    reason = models.CharField(_("reden"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gecorrigeerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("gecorrigeerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
        ordering = ["-corrected_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.realisation}: {self.old_count} → {self.new_count}"
