"""The form of a new API token: its name and whether it may deliver counts. The region is
the page's; the secret is made by the service, never typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class ApiTokenForm(forms.ModelForm):
    """`may_grant_delivery` False (the view asks `can_grant_delivery_scope`): the aanleveren
    checkbox is shown disabled, with the reason, and a posted tick is ignored."""

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

    def __init__(self, *args, may_grant_delivery: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_grant_delivery:
            field = self.fields["may_deliver"]
            field.disabled = True
            field.help_text = _(
                "U legt in deze regio zelf geen realisaties vast, dus dit token kan alleen "
                "lezen. Een token dat aanlevert maakt de beheerder, of een regiobeheerder die hier "
                "ook programmamanager is."
            )
