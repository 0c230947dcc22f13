"""Progress reports: when they are due (schedules) and what was produced (frozen figures and
the PDF), so a report sent to the board can be shown again exactly as it was."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.formatting import show_date


class ReportKind(models.TextChoices):
    VOORTGANG = "voortgang", _("voortgangsrapportage")
    FINANCIEEL = "financieel", _("uitgavenoverzicht")
    EVALUATIE = "evaluatie", _("jaarevaluatie")


class ReportSchedule(models.Model):
    class Frequency(models.TextChoices):
        MAANDELIJKS = "maandelijks", _("maandelijks")
        TWEEMAANDELIJKS = "tweemaandelijks", _("elke twee maanden")
        KWARTAAL = "kwartaal", _("elk kwartaal")
        JAARLIJKS = "jaarlijks", _("jaarlijks")

    class Audience(models.TextChoices):
        WERKGROEP = "werkgroep", _("werkgroep")
        BESTUUR = "bestuur", _("bestuur / Werkkamer")
        MINISTERIE = "ministerie", _("ministerie van SZW")
        KASSIER = "kassier", _("kassier")

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=ReportKind, default=ReportKind.VOORTGANG
    )
    frequency = models.CharField(_("frequentie"), max_length=20, choices=Frequency.choices)
    audience = models.CharField(_("voor"), max_length=20, choices=Audience.choices)
    is_active = models.BooleanField(_("actief"), default=True)
    # On the cover: who answers questions about the report (a role, not a person).
    contact_role = models.CharField(_("contactpersoon (functie)"), max_length=200, blank=True)
    # A report on a period is due this many days after the period ends.
    days_to_deliver = models.PositiveSmallIntegerField(_("aanleveren binnen (dagen)"), default=10)
    remind_days_before = models.PositiveSmallIntegerField(
        _("herinnering (dagen vooraf)"), default=5
    )
    # The end of the period whose reminder was sent, so a reminder goes out once.
    reminded_for = models.DateField(
        _("herinnering verstuurd voor periode tot"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("rapportageschema")
        verbose_name_plural = _("rapportageschema's")
        ordering = ["plan_id", "frequency"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "audience"], name="report_schedule_unique"
            ),
        ]

    def __str__(self):
        kind, frequency = self.get_kind_display(), self.get_frequency_display()
        return f"{kind} {frequency} ({self.get_audience_display()})"


class BuildStatus(models.TextChoices):
    """Where a document built by a worker stands: a report or a meeting pack."""

    WACHTRIJ = "wachtrij", _("in de wachtrij")
    BEZIG = "bezig", _("wordt gemaakt")
    KLAAR = "klaar", _("klaar")
    MISLUKT = "mislukt", _("mislukt")


class BuiltByWorker(models.Model):
    """A document a worker builds, a report or a meeting pack: where it stands, who asked,
    the moments of its way through the queue, its tries and its error. The status page and the
    archive ask its properties rather than comparing stored values."""

    status = models.CharField(
        _("status"), max_length=20, choices=BuildStatus, default=BuildStatus.WACHTRIJ
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    # Put on the queue again (a failed build retried, a stuck or lost one rescued); empty:
    # queued once, when requested.
    queued_at = models.DateTimeField(_("opnieuw in de wachtrij op"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    generated_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    task_id = models.CharField(_("taak"), max_length=50, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_waiting(self) -> bool:
        return self.status == BuildStatus.WACHTRIJ

    @property
    def is_running(self) -> bool:
        return self.status == BuildStatus.BEZIG

    @property
    def is_ready(self) -> bool:
        return self.status == BuildStatus.KLAAR

    @property
    def is_failed(self) -> bool:
        return self.status == BuildStatus.MISLUKT

    @property
    def is_finished(self) -> bool:
        return self.status in (BuildStatus.KLAAR, BuildStatus.MISLUKT)


class Report(BuiltByWorker):
    Status = BuildStatus

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    schedule = models.ForeignKey(
        ReportSchedule,
        verbose_name=_("schema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=ReportKind, default=ReportKind.VOORTGANG
    )
    kenmerk = models.CharField(_("kenmerk"), max_length=40, blank=True)
    contact_role = models.CharField(_("contactpersoon (functie)"), max_length=200, blank=True)
    start_date = models.DateField(_("periode van"))
    end_date = models.DateField(_("periode tot en met"))
    # The figures as they stood when the report was made; later edits do not change them.
    figures = models.JSONField(_("bevroren cijfers"), default=dict, blank=True)
    file = models.FileField(_("bestand"), upload_to="reports/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="report_end_not_before_start"
            ),
            # A schedule makes one report per period, however often its job fires.
            models.UniqueConstraint(
                fields=["schedule", "start_date", "end_date"],
                condition=Q(schedule__isnull=False),
                name="report_once_per_schedule_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {show_date(self.start_date)}–{show_date(self.end_date)}"


class MeetingPack(BuiltByWorker):
    """The vergaderstukken of a meeting as one PDF: cover, agenda, every proposal on it, the
    latest progress report of every plan on it (drawn again from its frozen figures) and the
    previous meeting's decision list. Built by a worker like a report
    (`reporting.tasks.meeting_pack_generate`), which stores its progress as it goes."""

    Status = BuildStatus

    meeting = models.ForeignKey(
        "regions.Meeting",
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # How far the worker is: percent done and the step it is on, stored as it works.
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=200, blank=True)
    file = models.FileField(_("bestand"), upload_to="vergaderstukken/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("vergaderstukken")
        verbose_name_plural = _("vergaderstukken")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="meeting_pack_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{_('Vergaderstukken')} {self.meeting}"
