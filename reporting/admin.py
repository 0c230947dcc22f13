from django.contrib import admin

from .models import Report, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "frequency", "audience", "is_active"]
    list_filter = ["kind", "frequency", "audience", "is_active", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["plan__title"]
    autocomplete_fields = ["plan"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "plan",
        "kind",
        "status",
        "requested_by",
        "requested_at",
        "generated_at",
    ]
    list_filter = ["kind", "status", "plan__region"]
    list_select_related = ["plan", "requested_by"]
    search_fields = ["plan__title"]
    date_hierarchy = "requested_at"
    autocomplete_fields = ["plan", "schedule", "requested_by"]
    # What was sent stays as it was: the frozen figures are not edited by hand.
    readonly_fields = ["requested_at", "queued_at", "generated_at", "figures", "error"]
