"""The plan's money page (Begroting en uitgaven): budget against actual, spending and its
approval, budget changes, and the way in to the spending import. Each section lives in its
own module and adds its part of the page's context; this view only puts them together."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from programmes.mixins import PlanMixin
from regions.permissions import Action

from . import actuals, changes, spending


class PlanMoneyView(PlanMixin, TemplateView):
    template_name = "budgets/plan_money.html"
    permission_action = Action.VIEW
    plan_url_kwarg = "plan_pk"
    title = _("Begroting en uitgaven")
    # Each section: a function (plan, request) → its context; its template is included by
    # budgets/plan_money.html (the import's links read the spending section's
    # may_record_spending).
    sections = (actuals.section, spending.section, changes.section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title=self.title, **kwargs)
        for section in self.sections:
            context.update(section(plan=self.plan, request=self.request))
        return context
