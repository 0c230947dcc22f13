from django.utils.translation import gettext_lazy as _

from programmes.forms import PlanChildForm

from .models import BudgetLine, Funding


class BudgetLineForm(PlanChildForm):
    class Meta:
        model = BudgetLine
        fields = ["line", "project", "year", "category", "description", "amount"]
        help_texts = {
            "line": _("Leeg voor een post van het hele plan (bijvoorbeeld programmamanagement)."),
            "amount": _("In euro's, bijvoorbeeld 52000 of 52000,50."),
        }
        error_messages = {"year": {"required": _("Vul het jaar van deze jaarschijf in.")}}


class FundingForm(PlanChildForm):
    class Meta:
        model = Funding
        fields = [
            "line",
            "project",
            "kind",
            "organisation",
            "description",
            "amount",
            "percentage",
            "stated_amount",
        ]
        help_texts = {
            "percentage": _(
                "Óf een bedrag óf een percentage van de begroting van het gekozen onderdeel."
            ),
            "stated_amount": _("Het bedrag zoals het document het noemt, ter controle."),
        }


class BudgetLineInlineForm(PlanChildForm):
    """The fields edited in place on the plan page; the rest stays as it is."""

    class Meta:
        model = BudgetLine
        fields = ["year", "description", "amount"]
