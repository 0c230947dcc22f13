from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from .models import GoverningBody, Meeting, Proposal

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class LoginForm(AuthenticationForm):
    """Django's login form without autofocus, so keyboard users meet the skip link and the
    header first, as on every other page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


def accept_typed_numbers(field):
    """Show numbers in the user's notation (52000,50) and accept them as people type them:
    € 1.030.000 or 52000,50 in Dutch, 1,030,000.50 in English."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True
    to_python = field.to_python

    def lenient_to_python(value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\xa0", "").replace(" ", "")
            value = value.replace(get_format("THOUSAND_SEPARATOR"), "")
        return to_python(value)

    field.to_python = lenient_to_python


class RevisionFormMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.IntegerField) and not isinstance(
                field.widget, forms.HiddenInput
            ):
                accept_typed_numbers(field)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["revision"].initial = instance.revision

    @property
    def expected_revision(self):
        return self.cleaned_data.get("revision")


class RegionChildForm(RevisionFormMixin, forms.ModelForm):
    """A form for a row of one region: bodies and meetings to choose from are that region's."""

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].queryset = GoverningBody.objects.filter(region=region)
        if "decided_at" in self.fields:
            self.fields["decided_at"].queryset = Meeting.objects.filter(
                body__region=region
            ).select_related("body")


class MeetingForm(RegionChildForm):
    class Meta:
        model = Meeting
        fields = ["body", "date", "location", "notes"]
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 6})}


class ProposalForm(RegionChildForm):
    class Meta:
        model = Proposal
        fields = [
            "body",
            "reference",
            "date",
            "contact_role",
            "subject",
            "decision_points",
            "stated_total",
            "status",
            "decided_at",
        ]
        widgets = {"date": DATE_INPUT, "decision_points": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "stated_total": _(
                "Het totaal zoals het voorstel het noemt; het berekende totaal komt uit de "
                "personeelskosten en wordt ernaast getoond."
            ),
            "contact_role": _("Een functie, geen naam."),
        }
