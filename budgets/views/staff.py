"""Staff costs (personele inzet) of a plan: the same plan-row views as the budget lines,
saving and deleting through budgets.services."""

from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from programmes.mixins import PlanChildDeleteView, PlanChildFormView

from .. import selectors, services
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

    def after_save(self, form):
        """Warn (not refuse) when the stated amount differs from hours × weeks × rate: the
        document may be wrong, or the parts typed in may be."""
        figure = selectors.staff_cost_figure(form.instance)
        if figure.is_discrepancy:
            messages.warning(
                self.request,
                gettext(
                    "Let op: het genoemde bedrag (%(stated)s) wijkt af van uren per week × "
                    "weken × uurtarief (%(computed)s). Zie de markering op de planpagina."
                )
                % {"stated": euro(figure.stated), "computed": euro(figure.computed)},
            )


class StaffCostDeleteView(PlanChildDeleteView):
    model, anchor = StaffCost, "staff-heading"

    def delete(self, instance):
        services.staff_cost_delete(plan=self.plan, staff_cost=instance, actor=self.request.user)
