"""Two small pieces of the money tables, rendered in Python: a budget line's name and a
part's spending signal. They stand in every row of the budget-against-actual tables (a plan
with a hundred budget lines draws them hundreds of times); as includes they were a quarter
of the money page's time. The include files of the same names call these tags, so each has
one home (decision 0021)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..rules import SpendingWarning

register = template.Library()


@register.simple_tag
def budget_line_label(budget_line) -> SafeString:
    """2020 · Versnellingsbudget · projectkosten · omschrijving (line and project should be
    select_related)."""
    part = budget_line.project or budget_line.line
    description = f" · {budget_line.description}" if budget_line.description else ""
    return format_html(
        "{} · {} · {}{}",
        budget_line.year,
        part.title if part is not None else _("hele plan"),
        budget_line.get_category_display(),
        description,
    )


@register.simple_tag
def spending_warning(actual) -> SafeString:
    """▲ overschreden or ▼ loopt achter when the part needs attention, else "geen signaal"."""
    warning = actual.warning
    if not warning:
        return format_html('<span class="muted">{}</span>', _("geen signaal"))
    arrow = "▲" if warning == SpendingWarning.OVERSCHREDEN else "▼"
    return format_html(
        '<strong class="spending-warning spending-warning--{}">'
        '<span aria-hidden="true">{} </span>{}</strong>',
        warning.value,
        arrow,
        warning.label,
    )
