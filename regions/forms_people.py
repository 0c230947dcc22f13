"""The forms of the people pages: an invitation (address and roles), a role to give, and the
password a new person sets on accepting. The rules (which roles, which addresses, the
password validators) are the service's; these forms only collect the input."""

from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Het adres waarop de persoon de uitnodiging ontvangt."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    roles = forms.MultipleChoiceField(
        label=_("Rollen in de regio"),
        choices=RoleAssignment.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De persoon krijgt deze rollen zodra de uitnodiging is aangenomen."),
    )


class RoleGiveForm(forms.Form):
    """The roles `person` does not hold in the region yet."""

    role = forms.ChoiceField(label=_("Rol"))

    def __init__(self, *args, held: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [
            (value, label) for value, label in RoleAssignment.Role.choices if value not in held
        ]


class InvitationPasswordForm(forms.Form):
    """The password of the account accepting makes; the validators run in the service too
    (invitation_accept), so no account is made with a password they refuse."""

    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the active language, at render time (the validators' own texts).
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return cleaned
