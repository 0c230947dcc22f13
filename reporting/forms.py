"""The on-demand report form: which plan, which period, which kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT

from .models import ReportKind


class ReportRequestForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Actieplan"), queryset=None, empty_label=_("– kies een actieplan –")
    )
    kind = forms.ChoiceField(
        label=_("Soort rapportage"), choices=ReportKind.choices, initial=ReportKind.VOORTGANG
    )
    start_date = forms.DateField(label=_("Periode van"), widget=DATE_INPUT)
    end_date = forms.DateField(
        label=_("Periode tot en met"),
        widget=DATE_INPUT,
        help_text=_("De cijfers in de rapportage zijn die van deze datum."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("De einddatum ligt vóór de begindatum; kies een latere datum.")
            )
        return cleaned
