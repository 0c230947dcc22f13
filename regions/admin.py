from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    GoverningBody,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    Proposal,
    Region,
    RoleAssignment,
)
from .permissions import is_beheerder

admin.site.site_header = _("Werkregio beheer")
admin.site.site_title = _("Werkregio beheer")


def _beheerder_only(request) -> bool:
    # The admin edits every region at once: only a beheerder, as regions.permissions decides,
    # who also gave the second factor at the admin's login (maykin-2fa, decision 0020).
    return is_beheerder(request.user) and request.user.is_verified()


# On the default site, so that every app's admin.register keeps working unchanged.
admin.site.has_permission = _beheerder_only  # type: ignore[method-assign]


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "revert to this version" obeys the change permission:
    django-simple-history saves a revert for anyone who may only view the row, which would be
    a side door past a read-only admin (a realisation, an adopted plan)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class MunicipalityInline(admin.TabularInline):
    """Shown for reference; a municipality is edited on its own page."""

    model = Municipality
    fields = ["code", "name"]
    readonly_fields = ["code", "name"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "centre_municipality", "synthetic"]
    list_select_related = ["centre_municipality"]
    list_filter = ["synthetic"]
    # Set by generate_scale_data alone: its --remove deletes what is marked synthetic.
    readonly_fields = ["synthetic"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["centre_municipality"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["role_title", "organisation", "seat_category", "function", "start_date", "end_date"]
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(GoverningBody)
class GoverningBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "meeting_frequency", "parent"]
    list_filter = ["region", "kind", "meeting_frequency"]
    list_select_related = ["region", "parent__region"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "role_title",
        "body",
        "organisation",
        "seat_category",
        "function",
        "start_date",
        "end_date",
    ]
    list_filter = ["body__region", "seat_category", "function"]
    list_select_related = ["body__region", "organisation"]
    search_fields = ["role_title", "body__name", "organisation__name"]
    autocomplete_fields = ["body", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "location"]
    list_filter = ["body__region"]
    list_select_related = ["body__region"]
    search_fields = ["body__name", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]

    def save_model(self, request, obj, form, change):
        # As the region page saves it: validated, revision counted, author in the history.
        expected = obj.revision if change else None
        services.meeting_save(meeting=obj, expected_revision=expected, actor=request.user)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["reference", "subject", "body", "date", "status", "stated_total"]
    list_filter = ["status", "body__region"]
    list_select_related = ["body__region"]
    search_fields = ["reference", "subject"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]
    raw_id_fields = ["budget_line", "budget_change"]
    readonly_fields = ["status"]
    # Laid out like the document (Algemeen, Voorstel, ..., Financiën, Uitvoering); the status
    # is the meetings' (read-only here as everywhere).
    fieldsets = [
        (
            _("Algemeen"),
            {
                "fields": [
                    "body",
                    "reference",
                    "date",
                    "subject",
                    "contact_role",
                    "unit",
                    "confidential",
                    "status",
                ]
            },
        ),
        (_("Voorstel"), {"fields": ["decision_points", "core_message"]}),
        (_("Toelichting"), {"fields": ["reason", "goal", "arguments"]}),
        (
            _("Financiën"),
            {"fields": ["finances", "stated_total", "budget_line", "budget_change"]},
        ),
        (_("Uitvoering"), {"fields": ["execution"]}),
    ]

    def has_change_permission(self, request, obj=None):
        """A proposal that is aangenomen or verworpen is read-only here too (proposal_save
        refuses it): the admin shows it without a save button."""
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        expected = obj.revision if change else None
        services.proposal_save(proposal=obj, expected_revision=expected, actor=request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role"]
    list_filter = ["role", "region"]
    list_select_related = ["user", "region"]
    search_fields = ["user__username", "user__email", "region__name"]
    autocomplete_fields = ["user", "region"]
