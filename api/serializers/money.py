"""Money in the API: budget lines with their budget against actual, a plan's money totals
and approved spending. Every figure is one that budgets.selectors computed (plan_actuals,
plan_money, fundings_with_amounts, awaiting_total); these serializers only name and round
them as the pages do (core.numbers: euros to the cent, percentages to one decimal).
Properties are written snake_case here and rendered camelCase."""

from rest_framework import serializers

from budgets.models import MONEY, BudgetLine, Expenditure, Funding
from budgets.rules import SpendingWarning
from core.numbers import rounded_cents, rounded_percentage


class Money(serializers.DecimalField):
    """Euros with cents, as a JSON number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=MONEY["max_digits"] + 2, decimal_places=2, **kwargs)

    def to_representation(self, value):
        return super().to_representation(rounded_cents(value))


class Percentage(serializers.DecimalField):
    """A percentage as the pages show it (one decimal, half up, core.numbers); null when
    there is nothing to divide by."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(max_digits=None, decimal_places=1, **kwargs)

    def to_representation(self, value):
        return super().to_representation(rounded_percentage(value))


class BudgetPartSerializer(serializers.Serializer):
    """A plan line or project a budget line belongs to."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class BudgetActualSerializer(serializers.Serializer):
    """Budget against actual (budgets.rules.Actual): only approved spending counts as spent;
    what awaits approval stands beside it."""

    budgeted = Money(help_text="De huidige begroting (na goedgekeurde begrotingswijzigingen).")
    original = Money(help_text="De begroting zoals vastgesteld, vóór begrotingswijzigingen.")
    approved = Money(help_text="Goedgekeurde uitgaven: wat als besteed telt.")
    awaiting = Money(help_text="Uitgaven die op goedkeuring wachten (tellen niet mee).")
    remaining = Money(help_text="Begroot min goedgekeurd.")
    spent_percentage = Percentage(help_text="Goedgekeurd als percentage van de begroting.")
    time_percentage = Percentage(
        help_text="Het deel van de looptijd van het geld dat om is, gewogen naar de begroting."
    )
    warning = serializers.ChoiceField(
        choices=SpendingWarning.choices,
        allow_null=True,
        read_only=True,
        help_text="overschreden, achter (loopt achter) of leeg.",
    )


class BudgetLineSerializer(serializers.ModelSerializer):
    """A budget line (jaarschijf) with its budget against actual; the view sets `actual` on
    each line from budgets.selectors.plans_actuals."""

    name = serializers.CharField(read_only=True, help_text="Zoals de pagina's haar noemen.")
    line = BudgetPartSerializer(read_only=True, allow_null=True)
    project = BudgetPartSerializer(read_only=True, allow_null=True)
    amount = Money(help_text="De huidige begroting van de regel.")
    original_amount = Money(source="actual.original", help_text="Het bedrag zoals vastgesteld.")
    actual = BudgetActualSerializer(read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "plan",
            "year",
            "category",
            "description",
            "name",
            "line",
            "project",
            "amount",
            "original_amount",
            "actual",
        ]
        read_only_fields = fields


class BudgetYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    actual = BudgetActualSerializer(read_only=True)


class BudgetCategorySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=BudgetLine.Category.choices, read_only=True)
    label = serializers.CharField(read_only=True)
    actual = BudgetActualSerializer(read_only=True)


class BudgetProjectSerializer(serializers.Serializer):
    project = BudgetPartSerializer(read_only=True)
    actual = BudgetActualSerializer(read_only=True)


class BudgetPlanLineSerializer(serializers.Serializer):
    line = BudgetPartSerializer(read_only=True)
    actual = BudgetActualSerializer(read_only=True)
    projects = BudgetProjectSerializer(many=True, read_only=True)


class AwaitingApprovalSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True)
    total = Money()


class FundingSerializer(serializers.ModelSerializer):
    """A contribution (co-financing, own contribution) as the plan page shows it: a fixed
    amount, or a percentage of its scope's budget, beside the amount the document states."""

    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )
    line = BudgetPartSerializer(read_only=True, allow_null=True)
    project = BudgetPartSerializer(read_only=True, allow_null=True)
    amount = Money(allow_null=True, help_text="Het vaste bedrag, als de bijdrage er een is.")
    percentage = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True
    )
    scope_budget = Money(help_text="De begroting waarvan het percentage genomen wordt.")
    computed_amount = Money(
        source="figure.computed",
        allow_null=True,
        help_text="Het bedrag berekend (leeg: niet gekwantificeerd).",
    )
    stated_amount = Money(allow_null=True, help_text="Het bedrag zoals het document het noemt.")
    is_quantified = serializers.BooleanField(read_only=True)
    is_discrepancy = serializers.BooleanField(
        source="figure.is_discrepancy",
        read_only=True,
        help_text="Berekend en genoemd bedrag verschillen (in hele euro's).",
    )

    class Meta:
        model = Funding
        fields = [
            "id",
            "kind",
            "description",
            "organisation",
            "line",
            "project",
            "amount",
            "percentage",
            "scope_budget",
            "computed_amount",
            "stated_amount",
            "is_quantified",
            "is_discrepancy",
        ]
        read_only_fields = fields


class FundingTotalSerializer(serializers.Serializer):
    total = Money(help_text="De som van de gekwantificeerde bijdragen.")
    unquantified = serializers.IntegerField(
        read_only=True, help_text="Bijdragen zonder bedrag (niet gekwantificeerd)."
    )
    rows = FundingSerializer(many=True, read_only=True)


class PlanBudgetSerializer(serializers.Serializer):
    """A plan's money as its money page and plan page show it (budgets.selectors.plan_money,
    fundings_with_amounts, awaiting_total)."""

    plan = serializers.IntegerField(read_only=True)
    as_of = serializers.DateField(read_only=True, help_text="De peildatum van de stand.")
    total = BudgetActualSerializer(read_only=True)
    is_revised = serializers.BooleanField(
        read_only=True, help_text="Een goedgekeurde begrotingswijziging verschoof geld."
    )
    per_year = BudgetYearSerializer(many=True, read_only=True)
    per_category = BudgetCategorySerializer(many=True, read_only=True)
    per_line = BudgetPlanLineSerializer(many=True, read_only=True)
    unassigned = BudgetActualSerializer(
        read_only=True, allow_null=True, help_text="Begroot op het plan zelf, buiten een lijn."
    )
    awaiting_approval = AwaitingApprovalSerializer(
        read_only=True, help_text="Alle uitgaven die op goedkeuring wachten, ongeacht de datum."
    )
    funding = FundingTotalSerializer(read_only=True)


class ExpenditureSerializer(serializers.ModelSerializer):
    """An approved spending entry (a counter-entry has a negative amount and names the entry
    it corrects). Receipts are not part of the API."""

    plan = serializers.IntegerField(source="budget_line.plan_id", read_only=True)
    amount = Money()
    approved_at = serializers.DateTimeField(source="decided_at", read_only=True)

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "plan",
            "budget_line",
            "date",
            "amount",
            "description",
            "reference",
            "counterparty",
            "corrects",
            "approved_at",
        ]
        read_only_fields = fields
