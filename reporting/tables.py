"""The report archive as a table: what, about which period, who asked, when it was made."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Report

PERIOD = (
    '<span class="nowrap">{{ record.start_date|date:"d-m-Y" }}</span> t/m '
    '<span class="nowrap">{{ record.end_date|date:"d-m-Y" }}</span>'
)
STATUS = (
    '<span class="status-badge status-badge--report-{{ record.status }}">'
    "{{ record.get_status_display }}</span>"
)
REQUESTER = (
    "{% load i18n %}{% if record.requested_by %}{{ record.requested_by.get_full_name|default:"
    "record.requested_by.get_username }}{% elif record.schedule_id %}"
    '{% translate "automatisch (schema)" %}{% else %}–{% endif %}'
)
DOWNLOADS = "{% include 'reporting/report_downloads.html' with report=record %}"


class ReportTable(tables.Table):
    kenmerk = tables.Column(
        verbose_name=_("Kenmerk"),
        linkify=("reporting:report-detail", {"pk": tables.A("pk")}),
        order_by=("pk",),
        attrs={"td": {"class": "nowrap"}},
    )
    plan = tables.Column(verbose_name=_("Actieplan"), order_by=("plan__title",))
    kind = tables.Column(verbose_name=_("Soort"))
    period = tables.TemplateColumn(PERIOD, verbose_name=_("Periode"), order_by=("end_date",))
    status = tables.TemplateColumn(STATUS, verbose_name=_("Status"))
    requested_by = tables.TemplateColumn(
        REQUESTER, verbose_name=_("Aangevraagd door"), order_by=("requested_by__username",)
    )
    requested_at = tables.DateTimeColumn(verbose_name=_("Aangevraagd op"), format="d-m-Y H:i")
    generated_at = tables.DateTimeColumn(
        verbose_name=_("Gemaakt op"), format="d-m-Y H:i", default="–"
    )
    downloads = tables.TemplateColumn(DOWNLOADS, verbose_name=_("Downloaden"), orderable=False)

    class Meta:
        model = Report
        fields = [
            "kenmerk",
            "plan",
            "kind",
            "period",
            "status",
            "requested_by",
            "requested_at",
            "generated_at",
            "downloads",
        ]
        template_name = "django_tables2/table.html"
        attrs = {"id": "report-table"}
        empty_text = _("Nog geen rapportages.")
