"""Budgets per year (jaarschijven), co-financing, staff costs, spending with its four-eyes
approval, and budget changes. Money is Decimal with cents; totals are never stored but
computed in budgets.selectors (a budget line's current amount is kept with it, beside the
original, by the service that approves a budget change: docs/decisions/0013)."""

from typing import TYPE_CHECKING, TypedDict
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Revisioned
from core.formatting import show_date
from core.tabular.models import UploadedTable
from programmes.validation import not_negative_amount

if TYPE_CHECKING:
    from .imports import ImportResult


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
    # The current budget: the adopted amount plus every approved budget change
    # (begrotingswijziging), kept equal by budgets.services.budget_change_approve.
    amount = models.DecimalField(_("bedrag"), validators=[not_negative_amount], **MONEY)
    # The amount as adopted, kept from the first approved budget change on (empty: never
    # changed), so the original stays visible beside the current one, like a revised target.
    original_amount = models.DecimalField(
        _("oorspronkelijk bedrag"), null=True, blank=True, editable=False, **MONEY
    )
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
            models.CheckConstraint(
                condition=Q(original_amount__isnull=True) | Q(original_amount__gte=0),
                name="budget_line_original_not_negative",
            ),
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
    """Co-financing or own contribution as the document states it: a fixed amount, a
    percentage of the budget of its scope (project, line or plan), or neither: *niet
    gekwantificeerd* (in kind, regular funds of the partners). Never both."""

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
                condition=Q(amount__isnull=True) | Q(percentage__isnull=True),
                name="funding_amount_or_percentage",
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
        if self.amount is not None and self.percentage is not None:
            raise ValidationError(
                {
                    "amount": _(
                        "Vul óf een bedrag óf een percentage in, niet allebei. Laat beide "
                        "leeg voor een bijdrage die niet gekwantificeerd is."
                    )
                }
            )

    @property
    def is_quantified(self) -> bool:
        """False for a contribution the document names without an amount or percentage."""
        return self.amount is not None or self.percentage is not None

    def __str__(self):
        if self.percentage is not None:
            return f"{self.get_kind_display()} {self.percentage} %"
        if self.amount is None:
            return f"{self.get_kind_display()} ({_('niet gekwantificeerd')})"
        return f"{self.get_kind_display()} € {self.amount}"


class StaffCost(Revisioned):
    """Hours per week × weeks × hourly rate, computed by the database (a generated column),
    so the amount can never drift from its parts. What the document states the cost to be is
    kept beside it (`stated_amount`), never instead of it."""

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
    stated_amount = models.DecimalField(_("genoemd bedrag"), null=True, blank=True, **MONEY)
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
            models.CheckConstraint(
                condition=Q(stated_amount__isnull=True) | Q(stated_amount__gte=0),
                name="staff_cost_stated_not_negative",
            ),
        ]

    def __str__(self):
        return self.role_title


class Decision(models.TextChoices):
    """Where an entry that needs a second person stands: spending and budget changes."""

    INGEDIEND = "ingediend", _("wacht op goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
    AFGEKEURD = "afgekeurd", _("afgekeurd")


class FourEyes(models.Model):
    """Recorded by one person, approved or rejected by another (vier ogen). The database
    refuses a decision by the recorder, whatever roles they hold; the services and
    regions.permissions say who else may decide."""

    status = models.CharField(
        _("status"), max_length=12, choices=Decision, default=Decision.INGEDIEND
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afkeuring"), blank=True)

    class Meta:
        abstract = True

    @classmethod
    def four_eyes_constraints(cls, prefix: str) -> list[models.BaseConstraint]:
        """The rules every entry with a second person's decision keeps, in the database."""
        return [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("recorded_by")),
                name=f"{prefix}_not_decided_by_recorder",
            ),
            models.CheckConstraint(
                condition=(Q(status=Decision.INGEDIEND) & Q(decided_at__isnull=True))
                | (~Q(status=Decision.INGEDIEND) & Q(decided_at__isnull=False)),
                name=f"{prefix}_decided_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status=Decision.AFGEKEURD) | ~Q(rejection_reason=""),
                name=f"{prefix}_rejection_has_reason",
            ),
        ]

    @property
    def is_awaiting(self) -> bool:
        return self.status == Decision.INGEDIEND

    @property
    def is_approved(self) -> bool:
        return self.status == Decision.GOEDGEKEURD

    @property
    def is_rejected(self) -> bool:
        return self.status == Decision.AFGEKEURD


