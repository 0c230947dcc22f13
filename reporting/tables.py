"""The report archive as a table: what, about which period, who asked, when it was made.

The cells are rendered by the table's methods with format_html rather than TemplateColumns:
django-tables2 compiles a TemplateColumn's code again for every cell, which cost the archive
page most of its time (a page of 25 reports compiled a hundred templates)."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import show_date, show_datetime

from .models import Report


class ReportTable(tables.Table):
    # The name of its scroll container (templates/django_tables2/werkregio_table.html).
    region_label = gettext_lazy("Rapportages")

    kenmerk = tables.Column(
        verbose_name=gettext_lazy("Kenmerk"),
        linkify=("reporting:report-detail", {"pk": tables.A("pk")}),
        order_by=("pk",),
        attrs={"td": {"class": "nowrap"}},
    )
    plan = tables.Column(verbose_name=gettext_lazy("Actieplan"), order_by=("plan__title",))
    kind = tables.Column(verbose_name=gettext_lazy("Soort"))
    period = tables.Column(
        verbose_name=gettext_lazy("Periode"), order_by=("end_date",), empty_values=()
    )
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    requested_by = tables.Column(
        verbose_name=gettext_lazy("Aangevraagd door"),
        order_by=("requested_by__username",),
        empty_values=(),
    )
    requested_at = tables.Column(verbose_name=gettext_lazy("Aangevraagd op"))
    generated_at = tables.Column(verbose_name=gettext_lazy("Gemaakt op"), default="–")
    downloads = tables.Column(
        verbose_name=gettext_lazy("Downloaden"), orderable=False, empty_values=()
    )

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
        template_name = "django_tables2/werkregio_table.html"
        attrs = {"id": "report-table"}
        empty_text = gettext_lazy("Nog geen rapportages.")

    def render_period(self, record):
        return format_html(
            '<span class="nowrap">{}</span> {} <span class="nowrap">{}</span>',
            show_date(record.start_date),
            _("t/m"),
            show_date(record.end_date),
        )

    def render_status(self, record):
        return format_html(
            '<span class="status-badge status-badge--report-{}">{}</span>',
            record.status,
            record.get_status_display(),
        )

    def render_requested_by(self, record):
        person = record.requested_by
        if person is not None:
            return person.get_full_name() or person.get_username()
        return _("automatisch (schema)") if record.schedule_id else "–"

    def render_requested_at(self, value):
        return show_datetime(value)

    def render_generated_at(self, value):
        return show_datetime(value)

    def render_downloads(self, record):
        return render_to_string("reporting/report_downloads.html", {"report": record})
