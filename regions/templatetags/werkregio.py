"""Presentation of figures in the house style: € 1.030.000, 16-08-2021, 46 %."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _rounded(number: Decimal, places: int) -> Decimal:
    """Round half up before formatting: number_format cuts (90,6 would show as 90)."""
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@register.filter
def euro(value, cents: bool = False):
    """Whole euros unless `cents` is given: `{{ amount|euro }}` → € 1.030.000."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    places = 2 if cents else 0
    return f"€ {number_format(_rounded(amount, places), decimal_pos=places, force_grouping=True)}"


@register.filter
def euro_cents(value):
    return euro(value, cents=True)


@register.filter
def count(value):
    """A count with thousands grouping: 2.941."""
    number = _decimal(value)
    if number is None:
        return "–"
    return number_format(_rounded(number, 0), decimal_pos=0, force_grouping=True)


@register.filter
def percentage(value, places: int = 0):
    number = _decimal(value)
    if number is None:
        return "–"
    places = int(places)
    return f"{number_format(_rounded(number, places), decimal_pos=places, force_grouping=True)} %"


@register.simple_tag
def percent_of(part, whole, places: int = 0):
    """part ÷ whole as a percentage, '–' when the whole is empty or zero."""
    part, whole = _decimal(part), _decimal(whole)
    if part is None or not whole:
        return "–"
    return percentage(part * 100 / whole, places)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
