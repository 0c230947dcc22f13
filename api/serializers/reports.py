"""Reports in the API: what a report is (kind, period, status, when it was made, its plan and
schedule) and where its files are. The files themselves are served by api.views.reports."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reporting.models import Report, ReportSchedule

FORMATS = ("pdf", "xlsx", "csv")


class ReportScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportSchedule
        fields = ["id", "kind", "frequency", "audience"]
        read_only_fields = fields


class ReportLinksSerializer(serializers.Serializer):
    pdf = serializers.URLField(read_only=True)
    xlsx = serializers.URLField(read_only=True)
    csv = serializers.URLField(read_only=True)


class ReportSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(
        source="kenmerk", read_only=True, help_text="Het kenmerk (AM21-2024-0001)."
    )
    region = serializers.CharField(
        source="plan.region.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="CBS-code van de regio van het plan; leeg voor een landelijk plan.",
    )
    built_at = serializers.DateTimeField(
        source="generated_at", read_only=True, help_text="Wanneer de rapportage klaar was."
    )
    schedule = ReportScheduleSerializer(read_only=True, allow_null=True)
    links = serializers.SerializerMethodField(
        help_text="De bestanden, zodra de rapportage klaar is (anders leeg)."
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "start_date",
            "end_date",
            "requested_at",
            "built_at",
            "plan",
            "region",
            "schedule",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(ReportLinksSerializer(allow_null=True))
    def get_links(self, report: Report) -> dict | None:
        if not report.is_ready:
            return None
        request = self.context["request"]
        return {
            fmt: request.build_absolute_uri(reverse(f"api:report-{fmt}", kwargs={"pk": report.pk}))
            for fmt in FORMATS
        }
