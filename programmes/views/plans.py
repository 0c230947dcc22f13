"""The plan pages: list, detail, create, update and status. Every view asks
regions.permissions; every write goes through programmes.services; every figure comes from
selectors."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from budgets import selectors as budget_selectors
from core.concurrency import ConcurrentEditError, concurrent_edit_message, refuse_stale_save
from regions import selectors as region_selectors
from regions.permissions import (
    Action,
    can,
    can_change_plan_status,
    can_edit_plan,
    can_make_new_version,
    can_record_realisations,
    regions_for,
)
from regions.selectors import decisions as decision_selectors

from .. import selectors, services
from ..choices import Sector
from ..filters import ActionPlanFilter
from ..forms import (
    ActionPlanForm,
)
from ..mixins import EditablePlanMixin, PlanMixin
from ..models import ActionPlan
from ..tables import ActionPlanTable

Status = ActionPlan.Status

# What the plan page's button for each status step says.
STEP_LABELS = {
    Status.CONCEPT: gettext_lazy("Terug naar concept"),
    Status.TER_BESPREKING: gettext_lazy("Ter bespreking aanbieden"),
    Status.VASTGESTELD: gettext_lazy("Vaststellen"),
    Status.AFGESLOTEN: gettext_lazy("Afsluiten"),
}


@dataclass(frozen=True)
class StatusStep:
    """A button on the plan page that moves the plan to `status`."""

    status: Status
    label: str
    primary: bool  # adopting the plan is the step the page leads to


def _sector_label(sector: str) -> str:
    return Sector(sector).label if sector else ""


class PlanListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = ActionPlanTable
    filterset_class = ActionPlanFilter
    template_name = "programmes/actionplan_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.plan_list_for(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["regions"] = regions_for(self.request.user, Action.VIEW)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_create=regions_for(self.request.user, Action.EDIT_PLAN).exists(), **kwargs
        )


class PlanDetailView(PlanMixin, TemplateView):
    """The plan page: lines → projects → targets, the budget per year, and every total
    computed, with any stated figure that differs shown beside it."""

    template_name = "programmes/actionplan_detail.html"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        plan = self.plan
        user = self.request.user
        lines = selectors.plan_structure(plan=plan)
        rollup = selectors.plan_target_rollup(plan=plan)
        # Budget against actual, the budget totals and each beside its original once a
        # budget change moved it: one read of the budget lines.
        money = budget_selectors.plan_money(plan=plan)
        budget, revised = money.budget, money.revised
        years = budget.years
        # Decorate the prefetched objects for the template; all figures come from selectors.
        for line in lines:
            line.target_rows = rollup.rows(rollup.lines.get(line.pk, {}))
            line.budget_per_year = [revised.line_year(line.pk, year) for year in years]
            line.budget_total = revised.line(line.pk)
            for project in line.projects.all():
                project.target_rows = rollup.rows(rollup.projects.get(project.pk, {}))
                project.budget_per_year = [revised.project_year(project.pk, year) for year in years]
                project.budget_total = revised.project(project.pk)
        fundings = list(budget_selectors.fundings_with_amounts(plan=plan))
        for funding in fundings:
            funding.figure = budget_selectors.funding_figure(funding)
        may_edit = can_edit_plan(user, plan)
        staff_costs = list(budget_selectors.staff_costs(plan=plan))
        for cost in staff_costs:
            cost.figure = budget_selectors.staff_cost_figure(cost)
        budget_changes = (
            budget_selectors.plan_budget_changes(plan=plan, approved_only=True)
            if revised.is_revised
            else []
        )
        # "besloten in": the plan's decisions, its budget changes' and those on proposals
        # paid from its budget lines, in one query.
        decided = decision_selectors.decisions_for(
            plans=[plan],
            budget_changes=budget_changes,
            drawing_from=plan,
            line_name=budget_selectors.budget_line_name,
        )
        for change in budget_changes:
            change.decisions = decided.budget_changes.get(change.pk, [])
        return super().get_context_data(
            lines=lines,
            plan_targets=[
                (indicator, _sector_label(sector), figure)
                for indicator, sector, figure in rollup.rows(rollup.plan)
            ],
            # For the edit list, and for every reader: a revised target's original value.
            targets=selectors.plan_targets(plan=plan),
            budget=budget,
            budget_actuals=money.actuals,
            years=years,
            unassigned_per_year=[revised.unassigned_year(year) for year in years],
            has_unassigned=bool(budget.unassigned_per_year),
            budget_per_year=[revised.year(year) for year in years],
            budget_changes=budget_changes,
            plan_decisions=decided.plans.get(plan.pk, []),
            commitments=decided.commitments,
            # The edit list: the same budget lines, in the same order as budget_lines gives.
            budget_lines=money.actuals.budget_lines if may_edit else [],
            fundings=fundings,
            funding_total=budget_selectors.funding_total_of_rows(fundings),
            staff_costs=staff_costs,
            staff_total=budget_selectors.staff_total_of_rows(staff_costs),
            proposals=budget_selectors.proposals_with_cost_figures(
                proposals=region_selectors.proposals_by_ids(
                    ids={cost.proposal_id for cost in staff_costs if cost.proposal_id}
                )
            ),
            activities=selectors.plan_activities(plan=plan),
            risks=selectors.plan_risks(plan=plan),
            key_figures=selectors.plan_key_figures(plan=plan),
            versions=selectors.plan_versions(plan=plan),
            may_edit=may_edit,
            may_change_status=can_change_plan_status(user, plan),
            may_make_new_version=can_make_new_version(user, plan),
            may_record=can_record_realisations(user, plan),
            status_steps=[
                StatusStep(status, STEP_LABELS[status], primary=status == Status.VASTGESTELD)
                for status in services.TRANSITIONS[plan.status]
            ],
            **kwargs,
        )


class PlanCreateView(LoginRequiredMixin, FormView):
    form_class = ActionPlanForm
    template_name = "programmes/actionplan_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.editable_regions().exists():
            raise PermissionDenied(_("U mag in geen enkele regio plannen maken."))
        return super().dispatch(request, *args, **kwargs)

    def editable_regions(self):
        return regions_for(self.request.user, Action.EDIT_PLAN)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "regions": self.editable_regions()}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        if not can(self.request.user, Action.EDIT_PLAN, data["region"]):
            raise PermissionDenied
        try:
            plan = services.plan_create(actor=self.request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het plan is aangemaakt als concept."))
        return redirect(plan)


class PlanUpdateView(EditablePlanMixin, FormView):
    form_class = ActionPlanForm
    template_name = "programmes/actionplan_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def form_valid(self, form):
        try:
            services.plan_update(
                plan=form.instance,
                actor=self.request.user,
                expected_revision=form.expected_revision,
            )
        except ConcurrentEditError as error:
            refuse_stale_save(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het plan is opgeslagen."))
        return redirect(self.plan)


class PlanStatusView(PlanMixin, View):
    permission_action = Action.EDIT_PLAN

    def post(self, request, *args, **kwargs):
        try:
            services.plan_change_status(
                plan=self.plan,
                actor=request.user,
                new_status=request.POST.get("status", ""),
                expected_revision=_int(request.POST.get("revision")),
            )
        except (services.StatusTransitionError, KeyError, ValueError):
            messages.error(request, _("Deze statuswijziging is niet toegestaan."))
        except ConcurrentEditError as error:
            messages.error(request, concurrent_edit_message(error))
        else:
            messages.success(
                request,
                _("Status gewijzigd in: %(status)s.") % {"status": self.plan.get_status_display()},
            )
        return redirect(self.plan)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
