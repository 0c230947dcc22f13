"""Budgets per year (jaarschijven), co-financing, staff costs and spending. Money is Decimal
with cents; totals are never stored but computed in budgets.selectors."""

from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Revisioned
from core.formatting import show_date
from programmes.validation import not_negative_amount


class Digits(TypedDict):
    """A DecimalField's size, typed so that `DecimalField(**MONEY)` is checked."""

    max_digits: int
    decimal_places: int


MONEY: Digits = {"max_digits": 14, "decimal_places": 2}


def scope_is_consistent() -> Q:
    """A row that names a project also names its line (kept equal by the services)."""
    return Q(project__isnull=True) | Q(line__isnull=False)


class ScopedToPlan(Revisioned):
    """Money that belongs to a plan, or more narrowly to one of its lines or projects."""

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    line = models.ForeignKey(
        "programmes.PlanLine",
        verbose_name=_("lijn"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "programmes.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean_scope(self):
        """The line and project must belong to the plan (and the project to the line)."""
        if self.project_id:
            if self.line_id and self.project.line_id != self.line_id:
                raise ValidationError({"project": _("Dit project hoort niet bij de gekozen lijn.")})
            self.line_id = self.project.line_id
        if self.line_id and self.plan_id and self.line.plan_id != self.plan_id:
            raise ValidationError({"line": _("Deze lijn hoort niet bij dit plan.")})


class BudgetLine(ScopedToPlan):
    class Category(models.TextChoices):
        PERSONEEL = "personeel", _("personeel")
        PROJECTKOSTEN = "projectkosten", _("projectkosten")
        DIENSTVERLENING = "dienstverlening", _("dienstverlening")
        SCHOLING = "scholing", _("scholing")
        COMMUNICATIE = "communicatie", _("communicatie")
        OVERIG = "overig", _("overig")

    year = models.PositiveIntegerField(_("jaar"))
    category = models.CharField(
        _("categorie"), max_length=20, choices=Category.choices, default=Category.PROJECTKOSTEN
    )
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    amount = models.DecimalField(_("bedrag"), validators=[not_negative_amount], **MONEY)
    history = HistoricalRecords(verbose_name=_("historie begrotingsregel"))

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["plan_id", "year", "line_id", "project_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_line_year_plausible"
            ),
            models.CheckConstraint(condition=scope_is_consistent(), name="budget_line_scope"),
        ]

    def __str__(self):
        return f"{self.year} {self.description or self.get_category_display()}: € {self.amount}"

    def clean(self):
        self.clean_scope()
        plan = self.plan if self.plan_id else None
        if plan and self.year and not plan.start_date.year <= self.year <= plan.end_date.year:
            raise ValidationError(
                {
                    "year": _(
                        "Het jaar %(year)s valt buiten de looptijd van het plan "
                        "(%(start)s t/m %(end)s)."
                    )
                    % {
                        "year": self.year,
                        "start": plan.start_date.year,
                        "end": plan.end_date.year,
                    }
                }
            )


class Funding(ScopedToPlan):
    """Co-financing or own contribution: either a fixed amount or a percentage of the budget
    of its scope (project, line or plan), never both."""

    class Kind(models.TextChoices):
        EIGEN_BIJDRAGE = "eigen_bijdrage", _("eigen bijdrage")
        COFINANCIERING = "cofinanciering", _("cofinanciering")
        REGULIERE_MIDDELEN = "reguliere_middelen", _("reguliere middelen partners")
        OO_FONDS = "oo_fonds", _("O&O-fonds")
        SUBSIDIE = "subsidie", _("subsidie")

    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("financier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("bedrag"), null=True, blank=True, validators=[not_negative_amount], **MONEY
    )
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("Een percentage ligt tussen 0 en 100.")),
            MaxValueValidator(100, message=_("Een percentage ligt tussen 0 en 100.")),
        ],
    )
    # What the document says the percentage comes to, kept to compare with the computed amount.
    stated_amount = models.DecimalField(_("genoemd bedrag"), null=True, blank=True, **MONEY)
    history = HistoricalRecords(verbose_name=_("historie financiering"))

    class Meta:
        verbose_name = _("financiering")
        verbose_name_plural = _("financieringen")
        ordering = ["plan_id", "line_id", "project_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__isnull=False) & Q(percentage__isnull=True))
                | (Q(amount__isnull=True) & Q(percentage__isnull=False)),
                name="funding_amount_xor_percentage",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="funding_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True)
                | (Q(percentage__gte=0) & Q(percentage__lte=100)),
                name="funding_percentage_0_100",
            ),
            models.CheckConstraint(
                condition=Q(stated_amount__isnull=True) | Q(stated_amount__gte=0),
                name="funding_stated_amount_not_negative",
            ),
            models.CheckConstraint(condition=scope_is_consistent(), name="funding_scope"),
        ]

    def clean(self):
        self.clean_scope()
        if (self.amount is None) == (self.percentage is None):
            raise ValidationError(
                {
                    "amount": _(
                        "Vul óf een bedrag óf een percentage in, niet allebei of geen van beide."
                    )
                }
            )

    def __str__(self):
        if self.percentage is not None:
            return f"{self.get_kind_display()} {self.percentage} %"
        return f"{self.get_kind_display()} € {self.amount}"


class StaffCost(models.Model):
    """Hours per week × weeks × hourly rate, computed by the database (a generated column),
    so the amount can never drift from its parts."""

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "regions.Proposal",
        verbose_name=_("voorstel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    role_title = models.CharField(_("functie"), max_length=200)
    fte = models.DecimalField(_("fte"), max_digits=5, decimal_places=2, null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    weeks = models.DecimalField(
        _("aantal weken"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    hourly_rate = models.DecimalField(
        _("uurtarief"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount = models.GeneratedField(
        expression=F("hours_per_week") * F("weeks") * F("hourly_rate"),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
        verbose_name=_("bedrag (berekend)"),
    )
    history = HistoricalRecords(verbose_name=_("historie personeelskosten"))

    class Meta:
        verbose_name = _("personeelskosten")
        verbose_name_plural = _("personeelskosten")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(proposal__isnull=False),
                name="staff_cost_belongs_somewhere",
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | Q(fte__gte=0), name="staff_cost_fte_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | (Q(hours_per_week__gte=0) & Q(hours_per_week__lte=168)),
                name="staff_cost_hours_in_week",
            ),
            models.CheckConstraint(
                condition=Q(weeks__isnull=True) | Q(weeks__gte=0),
                name="staff_cost_weeks_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="staff_cost_rate_not_negative",
            ),
        ]

    def __str__(self):
        return self.role_title


class Expenditure(models.Model):
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    date = models.DateField(_("datum"))
    amount = models.DecimalField(_("bedrag"), validators=[not_negative_amount], **MONEY)
    description = models.CharField(_("omschrijving"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historie uitgave"))

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expenditure_not_negative"),
        ]

    def __str__(self):
        return f"{show_date(self.date)} € {self.amount} {self.description}"
