"""The official Banenafspraak figures (national reference data the beheerder imports: every
region reads its own, a national token all) and, per region, our count beside them: the rows
of placements.selectors.reconciliation, the figures the dashboard shows."""

import django_filters
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from placements.models import OfficialCount
from placements.selectors.reconciliation import region_reconciliation
from regions.models import Region

from ..serializers.official import (
    OfficialCountSerializer,
    ReconciliationQuerySerializer,
    ReconciliationSerializer,
)
from .base import ReadOnlyViewSet, RegionScopedMixin
from .plans import region_filter


class OfficialCountFilter(django_filters.FilterSet):
    region = region_filter()  # an unknown code is a 400, as on every list
    since = django_filters.DateFilter(
        field_name="peildatum", lookup_expr="gte", help_text="Peildatum op of na (JJJJ-MM-DD)."
    )
    until = django_filters.DateFilter(
        field_name="peildatum", lookup_expr="lte", help_text="Peildatum op of voor (JJJJ-MM-DD)."
    )

    class Meta:
        model = OfficialCount
        fields = ["region", "since", "until"]


@extend_schema_view(
    list=extend_schema(
        summary="Officiële cijfers Banenafspraak",
        description="Het aantal extra banen per arbeidsmarktregio, sector en peildatum zoals "
        "UWV het publiceert (een stand sinds de nulmeting van 1 januari 2013). De regio's die "
        "je mag lezen; de nieuwste peildatum eerst.",
    ),
    retrieve=extend_schema(summary="Eén officieel cijfer"),
)
class OfficialCountViewSet(ReadOnlyViewSet):
    serializer_class = OfficialCountSerializer
    filterset_class = OfficialCountFilter

    def base_queryset(self):
        return OfficialCount.objects.select_related("region").order_by(
            "region__code", "-peildatum", "sector", "pk"
        )


class RegionReconciliationView(RegionScopedMixin, APIView):
    """Our count beside the official one for a region you may read (another region's address
    is a 404, as its detail is)."""

    region_field = "pk"

    @extend_schema(
        summary="Eigen telling naast de officiële cijfers",
        description="Per peildatum met een officieel cijfer, de nieuwste eerst: per sector en "
        "in totaal de eigen telling, het officiële cijfer, het verschil en het percentage, en "
        "of het verschil buiten de marge van het programma valt. Dezelfde cijfers als het "
        "dashboard van de regio.",
        parameters=[
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description="CBS-code van de regio (AM21)."
            ),
            ReconciliationQuerySerializer,
        ],
        responses=ReconciliationSerializer,
        operation_id="regions_reconciliation",
    )
    def get(self, request, code: str):
        region = self.scoped(Region.objects.filter(code=code)).first()
        if region is None:
            raise Http404
        query = ReconciliationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        programme = query.validated_data["programme"]
        rows = region_reconciliation(region=region, programme=programme)
        return Response(
            ReconciliationSerializer(
                {
                    "region": region.code,
                    "programme": programme.code,
                    "tolerance": programme.reconciliation_tolerance,
                    "results": rows,
                }
            ).data
        )
