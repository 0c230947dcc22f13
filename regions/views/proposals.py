"""The proposals (voorstellen) of a region: the list, the proposal page laid out like the
Gooi en Vechtstreek document (Algemeen, Voorstel, Kernboodschap, Aanleiding, Doel,
Argumenten, Financiën, Uitvoering, then its status through the meetings), the edit form and
the cost lines. Members of the region read them; its secretaris (and a beheerder) manages
them (regions.permissions). The status is never a field: only a meeting moves it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from budgets import services as budget_services
from budgets.forms import ProposalStaffCostForm
from core.formatting import euro
from reporting.selectors import governance as governance_selectors

from .. import services
from ..forms import ProposalForm
from ..models import Proposal, Region
from ..selectors import decisions as decision_selectors
from ..selectors import proposals as selectors
from . import RegionChildFormView
from .mixins import REFUSALS, GovernanceRegionMixin, show_refusal


def proposal_url(region: Region, proposal: Proposal, anchor: str = "") -> str:
    url = reverse("regions:proposal-detail", args=[region.slug, proposal.pk])
    return f"{url}#{anchor}" if anchor else url


class ProposalListView(GovernanceRegionMixin, TemplateView):
    """The region's proposals with stated against computed total, filtered by status: a
    fixed number of queries (the cost figures come in the same query as the proposals)."""

    template_name = "regions/proposal_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        if status not in Proposal.Status.values:
            status = ""
        return super().get_context_data(
            proposals=budget_selectors.proposals_with_cost_figures(
                proposals=selectors.proposal_list(region=self.region, status=status)
            ),
            statuses=Proposal.Status.choices,
            status=status,
            **kwargs,
        )


class ProposalDetailView(GovernanceRegionMixin, TemplateView):
    """The proposal page, and (POST, the secretaris, while the proposal is open) a cost line
    added to its Financiën."""

    template_name = "regions/proposal_detail.html"

    def get_proposal(self) -> Proposal:
        if not hasattr(self, "proposal"):
            self.proposal = self.found(selectors.proposal_detail, pk=self.kwargs["pk"])
        return self.proposal

    def get_context_data(self, cost_form=None, **kwargs):
        proposal = self.get_proposal()
        # The cost lines and the figure the list and the PDF show, from the database.
        costs = governance_selectors.proposal_costs(proposal=proposal)
        decided = decision_selectors.decisions_for(
            proposals=[proposal],
            budget_changes=[proposal.budget_change_id] if proposal.budget_change_id else (),
        )
        decisions = decided.proposals.get(proposal.pk, [])
        may_add_cost = self.may_manage and proposal.is_open
        return super().get_context_data(
            proposal=proposal,
            cost_lines=costs.lines,
            cost_figure=costs.figure,
            budget_line_name=(
                budget_selectors.budget_line_name(proposal.budget_line)
                if proposal.budget_line_id
                else ""
            ),
            budget_change_decisions=decided.budget_changes.get(proposal.budget_change_id, []),
            decisions=decisions,
            status_history=selectors.proposal_status_history(
                agenda_items=list(selectors.proposal_agenda_items(proposal=proposal)),
                decisions=decisions,
            ),
            cost_form=(cost_form or ProposalStaffCostForm()) if may_add_cost else None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        self.require_manage()
        form = ProposalStaffCostForm(request.POST)
        if not proposal.is_open:
            messages.error(request, str(refusal(proposal)))
            return redirect(proposal_url(self.region, proposal, "finances-heading"))
        if form.is_valid():
            try:
                saved = budget_services.proposal_staff_cost_save(
                    proposal=proposal,
                    staff_cost=form.instance,
                    expected_revision=None,
                    actor=request.user,
                )
            except REFUSALS as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("Kostenregel toegevoegd."))
                # Warn (not refuse) as the plan's staff costs do: the document may be wrong.
                figure = budget_selectors.staff_cost_figure(saved)
                if figure.is_discrepancy:
                    messages.warning(
                        request,
                        gettext(
                            "Let op: het genoemde bedrag (%(stated)s) wijkt af van uren per "
                            "week × weken × uurtarief (%(computed)s)."
                        )
                        % {"stated": euro(figure.stated), "computed": euro(figure.computed)},
                    )
                return redirect(proposal_url(self.region, proposal, "finances-heading"))
        return self.render_to_response(self.get_context_data(cost_form=form))


def refusal(proposal: Proposal):
    """The Dutch message that says a decided proposal is read-only (the service's)."""
    try:
        services.proposal_require_open(proposal)
    except services.GovernanceError as error:
        return error.messages[0]
    return ""


class ProposalFormView(RegionChildFormView):
    """Create a proposal or edit its text and its dekking; the status is not a field. A
    proposal that is aangenomen or verworpen is read-only: the form says so and saves
    nothing."""

    model = Proposal
    form_class = ProposalForm
    template_name = "regions/proposal_form.html"
    title_create, title_update = _("Voorstel toevoegen"), _("Voorstel bewerken")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decided = self.object is not None and not self.object.is_open
        context["object"] = self.object
        context["refusal"] = refusal(self.object) if decided else ""
        context["cancel_url"] = (
            proposal_url(self.region, self.object)
            if self.object
            else reverse("regions:proposal-list", args=[self.region.slug])
        )
        return context

    def save(self, form):
        return services.proposal_save(
            proposal=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )

    def get_saved_url(self, saved) -> str:
        return proposal_url(self.region, saved)
