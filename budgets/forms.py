import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT
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
