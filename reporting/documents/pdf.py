"""The report as an A4 PDF for the board: the frozen figures in the Dutch house style,
drawn into reporting/report_pdf.html with the dashboard's charts and printed by WeasyPrint
with the report's stylesheet, fetching nothing from the network."""

from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formatting import show_date, show_period, to_date
from placements.progress import Status, has_ended

from ..models import ReportKind, ReportSchedule
from .formatting import (
    LANGUAGE,
    scope_label,
    show_count,
    show_euro,
    show_percentage,
    show_signed_count,
)

# reporting/static/reporting: this module is one level below the app's folder.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "reporting"
STYLESHEET = STATIC_DIR / "report.css"


def _shown_row(row: dict) -> dict:
    return {
        **row,
        "target": show_count(row["target"]),
        "original_target": (
            show_count(row["original_target"]) if row["original_target"] is not None else ""
        ),
        "realised": show_count(row["realised"]),
        "percentage": show_percentage(row["percentage"]),
        # An ended target's final figure takes the place of what was expected and forecast.
        "expected": _("afgelopen") if row.get("ended") else show_count(row["expected"]),
        "forecast": (
            f"{show_count(row['realised'])} {_('(eindstand)')}"
            if row.get("ended")
            else show_count(row["forecast"])
        ),
        "peildatum": show_date(row["peildatum"]),
    }


def _attention(figures: dict) -> list[dict]:
    """Lines and projects at risk or behind, or ended short of their target (niet gehaald):
    where the reader should look first. The frozen rows keep the status; whether it is
    behind is the one rule on it (placements.progress.Status.is_behind), in the order of
    the frozen lines and projects (PlanProgress.tree)."""
    items = []
    for line in figures["lines"]:
        items += [
            {**_shown_row(row), "scope": line["title"]}
            for row in line["rows"]
            if Status(row["status"]).is_behind
        ]
        for project in line["projects"]:
            items += [
                {**_shown_row(row), "scope": scope_label(line["title"], project["title"])}
                for row in project["rows"]
                if Status(row["status"]).is_behind
            ]
    return items


def _charts(figures: dict) -> list[dict]:
    """The realisation chart of each plan-level indicator with figures, and the budget chart,
    drawn from the frozen figures by the same functions as the dashboard."""
    from .. import charts  # the dashboard's module; imported late so freezing never needs it

    summary = {(row["indicator_code"], row["sector"]): row for row in figures["summary"]}
    drawn = []
    for series in figures.get("series", []):
        points = series["points"]
        if not any(point["realised"] is not None for point in points):
            continue
        row = summary.get((series["indicator_code"], series["sector"]))
        title = series["indicator"] + (
            f" ({series['sector_label']})" if series["sector_label"] else ""
        )
        svg = charts.realisation_chart(
            title=title,
            labels=[point["period"] for point in points],
            realised=[point["realised"] for point in points],
            target_path=[point["expected"] for point in points],
            unit=series.get("unit", ""),
            baseline=charts.baseline_point(to_date(series.get("baseline_date"))),
        )
        if row and row["realised"] is not None:
            caption = _(
                "%(indicator)s: %(realised)s gerealiseerd van %(target)s (%(percentage)s) tot en "
                "met %(peildatum)s, status %(status)s. De lijn toont het verwachte verloop "
                "volgens doel en prognose."
            ) % {
                "indicator": title,
                "realised": show_count(row["realised"]),
                "target": show_count(row["target"]),
                "percentage": show_percentage(row["percentage"]),
                "peildatum": show_date(row["peildatum"]),
                "status": row["status_label"],
            }
        else:
            caption = title
        # our own SVG (reporting.charts)
        drawn.append({"svg": mark_safe(charts.with_text_alternative(svg)), "caption": caption})

    years = figures["budget"]["years"]
    if years:
        svg = charts.budget_chart(
            title=_("Begroting per jaar: begroot en besteed"),
            years=[str(year["year"]) for year in years],
            planned=[Decimal(year["planned"]) for year in years],
            spent=[Decimal(year["spent"]) for year in years],
        )
        total = figures["budget"]["total"]
        caption = _(
            "Begroot in totaal %(planned)s, besteed %(spent)s, resterend %(remaining)s."
        ) % {
            "planned": show_euro(total["planned"]),
            "spent": show_euro(total["spent"]),
            "remaining": show_euro(total["remaining"]),
        }
        # our own SVG (reporting.charts)
        drawn.append({"svg": mark_safe(charts.with_text_alternative(svg)), "caption": caption})
    return drawn