def receipt_storage():
    """Receipts are kept outside MEDIA_ROOT and never served by the web server: only
    budgets' receipt view hands one out, to whoever may see the plan."""
    return storages["private"]


def receipt_path(instance: "Expenditure", filename: str) -> str:
    # The uploaded name is shown, never used as a path: a random name keeps files apart.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bonnen/{instance.budget_line.plan_id}/{uuid4().hex}.{suffix[:5]}"


class SpendingImport(UploadedTable):
    """An uploaded file of spending (a financial system's export): its bytes, status and
    outcome per row (core.tabular.models.UploadedTable), on a plan. Its entries wait for
    approval like typed ones."""

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    result: "ImportResult"  # set by the services spending_import_upload and _commit

    class Meta(UploadedTable.Meta):
        verbose_name = _("import van uitgaven")
        verbose_name_plural = _("imports van uitgaven")


class Expenditure(FourEyes, Revisioned):
    """One entry of spending (uitgave) on a budget line. It counts as spent only once a
    second person approved it. An approved entry is never edited: it is corrected by a
    counter-entry (`corrects`) with a reason, which is approved in its turn. Entries are never
    deleted (everything on them is history)."""

    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    date = models.DateField(_("datum"))
    # Negative only in a counter-entry, which takes (part of) an approved entry back.
    amount = models.DecimalField(_("bedrag"), **MONEY)
    description = models.CharField(_("omschrijving"), max_length=300)
    reference = models.CharField(_("factuur- of referentienummer"), max_length=100, blank=True)
    counterparty = models.CharField(
        _("betalende of ontvangende organisatie"), max_length=200, blank=True
    )
    receipt = models.FileField(
        _("bon of factuur"),
        storage=receipt_storage,
        upload_to=receipt_path,
        max_length=200,
        blank=True,
    )
    receipt_name = models.CharField(_("bestandsnaam bon"), max_length=255, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reden van correctie"), blank=True)
    spending_import = models.ForeignKey(
        SpendingImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenditures",
    )
    history = HistoricalRecords(verbose_name=_("historie uitgave"))

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="expenditure_not_zero"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(corrects__isnull=False),
                name="expenditure_negative_only_as_correction",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="expenditure_correction_has_reason",
            ),
            *FourEyes.four_eyes_constraints("expenditure"),
        ]
        indexes = [models.Index(fields=["budget_line", "status", "date"])]

    def __str__(self):
        return f"{show_date(self.date)} € {self.amount} {self.description}"

    @property
    def plan_id(self) -> int:
        return self.budget_line.plan_id

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class BudgetChange(FourEyes):
    """A begrotingswijziging: money moved between lines or years of a plan, with a reason,
    applied to the budget lines only once a second person approved it. Its rows
    (BudgetChangeLine) add up to zero: a change moves money, it does not make any."""

    plan = models.ForeignKey(
        "programmes.ActionPlan",
        verbose_name=_("actieplan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reden"))
    history = HistoricalRecords(verbose_name=_("historie begrotingswijziging"))

    class Meta:
        verbose_name = _("begrotingswijziging")
        verbose_name_plural = _("begrotingswijzigingen")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="budget_change_has_reason"),
            *FourEyes.four_eyes_constraints("budget_change"),
        ]

    def __str__(self):
        return f"{_('begrotingswijziging')} {self.pk}: {self.reason[:60]}"


class BudgetChangeLine(models.Model):
    """How much one budget line goes up (positive) or down (negative) in a budget change."""

    change = models.ForeignKey(
        BudgetChange,
        verbose_name=_("begrotingswijziging"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    amount = models.DecimalField(_("mutatie"), **MONEY)

    class Meta:
        verbose_name = _("regel van een begrotingswijziging")
        verbose_name_plural = _("regels van een begrotingswijziging")
        ordering = ["change_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="budget_change_line_not_zero"),
            models.UniqueConstraint(
                fields=["change", "budget_line"], name="budget_change_line_once"
            ),
        ]

    def __str__(self):
        return f"{self.budget_line}: {self.amount:+}"
