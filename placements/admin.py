from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Realisation


@admin.register(Realisation)
class RealisationAdmin(SimpleHistoryAdmin):
    list_display = ["target", "start_date", "end_date", "count", "sector", "target_group", "source"]
    list_filter = ["target__plan__region", "target__indicator", "sector", "target_group"]
    list_select_related = [
        "target__plan",
        "target__line",
        "target__project",
        "target__indicator",
    ]
    search_fields = ["source", "target__plan__title", "target__description"]
    # Meta.ordering ("target", …) makes Django report an ordering loop; order by the key.
    ordering = ["target_id", "start_date", "sector", "target_group"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["target", "recorded_by"]
    readonly_fields = ["recorded_at"]
