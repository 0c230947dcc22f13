"""The plan named in the URL, for the realisation pages (grid, import, progress)."""

from django.core.exceptions import PermissionDenied

from programmes.mixins import PlanMixin
from regions.permissions import Action, can_record_realisations


class RecordingPlanMixin(PlanMixin):
    """Only for people who may record realisations in the plan's region (programme managers),
    and only while the plan is not closed: permissions.can_record_realisations decides."""

    plan_url_kwarg = "plan_pk"
    permission_action = Action.RECORD_REALISATION

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if not can_record_realisations(request.user, self.plan):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
