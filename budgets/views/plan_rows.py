"""Editing a plan's budget per year and its co-financing: the same plan-row views as the
rest of the plan, saving through budgets.services."""

from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from programmes.mixins import PlanChildDeleteView, PlanChildFormView

from .. import selectors, services
from ..forms import BudgetLineForm, BudgetLineInlineForm, FundingForm
from ..models import BudgetLine, Funding


class BudgetLineFormView(PlanChildFormView):
    model, form_class, anchor = BudgetLine, BudgetLineForm, "budget-heading"
    title_create, title_update = _("Begrotingsregel toevoegen"), _("Begrotingsregel bewerken")
    inline_template = "budgets/budgetline_row.html"
    inline_form_class = BudgetLineInlineForm

    def get_initial(self):
        """Prefill from links such as ?jaar=2021&lijn=3 on the plan page."""
        names = {"jaar": "year", "lijn": "line", "project": "project"}
        return {
            field: self.request.GET[param]
            for param, field in names.items()
            if param in self.request.GET
        }

    def save(self, form):
        return services.budget_line_save(
            plan=self.plan,
            budget_line=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


class FundingFormView(PlanChildFormView):
    model, form_class, anchor = Funding, FundingForm, "funding-heading"
    title_create, title_update = _("Financiering toevoegen"), _("Financiering bewerken")

    def save(self, form):
        return services.funding_save(
            plan=self.plan,
            funding=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )

    def after_save(self, form):
        """Warn (not refuse) when the amount a percentage comes to differs from the amount
        the document states by more than rounding."""
        row = selectors.fundings_with_amounts(plan=self.plan).filter(pk=form.instance.pk).first()
        figure = selectors.funding_figure(row) if row is not None else None
        if figure is not None and figure.is_discrepancy:
            messages.warning(
                self.request,
                gettext(
                    "Let op: het genoemde bedrag (%(stated)s) wijkt af van het berekende "
                    "bedrag (%(computed)s). Zie de markering op de planpagina."
                )
                % {"stated": euro(figure.stated), "computed": euro(figure.computed)},
            )


class BudgetLineDeleteView(PlanChildDeleteView):
    model, anchor = BudgetLine, "budget-heading"


class FundingDeleteView(PlanChildDeleteView):
    model, anchor = Funding, "funding-heading"
