import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, accept_typed_numbers
from programmes.forms import PlanChildForm

from . import selectors
from .models import MONEY, BudgetLine, Expenditure, Funding


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
