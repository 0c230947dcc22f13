"""Budget changes (begrotingswijzigingen): the money page's section (the changes with their
rows, status and decision, and the budget lines they moved, original beside current), and the
pages to request one and to approve or reject it. Who may do what: regions.permissions
(can_request_budget_change, can_decide_budget_change); the writes: budgets.services."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.concurrency import ConcurrentEditError
from programmes.mixins import PlanMixin
from regions.permissions import (
    Action,
    can_decide_budget_change,
    can_request_budget_change,
)
from regions.selectors import decisions as decision_selectors

from .. import selectors, services
from ..forms import BudgetChangeForm, BudgetChangeLineFormSet, BudgetChangeRejectForm
from ..models import BudgetChange

ANCHOR = "changes-heading"


def section(*, plan, request) -> dict:
    """The changes of the plan, newest first, each with whether this user may decide on it,
    the budget lines they moved, and the decisions of the meetings about them and about the
    proposals paid from the plan (four queries, whatever the number of changes)."""
    user = request.user
    changes: list[Any] = selectors.plan_budget_changes(plan=plan)
    # "besloten in": the meetings' decisions on the changes and on the proposals paid from
    # the plan's budget lines (one query).
    decided = decision_selectors.decisions_for(
        budget_changes=changes, drawing_from=plan, line_name=selectors.budget_line_name
    )
    for change in changes:
        change.may_decide = can_decide_budget_change(user, change, plan)
        change.decisions = decided.budget_changes.get(change.pk, [])
    return {
        "budget_changes": changes,
        "commitments": decided.commitments,
        "revised_budget_lines": [
            (selectors.budget_line_name(budget_line), selectors.budget_line_revised(budget_line))
            for budget_line in selectors.revised_budget_lines(plan=plan)
        ],
        "may_request_budget_change": can_request_budget_change(user, plan),
    }


def money_url(plan) -> str:
    return reverse("budgets:plan-money", kwargs={"plan_pk": plan.pk}) + f"#{ANCHOR}"


class BudgetChangeMixin(PlanMixin):
    """The plan from the URL; a plan of a region this user may not read is refused (403), as
    on every plan page; a change that is not the plan's is not found (404)."""

    plan_url_kwarg = "plan_pk"
    permission_action = Action.VIEW
    kwargs: dict[str, Any]  # the URL's, set by the view

    def get_change(self) -> BudgetChange:
        if not hasattr(self, "change"):
            try:
                self.change = selectors.plan_budget_change(plan=self.plan, pk=self.kwargs["pk"])
            except BudgetChange.DoesNotExist as missing:
                raise Http404 from missing
        return self.change


class BudgetChangeRequestView(BudgetChangeMixin, TemplateView):
    """Request a budget change: the reason, rows of (budget line, signed amount), and
    optionally a budget line the plan does not have yet that receives money."""

    template_name = "budgets/budget_change_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if not can_request_budget_change(request.user, self.plan):
                raise PermissionDenied(
                    _(
                        "Alleen de programmamanager kan een begrotingswijziging indienen, en "
                        "alleen voor een vastgesteld plan."
                    )
                )
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        budget_lines = list(selectors.budget_lines(plan=self.plan))
        form = BudgetChangeForm(data, plan=self.plan)
        rows = BudgetChangeLineFormSet(
            data, prefix="regels", form_kwargs={"budget_lines": budget_lines}
        )
        return form, rows

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["rows"] = self.forms()
        return super().get_context_data(
            title=_("Begrotingswijziging indienen"), cancel_url=money_url(self.plan), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form, rows = self.forms(request.POST)
        if form.is_valid() and rows.is_valid():
            lines = [
                (row.cleaned_data["budget_line"], row.cleaned_data["amount"])
                for row in rows
                if row.cleaned_data.get("budget_line") is not None
            ]
            if (new := form.new_budget_line()) is not None:
                lines.append(new)
            try:
                services.budget_change_request(
                    plan=self.plan,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    lines=lines,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "De begrotingswijziging is ingediend. Zij wordt verwerkt zodra de "
                        "penningmeester of budgethouder haar heeft goedgekeurd."
                    ),
                )
                return redirect(money_url(self.plan))
        return self.render_to_response(self.get_context_data(form=form, rows=rows))


class DecisionMixin(BudgetChangeMixin):
    """Approve or reject: the change must still wait for a decision, and this user must be a
    second pair of eyes (never the requester)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            change = self.get_change()
            if not change.is_awaiting:
                messages.error(request, self.already_decided(change))
                return redirect(money_url(self.plan))
            if change.recorded_by_id == request.user.pk:
                raise PermissionDenied(
                    _(
                        "U hebt deze begrotingswijziging zelf ingediend; een ander moet haar "
                        "beoordelen."
                    )
                )
            if not can_decide_budget_change(request.user, change, self.plan):
                raise PermissionDenied(
                    _("U mag begrotingswijzigingen van dit plan niet beoordelen.")
                )
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def already_decided(change: BudgetChange) -> str:
        return _("Deze begrotingswijziging is al beoordeeld: %(status)s.") % {
            "status": change.get_status_display()
        }


class BudgetChangeApproveView(DecisionMixin, View):
    """Approve (POST only): the button sends the budget lines' revision it was shown with."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        change = self.get_change()
        try:
            expected = int(request.POST.get("revision", ""))
        except ValueError:
            expected = None
        try:
            services.budget_change_approve(
                change=change, actor=request.user, expected_revision=expected
            )
        except ConcurrentEditError:
            messages.error(
                request,
                _(
                    "De bedragen van deze begrotingsregels zijn intussen gewijzigd. Bekijk de "
                    "begrotingswijziging opnieuw en keur haar dan goed."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("De begrotingswijziging is goedgekeurd en verwerkt in de begroting.")
            )
        return redirect(money_url(self.plan))


class BudgetChangeRejectView(DecisionMixin, FormView):
    """Reject with a reason; the reason is kept with the change and nothing moves."""

    template_name = "budgets/budget_change_reject.html"
    form_class = BudgetChangeRejectForm

    def get_context_data(self, **kwargs):
        [change] = selectors.plan_budget_changes(plan=self.plan, pk=self.get_change().pk)
        return super().get_context_data(
            title=_("Begrotingswijziging afkeuren"),
            change=change,
            cancel_url=money_url(self.plan),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.budget_change_reject(
                change=self.get_change(),
                actor=self.request.user,
                reason=form.cleaned_data["rejection_reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # about the reason: show it on the field
                form.add_error(None, error)
                return self.form_invalid(form)
            messages.error(self.request, " ".join(error.messages))  # decided meanwhile
        else:
            messages.success(self.request, _("De begrotingswijziging is afgekeurd."))
        return redirect(money_url(self.plan))
