"""What every API view shares: read-only by default, answered for the principal (a token or
a signed-in person) within the regions regions.permissions gives it, listed in a stable
order, in pages. A row of a region the principal may not read is not there for it: its
list leaves it out and its address answers 404, never 403, so a token learns nothing of
another region, not even that a row exists."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from regions.permissions import Action, limit_to_regions

from ..authentication import principal
from ..permissions import SignedInOrToken


class RegionScopedMixin:
    """Set `region_field`, the path from the model to its region (national rows, with no
    region, are read by every principal, as on the pages)."""

    region_field = "region"
    # No OPTIONS (DRF's metadata would tell the views' internal names; it is answered 405,
    # and Allow names what is answered).
    http_method_names = ["get", "head", "post"]
    permission_classes = [SignedInOrToken]
    filter_backends = [DjangoFilterBackend]

    @property
    def principal(self):
        return principal(self.request)

    def scoped(self, queryset, action: Action = Action.VIEW):
        return limit_to_regions(queryset, self.principal, action, field=self.region_field)


class ReadOnlyViewSet(RegionScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail, scoped and ordered. Subclasses give `base_queryset()`."""

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped(self.base_queryset())
