import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from core.forms import DATE_INPUT, accept_typed_numbers
from programmes.forms import PlanChildForm
from programmes.models import PlanLine, Project

from . import selectors
from .models import MONEY, BudgetLine, Expenditure, Funding, StaffCost
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
    """Co-financing in the form the document states it: an amount, a percentage of the
    budget of the chosen part, or niet gekwantificeerd (regular funds, in kind). The choice
    is made explicitly, so an empty amount is never read as € 0 nor a stray percentage
    kept beside an amount."""

    class StatedAs(models.TextChoices):
        BEDRAG = "bedrag", _("een bedrag")
        PERCENTAGE = "percentage", _("een percentage van de begroting van het gekozen onderdeel")
        NIET_GEKWANTIFICEERD = (
            "niet_gekwantificeerd",
            _(
                "niet gekwantificeerd (in natura, reguliere middelen: het document noemt "
                "geen bedrag)"
            ),
        )

    # A select rather than radio buttons: one label for the field, as every other field has.
    stated_as = forms.ChoiceField(
        label=_("Vorm"),
        choices=[("", "---------"), *StatedAs.choices],
        error_messages={"required": _("Kies hoe het document deze bijdrage noemt.")},
    )

    class Meta:
        model = Funding
        fields = [
            "line",
            "project",
            "kind",
            "organisation",
            "description",
            "stated_as",
            "amount",
            "percentage",
            "stated_amount",
        ]
        help_texts = {
            "line": _("Leeg voor een bijdrage aan het hele plan."),
            "description": _(
                "Zoals het document de bijdrage noemt, bijvoorbeeld 'reguliere middelen "
                "gemeenten, UWV en WSP'."
            ),
            "amount": _("Alleen bij de vorm 'een bedrag'. In euro's, bijvoorbeeld 27500."),
            "percentage": _(
                "Alleen bij de vorm 'een percentage'. Bijvoorbeeld 40 of 12,5: het bedrag wordt "
                "berekend uit de begroting van het gekozen project, anders de lijn, anders het "
                "hele plan."
            ),
            "stated_amount": _(
                "Alleen bij een percentage: het bedrag zoals het document het noemt, ter "
                "controle naast het berekende bedrag."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stated_as"].initial = self._form_of(self.instance)

    @classmethod
    def _form_of(cls, funding: Funding) -> str:
        if funding.percentage is not None:
            return cls.StatedAs.PERCENTAGE
        if funding.amount is not None:
            return cls.StatedAs.BEDRAG
        return cls.StatedAs.NIET_GEKWANTIFICEERD

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("stated_as")
        amount, percentage = cleaned.get("amount"), cleaned.get("percentage")
        stated = cleaned.get("stated_amount")
        if chosen == self.StatedAs.BEDRAG:
            if amount is None and "amount" not in self.errors:
                self.add_error("amount", _("Vul het bedrag in dat het document noemt."))
            if percentage is not None:
                self.add_error(
                    "percentage",
                    _("Laat het percentage leeg bij een bedrag, of kies de vorm 'percentage'."),
                )
            if stated is not None:
                self.add_error(
                    "stated_amount",
                    _(
                        "Een genoemd bedrag hoort bij een percentage; bij een bedrag is het "
                        "bedrag zelf het genoemde."
                    ),
                )
        elif chosen == self.StatedAs.PERCENTAGE:
            if percentage is None and "percentage" not in self.errors:
                self.add_error("percentage", _("Vul het percentage in, bijvoorbeeld 40."))
            if amount is not None:
                self.add_error(
                    "amount",
                    _(
                        "Laat het bedrag leeg bij een percentage: het bedrag wordt berekend. "
                        "Een bedrag dat het document noemt, hoort bij 'genoemd bedrag'."
                    ),
                )
        elif chosen == self.StatedAs.NIET_GEKWANTIFICEERD:
            if not cleaned.get("description") and not cleaned.get("organisation"):
                self.add_error(
                    "description",
                    _(
                        "Noem wie of wat bijdraagt, zoals het document het zegt (een financier "
                        "of een omschrijving): zonder bedrag is dat alles wat er te zien is."
                    ),
                )
            for name in ("amount", "percentage", "stated_amount"):
                if cleaned.get(name) is not None:
                    self.add_error(
                        name,
                        _(
                            "Laat dit veld leeg bij een bijdrage die niet gekwantificeerd is, "
                            "of kies de vorm 'bedrag' of 'percentage'."
                        ),
                    )
        return cleaned


class BudgetLineInlineForm(PlanChildForm):
    """The fields edited in place on the plan page; the rest stays as it is."""

    class Meta:
        model = BudgetLine
        fields = ["year", "description", "amount"]


class PeildatumForm(forms.Form):
    """The date the money page's budget against actual is shown for (?peildatum=): the date
    picker's ISO value (2021-08-16) or a date typed the Dutch way (16-08-2021)."""

    ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
    DUTCH = re.compile(r"(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})")

    peildatum = forms.CharField(label=_("Stand per"), required=False, widget=DATE_INPUT)

    def clean_peildatum(self) -> date | None:
        text = self.cleaned_data["peildatum"].strip()
        if not text:
            return None
        match = self.ISO.fullmatch(text) or self.DUTCH.fullmatch(text)
        try:
            if match:
                return date(*(int(match[part]) for part in ("year", "month", "day")))
        except ValueError:
            pass  # 31-02-2021: the right shape, no such day
        raise ValidationError(
            _(
                "De peildatum „%(value)s” is geen geldige datum. Schrijf hem als dd-mm-jjjj, "
                "bijvoorbeeld 16-08-2021."
            ),
            code="invalid",
            params={"value": text[:30]},
        )


# Spending (uitgaven). These forms only read what was typed; budgets.services.spending decides
# and saves, so the page, the import and the admin keep the same rules.


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        part = obj.description or obj.project or obj.line or _("hele plan")
        return f"{obj.year} – {obj.get_category_display()} – {part}"


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of an Expenditure field, with the model's label and limits."""
    model_field = Expenditure._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)
    assert field is not None
    return field


class ExpenditureForm(forms.Form):
    """Record a spending entry on one of the plan's budget lines."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"] = BudgetLineChoiceField(
            queryset=selectors.budget_lines(plan=plan),
            label=capfirst(Expenditure._meta.get_field("budget_line").verbose_name),
            help_text=_("Jaar – categorie – omschrijving van de begrotingsregel."),
        )
        self.fields["date"] = _model_field("date", widget=DATE_INPUT)
        self.fields["amount"] = _model_field(
            "amount", help_text=_("In euro's, bijvoorbeeld 1250 of 1.250,50.")
        )
        accept_typed_numbers(self.fields["amount"])
        self.fields["description"] = _model_field("description")
        self.fields["reference"] = _model_field("reference")
        self.fields["counterparty"] = _model_field("counterparty")
        self.fields["receipt"] = forms.FileField(
            label=capfirst(Expenditure._meta.get_field("receipt").verbose_name),
            required=False,
            help_text=_("Optioneel: een PDF of afbeelding (PNG of JPEG) van de bon of factuur."),
            widget=forms.ClearableFileInput(
                attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
            ),
        )


class ExpenditureDecisionForm(forms.Form):
    """Approve: only the revision the approver saw, so two approvers at once do not both
    decide."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class ExpenditureRejectForm(ExpenditureDecisionForm):
    reason = forms.CharField(
        label=_("Reden van afkeuring"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De reden blijft bij de uitgave staan, ook in de historie."),
        error_messages={"required": _("Geef aan waarom u deze uitgave afkeurt.")},
    )


class ExpenditureCorrectionForm(forms.Form):
    """A counter-entry (tegenboeking) on an approved entry: a signed amount and a reason."""

    date = forms.DateField(label=_("Datum"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Bedrag van de correctie"),
        **MONEY,
        help_text=_(
            "Negatief om (een deel van) de uitgave terug te nemen, bijvoorbeeld -250; "
            "positief om haar aan te vullen."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de correctie.")},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        accept_typed_numbers(self.fields["amount"])
        # A counter-entry falls within the plan; for a plan that has ended, on its last day.
        self.fields["date"].initial = min(timezone.localdate(), plan.end_date)


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


class StaffCostForm(PlanChildForm):
    """A role's staff cost as the document gives it: fte or hours per week, weeks and an
    hourly rate (the amount is computed by the database from the last three), and the amount
    the document states, kept beside the computed one to show a difference."""

    class Meta:
        model = StaffCost
        fields = ["role_title", "fte", "hours_per_week", "weeks", "hourly_rate", "stated_amount"]
        help_texts = {
            "role_title": _("Bijvoorbeeld 'uitvoerend projectleider'."),
            "fte": _("Bijvoorbeeld 0,8. Leeg wanneer het document uren per week noemt."),
            "hours_per_week": _("Bijvoorbeeld 36."),
            "weeks": _("Het aantal werkbare weken, bijvoorbeeld 35."),
            "hourly_rate": _("In euro's, bijvoorbeeld 50 of 52,50."),
            "stated_amount": _(
                "Het totaal zoals het document het noemt, ter controle naast het berekende "
                "bedrag (uren per week × weken × uurtarief)."
            ),
        }
        error_messages = {"role_title": {"required": _("Vul de functie of rol in.")}}

    def clean(self):
        cleaned = super().clean()
        fte, hours = cleaned.get("fte"), cleaned.get("hours_per_week")
        if fte is None and hours is None and not {"fte", "hours_per_week"} & set(self.errors):
            self.add_error(
                "hours_per_week",
                _("Vul de uren per week in, of de omvang in fte wanneer het document die noemt."),
            )
        for name, message in (
            ("fte", _("Een omvang in fte is niet negatief.")),
            ("hours_per_week", _("Uren per week liggen tussen 0 en 168.")),
            ("weeks", _("Het aantal weken is niet negatief.")),
            ("hourly_rate", _("Een uurtarief is niet negatief.")),
            ("stated_amount", _("Een genoemd bedrag is niet negatief.")),
        ):
            value = cleaned.get(name)
            too_many_hours = name == "hours_per_week" and value is not None and value > 168
            if value is not None and (value < 0 or too_many_hours):
                self.add_error(name, message)
        return cleaned


class ProposalStaffCostForm(StaffCostForm):
    """A cost line of a proposal (its Financiën), added on the proposal page: the same
    fields and checks as a plan's staff cost, without a plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, plan=None, **kwargs)

    class Meta(StaffCostForm.Meta):
        fields = ["role_title", "hours_per_week", "weeks", "hourly_rate", "stated_amount"]
