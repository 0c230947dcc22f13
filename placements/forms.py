"""Forms of the realisation pages: reading a grid cell as the user typed it, and revising a
target. They only read and check input; the services decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .rules import CountProblem, parse_count


def parse_cell(raw: str | None) -> int | None:
    """A count as typed in a grid cell, by the one rule (rules.parse_count): empty is None
    (no count). A refusal is worded for the cell, which shows what was typed beside it."""
    try:
        return parse_count(raw)
    except ValidationError as error:
        if error.code == CountProblem.TOO_LARGE:
            raise
        if error.code == CountProblem.NEGATIVE:
            message = _("Een aantal kan niet negatief zijn.")
        else:
            message = _(
                "“%(value)s” is geen aantal: vul een heel getal in (0 of meer), "
                "zonder letters of decimalen."
            ) % {"value": raw.strip()}
        raise ValidationError(message, code=error.code) from error


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
