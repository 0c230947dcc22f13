from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationSettings


class NotificationSettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("Meldingen per e-mail"),
        choices=NotificationSettings.Email.choices,
        widget=forms.RadioSelect,
    )
