"""The house style on the pages: thin filters over core.formatting, the one formatter the
charts, the PDF, the XLSX and the CSV use too. € 1.030.000, 1.353, 96,6 %, in the separators
of the active language."""

from django import template

from core import formatting
from core.numbers import PERCENT_PLACES, percentage_of

register = template.Library()


@register.filter
def euro(value, cents: bool = False):
    """Whole euros unless `cents` is given: `{{ amount|euro }}` → € 1.030.000."""
    return formatting.euro(value, cents=bool(cents))


@register.filter
def euro_cents(value):
    return formatting.euro(value, cents=True)


@register.filter
def count(value):
    """A count with thousands grouping: 2.941."""
    return formatting.count(value)


@register.filter
def percentage(value, places: int = PERCENT_PLACES):
    """A percentage with one decimal (the product's one rule): 90,6 %. `places` is there for
    a figure that must be shown otherwise; no page of the product passes it."""
    return formatting.percentage(value, places=int(places))


@register.simple_tag
def percent_of(part, whole):
    """part ÷ whole as a percentage, '–' when the whole is empty or zero."""
    return formatting.percentage(percentage_of(part, whole))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