def _signed_percentage(value) -> str:
    """+5,4 % above, -2,4 % below: which way our count differs from the official one."""
    shown = show_percentage(value)
    return f"+{shown}" if value is not None and Decimal(value) > 0 else shown


def reconciliation(figures: dict) -> dict | None:
    """Our count beside UWV's official figures as frozen, per peildatum (newest first) in
    the house style; None when there is nothing to show (a plan that counts no Banenafspraak
    jobs, a region without official figures, figures frozen before there were any)."""
    frozen = figures.get("reconciliation")
    if not frozen or not frozen["rows"]:
        return None
    tolerance = show_percentage(frozen["tolerance"])
    quarters: dict[str, dict] = {}
    for row in frozen["rows"]:
        quarter = quarters.setdefault(
            row["peildatum"],
            {"quarter": row["quarter"], "peildatum": show_date(row["peildatum"]), "rows": []},
        )
        quarter["rows"].append(
            {
                **row,
                "own": show_count(row["own"]),
                "official": show_count(row["official"]),
                "difference": show_signed_count(row["difference"]),
                "percentage": _signed_percentage(row["percentage"]),
                "compared": row["difference"] is not None,
            }
        )
    return {
        "tolerance": tolerance,
        "flag": _("Afwijking groter dan %(tolerance)s") % {"tolerance": tolerance},
        "quarters": list(quarters.values()),
    }


def _meta(figures: dict, report_meta: dict) -> dict:
    """The cover's facts: report_meta as the pipeline gives it, with what is missing filled in
    from the figures and codes turned into Dutch labels."""
    plan, period = figures["plan"], figures["period"]
    meta = {key: value for key, value in (report_meta or {}).items() if value not in (None, "")}
    kind = meta.get("kind", ReportKind.VOORTGANG)
    audience = meta.get("audience", "")
    when = meta.get("date", timezone.localdate())
    return {
        "kenmerk": meta.get("kenmerk", ""),
        "region": meta.get("region", plan["region"]),
        "plan": meta.get("plan", plan["title"]),
        "period": meta.get("period", show_period(period["start_date"], period["end_date"])),
        "date": when if isinstance(when, str) else show_date(when),
        "contact_role": meta.get("contact_role", ""),
        "kind": str(dict(ReportKind.choices).get(kind, kind)).capitalize(),
        "audience": str(dict(ReportSchedule.Audience.choices).get(audience, audience)),
    }


def _budget_led(figures: dict) -> dict | None:
    """What the report of a budget-led plan (no targets: an RMT's plan of approach) leads
    with: budget per category with its lines, and the activities counted by status. None for
    a plan with targets, and for figures frozen before budget-led plans had this."""
    if not figures.get("budget_led"):
        return None
    shown = shown_budget
    statuses: dict[str, dict] = {}
    for activity in figures["activities"]:
        entry = statuses.setdefault(
            activity["status"], {"label": activity["status_label"], "count": 0}
        )
        entry["count"] += 1
    total = figures["budget"]["total"]
    return {
        "categories": [
            {**shown(category), "lines": [shown(line) for line in category["lines"]]}
            for category in figures.get("budget_categories", [])
        ],
        "total": shown({**total}),
        "activity_statuses": [
            {"label": entry["label"], "count": show_count(entry["count"])}
            for entry in statuses.values()
        ],
        "activity_count": show_count(len(figures["activities"])),
        "risk_count": show_count(len(figures["risks"])),
        "has_actuals": has_actuals(figures),
        "warnings": _warnings(figures.get("budget_categories", [])) if has_actuals(figures) else [],
    }


def has_actuals(figures: dict) -> bool:
    """Figures frozen with budget against actual (version 2 on): awaiting, spent % against
    time %, warnings and the original budget. Version 1 has planned, spent and remaining."""
    return figures.get("version", 1) >= 2


