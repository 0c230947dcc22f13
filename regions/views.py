from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from budgets import selectors as budget_selectors
from programmes import selectors as programme_selectors

from . import selectors, services
from .concurrency import ConcurrentEditError, refuse_stale_save
from .forms import MeetingForm, ProposalForm
from .models import Meeting, Proposal, Region
from .permissions import Action, RegionPermissionMixin, can


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            regions=selectors.region_list_for(user=user),
            plans=programme_selectors.plan_list_for(user=user),
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "about.html"


class RegionDetailView(RegionPermissionMixin, TemplateView):
    template_name = "regions/region_detail.html"
    permission_action = Action.VIEW

    def get_permission_region(self):
        self.region = get_object_or_404(
            Region.objects.select_related("centre_municipality"), slug=self.kwargs["slug"]
        )
        return self.region

    def get_context_data(self, **kwargs):
        region = self.region
        plans = programme_selectors.plan_list_for(user=self.request.user).filter(region=region)
        return super().get_context_data(
            region=region,
            municipalities=selectors.region_municipalities(region=region),
            bodies=selectors.region_governing_bodies(region=region),
            proposals=budget_selectors.proposals_with_cost_figures(
                proposals=selectors.region_proposals(region=region)
            ),
            plans=plans,
            may_edit=can(self.request.user, Action.EDIT_PLAN, region),
            may_manage_meetings=can(self.request.user, Action.MANAGE_MEETINGS, region),
            meetings=selectors.region_meetings(region=region),
            **kwargs,
        )


class RegionChildFormView(RegionPermissionMixin, FormView):
    """Create (no `pk`) or edit a meeting or proposal of the region in the URL."""

    permission_action = Action.MANAGE_MEETINGS
    template_name = "regions/child_form.html"
    model: type[Meeting] | type[Proposal] | None = None
    title_create: str | Promise = ""
    title_update: str | Promise = ""

    def get_permission_region(self):
        if not hasattr(self, "region"):
            self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return self.region

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            self.model.objects.filter(body__region=self.region), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        self.object = self.get_object()
        return {**super().get_form_kwargs(), "instance": self.object, "region": self.region}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # loads self.object
        return super().get_context_data(
            region=self.region,
            title=self.title_update if self.object else self.title_create,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.save(form)
        except ConcurrentEditError as error:
            refuse_stale_save(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opgeslagen."))
        return redirect(self.region.get_absolute_url() + "#governance-heading")


class MeetingFormView(RegionChildFormView):
    model = Meeting
    form_class = MeetingForm
    title_create, title_update = _("Vergadering toevoegen"), _("Vergadering bewerken")

    def save(self, form):
        return services.meeting_save(
            meeting=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


class ProposalFormView(RegionChildFormView):
    model = Proposal
    form_class = ProposalForm
    title_create, title_update = _("Voorstel toevoegen"), _("Voorstel bewerken")

    def save(self, form):
        return services.proposal_save(
            proposal=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )
