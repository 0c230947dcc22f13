"""Te beoordelen: everything that awaits the signed-in person's decision, across the regions
where they hold the approving role. Deciding happens on each plan's money page, where the
entry is seen beside its budget."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import selectors


class AwaitingDecisionView(LoginRequiredMixin, TemplateView):
    template_name = "budgets/awaiting_decision.html"
    title = _("Te beoordelen")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            title=self.title,
            expenditures=selectors.expenditures_awaiting_decision(user=user),
            budget_changes=selectors.budget_changes_awaiting_decision(user=user),
            **kwargs,
        )