def shown_budget(row: dict) -> dict:
    """A frozen budget row (a year, category, budget line or the plan) in the house style;
    the budget-against-actual columns only where they were frozen."""
    shown = {
        **row,
        "planned": show_euro(row["planned"]),
        "spent": show_euro(row["spent"]),
        "remaining": show_euro(row["remaining"]),
    }
    if "awaiting" in row:
        shown.update(
            original=show_euro(row["original"]),
            awaiting=show_euro(row["awaiting"]),
            spent_percentage=show_percentage(row["spent_percentage"]),
            time_percentage=show_percentage(row["time_percentage"]),
        )
    if row.get("warning_label"):
        # In a table cell the warning's name ("loopt achter"); the list below the table
        # gives the whole label with its explanation.
        shown["warning_short"] = row["warning_label"].partition(":")[0]
    for key in ("approved_in_period", "previous_cumulative"):
        if key in row:
            shown[key] = show_euro(row[key])
    return shown


def _warnings(categories: list[dict]) -> list[dict]:
    """The budget lines that need attention (overspent, or lagging behind the time passed),
    as frozen, in order."""
    return [
        {**shown_budget(line), "category": category["label"]}
        for category in categories
        for line in category["lines"]
        if line.get("warning")
    ]


def monthly_overview(figures: dict) -> dict | None:
    """The treasurer's overview of an uitgavenoverzicht in the house style, for its PDF and
    its status page: per category and budget line what the frozen figures hold (the totals
    are the selectors', never added up here). None for other reports."""
    overview = figures.get("monthly_overview")
    if not overview:
        return None
    end, previous_end = to_date(overview["end_date"]), to_date(overview["previous_end"])
    with translation.override(LANGUAGE):
        month = date_format(end, "F Y") if overview["single_month"] else ""
    categories = [
        {**shown_budget(category), "lines": [shown_budget(line) for line in category["lines"]]}
        for category in overview["categories"]
    ]
    return {
        "single_month": overview["single_month"],
        "month": month,
        "period": show_period(overview["start_date"], overview["end_date"]),
        "end_date": show_date(end),
        "previous_end": show_date(previous_end),
        "frozen_at": show_date(figures["frozen_at"]),
        "categories": categories,
        "total": shown_budget(overview["total"]),
        "warnings": _warnings(overview["categories"]),
        "lag_points": figures.get("lag_points"),
    }


def _pdf_context(figures: dict, report_meta: dict) -> dict:
    plan, budget = figures["plan"], figures["budget"]

    return {
        "meta": _meta(figures, report_meta),
        "plan": {
            **plan,
            "period": show_period(plan["start_date"], plan["end_date"]),
        },
        "period_start": show_date(figures["period"]["start_date"]),
        "period_end": show_date(figures["period"]["end_date"]),
        "peildatum": show_date(figures["peildatum"]),
        # The report is as of the plan's end or later: its figures are final.
        "plan_ended": has_ended(to_date(plan["end_date"]), to_date(figures["period"]["end_date"])),
        "frozen_at": show_date(figures["frozen_at"]),
        "thresholds": {
            "on_course_from": plan["on_course_from"],
            "at_risk_from": plan["at_risk_from"],
        },
        "summary": [_shown_row(row) for row in figures["summary"]],
        "reconciliation": reconciliation(figures),
        "budget_led": _budget_led(figures),
        "attention": _attention(figures),
        "charts": _charts(figures),
        "lines": [
            {
                **line,
                "budget": show_euro(line["budget"]),
                "has_budget": Decimal(line["budget"]) != 0,
                "rows": [_shown_row(row) for row in line["rows"]],
                "projects": [
                    {
                        **project,
                        "budget": show_euro(project["budget"]),
                        "rows": [_shown_row(row) for row in project["rows"]],
                    }
                    for project in line["projects"]
                ],
            }
            for line in figures["lines"]
        ],
        "prognoses": [
            {
                **row,
                "scope": scope_label(row["line"], row["project"]),
                "start_date": show_date(row["start_date"]),
                "end_date": show_date(row["end_date"]),
                "prognosis": show_count(row["prognosis"]),
                "realised": show_count(row["realised"]),
                "difference": show_signed_count(row["difference"]),
            }
            for row in figures["prognoses"]
        ],
        "budget": {
            "years": [shown_budget(row) for row in budget["years"]],
            "total": shown_budget({"year": "", **budget["total"]}),
            "plan_itself": show_euro(budget["plan_itself"]),
            "has_plan_itself": Decimal(budget["plan_itself"]) != 0,
            "has_actuals": has_actuals(figures),
            "categories": [
                {**shown_budget(category), "lines": [shown_budget(li) for li in category["lines"]]}
                for category in figures.get("budget_categories", [])
            ]
            if has_actuals(figures)
            else [],
            "warnings": _warnings(figures.get("budget_categories", []))
            if has_actuals(figures)
            else [],
            "as_of": show_date(figures.get("budget_as_of") or figures["period"]["end_date"]),
        },
        "risks": figures["risks"],
        # Columns no row fills in are left out rather than printed as a column of dashes.
        "risk_columns": {
            "levels": any(risk["likelihood"] or risk["impact"] for risk in figures["risks"]),
            "owner": any(risk["owner_role"] for risk in figures["risks"]),
        },
        "activity_columns": {
            "project": any(activity["project"] for activity in figures["activities"]),
        },
        "activities": [
            {**activity, "due_date": show_date(activity["due_date"])}
            for activity in figures["activities"]
        ],
    }


