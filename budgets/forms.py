from django import forms
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from core.forms import accept_typed_numbers
from programmes.forms import PlanChildForm
from programmes.models import PlanLine, Project

from .models import MONEY, BudgetLine, Funding
from .selectors import budget_line_name
from .services import NewBudgetLine


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


# Budget changes (begrotingswijzigingen) ------------------------------------------------------


class BudgetChangeForm(forms.Form):
    """The reason of a budget change and, optionally, a budget line the plan does not have
    yet that receives money (a year or part without budget so far)."""

    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom het geld verschuift; de beoordelaar en de historie lezen dit."),
        error_messages={"required": _("Geef de reden van de begrotingswijziging.")},
    )
    new_year = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False)
    new_line = forms.ModelChoiceField(
        label=_("Lijn"), queryset=PlanLine.objects.none(), required=False
    )
    new_project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    new_category = forms.ChoiceField(
        label=_("Categorie"),
        choices=BudgetLine.Category.choices,
        initial=BudgetLine.Category.PROJECTKOSTEN,
        required=False,
    )
    new_description = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)
    new_amount = forms.DecimalField(
        label=_("Bedrag erbij"),
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        required=False,
        help_text=_("Wat deze nieuwe begrotingsregel krijgt, bijvoorbeeld 10.000."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.start_date.year, plan.end_date.year + 1)
        self.fields["new_year"].choices = [("", "---------"), *((y, y) for y in years)]
        self.fields["new_line"].queryset = PlanLine.objects.filter(plan=plan)
        self.fields["new_project"].queryset = Project.objects.filter(
            line__plan=plan
        ).select_related("line")
        accept_typed_numbers(self.fields["new_amount"])

    def clean(self):
        data = super().clean()
        if data.get("new_amount") is not None and not data.get("new_year"):
            self.add_error("new_year", _("Kies het jaar van de nieuwe begrotingsregel."))
        elif data.get("new_year") and data.get("new_amount") is None:
            self.add_error("new_amount", _("Vul in hoeveel de nieuwe begrotingsregel krijgt."))
        return data

    def new_budget_line(self):
        """The (NewBudgetLine, amount) this form asks for, or None."""
        data = self.cleaned_data
        if data.get("new_amount") is None:
            return None
        target = NewBudgetLine(
            year=data["new_year"],
            line=data.get("new_line"),
            project=data.get("new_project"),
            category=data.get("new_category") or BudgetLine.Category.PROJECTKOSTEN,
            description=data.get("new_description", ""),
        )
        return target, data["new_amount"]


class BudgetChangeLineForm(forms.Form):
    """One row of a budget change: a budget line of the plan and how much it goes up
    (positive) or down (negative). An empty row is left out."""

    budget_line = forms.ChoiceField(label=_("Begrotingsregel"), required=False)
    amount = forms.DecimalField(
        label=_("Mutatie"),
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        required=False,
    )

    def __init__(self, *args, budget_lines, **kwargs):
        super().__init__(*args, **kwargs)
        # The plan's budget lines, read once for every row of the formset.
        self.budget_lines = {str(line.pk): line for line in budget_lines}
        self.fields["budget_line"].choices = [
            ("", "---------"),
            *(
                (pk, f"{budget_line_name(line)}: {euro(line.amount)}")
                for pk, line in self.budget_lines.items()
            ),
        ]
        accept_typed_numbers(self.fields["amount"])

    def clean_budget_line(self):
        value = self.cleaned_data["budget_line"]
        return self.budget_lines[value] if value else None

    def clean(self):
        data = super().clean()
        line, amount = data.get("budget_line"), data.get("amount")
        if line is None and amount is not None:
            self.add_error("budget_line", _("Kies de begrotingsregel bij dit bedrag."))
        elif line is not None and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Vul het bedrag in waarmee deze regel verandert."))
        return data


BudgetChangeLineFormSet = forms.formset_factory(BudgetChangeLineForm, extra=4)


class BudgetChangeRejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reden van afkeuring"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef aan waarom u deze begrotingswijziging afkeurt.")},
    )
