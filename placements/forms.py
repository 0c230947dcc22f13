"""Forms of the realisation pages: reading a grid cell as the user typed it, and revising a
target. They only read and check input; the services decide and write."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# "1400", "1.400" or "1 400": Dutch thousands grouping is allowed, decimals are not.
_GROUPED = re.compile(r"^\d{1,3}(?:[. ]\d{3})+$")


def parse_count(raw: str | None) -> int | None:
    """A count as typed in a grid cell: empty is None (no count), otherwise a whole number
    of zero or more. Raises ValidationError with a message the cell can show."""
    text = (raw or "").strip()
    if not text:
        return None
    if _GROUPED.match(text):
        text = text.replace(".", "").replace(" ", "")
    negative = text.startswith("-")
    digits = text.removeprefix("-")
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(
            _(
                "“%(value)s” is geen aantal: vul een heel getal in (0 of meer), "
                "zonder letters of decimalen."
            )
            % {"value": raw.strip()},
            code="not_a_number",
        )
    if negative and int(digits) > 0:
        raise ValidationError(_("Een aantal kan niet negatief zijn."), code="negative")
    return int(digits)


def parse_expected(raw: str | None) -> int | None:
    """The count a cell showed when the page was loaded (hidden; empty: no count)."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None


class TargetRevisionForm(forms.Form):
    """A new value for a target of an adopted plan, with the reason; the first value stays."""

    value = forms.IntegerField(
        label=_("Nieuw doel"),
        min_value=0,
        error_messages={"min_value": _("Een doel kan niet negatief zijn.")},
    )
    reason = forms.CharField(
        label=_("Reden van de herziening"),
        max_length=500,
        help_text=_("Bijvoorbeeld het besluit van de Werkkamer waarin het doel is bijgesteld."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            # Several revision forms on one page: each field needs its own id.
            self.auto_id = f"id_{prefix_id}_%s"
