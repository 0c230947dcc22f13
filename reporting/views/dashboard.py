"""The pages that bring the floors together: the home page, the region page, the region
dashboard and the national overview. Figures come from the selectors of the apps below
(reporting.selectors.dashboard: a fixed number of queries); charts are drawn here as SVG by
reporting.charts, from the same figures the tables beside them show."""

from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from core import formatting
from placements.progress import Status
from programmes import selectors as programme_selectors
from regions import selectors as region_selectors
from regions.permissions import (
    Action,
    RegionPermissionMixin,
    approves_spending_somewhere,
    can,
    can_manage_api_tokens,
    can_manage_governance,
    can_manage_people,
    can_view_overview,
    roles_by_region,
)
from regions.selectors import bodies as body_selectors
from regions.selectors import meetings as meeting_selectors
from regions.selectors import proposals as proposal_selectors

from .. import charts
from ..selectors import dashboard as dashboard_selectors


def _chart_title(plan, chart) -> str:
    name = chart.indicator.name
    if chart.sector:
        name = f"{name} ({chart.sector_label})"
    return f"{name} – {plan.title}"


def _with_charts(dashboard):
    """Draw the plan's charts: realisation against the target path per charted indicator, and
    approved spending against the budget expected by each month or quarter."""
    plan = dashboard.plan
    for chart in dashboard.charts:
        chart.svg = charts.realisation_chart(
            title=_chart_title(plan, chart),
            labels=[point.period_code for point in chart.points],
            realised=[point.realised_to_date for point in chart.points],
            target_path=[point.expected_to_date for point in chart.points],
            unit=str(chart.indicator.get_kind_display()),
            baseline=charts.baseline_point(chart.baseline_date),
        )
    points = dashboard.spending_points
    dashboard.budget_svg = ""
    if points:
        dashboard.budget_svg = charts.spending_chart(
            title=_("Begroting en uitgaven – %(plan)s") % {"plan": plan.title},
            labels=[point.label for point in points],
            approved=[point.approved for point in points],
            expected=[point.expected for point in points],
        )
    return dashboard


class RegionInUrlMixin(RegionPermissionMixin):
    """The region named by the URL's slug (404 when there is none) is the one permission
    asks about; the view finds it as `self.region`."""

    def get_permission_region(self):
        if not hasattr(self, "region"):
            try:
                self.region = region_selectors.region_detail(slug=self.kwargs["slug"])
            except ObjectDoesNotExist as missing:
                raise Http404 from missing
        return self.region


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        awaiting = None
        if approves_spending_somewhere(user):
            awaiting = budget_selectors.awaiting_decision_summary(user=user)
        return super().get_context_data(
            regions=region_selectors.region_list_for(user=user),
            plans=programme_selectors.plan_list_for(user=user),
            awaiting=awaiting,
            **kwargs,
        )


class RegionDetailView(RegionInUrlMixin, TemplateView):
    """A region: its municipalities, plans, governing bodies, meetings and proposals (with
    the cost figures the budgets compute)."""

    template_name = "regions/region_detail.html"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        region = self.region
        plans = programme_selectors.plan_list_for(user=self.request.user).filter(region=region)
        today = timezone.localdate()
        bodies = body_selectors.region_bodies_with_composition(region=region, on=today)
        return super().get_context_data(
            region=region,
            municipalities=region_selectors.region_municipalities(region=region),
            bodies=bodies,
            proposals=budget_selectors.proposals_with_cost_figures(
                proposals=proposal_selectors.proposal_list(region=region)
            ),
            plans=plans,
            may_edit=can(self.request.user, Action.EDIT_PLAN, region),
            may_manage_meetings=can(self.request.user, Action.MANAGE_MEETINGS, region),
            may_manage_api_tokens=can_manage_api_tokens(self.request.user, region),
            may_manage_people=can_manage_people(self.request.user, region),
            meetings=region_selectors.region_meetings(region=region),
            **kwargs,
        )


