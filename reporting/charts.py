"""Charts as SVG markup, drawn on the server by pygal: the same chart on the dashboard (inline
in the HTML) and in the PDF (WeasyPrint renders inline SVG). Pure functions of plain data, so a
report draws its chart from frozen figures.

Every chart:
- uses the product's colours, each at least 3:1 against white (WCAG 1.4.11 for graphics; the
  text colours reach 4.5:1), and tells series apart by more than colour (the target path is
  dashed, bars are labelled in the legend);
- shows numbers the Dutch way ("1.400", "€ 1.030.000");
- carries no JavaScript and no XML declaration, so it can be inlined in HTML and a PDF;
- has a viewBox besides its width and height, so CSS can scale it to the column;
- has a `<title>` and a `<desc>` (a sentence with the figures) and role="img", for screen
  readers. The page beside it still gives a table with the same figures.

Drawing takes pygal 10 to 30 ms a chart, so a drawn chart is kept in Django's cache under a
hash of everything it was drawn from (`chart_key`): the figures, labels, title, unit, the
active language, the style and this module's drawing version. Changed figures give another
key, so a kept chart never shows stale figures and nothing needs to be invalidated
(decision 0017)."""

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date

import pygal
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.translation import gettext as _
from pygal.style import Style

from core import formatting

WIDTH = 800
HEIGHT = 360

# Rijkshuisstijl-like colours; contrast against white in brackets.
DARK_BLUE = "#154273"  # realised (10,2:1)
DARK_GREY = "#4a4a4a"  # target path, dashed (8,9:1)
SKY_BLUE = "#01689b"  # budget planned (6,1:1)
DARK_ORANGE = "#b35300"  # budget spent (5,1:1)
TEXT = "#1a1a1a"

CHART_STYLE = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": TEXT,
    "foreground_strong": TEXT,
    "foreground_subtle": DARK_GREY,
    "font_family": "system-ui, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 14,
    "title_font_size": 16,
    "value_font_size": 12,
    # Full opacity: pygal's default (0.7) would fade the colours below their contrast.
    "opacity": "1",
    "opacity_hover": "1",
    "stroke_opacity": "1",
    "stroke_opacity_hover": "1",
    "guide_stroke_color": "#b0b0b0",
    "major_guide_stroke_color": "#b0b0b0",
    "transition": "0s",
}

TARGET_DASH = {"dasharray": "8, 5"}

# Raise when a change to the drawing code makes the same figures draw a different chart, so
# charts kept in the cache by the old code are no longer found.
DRAWING_VERSION = 2


def chart_key(kind: str, **inputs) -> str:
    """The cache key of a chart: a hash of what draws it. Same figures, labels, language and
    style: the same key; any change: another one."""
    drawn_from = (
        DRAWING_VERSION,
        pygal.__version__,
        kind,
        translation.get_language(),
        sorted(CHART_STYLE.items()),
        TARGET_DASH,
        (WIDTH, HEIGHT),
        sorted(inputs.items()),
    )
    return "chart:" + hashlib.sha256(repr(drawn_from).encode()).hexdigest()


def _kept(kind: str, draw: Callable[..., str], **inputs) -> str:
    """The chart from the cache, else drawn and kept (CHART_CACHE names the cache)."""
    cache = caches[settings.CHART_CACHE]
    key = chart_key(kind, **inputs)
    svg = cache.get(key)
    if svg is None:
        svg = draw(**inputs)
        cache.set(key, svg, timeout=settings.CHART_CACHE_SECONDS)
    return svg


