from django.http import Http404
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from regions.permissions import Action, RegionPermissionMixin, can

from . import selectors
from .choices import Sector
from .models import ActionPlan


def _sector_label(sector: str) -> str:
    return Sector(sector).label if sector else ""


class PlanDetailView(RegionPermissionMixin, TemplateView):
    """The plan page: lines → projects → targets, the budget per year, and every total
    computed, with any stated figure that differs shown beside it."""

    template_name = "programmes/actionplan_detail.html"
    permission_action = Action.VIEW

    def get_permission_region(self):
        try:
            self.plan = selectors.plan_detail(pk=self.kwargs["pk"])
        except ActionPlan.DoesNotExist as missing:
            raise Http404 from missing
        return self.plan.region

    def get_context_data(self, **kwargs):
        plan = self.plan
        lines = selectors.plan_structure(plan=plan)
        rollup = selectors.plan_target_rollup(plan=plan)
        budget = budget_selectors.plan_budget(plan=plan)
        years = budget.years
        # Decorate the prefetched objects for the template; all figures come from selectors.
        for line in lines:
            line.target_rows = rollup.rows(rollup.lines.get(line.pk, {}))
            line.budget_per_year = [budget.per_line_year.get((line.pk, year)) for year in years]
            line.budget_total = budget.per_line.get(line.pk)
            for project in line.projects.all():
                project.target_rows = rollup.rows(rollup.projects.get(project.pk, {}))
                project.budget_per_year = [
                    budget.per_project_year.get((project.pk, year)) for year in years
                ]
                project.budget_total = budget.per_project.get(project.pk)
        fundings = list(budget_selectors.fundings_with_amounts(plan=plan))
        for funding in fundings:
            funding.figure = budget_selectors.funding_figure(funding)
        return super().get_context_data(
            plan=plan,
            lines=lines,
            plan_targets=[
                (indicator, _sector_label(sector), figure)
                for indicator, sector, figure in rollup.rows(rollup.plan)
            ],
            budget=budget,
            years=years,
            unassigned_per_year=[budget.unassigned_per_year.get(year) for year in years],
            has_unassigned=bool(budget.unassigned_per_year),
            fundings=fundings,
            staff_costs=budget_selectors.staff_costs(plan=plan),
            activities=selectors.plan_activities(plan=plan),
            risks=selectors.plan_risks(plan=plan),
            key_figures=selectors.plan_key_figures(plan=plan),
            may_edit=can(self.request.user, Action.EDIT_PLAN, plan.region) and plan.is_editable,
            **kwargs,
        )
