"""A plan's versions: making a new one, comparing it with the one before, and the history
of every change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from budgets import services as budget_services
from placements.selectors import progress as placement_progress
from regions.permissions import Action, can_make_new_version

from .. import selectors, services
from ..mixins import PlanMixin


class PlanNewVersionView(PlanMixin, View):
    """The plan page's "Nieuwe versie maken": permissions.can_make_new_version decides, as in
    the admin action, and budgets.services makes the version with its budget."""

    permission_action = Action.VIEW

    def post(self, request, *args, **kwargs):
        if not can_make_new_version(request.user, self.plan):
            raise PermissionDenied
        try:
            new_plan = budget_services.plan_new_version_with_budget(
                plan=self.plan, actor=request.user
            )
        except services.StatusTransitionError as error:
            messages.error(request, str(error))
            return redirect(self.plan)
        messages.success(
            request,
            _("Versie %(version)s is aangemaakt als concept.") % {"version": new_plan.version},
        )
        return redirect(new_plan)


class PlanCompareView(PlanMixin, TemplateView):
    """What changed between this version and the one before (targets, budgets, projects)."""

    template_name = "programmes/actionplan_compare.html"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        plan = self.plan
        other = plan.previous_version
        if other is None:
            raise Http404(_("Dit is de eerste versie; er is niets om mee te vergelijken."))
        # Targets and what they realised, side by side: a count belongs to the target's
        # lineage, so a kept target shows the same realised figure in both versions.
        target_rows = selectors.target_versions(old=other, new=plan)
        old_realised = placement_progress.realised_per_target(plan=other)
        new_realised = placement_progress.realised_per_target(plan=plan)
        for row in target_rows:
            row.old_realised = old_realised.get(row.old.pk) if row.old else None
            row.new_realised = new_realised.get(row.new.pk) if row.new else None
        return super().get_context_data(
            older=other,
            target_rows=target_rows,
            projects=selectors.project_changes(old=other, new=plan),
            budget=budget_selectors.budget_differences(old=other, new=plan),
            **kwargs,
        )


class PlanHistoryView(PlanMixin, TemplateView):
    template_name = "programmes/actionplan_history.html"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        entries = selectors.plan_history(plan=self.plan) + budget_selectors.budget_history(
            plan=self.plan
        )
        entries.sort(key=lambda entry: entry.when, reverse=True)
        return super().get_context_data(entries=entries, **kwargs)
