from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Correction, Delivery, Realisation


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
