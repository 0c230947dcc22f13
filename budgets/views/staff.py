"""Staff costs (personele inzet) of a plan: the same plan-row views as the budget lines,
saving and deleting through budgets.services."""

from django.utils.translation import gettext_lazy as _

from programmes.mixins import PlanChildDeleteView, PlanChildFormView

from .. import services
from ..forms import StaffCostForm
from ..models import StaffCost


class StaffCostFormView(PlanChildFormView):
    model, form_class, anchor = StaffCost, StaffCostForm, "staff-heading"
    title_create, title_update = _("Personele inzet toevoegen"), _("Personele inzet bewerken")

    def save(self, form):
        return services.staff_cost_save(
            plan=self.plan,
            staff_cost=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


class StaffCostDeleteView(PlanChildDeleteView):
    model, anchor = StaffCost, "staff-heading"

    def delete(self, instance):
        services.staff_cost_delete(plan=self.plan, staff_cost=instance, actor=self.request.user)
