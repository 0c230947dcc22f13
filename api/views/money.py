"""Money in the API: budget lines with budget against actual (/budget-lines), a plan's money
totals (/plans/{id}/budget) and approved spending (/expenditures). The figures are those of
the money page: budgets.selectors.plans_actuals / plan_money / fundings_with_amounts /
awaiting_total, never summed here. Scoped to the principal's regions through
regions.permissions (api.views.base); a row of another region is not there (404)."""

from datetime import date

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import selectors as budget_selectors
from budgets.models import BudgetLine, Expenditure
from programmes.models import ActionPlan

from ..serializers.money import BudgetLineSerializer, ExpenditureSerializer, PlanBudgetSerializer
from .base import ReadOnlyViewSet, RegionScopedMixin

DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    description="Peildatum (JJJJ-MM-DD): de stand op die dag; uitgaven van daarna tellen niet "
    "mee. Standaard vandaag.",
)


def id_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=what)


PLAN_PARAMETER = OpenApiParameter(
    "plan", OpenApiTypes.INT, description="Alleen van dit actieplan (id)."
)


class _AsOf(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)


def as_of(request) -> date:
    """The peildatum of `?date=` (400 in problem details when it does not read), today when
    not given: the money page's `?peildatum=`."""
    checked = _AsOf(data={"date": request.query_params.get("date") or None})
    checked.is_valid(raise_exception=True)
    return checked.validated_data.get("date") or timezone.localdate()


class BudgetLineFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan")
    year = django_filters.NumberFilter(field_name="year")

    class Meta:
        model = BudgetLine
        fields = ["plan", "year"]


def with_actuals(budget_lines: list, *, on: date) -> list:
    """Set on each budget line its budget against actual and its name, from one read of
    their plans' budget lines (plans_actuals: one query for all plans on the page)."""
    plans = {line.plan_id: line.plan for line in budget_lines}
    actuals = budget_selectors.plans_actuals(plans=plans.values(), as_of=on)
    for line in budget_lines:
        line.actual = actuals[line.plan_id].per_budget_line[line.pk]
        line.name = budget_selectors.budget_line_name(line)
    return budget_lines


