"""/plans, /reporting-periods and /realisations: the plans a principal may read with their
lines, projects and targets as the plan page shows them, their reporting periods, and the
counts recorded against them. Every figure comes from the plan page's selectors."""

import django_filters
from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from placements.models import Realisation
from placements.selectors.counted import counted_for
from programmes import selectors as programme_selectors
from programmes.models import ActionPlan, Programme, ReportingPeriod
from regions.models import Region

from ..serializers.plans import (
    PlanDetailSerializer,
    PlanSerializer,
    RealisationSerializer,
    ReportingPeriodSerializer,
)
from .base import ReadOnlyViewSet

TRUE_OR_FALSE = [("true", "true"), ("false", "false")]


def region_filter(field_name: str = "region") -> django_filters.ModelChoiceFilter:
    """A region by its CBS code (AM01). The regions are reference data: an unknown code is a
    400, a region the principal may not read gives an empty list (its rows are scoped out)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Regio (CBS-code)"),
    )


def programme_filter(field_name: str = "programme") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Programme.objects.all(),
        to_field_name="code",
        label=_("Programma (code)"),
    )


REGION_PARAMETER = OpenApiParameter(
    "region", str, description="CBS-code van de arbeidsmarktregio, bijvoorbeeld AM21."
)
PROGRAMME_PARAMETER = OpenApiParameter(
    "programme", str, description="Code van het programma, bijvoorbeeld banenafspraak."
)
PLAN_PARAMETER = OpenApiParameter("plan", int, description="Id van het plan (de planversie).")


def next_version_pk():
    """The id of the version made from a plan, as programmes.selectors.plan_detail reads it
    (so plan_versions would read it without a query)."""
    return Subquery(ActionPlan.objects.filter(previous_version=OuterRef("pk")).values("pk")[:1])


class PlanFilter(django_filters.FilterSet):
    region = region_filter()
    programme = programme_filter()
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices, label=_("Status"))
    current = django_filters.ChoiceFilter(
        choices=TRUE_OR_FALSE, method="filter_current", label=_("Alleen de huidige versie")
    )

    class Meta:
        model = ActionPlan
        fields = ["region", "programme", "status", "current"]

    def filter_current(self, queryset, name, value):
        current = programme_selectors.current_plan_versions().values("pk")
        if value == "true":
            return queryset.filter(pk__in=current)
        return queryset.exclude(pk__in=current)


@extend_schema_view(
    list=extend_schema(
        summary="Actieplannen",
        description=(
            "De plannen (elke versie) die je mag lezen: metadata, zonder lijnen en doelen. "
            "Landelijke plannen (zonder regio) leest elk token."
        ),
        parameters=[
            REGION_PARAMETER,
            PROGRAMME_PARAMETER,
            OpenApiParameter(
                "status",
                str,
                enum=ActionPlan.Status.values,
                description="Status van het plan.",
            ),
            OpenApiParameter(
                "current",
                str,
                enum=["true", "false"],
                description="true: alleen de huidige versie van elk plan; false: alleen "
                "versies waarvan een nieuwere bestaat.",
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén actieplan met lijnen, projecten en doelen",
        description=(
            "Zoals de planpagina: per indicator en sector het doel dat het plan noemt naast "
            "het doel opgeteld uit lijnen en projecten, en of die verschillen."
        ),
    ),
)
class PlanViewSet(ReadOnlyViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        # plan_list_for is the plan list's selector and scopes to the principal's regions
        # itself (limit_to_regions); the id ends the order, so a page never repeats a plan.
        plans = programme_selectors.plan_list_for(user=self.principal)
        return plans.annotate(next_version_pk=next_version_pk()).order_by(
            *plans.query.order_by, "pk"
        )

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        context = {
            **self.get_serializer_context(),
            "lines": programme_selectors.plan_structure(plan=plan),
            "rollup": programme_selectors.plan_target_rollup(plan=plan),
            "targets": programme_selectors.plan_targets(plan=plan),
        }
        return Response(PlanDetailSerializer(plan, context=context).data)


class PlanOrRegionForm(forms.Form):
    """A plan's periods, or a region's: one of the two is asked for."""

    def clean(self):
        cleaned = super().clean()
        if not self.data.get("plan") and not self.data.get("region"):
            self.add_error(
                "plan",
                forms.ValidationError(_("Geef een plan of een regio op."), code="required"),
            )
        return cleaned


class ReportingPeriodFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan", label=_("Plan (id)"))
    region = region_filter("plan__region")
    status = django_filters.ChoiceFilter(
        choices=[("open", "open"), ("closed", "closed")],
        method="filter_status",
        label=_("Open of afgesloten"),
    )

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "region", "status"]
        form = PlanOrRegionForm

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=value == "open")


@extend_schema_view(
    list=extend_schema(
        summary="Rapportageperioden",
        description=(
            "De rapportageperioden van een plan (?plan=) of van de plannen van een regio "
            "(?region=); één van de twee is verplicht."
        ),
        parameters=[
            PLAN_PARAMETER,
            REGION_PARAMETER,
            OpenApiParameter(
                "status",
                str,
                enum=["open", "closed"],
                description="open: nog niet afgesloten; closed: afgesloten.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="Eén rapportageperiode"),
)
class ReportingPeriodViewSet(ReadOnlyViewSet):
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter
    region_field = "plan__region"
    lookup_value_regex = r"\d+"

    def base_queryset(self):
        return ReportingPeriod.objects.order_by("plan_id", "start_date", "pk")

    def filter_queryset(self, queryset):
        # The rule "plan or region" is for the list; a period's own address needs neither.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


class RealisationFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(method="filter_plan", label=_("Plan (id)"))
    period = django_filters.CharFilter(field_name="period__code", label=_("Periode (code)"))
    region = region_filter("target__plan__region")
    source = django_filters.CharFilter(field_name="source", label=_("Bron"))

    class Meta:
        model = Realisation
        fields = ["plan", "period", "region", "source"]

    def filter_plan(self, queryset, name, value):
        # What counts for the plan version, whichever version recorded it (counted_for).
        return queryset.filter(pk__in=counted_for(plans=[value]).values("pk"))


@extend_schema_view(
    list=extend_schema(
        summary="Realisaties (aantallen)",
        description=(
            "Tellingen per doelstelling, periode, sector of doelgroep en bron; nooit gegevens "
            "over personen. Met ?plan= de tellingen die voor die planversie tellen, ook als "
            "een eerdere versie ze vastlegde (target en plan zijn dan die van de eerdere "
            "versie)."
        ),
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter(
                "period", str, description="Periodecode van de telling, bijvoorbeeld 2016-K4."
            ),
            REGION_PARAMETER,
            OpenApiParameter(
                "source", OpenApiTypes.STR, description="Bron, bijvoorbeeld UWV doelgroepregister."
            ),
        ],
    ),
    retrieve=extend_schema(summary="Eén realisatie"),
)
class RealisationViewSet(ReadOnlyViewSet):
    serializer_class = RealisationSerializer
    filterset_class = RealisationFilter
    region_field = "target__plan__region"
    lookup_value_regex = r"\d+"

    def base_queryset(self):
        return Realisation.objects.select_related("target__indicator", "period").order_by(
            "target__plan_id",
            "period__start_date",
            "target_id",
            "sector",
            "target_group",
            "source",
            "pk",
        )
