"""Reading a spending file's amounts and dates: one documented rule each (see
docs/user-guide/spending-import.md), and anything that could be read two ways is refused with
a message rather than guessed.

Amounts are in Dutch notation: a comma before the cents (at most two), a point only between
groups of three digits ("1.234,56", "1234,56", "1.234", "€ 1.234,56"); a real number cell of
an XLSX is taken as it is. "1234.56" or "1,234.56" (English notation) is refused: read the
Dutch way it would be a hundred times too much, read the English way it contradicts the rule.
Dates are 16-08-2021 (day-month-year), 2021-08-16 (ISO) or a date cell of an XLSX."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.tabular import cell_text

_DUTCH = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ENGLISH = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CURRENCY = ("€", "eur")


def spending_cell_text(value) -> str:
    """A cell as the checks read it: a number cell of an XLSX in the Dutch notation the
    amount rule reads ("1234,5"), so an exact number is never taken for English notation;
    everything else as every import reads it (core.tabular.cell_text)."""
    if isinstance(value, bool):
        return cell_text(value)
    if isinstance(value, float | int | Decimal):
        # repr of a float is its shortest exact form: 1234.56 stays 1234.56, not 1234.5599…
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return format(number, "f").replace(".", ",")
    return cell_text(value)


def _negative_amount() -> ValidationError:
    return ValidationError(
        _("negatief bedrag niet toegestaan; een correctie gaat via een tegenboeking")
    )


def looks_negative(text: str) -> bool:
    """A minus before (or after) a number, possibly after a euro sign, or a number in
    brackets as bookkeeping writes a credit: a negative amount, not a formula."""
    bare = _without_currency(text.strip())
    if bare.startswith("(") and bare.endswith(")"):
        bare = bare[1:-1].strip()
    elif bare.startswith("-"):
        bare = _without_currency(bare[1:].strip())
    elif bare.endswith("-"):
        bare = bare[:-1].strip()
    else:
        return False
    return bool(_DUTCH.fullmatch(bare) or _ENGLISH.fullmatch(bare))


def _without_currency(text: str) -> str:
    for sign in _CURRENCY:
        if text.casefold().startswith(sign):
            return text[len(sign) :].strip()
    return text


def parse_amount(text: str) -> Decimal:
    """The amount of a cell by the rule above; raises ValidationError saying what is wrong."""
    if looks_negative(text):
        raise _negative_amount()
    bare = _without_currency(" ".join(text.replace("\u00a0", " ").split()))
    bare = bare.replace(" ", "")
    if _ENGLISH.fullmatch(bare) and not _DUTCH.fullmatch(bare):
        raise ValidationError(
            _(
                "'%(value)s' is in Engelse schrijfwijze. Schrijf bedragen met een komma voor de "
                "centen en een punt alleen tussen duizendtallen, bijvoorbeeld 1.234,56."
            )
            % {"value": text}
        )
    if not _DUTCH.fullmatch(bare):
        raise ValidationError(
            _(
                "'%(value)s' is geen bedrag. Schrijf het in euro als 1.234,56 of 1234,56 (een "
                "komma voor de centen)."
            )
            % {"value": text}
        )
    whole, _comma, cents = bare.partition(",")
    if len(cents) > 2:
        raise ValidationError(
            _(
                "'%(value)s' heeft meer dan twee cijfers achter de komma; is de komma een "
                "scheiding tussen duizendtallen? Schrijf het bedrag als 1.234,56."
            )
            % {"value": text}
        )
    try:
        return Decimal(f"{whole.replace('.', '')}.{cents or '0'}")
    except InvalidOperation as error:  # pragma: no cover - the pattern allows only digits
        raise ValidationError(_("'%(value)s' is geen bedrag.") % {"value": text}) from error


def parse_date(text: str) -> date:
    """The date of a cell: 16-08-2021, 2021-08-16 or an XLSX date cell (read as ISO)."""
    for pattern, order in ((_DAY_MONTH_YEAR, (2, 1, 0)), (_ISO, (0, 1, 2))):
        match = pattern.fullmatch(text.strip())
        if match:
            parts = [int(part) for part in match.groups()]
            year, month, day = (parts[position] for position in order)
            try:
                return date(year, month, day)
            except ValueError:
                raise ValidationError(
                    _("%(value)s bestaat niet als datum.") % {"value": text}
                ) from None
    raise ValidationError(
        _(
            "'%(value)s' is geen datum. Schrijf de datum als 16-08-2021 (dag-maand-jaar) of "
            "2021-08-16."
        )
        % {"value": text}
    )
