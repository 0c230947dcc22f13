"""Reports in the API: the archive's metadata (/reports) and the files of a finished report
(/reports/{id}/pdf, /xlsx, /csv), for whoever may read the plan's region (the report pages'
rule, regions.permissions.can_view_report, asked here through limit_to_regions). The files
are the report pages' downloads (reporting.views.reports.report_file_response): the PDF as it
was made, XLSX and CSV drawn now from the frozen figures. A report that is not finished has
no file yet: 409 in problem details, with its status."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action

from reporting.models import BuildStatus, Report, ReportKind
from reporting.views.reports import REPORT_CONTENT_TYPES, report_file_response

from ..problems import problem_response
from ..serializers.reports import ReportSerializer
from .base import ReadOnlyViewSet
from .plans import region_filter

FILE_ACTIONS = ("pdf", "xlsx", "csv")
NOT_FINISHED = OpenApiResponse(
    response={"$ref": "#/components/schemas/Problem"},
    description="De rapportage is nog niet klaar (status in de wachtrij, wordt gemaakt of "
    "mislukt): er is nog geen bestand.",
)


class ReportFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan")
    region = region_filter("plan__region")  # an unknown code is a 400, as on every list
    kind = django_filters.ChoiceFilter(field_name="kind", choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(field_name="status", choices=BuildStatus.choices)

    class Meta:
        model = Report
        fields = ["plan", "region", "kind", "status"]


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de rapportage."
)


def _file_schema(fmt: str, what: str, how: str):
    media_type = REPORT_CONTENT_TYPES[fmt].split(";")[0]
    return extend_schema(
        summary=what,
        description=how,
        parameters=[ID_PARAMETER],
        responses={
            (200, media_type): OpenApiTypes.BINARY,
            (409, "application/problem+json"): NOT_FINISHED,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Rapportages",
        description=(
            "De rapportages op de plannen die je mag lezen: soort, periode, status, wanneer "
            "gemaakt, plan en schema, met de adressen van de bestanden zodra ze klaar zijn. "
            "Volgorde: nieuwste aanvraag eerst (dan id)."
        ),
        parameters=[
            OpenApiParameter(
                "plan", OpenApiTypes.INT, description="Alleen van dit actieplan (id)."
            ),
            OpenApiParameter(
                "region", OpenApiTypes.STR, description="Alleen van deze regio (CBS-code, AM21)."
            ),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=ReportKind.values, description="Soort rapportage."
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=BuildStatus.values,
                description="Status: wachtrij, bezig, klaar of mislukt.",
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén rapportage",
        description="De gegevens van een rapportage, met de adressen van haar bestanden.",
        parameters=[ID_PARAMETER],
    ),
    pdf=_file_schema(
        "pdf",
        "De PDF van een rapportage",
        "De PDF zoals hij gemaakt is, met de cijfers van toen (bevroren).",
    ),
    xlsx=_file_schema(
        "xlsx",
        "Een rapportage als XLSX",
        "Het werkboek, getekend uit de bevroren cijfers van de rapportage.",
    ),
    csv=_file_schema(
        "csv",
        "Een rapportage als CSV",
        "De CSV voor Excel-NL (puntkomma, UTF-8 met BOM), uit de bevroren cijfers.",
    ),
)
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    region_field = "plan__region"

    def base_queryset(self):
        reports = Report.objects.select_related("plan__region", "schedule")
        if self.action not in FILE_ACTIONS:
            # The frozen figures only for the spreadsheets drawn from them.
            reports = reports.defer("figures")
        return reports.order_by("-requested_at", "-pk")

    def perform_content_negotiation(self, request, force=False):
        # A file is asked for with any Accept header (application/pdf, */*); a problem on
        # the way is answered in JSON.
        return super().perform_content_negotiation(
            request, force=force or self.action in FILE_ACTIONS
        )

    def _file(self, fmt: str):
        report = self.get_object()
        if not report.is_ready:
            return problem_response(
                409,
                _("Deze rapportage is nog niet klaar (%(status)s): er is nog geen bestand.")
                % {"status": report.get_status_display()},
                request=self.request,
                reportStatus=report.status,
            )
        return report_file_response(report, fmt)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def pdf(self, request, pk=None):
        return self._file("pdf")

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def xlsx(self, request, pk=None):
        return self._file("xlsx")

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def csv(self, request, pk=None):
        return self._file("csv")
