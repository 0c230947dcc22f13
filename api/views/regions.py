from drf_spectacular.utils import extend_schema, extend_schema_view

from regions.models import Region

from ..serializers.regions import RegionSerializer
from .base import ReadOnlyViewSet


@extend_schema_view(
    list=extend_schema(summary="Arbeidsmarktregio's", description="De regio's die je mag lezen."),
    retrieve=extend_schema(summary="Eén arbeidsmarktregio, op haar CBS-code (AM01)"),
)
class RegionViewSet(ReadOnlyViewSet):
    serializer_class = RegionSerializer
    region_field = "pk"
    lookup_field = "code"

    def base_queryset(self):
        return Region.objects.select_related("centre_municipality").order_by("code")
