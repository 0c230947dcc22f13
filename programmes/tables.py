import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan


class ActionPlanTable(tables.Table):
    # The name of its scroll container (templates/django_tables2/werkregio_table.html).
    region_label = _("Actieplannen")

    title = tables.Column(verbose_name=_("Titel"), linkify=True)
    region = tables.Column(
        verbose_name=_("Regio"), default=_("landelijk"), order_by=("region__name",)
    )
    programme = tables.Column(verbose_name=_("Programma"), order_by=("programme__name",))
    start_date = tables.DateColumn(verbose_name=_("Van"), format="d-m-Y")
    end_date = tables.DateColumn(verbose_name=_("Tot en met"), format="d-m-Y")
    version = tables.Column(verbose_name=_("Versie"), attrs={"td": {"class": "numeric"}})
    status = tables.TemplateColumn(
        '<span class="status-badge status-badge--{{ record.status }}">'
        "{{ record.get_status_display }}</span>",
        verbose_name=_("Status"),
    )

    class Meta:
        model = ActionPlan
        fields = ["title", "region", "programme", "start_date", "end_date", "version", "status"]
        template_name = "django_tables2/werkregio_table.html"
        attrs = {"id": "plan-table"}
        empty_text = _("Geen actieplannen gevonden.")
