"""/plans/{id}/progress and /progress: progress against target as the Voortgang page, the
region dashboard and the national overview compute it, by placements' one progress result
(PlanProgress). One plan: plan_progress and the prognoses against realisation, as the page;
many plans: every active plan (programmes.selectors.active_plans, the dashboard's rule) page
by page, through plans_progress, whose queries do not grow with the number of plans."""

from dataclasses import dataclass, field

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.response import Response

from placements.progress import Thresholds, has_ended
from placements.selectors.progress import (
    PlanProgress,
    plan_progress,
    plans_progress,
    prognoses_with_realisation,
)
from programmes import selectors as programme_selectors
from programmes.models import ActionPlan

from ..serializers.progress import PlanProgressDetailSerializer, PlanProgressSerializer
from .base import RegionScopedMixin
from .plans import PROGRAMME_PARAMETER, REGION_PARAMETER, programme_filter, region_filter


@dataclass
class ProgressAnswer:
    """What the serializers read for one plan: the plan, its PlanProgress, whether the plan
    has ended (as the page says it), and, for one plan, its prognoses."""

    plan: ActionPlan
    progress: PlanProgress
    ended: bool
    prognoses: list = field(default_factory=list)


def _empty(plan: ActionPlan) -> PlanProgress:
    """A plan without targets: no figures, its programme's thresholds (plan_progress's own
    answer for such a plan)."""
    programme = plan.programme
    return PlanProgress(
        as_of=None, thresholds=Thresholds(programme.on_course_from, programme.at_risk_from)
    )


@extend_schema(
    summary="Voortgang van één actieplan",
    description=(
        "Zoals de pagina Voortgang: per indicator en sector voor het plan, per lijn en project "
        "en per doelstelling het doel, gerealiseerd t/m de peildatum, het percentage, "
        "verwacht, de status (code en label) en de prognose einde looptijd; en de prognoses "
        "per periode naast de realisatie."
    ),
)
class PlanProgressView(RegionScopedMixin, generics.RetrieveAPIView):
    serializer_class = PlanProgressDetailSerializer

    def get_queryset(self):
        return self.scoped(ActionPlan.objects.select_related("region", "programme"))

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        today = timezone.localdate()
        answer = ProgressAnswer(
            plan=plan,
            progress=plan_progress(plan=plan, today=today),
            ended=has_ended(plan.end_date, today),
            prognoses=list(prognoses_with_realisation(plan=plan)),
        )
        return Response(self.get_serializer(answer).data)


class ProgressFilter(django_filters.FilterSet):
    region = region_filter()
    programme = programme_filter()

    class Meta:
        model = ActionPlan
        fields = ["region", "programme"]


@extend_schema_view(
    list=extend_schema(
        summary="Voortgang van alle actieve plannen",
        description=(
            "Per actief plan (zoals het dashboard en het landelijk overzicht ze kiezen: het "
            "vastgestelde plan dat nu loopt, anders het laatst vastgestelde dat begonnen is; "
            "geen landelijke plannen) dezelfde voortgang als /plans/{id}/progress, zonder de "
            "prognoses. Geordend op regio, programma, begindatum, titel en id."
        ),
        parameters=[REGION_PARAMETER, PROGRAMME_PARAMETER],
    ),
)
class ProgressViewSet(RegionScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PlanProgressSerializer
    filterset_class = ProgressFilter

    def get_queryset(self):
        # active_plans ends its order with the id: a page never repeats or skips a plan.
        return self.scoped(programme_selectors.active_plans())

    def list(self, request, *args, **kwargs):
        plans = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        today = timezone.localdate()
        progress = plans_progress(plans=[plan.pk for plan in plans], today=today)
        answers = [
            ProgressAnswer(
                plan=plan,
                progress=progress.get(plan.pk) or _empty(plan),
                ended=has_ended(plan.end_date, today),
            )
            for plan in plans
        ]
        return self.get_paginated_response(self.get_serializer(answers, many=True).data)