def _chart_id(*parts) -> str:
    """A stable id (the same data draws the same SVG), unique per chart on a page in practice."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _accessible(*, chart_id: str, description: str):
    """An XML filter: drop pygal's script and per-point tooltip texts (they need JavaScript and
    would be read out one by one), drop the generator comments (they carry today's date), and
    give the chart role="img" with its title and description. The ids pygal gives inside the
    chart (a legend's "activate-serie-0") are the same in every chart, and the dashboard shows
    several charts on one page: they take the chart's own id in front, so ids stay unique."""

    def apply(root):
        for parent in list(root.iter()):
            for child in list(parent):
                tag = _local(child.tag)
                is_comment = not isinstance(child.tag, str)
                if is_comment or tag == "script" or (tag == "desc" and child.get("class")):
                    parent.remove(child)
                elif (inner_id := child.get("id")) and not inner_id.startswith(chart_id):
                    child.set("id", f"{chart_id}-{inner_id}")
        title = next(node for node in root if _local(node.tag) == "title")
        title.set("id", f"{chart_id}-title")
        desc = root.makeelement("desc", {"id": f"{chart_id}-desc"})
        desc.text = description
        root.insert(list(root).index(title) + 1, desc)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title")
        root.set("aria-describedby", f"{chart_id}-desc")
        return root

    return apply


_CHART_TITLE = re.compile(r'<title id="(?P<id>chart-[0-9a-f]+)-title">(?P<title>[^<]*)</title>')


def with_text_alternative(svg: str) -> str:
    """The chart with its description (the figures in words) joined to its title, for a
    tagged PDF: WeasyPrint takes a chart's text alternative (the Figure's /Alt) from the
    SVG's own <title> alone, where a page reads title and description through
    aria-labelledby and aria-describedby. The visible title is a <text>, so nothing shows
    differently. Both texts are already escaped XML."""
    found = _CHART_TITLE.search(svg)
    if found is None:
        return svg
    desc = re.search(rf'<desc id="{found["id"]}-desc">(?P<desc>[^<]*)</desc>', svg)
    if desc is None or not desc["desc"]:
        return svg
    title = f"{found['title']}. {desc['desc']}" if found["title"] else desc["desc"]
    element = f'<title id="{found["id"]}-title">{title}</title>'
    return svg[: found.start()] + element + svg[found.end() :]


def _chart(
    chart_class,
    *,
    title: str,
    colours: Sequence[str],
    description: str,
    key,
    style: dict | None = None,
    **config,
):
    chart = chart_class(
        style=Style(colors=tuple(colours), **{**CHART_STYLE, **(style or {})}),
        title=title,
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        disable_xml_declaration=True,
        js=[],
        classes=["pygal-chart", "chart"],
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        truncate_label=-1,
        show_y_guides=True,
        show_x_guides=False,
        margin=16,
        no_data_text=_("Geen gegevens"),
        **config,
    )
    chart.uuid = _chart_id(chart_class.__name__, title, key)
    chart.add_xml_filter(_accessible(chart_id=f"chart-{chart.uuid}", description=description))
    return chart


def _last(values: Sequence) -> tuple[int, object] | None:
    """(index, value) of the last value that is not None."""
    for index in range(len(values) - 1, -1, -1):
        if values[index] is not None:
            return index, values[index]
    return None


def realisation_description(
    *, labels: list[str], realised: list[int | None], target_path: list[int | None], unit: str = ""
) -> str:
    """One sentence with the figures the chart shows: the latest realised against the target
    path at that period, and where the path ends."""
    unit_text = f" {unit}" if unit else ""
    sentences = []
    last = _last(realised)
    if last is None:
        sentences.append(_("Er is nog niets gerealiseerd."))
    else:
        index, value = last
        sentence = _("Gerealiseerd tot en met %(period)s: %(realised)s%(unit)s.") % {
            "period": labels[index],
            "realised": formatting.count(value),
            "unit": unit_text,
        }
        if index < len(target_path) and target_path[index] is not None:
            sentence += " " + _("Volgens het doelpad verwacht: %(expected)s%(unit)s.") % {
                "expected": formatting.count(target_path[index]),
                "unit": unit_text,
            }
        sentences.append(sentence)
    end = _last(target_path)
    if end is not None:
        index, value = end
        sentences.append(
            _("Het doelpad loopt naar %(target)s%(unit)s in %(period)s.")
            % {"target": formatting.count(value), "unit": unit_text, "period": labels[index]}
        )
    return " ".join(sentences)


def baseline_point(baseline_date: date | None) -> tuple[str, int] | None:
    """A stock's nulmeting as a chart's first point: its label and its level, 0 (a stock
    counts what was added since); None for a flow."""
    if not baseline_date:
        return None
    return (_("nulmeting %(date)s") % {"date": formatting.show_date(baseline_date)}, 0)


def realisation_chart(
    *,
    title: str,
    labels: list[str],
    realised: list[int | None],
    target_path: list[int | None],
    unit: str = "",
    baseline: tuple[str, int] | None = None,
) -> str:
    """Realised to date per period (a solid line with dots) against the target path (a dashed
    line). None leaves a gap: a period not reported yet. `baseline` (label, level) is a
    stock's nulmeting: both lines start from it, as the first point on the axis."""
    return _kept(
        "realisation",
        _draw_realisation,
        title=str(title),
        labels=list(labels),
        realised=list(realised),
        target_path=list(target_path),
        unit=unit,
        baseline=baseline,
    )


def _draw_realisation(
    *,
    title: str,
    labels: list[str],
    realised: list[int | None],
    target_path: list[int | None],
    unit: str,
    baseline: tuple[str, int] | None,
) -> str:
    if baseline is not None:
        label, level = baseline
        labels, realised = [label, *labels], [level, *realised]
        target_path = [level, *target_path]
    description = realisation_description(
        labels=labels, realised=realised, target_path=target_path, unit=unit
    )
    chart = _chart(
        pygal.Line,
        title=title,
        colours=(DARK_BLUE, DARK_GREY),
        description=description,
        key=(tuple(labels), tuple(realised), tuple(target_path), unit),
        # Lines 3px wide: pygal's 1px would be hard to see and to tell apart.
        style={"stroke_width": "3", "stroke_width_hover": "3"},
        value_formatter=formatting.count,
        # Slanted when many, or when the long "nulmeting 01-01-2013" would run into "2015-K1".
        x_label_rotation=-45 if len(labels) > 12 or baseline is not None else 0,
        show_minor_x_labels=len(labels) <= 24,
        x_labels_major_every=max(1, len(labels) // 12) if len(labels) > 24 else None,
        y_title=unit or None,
        min_scale=4,
        max_scale=8,
        include_x_axis=True,
        dots_size=4,
    )
    chart.x_labels = labels
    chart.add(_("Gerealiseerd"), list(realised))
    chart.add(_("Doelpad"), list(target_path), stroke_style=TARGET_DASH, show_dots=False)
    return chart.render()


def budget_description(*, years: list[str], planned: list, spent: list) -> str:
    parts = [
        _("%(year)s: begroot %(planned)s, besteed %(spent)s")
        % {"year": year, "planned": formatting.euro(plan), "spent": formatting.euro(done)}
        for year, plan, done in zip(years, planned, spent, strict=True)
    ]
    if not parts:
        return _("Er is geen begroting.")
    return _("Begroot en besteed per jaar. %(years)s.") % {"years": "; ".join(parts)}


def _plain(value):
    return float(value) if value is not None else None


def budget_chart(*, title: str, years: list[str], planned: list, spent: list) -> str:
    """Budget planned against spent per year, as bars side by side."""
    return _kept(
        "budget",
        _draw_budget,
        title=str(title),
        years=[str(year) for year in years],
        planned=list(planned),
        spent=list(spent),
    )


def _draw_budget(*, title: str, years: list[str], planned: list, spent: list) -> str:
    description = budget_description(years=years, planned=planned, spent=spent)
    chart = _chart(
        pygal.Bar,
        title=title,
        colours=(SKY_BLUE, DARK_ORANGE),
        description=description,
        key=(tuple(years), tuple(map(str, planned)), tuple(map(str, spent))),
        value_formatter=formatting.euro,
        include_x_axis=True,
        min_scale=4,
        max_scale=8,
    )
    chart.x_labels = years
    chart.add(_("Begroot"), [_plain(value) for value in planned])
    chart.add(_("Besteed"), [_plain(value) for value in spent])
    return chart.render()


def spending_description(*, labels: list[str], approved: list, expected: list) -> str:
    """One sentence with the figures the budget-and-spending chart shows: approved to date
    against the budget expected by then, and where the budget ends."""
    last = _last(approved)
    if not labels:
        return _("Er is geen begroting.")
    sentences = []
    if last is None:
        sentences.append(_("Er is nog niets goedgekeurd."))
    else:
        index, value = last
        sentences.append(
            _(
                "Goedgekeurd tot en met %(period)s: %(approved)s; volgens de begroting "
                "verwacht: %(expected)s."
            )
            % {
                "period": labels[index],
                "approved": formatting.euro(value),
                "expected": formatting.euro(expected[index]),
            }
        )
    sentences.append(
        _("De begroting loopt naar %(budget)s in %(period)s.")
        % {"budget": formatting.euro(expected[-1]), "period": labels[-1]}
    )
    return " ".join(sentences)


def spending_chart(*, title: str, labels: list[str], approved: list, expected: list) -> str:
    """Approved spending to date per period, cumulative (a solid line with dots), against the
    budget as the time rule expects it spent by each period's end (a dashed line). None
    leaves a gap: a period not begun."""
    return _kept(
        "spending",
        _draw_spending,
        title=str(title),
        labels=list(labels),
        approved=list(approved),
        expected=list(expected),
    )


def _draw_spending(*, title: str, labels: list[str], approved: list, expected: list) -> str:
    description = spending_description(labels=labels, approved=approved, expected=expected)
    chart = _chart(
        pygal.Line,
        title=title,
        colours=(DARK_ORANGE, SKY_BLUE),
        description=description,
        key=(tuple(labels), tuple(map(str, approved)), tuple(map(str, expected))),
        style={"stroke_width": "3", "stroke_width_hover": "3"},
        value_formatter=formatting.euro,
        x_label_rotation=-45 if len(labels) > 12 else 0,
        include_x_axis=True,
        min_scale=4,
        max_scale=8,
        dots_size=4,
    )
    chart.x_labels = labels
    chart.add(_("Goedgekeurd (cumulatief)"), [_plain(value) for value in approved])
    chart.add(
        _("Begroting volgens de tijd (cumulatief)"),
        [_plain(value) for value in expected],
        stroke_style=TARGET_DASH,
        show_dots=False,
    )
    return chart.render()