@extend_schema_view(
    list=extend_schema(
        summary="Begrotingsregels",
        description=(
            "De begrotingsregels (jaarschijven) van de plannen die je mag lezen, elk met "
            "begroting tegen realisatie zoals de pagina Begroting en uitgaven: alleen "
            "goedgekeurde uitgaven tellen als besteed. Volgorde: plan, jaar, lijn, project, id."
        ),
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter("year", OpenApiTypes.INT, description="Alleen van dit jaar."),
            DATE_PARAMETER,
        ],
    ),
    retrieve=extend_schema(
        summary="Eén begrotingsregel, met begroting tegen realisatie",
        description=(
            "Een begrotingsregel met haar huidige en vastgestelde bedrag, goedgekeurde "
            "uitgaven, wat op goedkeuring wacht, resterend, percentage besteed en het signaal "
            "(overschreden, loopt achter)."
        ),
        parameters=[id_parameter("Id van de begrotingsregel."), DATE_PARAMETER],
    ),
)
class BudgetLineViewSet(ReadOnlyViewSet):
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    region_field = "plan__region"

    def base_queryset(self):
        # The order of the money page's table per budget line (budgets.selectors.actuals).
        return BudgetLine.objects.select_related("line", "project", "plan__programme").order_by(
            "plan_id", "year", "line__position", "line_id", "project__position", "project_id", "pk"
        )

    def list(self, request, *args, **kwargs):
        on = as_of(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        lines = with_actuals(list(page), on=on)
        return self.get_paginated_response(self.get_serializer(lines, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        on = as_of(request)
        (line,) = with_actuals([self.get_object()], on=on)
        return Response(self.get_serializer(line).data)


def _part(obj) -> dict:
    return {"id": obj.pk, "title": obj.title}


def _per_line(actuals) -> list[dict]:
    """Each plan line with a budget in the plan's order, its projects beneath: the rows of
    the money page's table Per lijn en project (the figures are plan_actuals')."""
    lines, projects = {}, {}
    for budget_line in actuals.budget_lines:
        if budget_line.line is not None:
            lines.setdefault(budget_line.line.pk, budget_line.line)
        if budget_line.project is not None:
            projects.setdefault(budget_line.project.pk, budget_line.project)
    rows = {
        line.pk: {"line": _part(line), "actual": actuals.per_line[line.pk], "projects": []}
        for line in sorted(lines.values(), key=lambda line: (line.position, line.pk))
    }
    for project in sorted(projects.values(), key=lambda project: (project.position, project.pk)):
        rows[project.line_id]["projects"].append(
            {"project": _part(project), "actual": actuals.per_project[project.pk]}
        )
    return list(rows.values())


def plan_budget_figures(plan: ActionPlan, *, on: date) -> dict:
    """The plan's money as the money page and the plan page read it."""
    money = budget_selectors.plan_money(plan=plan, as_of=on)
    actuals = money.actuals
    fundings = list(budget_selectors.fundings_with_amounts(plan=plan))
    for funding in fundings:
        funding.figure = budget_selectors.funding_figure(funding)
    funding_total = budget_selectors.funding_total_of_rows(fundings)
    return {
        "plan": plan.pk,
        "as_of": actuals.as_of,
        "total": actuals.plan,
        "is_revised": money.revised.is_revised,
        "per_year": [
            {"year": year, "actual": actual} for year, actual in sorted(actuals.per_year.items())
        ],
        "per_category": [
            {"category": category.value, "label": category.label, "actual": actual}
            for category in BudgetLine.Category
            if (actual := actuals.per_category.get(category.value)) is not None
        ],
        "per_line": _per_line(actuals),
        "unassigned": actuals.unassigned,
        "awaiting_approval": budget_selectors.awaiting_total(plan=plan),
        "funding": {
            "total": funding_total.total,
            "unquantified": funding_total.unquantified,
            "rows": fundings,
        },
    }


class PlanBudgetView(RegionScopedMixin, APIView):
    """/plans/{id}/budget: a plan's money totals, exactly as its money page shows them."""

    region_field = "region"

    @extend_schema(
        summary="Begroting en uitgaven van een actieplan",
        description=(
            "De geldcijfers van het plan zoals de pagina Begroting en uitgaven ze toont: "
            "begroting (huidig en vastgesteld), goedgekeurde uitgaven, wat op goedkeuring "
            "wacht, resterend en percentage besteed, per jaar, categorie, lijn en project; "
            "daarnaast de cofinanciering en eigen bijdragen met hun totaal."
        ),
        parameters=[id_parameter("Id van het actieplan."), DATE_PARAMETER],
        responses={200: PlanBudgetSerializer},
    )
    def get(self, request, pk: int):
        plans = self.scoped(ActionPlan.objects.select_related("programme"))
        plan = get_object_or_404(plans, pk=pk)
        figures = plan_budget_figures(plan, on=as_of(request))
        return Response(PlanBudgetSerializer(figures).data)


class ExpenditureFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="budget_line__plan")
    since = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    until = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    category = django_filters.ChoiceFilter(
        field_name="budget_line__category", choices=BudgetLine.Category.choices
    )

    class Meta:
        model = Expenditure
        fields = ["plan", "since", "until", "category"]


@extend_schema_view(
    list=extend_schema(
        summary="Goedgekeurde uitgaven",
        description=(
            "De goedgekeurde uitgaven van de plannen die je mag lezen: alleen wat een tweede "
            "persoon goedkeurde telt als besteed; wat op goedkeuring wacht of is afgekeurd staat "
            "hier niet. Een tegenboeking heeft een negatief bedrag en noemt de uitgave die ze "
            "corrigeert. Bonnen zijn niet via de API te krijgen. Volgorde: nieuwste eerst "
            "(datum, dan id)."
        ),
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="Vanaf deze datum (JJJJ-MM-DD)."
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATE, description="Tot en met deze datum (JJJJ-MM-DD)."
            ),
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                enum=BudgetLine.Category.values,
                description="Alleen op begrotingsregels van deze categorie.",
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén goedgekeurde uitgave",
        description="Een uitgave die wacht op goedkeuring of is afgekeurd: 404.",
        parameters=[id_parameter("Id van de uitgave.")],
    ),
)
class ExpenditureViewSet(ReadOnlyViewSet):
    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilter
    region_field = "budget_line__plan__region"

    def base_queryset(self):
        # APPROVED: the one filter for "spent" (budgets.selectors.budget), the money page's.
        return (
            Expenditure.objects.filter(budget_selectors.APPROVED)
            .select_related("budget_line")
            .order_by("-date", "-pk")
        )
