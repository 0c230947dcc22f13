from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from programmes import selectors as programme_selectors

from . import selectors
from .models import Region
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
            **kwargs,
        )
