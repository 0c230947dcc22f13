"""Reports are requested on the plan's report pages (or made by a schedule) and are the
record of what was sent: read-only in the admin, never added here, and a finished report is
never deleted. A failed one can be made again with the action, through report_requeue."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import MeetingPack, Report, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "frequency", "audience", "is_active"]
    list_filter = ["kind", "frequency", "audience", "is_active", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["plan__title"]
    autocomplete_fields = ["plan"]


@admin.action(description=_("Mislukte rapportages opnieuw maken"), permissions=["requeue"])
def requeue(modeladmin, request, queryset):
    for report in queryset:
        try:
            services.report_requeue(report=report, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{report}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(
                request, _("%(report)s staat weer in de wachtrij.") % {"report": report}
            )


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
    actions = [requeue]

    def has_requeue_permission(self, request):
        # Remaking a report is a change to it, whatever the admin's read-only pages show.
        return request.user.has_perm("reporting.change_report")

    def has_add_permission(self, request):
        return False

    # What was sent stays as it was: the frozen figures and the file are not edited by hand.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Report.Status.MISLUKT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(MeetingPack)
class MeetingPackAdmin(admin.ModelAdmin):
    """Meeting packs are made from the meeting's panel; here they are read only, like
    reports (a failed one is made again with the panel's button)."""

    list_display = ["__str__", "status", "progress", "requested_by", "requested_at", "generated_at"]
    list_filter = ["status", "meeting__body__region"]
    list_select_related = ["meeting__body", "requested_by"]
    date_hierarchy = "requested_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != MeetingPack.Status.MISLUKT:
            return False
        return super().has_delete_permission(request, obj)
