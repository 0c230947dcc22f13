"""What was achieved: counts per target and period, never data about a person."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.choices import Sector, TargetGroup


class Realisation(models.Model):
    """One count for a target in a period. A breakdown by sector or target group is several
    rows, each with its part; the realised total is their sum (placements.selectors)."""

    target = models.ForeignKey(
        "programmes.Target",
        verbose_name=_("doelstelling"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    start_date = models.DateField(_("periode van"))
    end_date = models.DateField(_("periode tot en met"))
    count = models.PositiveIntegerField(_("aantal"))
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    target_group = models.CharField(
        _("doelgroep"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historie realisatie"))

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["target_id", "start_date", "sector", "target_group"]
        indexes = [models.Index(fields=["target", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=0), name="realisation_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="realisation_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["target", "start_date", "end_date", "sector", "target_group"],
                name="realisation_unique_per_breakdown",
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.count} ({self.start_date:%d-%m-%Y}–{self.end_date:%d-%m-%Y})"
