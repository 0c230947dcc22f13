"""Presentation of figures in the house style: € 1.030.000, 16-08-2021, 1.353, 90,6 %.
The rounding is regions.numbers' (one decimal for a percentage, whole euros, whole counts),
the same as the charts', the PDF's, the XLSX's and the CSV's."""

from django import template
from django.utils.formats import number_format

from regions.numbers import (
    PERCENT_PLACES,
    percentage_of,
    round_half_up,
    rounded_count,
    rounded_euro,
)

register = template.Library()


@register.filter
def euro(value, cents: bool = False):
    """Whole euros unless `cents` is given: `{{ amount|euro }}` → € 1.030.000."""
    places = 2 if cents else 0
    amount = round_half_up(value, places) if cents else rounded_euro(value)
    if amount is None:
        return "–"
    return f"€ {number_format(amount, decimal_pos=places, force_grouping=True)}"


@register.filter
def euro_cents(value):
    return euro(value, cents=True)


@register.filter
def count(value):
    """A count with thousands grouping: 2.941."""
    number = rounded_count(value)
    if number is None:
        return "–"
    return number_format(number, decimal_pos=0, force_grouping=True)


@register.filter
def percentage(value, places: int = PERCENT_PLACES):
    """A percentage with one decimal (the product's one rule): 90,6 %. `places` is there for
    a figure that must be shown otherwise; no page of the product passes it."""
    places = int(places)
    number = round_half_up(value, places)
    if number is None:
        return "–"
    return f"{number_format(number, decimal_pos=places, force_grouping=True)} %"


@register.simple_tag
def percent_of(part, whole):
    """part ÷ whole as a percentage, '–' when the whole is empty or zero."""
    return percentage(percentage_of(part, whole))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