class DashboardView(RegionInUrlMixin, TemplateView):
    """A region's active plans: headline figures, realisation over time, budget, what is
    behind, upcoming activities and risks. Everyone with a role in the region."""

    template_name = "reporting/dashboard.html"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        dashboards = [
            _with_charts(dashboard)
            for dashboard in dashboard_selectors.region_dashboard(region=self.region, today=today)
        ]
        return super().get_context_data(
            region=self.region,
            dashboards=dashboards,
            # Our count beside UWV's official figures, per programme that counts the jobs
            # they count.
            reconciliations=dashboard_selectors.region_reconciliations(
                region=self.region, dashboards=dashboards
            ),
            today=today,
            # Action items from the region's decisions, until someone marks them done.
            open_actions=meeting_selectors.open_action_items(self.region),
            may_manage_meetings=can_manage_governance(self.request.user, self.region),
            **kwargs,
        )


class OverviewPermissionMixin(AccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_view_overview(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverviewIndexView(OverviewPermissionMixin, TemplateView):
    template_name = "reporting/overview_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programmes=programme_selectors.programme_list(), **kwargs)


# Worst first: a target that ended short, then behind, at risk, on course, made it.
STATUS_ORDER = {
    Status.NIET_GEHAALD: 0,
    Status.ACHTER: 1,
    Status.RISICO: 2,
    Status.OP_KOERS: 3,
    Status.GEHAALD: 4,
    Status.GEEN_GEGEVENS: 5,
}


def _number(value):
    return -1 if value is None else value


SORT_KEYS = {
    "regio": lambda row: row.region.name.lower(),
    "doel": lambda row: _number(row.progress.target),
    "gerealiseerd": lambda row: _number(row.progress.realised),
    "percentage": lambda row: _number(row.progress.percentage),
    "status": lambda row: (STATUS_ORDER[row.progress.status], _number(row.progress.percentage)),
}
SORT_COLUMNS = [
    ("regio", gettext_lazy("Regio")),
    ("doel", gettext_lazy("Doel")),
    ("gerealiseerd", gettext_lazy("Gerealiseerd")),
    ("percentage", gettext_lazy("Realisatie")),
    ("status", gettext_lazy("Status")),
]


def sort_links(current: str, descending: bool) -> list[dict]:
    """Per column: the link that sorts by it (again: the other way round) and its aria-sort."""
    columns = []
    for key, label in SORT_COLUMNS:
        active = key == current
        columns.append(
            {
                "key": key,
                "label": label,
                "numeric": key in {"doel", "gerealiseerd", "percentage"},
                "query": f"?sort={'-' if active and not descending else ''}{key}",
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return columns


class OverviewView(OverviewPermissionMixin, TemplateView):
    """All regions side by side for a programme, sortable, the user's own regions marked."""

    template_name = "reporting/overview.html"

    def get_context_data(self, **kwargs):
        try:
            programme = programme_selectors.programme_detail(code=self.kwargs["code"])
        except ObjectDoesNotExist as error:
            raise Http404 from error
        sort = self.request.GET.get("sort", "regio")
        descending = sort.startswith("-")
        key = sort.removeprefix("-")
        if key not in SORT_KEYS:
            key, descending = "regio", False
        groups = dashboard_selectors.with_official_figures(
            programme=programme,
            groups=dashboard_selectors.programme_overview(programme=programme),
        )
        for group in groups:
            group.rows.sort(key=SORT_KEYS[key], reverse=descending)
        own = set(roles_by_region(self.request.user))
        return super().get_context_data(
            programme=programme,
            groups=groups,
            has_official=any(group.official for group in groups),
            tolerance=formatting.percentage(programme.reconciliation_tolerance),
            own_region_ids=own,
            columns=sort_links(key, descending),
            sorted_by=dict(SORT_COLUMNS)[key],
            descending=descending,
            may_view_region_ids={
                row.region.pk
                for group in groups
                for row in group.rows
                if can(self.request.user, Action.VIEW, row.region)
            },
            **kwargs,
        )
