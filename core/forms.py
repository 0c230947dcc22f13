"""Form helpers the apps' edit forms share: the date picker, numbers typed the way people type
them, and the revision an edit form carries so a stale save is refused (core.concurrency)."""

from django import forms
from django.utils.formats import get_format

# A browser date picker; the value travels as ISO (2021-08-16), whatever the language.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


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
    """An edit form that sends back the revision its row was loaded with (hidden), so the
    service refuses a save after someone else's; its numbers are read as people type them."""

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
