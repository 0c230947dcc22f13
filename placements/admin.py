from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Correction, Delivery, Realisation, ReportingPeriod


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


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    can_delete = False
    readonly_fields = ["old_count", "new_count", "reason", "corrected_by", "corrected_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Realisation)
class RealisationAdmin(SimpleHistoryAdmin):
    list_display = ["target", "period", "count", "sector", "target_group", "source"]
    list_filter = ["target__plan__region", "target__indicator", "sector", "target_group"]
    list_select_related = [
        "target__plan",
        "target__line",
        "target__project",
        "target__indicator",
        "period",
    ]
    search_fields = ["source", "target__plan__title", "target__description"]
    # Meta.ordering ("target", …) makes Django report an ordering loop; order by the key.
    ordering = ["target_id", "period_id", "sector", "target_group"]
    autocomplete_fields = ["target", "recorded_by"]
    raw_id_fields = ["period", "delivery"]
    readonly_fields = ["recorded_at", "updated_at"]
    inlines = [CorrectionInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["file_name", "plan", "status", "row_count", "uploaded_by", "uploaded_at"]
    list_filter = ["status", "plan__region"]
    list_select_related = ["plan", "uploaded_by"]
    exclude = ["content"]
    readonly_fields = [
        "plan",
        "file_name",
        "status",
        "row_count",
        "error_count",
        "uploaded_by",
        "uploaded_at",
        "committed_at",
    ]
