"""Realisations have no side door in the admin: they are entered in the grid or imported,
where a count is validated, a concurrent edit is refused and a change in a closed period is a
correction with a reason. Here realisations and corrections are read-only; a delivery is
uploaded on the import page, and a committed one is never deleted."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions.admin import HistoryAdmin

from .models import Correction, Delivery, OfficialCount, OfficialCountImport, Realisation


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    can_delete = False
    readonly_fields = ["old_count", "new_count", "reason", "corrected_by", "corrected_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Realisation)
class RealisationAdmin(HistoryAdmin):
    """Read-only: a count is changed in the plan's grid (a closed period asks for a reason
    and keeps a correction), never here."""

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
    readonly_fields = ["grid"]
    inlines = [CorrectionInline]

    @admin.display(description=_("wijzigen"))
    def grid(self, obj):
        url = reverse("placements:grid", kwargs={"plan_pk": obj.target.plan_id})
        return format_html(
            '<a href="{}">{}</a>', url, _("Wijzig dit aantal in het invoerscherm van het plan")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Uploaded on the plan's import page; a committed delivery is the record of what was
    counted and is never deleted (its realisations protect it in the database too)."""

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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Delivery.Status.VERWERKT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(OfficialCount)
class OfficialCountAdmin(HistoryAdmin):
    """Read-only: the official figures come in only through the import
    (placements.official.services.official_counts_import, the beheerder's page
    /officiele-cijfers/ or the command import_official_counts); their history shows each
    figure a later publication replaced."""

    list_display = ["region", "peildatum", "sector", "extra_jobs", "source", "official_import"]
    list_filter = ["sector", "peildatum", "region"]
    list_select_related = ["region", "official_import"]
    search_fields = ["region__name", "region__code", "source"]
    ordering = ["region__code", "-peildatum", "sector"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficialCountImport)
class OfficialCountImportAdmin(admin.ModelAdmin):
    """The record of each import of official figures: read-only, never deleted (its figures
    protect it in the database too); a new import is made on /officiele-cijfers/importeren/."""

    list_display = [
        "file_name",
        "uploaded_at",
        "uploaded_by",
        "row_count",
        "new_count",
        "changed_count",
        "unchanged_count",
    ]
    list_select_related = ["uploaded_by"]
    exclude = ["content", "results"]
    readonly_fields = [
        "file_name",
        "format",
        "status",
        "row_count",
        "new_count",
        "changed_count",
        "unchanged_count",
        "error_count",
        "uploaded_by",
        "uploaded_at",
        "committed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
