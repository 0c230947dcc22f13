"""Budget lines, co-financing and staff costs are rows of a plan: in the admin they follow
the plan's rules (programmes.admin.PlanRowAdminMixin), so an adopted plan's budget is
read-only here as on its pages. Spending and its imports are read-only here: an entry is
recorded, approved by a second person, rejected with a reason or corrected by a counter-entry
only through budgets.services.spending (the money page), so the admin is no side door past
the four-eyes rule."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programmes.admin import PlanRowAdminMixin
from regions.admin import HistoryAdmin

from .models import (
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    Expenditure,
    Funding,
    SpendingImport,
    StaffCost,
)

SCOPE = ["plan", "line", "project"]


class ReadOnlyAdmin:
    """Shown, never added, changed or deleted here (the services are the only way in)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ExpenditureInline(ReadOnlyAdmin, admin.TabularInline):
    model = Expenditure
    fields = ["date", "amount", "description", "status", "recorded_by", "decided_by"]
    readonly_fields = ["date", "amount", "description", "status", "recorded_by", "decided_by"]
    extra = 0
    show_change_link = True


@admin.register(BudgetLine)
class BudgetLineAdmin(PlanRowAdminMixin, HistoryAdmin):
    list_display = ["year", "plan", "line", "project", "category", "description", "amount"]
    list_filter = ["year", "category", "plan__region", "plan__programme"]
    list_select_related = SCOPE
    search_fields = ["description", "plan__title", "line__title", "project__title"]
    autocomplete_fields = SCOPE
    inlines = [ExpenditureInline]


@admin.register(Funding)
class FundingAdmin(PlanRowAdminMixin, HistoryAdmin):
    list_display = [
        "kind",
        "organisation",
        "plan",
        "line",
        "project",
        "amount",
        "percentage",
        "stated_amount",
        "quantified",
    ]
    list_filter = ["kind", "plan__region", "plan__programme"]
    list_select_related = [*SCOPE, "organisation"]
    search_fields = ["description", "organisation__name", "plan__title"]
    autocomplete_fields = [*SCOPE, "organisation"]

    @admin.display(description=_("gekwantificeerd"), boolean=True)
    def quantified(self, obj: Funding) -> bool:
        # Empty amount and percentage: niet gekwantificeerd, not € 0.
        return obj.is_quantified


@admin.register(StaffCost)
class StaffCostAdmin(PlanRowAdminMixin, HistoryAdmin):
    list_display = [
        "role_title",
        "plan",
        "proposal",
        "fte",
        "hours_per_week",
        "weeks",
        "hourly_rate",
        "amount",
        "stated_amount",
    ]
    list_filter = ["plan__region", "plan__programme"]
    list_select_related = ["plan", "proposal"]
    search_fields = ["role_title", "plan__title", "proposal__reference"]
    autocomplete_fields = ["plan", "proposal"]
    readonly_fields = ["amount"]  # computed by the database


@admin.register(Expenditure)
class ExpenditureAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = [
        "date",
        "budget_line",
        "amount",
        "description",
        "status",
        "recorded_by",
        "decided_by",
    ]
    list_filter = ["status", "budget_line__year", "budget_line__plan__region"]
    list_select_related = ["budget_line", "recorded_by", "decided_by"]
    search_fields = [
        "description",
        "reference",
        "counterparty",
        "budget_line__description",
        "budget_line__plan__title",
    ]
    date_hierarchy = "date"
    # The receipt itself is opened on the money page, where who may see the plan is checked.
    exclude = ["receipt"]


@admin.register(SpendingImport)
class SpendingImportAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["file_name", "plan", "status", "row_count", "uploaded_by", "uploaded_at"]
    list_filter = ["status", "plan__region"]
    list_select_related = ["plan", "uploaded_by"]
    exclude = ["content"]


class BudgetChangeLineInline(ReadOnlyAdmin, admin.TabularInline):
    model = BudgetChangeLine
    fields = ["budget_line", "amount"]
    readonly_fields = ["budget_line", "amount"]
    extra = 0


@admin.register(BudgetChange)
class BudgetChangeAdmin(ReadOnlyAdmin, HistoryAdmin):
    """Read-only: a budget change is requested, approved or rejected only on the plan's money
    page (budgets.services.changes), where the four-eyes rule is kept."""

    list_display = ["plan", "reason", "status", "recorded_by", "recorded_at", "decided_by"]
    list_filter = ["status", "plan__region"]
    list_select_related = ["plan", "recorded_by", "decided_by"]
    search_fields = ["reason", "plan__title"]
    inlines = [BudgetChangeLineInline]
