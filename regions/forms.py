from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, RevisionFormMixin

from .models import GoverningBody, Meeting, Proposal


class LoginForm(AuthenticationForm):
    """Django's login form without autofocus, so keyboard users meet the skip link and the
    header first, as on every other page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


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
