"""What was achieved: counts per target and reporting period (programmes.ReportingPeriod),
never data about a person. A change in a closed period is a correction with a reason, kept
beside the realisation with the old value."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tabular.models import UploadedTable
from programmes.choices import Sector, TargetGroup

if TYPE_CHECKING:
    from .imports import ImportResult


class Delivery(UploadedTable):
    """An uploaded file of realisations (aanlevering): its bytes, status and outcome per row
    (core.tabular.models.UploadedTable), on a plan."""

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The API token that delivered the file (POST /api/v1/plans/{id}/deliveries); empty for
    # a file uploaded on the import page. uploaded_by is then the token's maker.
    api_token = models.ForeignKey(
        "regions.ApiToken",
        verbose_name=_("API-token"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    result: "ImportResult"  # set by services.delivery_upload and delivery_commit

    class Meta(UploadedTable.Meta):
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")


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
        indexes = [
            # Progress sums a plan's realisations per lineage from this index alone (an
            # index-only scan on PostgreSQL; elsewhere a plain index on the target).
            models.Index(
                fields=["target"],
                include=["period", "sector", "target_group", "count"],
                name="realisation_target_sums",
            ),
        ]
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


class OfficialCountImport(UploadedTable):
    """A file of the official Banenafspraak figures (UWV's quarterly counts per
    arbeidsmarktregio), imported by the beheerder through
    placements.official.services.official_counts_import: its bytes, who imported it and when
    (UploadedTable's uploaded_by and uploaded_at), and what it did. Only a file imported as a
    whole is kept: a refused file writes nothing."""

    format = models.CharField(_("indeling"), max_length=30)
    new_count = models.PositiveIntegerField(_("nieuw"), default=0)
    changed_count = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged_count = models.PositiveIntegerField(_("ongewijzigd"), default=0)

    class Meta(UploadedTable.Meta):
        verbose_name = _("import officiële cijfers")
        verbose_name_plural = _("imports officiële cijfers")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_count__gte=0) & Q(changed_count__gte=0) & Q(unchanged_count__gte=0),
                name="official_import_counts_not_negative",
            ),
        ]


def is_quarter_end() -> Q:
    """31 March, 30 June, 30 September or 31 December: the peildata UWV publishes."""
    return (
        Q(peildatum__month=3, peildatum__day=31)
        | Q(peildatum__month=6, peildatum__day=30)
        | Q(peildatum__month=9, peildatum__day=30)
        | Q(peildatum__month=12, peildatum__day=31)
    )


class OfficialCount(models.Model):
    """The official figure of one arbeidsmarktregio, sector and peildatum: the extra jobs
    since the nulmeting of 1 January 2013, cumulative at the peildatum (a stock, like the
    banen indicator's realisations). National reference data: the beheerder imports them,
    every region reads its own. A later publication corrects earlier quarters: re-importing a
    peildatum replaces its figure, and the history keeps the old one."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="official_counts",
    )
    peildatum = models.DateField(_("peildatum"))
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    extra_jobs = models.PositiveIntegerField(_("extra banen"))
    source = models.CharField(_("bron"), max_length=200, blank=True)
    # `import` is a Python keyword: the import the figure last came from.
    official_import = models.ForeignKey(
        OfficialCountImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="counts",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historie officieel cijfer"))

    class Meta:
        verbose_name = _("officieel cijfer")
        verbose_name_plural = _("officiële cijfers")
        ordering = ["region__name", "-peildatum", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "peildatum", "sector"], name="official_count_unique"
            ),
            models.CheckConstraint(
                condition=Q(extra_jobs__gte=0), name="official_count_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="official_count_sector"
            ),
            models.CheckConstraint(condition=is_quarter_end(), name="official_count_quarter_end"),
        ]

    def __str__(self):
        return f"{self.region}: {self.extra_jobs} ({self.get_sector_display()}, {self.peildatum})"