def local_fetcher():
    """WeasyPrint's URL fetcher, limited to files and data URIs: a report never fetches
    anything over the network (an SVG chart's script or a stray link would otherwise be
    fetched while rendering, from inside a worker)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def _monthly_context(figures: dict, report_meta: dict) -> dict:
    return {
        "meta": _meta(figures, report_meta),
        "plan": figures["plan"],
        "overview": monthly_overview(figures),
        "peildatum": show_date(figures["monthly_overview"]["end_date"]),
    }


# The heading levels of a report's title, chapters and sections: in its own PDF, and one
# lower as a part of the meeting pack, under the pack's own title (a tagged PDF's outline
# is its headings, in order, none skipped).
HEADINGS = {"title": 1, "chapter": 2, "section": 3}
PART_HEADINGS = {"title": 2, "chapter": 3, "section": 4}


def report_context(
    figures: dict, *, report_meta: dict, headings: dict = HEADINGS
) -> tuple[str, dict]:
    """(template, context) of a report's content: the progress report, or the treasurer's
    monthly overview of an uitgavenoverzicht. Call within translation.override(LANGUAGE)."""
    if figures.get("monthly_overview"):
        template, context = "reporting/report_pdf_monthly", _monthly_context(figures, report_meta)
    else:
        template, context = "reporting/report_pdf", _pdf_context(figures, report_meta)
    return template, {**context, "headings": headings}


def report_part(figures: dict, *, report_meta: dict) -> str:
    """The report's content as HTML without its page head (cover, chapters; no running
    header), drawn from the frozen figures: the meeting pack puts it between its own parts,
    its headings one level below the pack's title."""
    with translation.override(LANGUAGE):
        template, context = report_context(figures, report_meta=report_meta, headings=PART_HEADINGS)
        return mark_safe(render_to_string(f"{template}_content.html", context))  # our template


# Tagged and identified as PDF/UA-1 (decision 0024): a structure tree from the HTML
# (headings, lists, tables with their header cells, figures with their text alternative),
# the document's language from <html lang>, its title from <title> shown as the window's
# title, and pdfuaid:part 1 in the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str) -> bytes:
    """HTML in the report's house style as an A4 PDF: the report stylesheet, files from
    reporting/static only, nothing from the network, tagged for assistive technology
    (PDF/UA-1). Every PDF of the product is printed through here (reports, proposals,
    meeting packs)."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=local_fetcher())
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant=PDF_VARIANT)


def render_pdf(figures: dict, *, report_meta: dict) -> bytes:
    """The report as an A4 PDF: cover, summary, charts, lines and projects, prognoses,
    budget, risks and activities; page numbers, running header and footer. An
    uitgavenoverzicht is the treasurer's monthly overview instead."""
    with translation.override(LANGUAGE):
        template, context = report_context(figures, report_meta=report_meta)
        return write_pdf(render_to_string(f"{template}.html", context))
