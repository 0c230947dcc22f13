"""One cell of the entry grid (placements/grid.html), rendered by string formatting.

A grid has up to a few thousand cells; through the template language each cost some thirty
nodes (0,1 ms), so a 1.800-cell grid spent most of its time here. The cell's markup lives in
this one place for every state: the page, the htmx answer after a save, a refused save with
its reason field or conflict button (decision 0021)."""

# html.escape as django.utils.html.escape does it, without its check for lazy strings on
# every call (labels, values and errors are plain strings by now).
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formatting

register = template.Library()


# Filled in per cell: key (digits, hyphens and sector or group codes), the escaped label,
# value and expected value, the cell's extra classes and attributes, and what follows the input.
CELL = (
    '<td id="td-{key}" class="grid-cell{classes}">'
    '<label class="visually-hidden" for="c-{key}">{label}</label>'
    '<input type="text" inputmode="numeric" autocomplete="off" size="5" '
    'class="utrecht-textbox utrecht-textbox--html-input grid-input" id="c-{key}" '
    'name="c-{key}" value="{value}" data-hx-post="{url}" '
    'data-hx-vals=\'{{"cell": "{key}"}}\'{attributes}>'
    '<input type="hidden" name="e-{key}" value="{expected}">{after}</td>'
)
BUTTON = (
    '<button type="button" class="utrecht-button utrecht-button--secondary-action '
    'grid-cell-button" data-hx-post="{url}" data-hx-vals=\'{{"cell": "{key}"}}\'>{text}'
    '<span class="visually-hidden"> {label}</span></button>'
)


def _hint(key: str, others) -> str:
    """Counts imported from other sources (+12 UWV): they count, but are not edited here."""
    shown = ", ".join(
        f"+{formatting.count(number)} {escape(str(source))}" for source, number in others
    )
    return f'<span class="grid-hint" id="h-{key}">{shown}</span>'


@register.simple_tag(takes_context=True)
def grid_cells(context, row) -> SafeString:
    """Every cell of a row: one tag per row rather than per cell."""
    return mark_safe("".join([grid_cell(context, cell) for cell in row.cells]))


@register.simple_tag(takes_context=True)
def grid_cell(context, cell) -> SafeString:
    """The cell's <td>: an input (saved by htmx on change, to the grid's one `cell_url`), the
    value it was loaded with, imported counts, and after a refused save the error, the
    reason a closed period asks for or the button to save again."""
    if not cell.in_target_period:
        return mark_safe(
            '<td class="grid-cell grid-cell--off"><span aria-hidden="true">—</span>'
            f'<span class="visually-hidden">{escape(_("buiten de looptijd van de doelstelling"))}'
            "</span></td>"
        )
    key, label, url = cell.key, escape(cell.label), context["cell_url"]
    is_htmx = context.get("is_htmx", False)
    classes = " grid-cell--closed" if cell.period.is_closed else ""
    attributes = ""
    if cell.error:
        classes += " grid-cell--invalid"
        attributes = ' aria-invalid="true"'
    if cell.describedby:
        attributes += f' aria-describedby="{cell.describedby}"'
    after = _hint(key, cell.others) if cell.others else ""
    if cell.error:
        alert = ' role="alert"' if is_htmx else ""
        after += f'<p class="grid-error" id="x-{key}"{alert}>{escape(str(cell.error))}</p>'
    if cell.needs_reason:
        after += (
            '<div class="grid-reason">'
            f'<label for="r-{key}">{escape(_("Reden van de correctie"))}</label>'
            '<input type="text" class="utrecht-textbox utrecht-textbox--html-input" '
            f'id="r-{key}" name="r-{key}" value="{escape(cell.reason)}" maxlength="500"'
            f"{' autofocus' if is_htmx else ''}>"
        )
        if is_htmx:
            after += BUTTON.format(
                url=url, key=key, text=escape(_("Correctie opslaan")), label=label
            )
        after += "</div>"
    elif cell.conflict and is_htmx:
        after += BUTTON.format(url=url, key=key, text=escape(_("Opnieuw opslaan")), label=label)
    if cell.saved:
        saved = escape(_("%(label)s: opgeslagen") % {"label": cell.label})
        after += f'<span class="visually-hidden" role="status">{saved}</span>'
    return mark_safe(
        CELL.format(
            key=key,
            classes=classes,
            label=label,
            value=escape(cell.value),
            url=url,
            attributes=attributes,
            expected=escape(cell.expected),
            after=after,
        )
    )
