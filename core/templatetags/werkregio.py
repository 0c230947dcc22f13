"""The house style on the pages: thin filters over core.formatting, the one formatter the
charts, the PDF, the XLSX and the CSV use too. € 1.030.000, 1.353, 96,6 %, in the separators
of the active language."""

from django import template
from django.utils.html import format_html

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


@register.simple_block_tag
def table_region(content, labelledby="", *values, label="", fixed_first=True):
    """A table that may be wider than the screen, in its own scroll container, so the page
    itself never scrolls sideways (WCAG 2.1 1.4.10 Reflow):

        {% table_region "budget-heading" %}<table>…</table>{% endtable_region %}
        {% table_region "plan-{}-budget-heading" plan.pk %}…{% endtable_region %}
        {% table_region label=table_label %}…{% endtable_region %}

    The container is a named region: `labelledby` is the id of the heading or caption that
    names the table (`{}` in it filled with the values that follow), or else `label` a text.
    It takes keyboard focus, so a keyboard user scrolls it with the arrow keys. The first
    column stays in view while the rest scrolls; `fixed_first=False` for a table whose first
    column groups rows (rowspan). The one home of this markup: django-tables2's tables render
    through it too (templates/django_tables2/werkregio_table.html)."""
    if bool(labelledby) == bool(label):
        raise template.TemplateSyntaxError("table_region takes either labelledby or label.")
    name = (
        format_html('aria-labelledby="{}"', labelledby.format(*values))
        if labelledby
        else format_html('aria-label="{}"', label)
    )
    classes = "table-scroll table-scroll--fixed-first" if fixed_first else "table-scroll"
    return format_html(
        '<div class="{}" role="region" tabindex="0" {}>{}</div>', classes, name, content
    )
