"""Programmes and the regions' action plans under them: lines, projects, activities, risks,
indicators and targets (with prognoses per sub-period)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Revisioned
from core.formatting import show_date

from .choices import Sector, TargetGroup
from .validation import check_period


def period_is_ordered() -> Q:
    """end ≥ start, for models whose period is (start_date, end_date)."""
    return Q(end_date__gte=F("start_date"))


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    # Status of a target: realised ÷ expected-to-date at or above `on_course_from` % is
    # "op koers", at or above `at_risk_from` % is "risico", below it "achter".
    on_course_from = models.PositiveSmallIntegerField(
        _("op koers vanaf (% van verwacht)"), default=90
    )
    at_risk_from = models.PositiveSmallIntegerField(_("risico vanaf (% van verwacht)"), default=70)
    # Spending lags when the share of a budget spent is this many percentage points or more
    # behind the share of its time elapsed (budgets.rules.spending_warning).
    spending_lag_points = models.PositiveSmallIntegerField(
        _("uitgaven achter vanaf (procentpunten achter op de tijd)"), default=25
    )
    # Our count beside UWV's official figure (placements.selectors.reconciliation): a
    # difference of more than this many percentage points of the official figure is flagged.
    reconciliation_tolerance = models.DecimalField(
        _("marge officiële cijfers (procentpunten)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Verschil tussen eigen telling en officiële cijfers dat als afwijking wordt gemarkeerd"
        ),
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(at_risk_from__lte=F("on_course_from")),
                name="programme_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reconciliation_tolerance__gte=0),
                name="programme_reconciliation_tolerance_not_negative",
            ),
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        MATCHES = "matches", _("matches")
        PLAATSINGEN = "plaatsingen", _("plaatsingen")
        BANEN = "banen", _("banen")
        VACATURES = "vacatures", _("vacatures met baangarantie")
        PERSONEN_IN_BEELD = "personen_in_beeld", _("personen in beeld")
        DEELNEMERS = "deelnemers", _("deelnemers")
        TRAJECTEN = "trajecten", _("trajecten")
        CERTIFICATEN = "certificaten", _("praktijkverklaringen")

    class Breakdown(models.TextChoices):
        NONE = "", _("geen uitsplitsing")
        SECTOR = "sector", _("per sector (markt/overheid)")
        TARGET_GROUP = "doelgroep", _("per doelgroep")

    class Measure(models.TextChoices):
        # A flow (stroom) is summed over periods; a stock (stand) is measured at a date
        # against a baseline.
        FLOW = "stroom", _("stroom (opgeteld over perioden)")
        STOCK = "stand", _("stand (gemeten op een datum)")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("wat wordt geteld"), max_length=30, choices=Kind.choices)
    measure = models.CharField(
        _("meetwijze"), max_length=10, choices=Measure.choices, default=Measure.FLOW
    )
    # A stock's realisations are levels above the baseline (extra jobs since the nulmeting).
    baseline_date = models.DateField(_("nulmeting op"), null=True, blank=True)
    breakdown = models.CharField(
        _("realisaties uitsplitsen"), max_length=10, choices=Breakdown.choices, blank=True
    )
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                # Measure.FLOW (Meta cannot see the enclosing class's names).
                condition=Q(measure="stroom") | Q(baseline_date__isnull=False),
                name="indicator_stock_has_baseline",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_stock(self) -> bool:
        return self.measure == self.Measure.STOCK


class NationalTarget(models.Model):
    """A programme's national target (Banenafspraak: extra jobs since the baseline, per sector,
    cumulative at year end). Years without a confirmed figure have no row."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="national_targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    measured_on = models.DateField(_("peildatum"))
    value = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("landelijke doelstelling")
        verbose_name_plural = _("landelijke doelstellingen")
        ordering = ["measured_on", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator", "sector", "measured_on"],
                name="national_target_unique",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="national_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.programme} {self.measured_on:%Y} {self.get_sector_display()}: {self.value}"


class ActionPlan(Revisioned):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        TER_BESPREKING = "ter_bespreking", _("ter bespreking")
        VASTGESTELD = "vastgesteld", _("vastgesteld")
        AFGESLOTEN = "afgesloten", _("afgesloten")

    class PeriodLength(models.TextChoices):
        MAAND = "maand", _("per maand")
        KWARTAAL = "kwartaal", _("per kwartaal")
        # Periods set by hand (a pilot's "jaar 1 (10 maanden)"), in the admin.
        EIGEN = "eigen", _("eigen indeling")

    # Empty for a national plan (the DWSRA pilots of the Stichting van de Arbeid): every
    # signed-in user may read it, only a beheerder may change it.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    title = models.CharField(_("titel"), max_length=300)
    version = models.PositiveIntegerField(_("versie"), default=1)
    # Versions of one plan share the first version as their root.
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("vorige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    period_length = models.CharField(
        _("realisaties per"),
        max_length=10,
        choices=PeriodLength.choices,
        default=PeriodLength.KWARTAAL,
    )
    summary = models.TextField(_("samenvatting"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status gewijzigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historie actieplan"))

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")
        ordering = ["region__name", "programme__name", "title", "-version"]
        constraints = [
            models.CheckConstraint(condition=period_is_ordered(), name="plan_end_not_before_start"),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
            models.UniqueConstraint(
                fields=["previous_version"], name="plan_one_successor_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self):
        return reverse("programmes:plan-detail", kwargs={"pk": self.pk})

    def clean(self):
        check_period(self.start_date, self.end_date)

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.CONCEPT, self.Status.TER_BESPREKING}

    @property
    def accepts_realisations(self) -> bool:
        """Realisations are recorded while a plan runs, so an adopted plan takes them too;
        a closed (afgesloten) plan takes none."""
        return self.status != self.Status.AFGESLOTEN

    @property
    def accepts_target_revisions(self) -> bool:
        """Only an adopted plan's targets are revised (an open plan is simply edited)."""
        return self.status == self.Status.VASTGESTELD


class ReportingPeriod(models.Model):
    """A month or quarter of a plan (as the plan's period length says), or a period set by
    hand: the columns of the realisation grid and the unit an import names. Once reported it
    is closed: later changes to its realisations are corrections with a reason."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    # "2019-K1", "2019-03" or a label set by hand; what the import template names.
    code = models.CharField(_("periode"), max_length=40)
    start_date = models.DateField(_("periode van"))
    end_date = models.DateField(_("periode tot en met"))
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rapportageperiode")
        verbose_name_plural = _("rapportageperiodes")
        ordering = ["plan_id", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_code_unique"),
            models.UniqueConstraint(fields=["plan", "start_date"], name="period_start_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_end_not_before_start"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PlanLine(Revisioned):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("actieplan"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    accountable_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("bestuurlijk aanspreekpunt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The other parties that carry the line, as the plan names them ("UWV / Gemeenten").
    partners = models.CharField(_("betrokken partijen"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("historie lijn"))

    class Meta:
        verbose_name = _("lijn")
        verbose_name_plural = _("lijnen")
        ordering = ["plan_id", "position", "pk"]

    def __str__(self):
        return self.title


class Project(Revisioned):
    line = models.ForeignKey(
        PlanLine, verbose_name=_("lijn"), on_delete=models.CASCADE, related_name="projects"
    )
    position = models.PositiveIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    accountable_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("bestuurlijk aanspreekpunt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_role = models.CharField(
        _("ambtelijk contactpersoon (functie)"), max_length=200, blank=True
    )
    start_date = models.DateField(_("begindatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historie project"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["line_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | period_is_ordered(),
                name="project_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        check_period(self.start_date, self.end_date)


class Activity(Revisioned):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("gepland")
        BEZIG = "bezig", _("bezig")
        GEREED = "gereed", _("gereed")
        VERVALLEN = "vervallen", _("vervallen")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
    )
    description = models.CharField(_("wat"), max_length=500)
    owner_role = models.CharField(_("wie"), max_length=200)
    due = models.CharField(
        _("wanneer"),
        max_length=100,
        blank=True,
        help_text=_("Zoals de planning het noemt, bijvoorbeeld 'september 2021' of 'doorlopend'."),
    )
    due_date = models.DateField(_("uiterlijk op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["plan_id", "due_date", "pk"]

    def __str__(self):
        return self.description


class Risk(Revisioned):
    class Level(models.TextChoices):
        LAAG = "laag", _("laag")
        MIDDEN = "midden", _("midden")
        HOOG = "hoog", _("hoog")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("actieplan"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("risico"))
    likelihood = models.CharField(_("kans"), max_length=10, choices=Level.choices, blank=True)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, blank=True)
    mitigation = models.TextField(_("beheersmaatregel"), blank=True)
    owner_role = models.CharField(_("eigenaar (functie)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["plan_id", "pk"]

    def __str__(self):
        return self.description[:80]


class TargetLineage(models.Model):
    """What a target counts, across the versions of its plan. A new version copies its
    targets, and each copy keeps the lineage of the target it copies: realisations belong to
    the lineage, not to one version's copy, so every version that holds the target reads the
    same counts (placements.selectors.counted.counted_for). See docs/decisions/0001."""

    class Meta:
        verbose_name = _("doelstellingslijn")
        verbose_name_plural = _("doelstellingslijnen")

    def __str__(self):
        return str(self.pk)


class Target(Revisioned):
    """A stated target for a plan, or one of its lines or projects. The roll-up of a line or
    plan is computed from its parts (programmes.selectors); a stated figure that differs from
    it is shown as a discrepancy, never replaced."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    line = models.ForeignKey(
        PlanLine,
        verbose_name=_("lijn"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    value = models.PositiveIntegerField(_("doel"))
    start_date = models.DateField(_("periode van"))
    end_date = models.DateField(_("periode tot en met"))
    description = models.CharField(_("toelichting"), max_length=300, blank=True)
    # A target revised after the plan was adopted keeps its first value beside the new one.
    original_value = models.PositiveIntegerField(_("oorspronkelijk doel"), null=True, blank=True)
    revision_reason = models.CharField(_("reden herziening"), max_length=500, blank=True)
    revised_at = models.DateTimeField(_("herzien op"), null=True, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("herzien door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The same target in the previous version of the plan (None for a first version or a
    # target added in this version), and the lineage every version of it shares.
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("zelfde doelstelling in vorige versie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="successor",
    )
    lineage = models.ForeignKey(
        TargetLineage,
        verbose_name=_("doelstellingslijn"),
        on_delete=models.PROTECT,
        blank=True,  # set by save() for a target of its own
        editable=False,
        related_name="targets",
    )
    history = HistoricalRecords(verbose_name=_("historie doelstelling"))

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["plan_id", "line_id", "project_id", "indicator_id", "sector"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
            models.CheckConstraint(
                condition=period_is_ordered(), name="target_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(line__isnull=False),
                name="target_project_has_line",
            ),
        ]

    def __str__(self):
        scope = self.project or self.line or self.plan
        return f"{scope}: {self.value} {self.indicator}"

    def save(self, *args, **kwargs):
        # A key, not a rule: a target of its own (not copied by a new version) starts a
        # lineage, whoever creates it (form, admin, demo, tests).
        if self.lineage_id is None:
            self.lineage = TargetLineage.objects.create()
        super().save(*args, **kwargs)

    def clean(self):
        check_period(self.start_date, self.end_date)
        if self.project_id:
            if self.line_id and self.project.line_id != self.line_id:
                raise ValidationError({"project": _("Dit project hoort niet bij de gekozen lijn.")})
            self.line_id = self.project.line_id
        if self.line_id and self.plan_id and self.line.plan_id != self.plan_id:
            raise ValidationError({"line": _("Deze lijn hoort niet bij dit plan.")})


class Prognosis(models.Model):
    """The planned value of a target for one sub-period (prognose)."""

    target = models.ForeignKey(
        Target,
        verbose_name=_("doelstelling"),
        on_delete=models.CASCADE,
        related_name="prognoses",
    )
    label = models.CharField(_("naam"), max_length=100, blank=True)
    start_date = models.DateField(_("periode van"))
    end_date = models.DateField(_("periode tot en met"))
    value = models.PositiveIntegerField(_("prognose"))

    class Meta:
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoses")
        ordering = ["target_id", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="prognosis_not_negative"),
            models.CheckConstraint(
                condition=period_is_ordered(), name="prognosis_end_not_before_start"
            ),
            models.UniqueConstraint(fields=["target", "start_date"], name="prognosis_unique"),
        ]

    def __str__(self):
        start, end = show_date(self.start_date), show_date(self.end_date)
        return f"{self.target}: {self.value} ({start}–{end})"

    def clean(self):
        check_period(self.start_date, self.end_date)


class KeyFigure(models.Model):
    """A context figure a plan or proposal quotes (kengetal): 476 on the Wsw waiting list,
    46 % of the target realised. Context, not a target or a realisation."""

    class Unit(models.TextChoices):
        AANTAL = "aantal", _("aantal")
        PROCENT = "procent", _("procent")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="key_figures",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    label = models.CharField(_("omschrijving"), max_length=300)
    target_group = models.CharField(
        _("doelgroep"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices, default=Unit.AANTAL)
    reference_date = models.DateField(_("peildatum"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kengetal")
        verbose_name_plural = _("kengetallen")
        ordering = ["region_id", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="key_figure_not_negative"),
            models.CheckConstraint(
                condition=~Q(unit="procent") | Q(value__lte=100),  # Unit.PROCENT
                name="key_figure_percentage_at_most_100",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_percentage(self) -> bool:
        return self.unit == self.Unit.PROCENT
