"""Budget lines, co-financing and staff costs are rows of a plan: in the admin they follow
the plan's rules (programmes.admin.PlanRowAdminMixin), so an adopted plan's budget is
read-only here as on its pages. Spending is recorded against a budget line at any time."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programmes.admin import PlanRowAdminMixin
from regions.admin import HistoryAdmin

from .models import BudgetLine, Expenditure, Funding, StaffCost

SCOPE = ["plan", "line", "project"]


class ExpenditureInline(admin.TabularInline):
    model = Expenditure
    fields = ["date", "amount", "description", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_at"]
    autocomplete_fields = ["recorded_by"]
    extra = 0


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
class ExpenditureAdmin(HistoryAdmin):
    list_display = ["date", "budget_line", "amount", "description", "recorded_by"]
    list_filter = ["budget_line__year", "budget_line__plan__region"]
    list_select_related = ["budget_line", "recorded_by"]
    search_fields = ["description", "budget_line__description", "budget_line__plan__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["budget_line", "recorded_by"]
    readonly_fields = ["recorded_at"]
