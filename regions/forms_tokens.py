"""The form of a new API token: its name and whether it may deliver counts. The region is
the page's; the secret is made by the service, never typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "may_deliver"]
        labels = {"may_deliver": _("Mag ook aanleveren")}
        help_texts = {
            "may_deliver": _(
                "Het token mag dan realisaties aanleveren (POST /api/v1/plans/{id}/deliveries). "
                "Zonder vinkje leest het alleen."
            ),
        }
