from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyFigure,
    NationalTarget,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    ReportingPeriod,
    Risk,
    Target,
)

# Enough to print Target.__str__ (project, line or plan, and indicator) without extra queries.
TARGET_RELATED = ["plan", "line", "project", "indicator"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "measure", "baseline_date"]
    list_filter = ["kind", "measure"]
    search_fields = ["name", "code"]


@admin.register(NationalTarget)
class NationalTargetAdmin(admin.ModelAdmin):
    list_display = ["programme", "indicator", "sector", "measured_on", "value"]
    list_filter = ["programme", "indicator", "sector"]
    list_select_related = ["programme", "indicator"]


class PlanLineInline(admin.TabularInline):
    model = PlanLine
    fields = ["position", "title", "accountable_organisation", "partners"]
    autocomplete_fields = ["accountable_organisation"]
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "version",
        "region",
        "programme",
        "status",
        "start_date",
        "end_date",
    ]
    list_filter = ["region", "programme", "status"]
    list_select_related = ["region", "programme"]
    search_fields = ["title", "region__name", "programme__name"]
    autocomplete_fields = ["region", "previous_version", "status_changed_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PlanLineInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.periods_sync(plan=obj)  # the plan's dates or period length may have changed


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ["position", "title", "accountable_organisation", "start_date", "end_date"]
    autocomplete_fields = ["accountable_organisation"]
    extra = 0
    show_change_link = True


@admin.register(PlanLine)
class PlanLineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "position", "accountable_organisation"]
    list_filter = ["plan__region", "plan__programme"]
    list_select_related = ["plan", "accountable_organisation"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan", "accountable_organisation"]
    inlines = [ProjectInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "line",
        "position",
        "accountable_organisation",
        "start_date",
        "end_date",
    ]
    list_filter = ["line__plan__region", "line__plan__programme"]
    list_select_related = ["line", "accountable_organisation"]
    search_fields = ["title", "line__title", "line__plan__title"]
    autocomplete_fields = ["line", "accountable_organisation"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["description", "plan", "project", "owner_role", "due", "due_date", "status"]
    list_filter = ["status", "plan__region", "plan__programme"]
    list_select_related = ["plan", "project"]
    search_fields = ["description", "owner_role", "plan__title"]
    autocomplete_fields = ["plan", "project"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "likelihood", "impact", "owner_role"]
    list_filter = ["likelihood", "impact", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["description", "mitigation", "plan__title"]
    autocomplete_fields = ["plan"]


class PrognosisInline(admin.TabularInline):
    model = Prognosis
    fields = ["label", "start_date", "end_date", "value"]
    ordering = ["start_date"]
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "plan",
        "line",
        "project",
        "indicator",
        "sector",
        "value",
        "start_date",
        "end_date",
    ]
    list_filter = ["plan__region", "plan__programme", "indicator", "sector"]
    list_select_related = TARGET_RELATED
    search_fields = [
        "description",
        "plan__title",
        "line__title",
        "project__title",
        "indicator__name",
    ]
    autocomplete_fields = ["plan", "line", "project", "indicator"]
    inlines = [PrognosisInline]


@admin.register(Prognosis)
class PrognosisAdmin(admin.ModelAdmin):
    list_display = ["target", "label", "start_date", "end_date", "value"]
    list_filter = ["target__plan__region", "target__indicator"]
    list_select_related = [f"target__{name}" for name in TARGET_RELATED]
    # Meta.ordering ("target", …) makes Django report an ordering loop; order by the key.
    ordering = ["target_id", "start_date"]
    search_fields = ["label", "target__plan__title"]
    autocomplete_fields = ["target"]


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["label", "region", "plan", "value", "unit", "target_group", "reference_date"]
    list_filter = ["region", "unit", "target_group"]
    list_select_related = ["region", "plan"]
    search_fields = ["label", "source"]
    autocomplete_fields = ["region", "plan"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    """Periods are made from the plan's period length; a plan with its own division
    ("eigen indeling") has its periods added here."""

    list_display = ["plan", "code", "start_date", "end_date", "closed_at", "closed_by"]
    list_filter = ["plan__region", "plan__programme"]
    list_select_related = ["plan", "closed_by"]
    search_fields = ["code", "plan__title"]
    ordering = ["plan_id", "start_date"]
    autocomplete_fields = ["plan"]
    readonly_fields = ["closed_at", "closed_by"]
