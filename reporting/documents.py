"""What a report contains: the figures of a plan frozen as plain data at the end of the
report's period, and the documents drawn from them (PDF, XLSX, CSV).

The documents are pure functions of the frozen figures: a report sent to the board is drawn
again, byte for byte the same figures, however the plan's realisations change afterwards.
Frozen figures hold no model instances: Decimals as strings, dates as ISO strings, labels in
Dutch, so they survive a round trip through a JSONField."""

import csv
import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from budgets import selectors as budget_selectors
from placements import selectors as placement_selectors
from programmes import selectors as programme_selectors
from programmes.choices import Sector
from regions.templatetags.werkregio import count, euro, percentage

from .models import ReportKind, ReportSchedule

FIGURES_VERSION = 1
STATIC_DIR = Path(__file__).resolve().parent / "static" / "reporting"
STYLESHEET = STATIC_DIR / "report.css"
LANGUAGE = "nl"  # reports go to Dutch boards and ministries, whoever asks for them


# Freezing ----------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector else ""


def _progress_row(indicator, sector: str, progress, target=None) -> dict:
    """One indicator and sector of a plan, line or project: target, realised and status.
    `target` is the scope's own stated target (None: the sum of its parts)."""
    revised = target is not None and target.original_value not in (None, target.value)
    return {
        "indicator": indicator.name,
        "indicator_code": indicator.code,
        "measure": indicator.measure,
        "sector": sector,
        "sector_label": _sector_label(sector),
        "stated": target is not None,
        "description": target.description if target is not None else "",
        "target": progress.target,
        "original_target": target.original_value if revised else None,
        "revision_reason": target.revision_reason if revised else "",
        "realised": progress.realised,
        "percentage": str(progress.percentage) if progress.percentage is not None else None,
        "expected": progress.expected,
        "forecast": progress.forecast,
        "status": progress.status.value,
        "status_label": str(progress.status.label),
        "peildatum": _iso(progress.as_of),
    }


def _series(plan, end_date: date, indicators: dict) -> list[dict]:
    """Realised and expected to date per reporting period, per plan-level indicator and
    sector: what the realisation charts draw."""
    per_scope = placement_selectors.plans_series(plans=[plan.pk], as_of=end_date).get(plan.pk, {})
    series = []
    for (indicator_id, sector), points in per_scope.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        series.append(
            {
                "indicator": indicator.name,
                "indicator_code": indicator.code,
                "unit": str(indicator.get_kind_display()),
                "sector": sector or "",
                "sector_label": _sector_label(sector or ""),
                "points": [
                    {
                        "period": point.period_code,
                        "end_date": _iso(point.end_date),
                        "realised": point.realised_to_date,
                        "expected": point.expected_to_date,
                    }
                    for point in points
                ],
            }
        )
    return sorted(series, key=lambda row: (row["indicator"], row["sector"]))


def _prognosis_rows(plan, end_date: date) -> list[dict]:
    """Prognose against realisatie per sub-period. A sub-period still running at the end of
    the report's period shows no realisation yet: the report is as of its end date."""
    rows = []
    for prognosis in placement_selectors.prognoses_with_realisation(plan=plan):
        target = prognosis.target
        finished = prognosis.end_date <= end_date
        realised = prognosis.realised if finished else None
        if finished and realised is None:
            realised = 0
        rows.append(
            {
                "line": target.line.title if target.line_id else "",
                "project": target.project.title if target.project_id else "",
                "indicator": target.indicator.name,
                "sector": target.sector,
                "sector_label": _sector_label(target.sector),
                "label": prognosis.label,
                "start_date": _iso(prognosis.start_date),
                "end_date": _iso(prognosis.end_date),
                "prognosis": prognosis.value,
                "realised": realised,
                "difference": realised - prognosis.value if realised is not None else None,
                "finished": finished,
            }
        )
    return rows


def _budget(plan, end_date) -> tuple[dict, object]:
    spending = budget_selectors.plan_spending(plan=plan, as_of=end_date)
    budget = budget_selectors.plan_budget(plan=plan)
    years = [
        {
            "year": year,
            "planned": _money(row["budget"]),
            "spent": _money(row["spent"]),
            "remaining": _money(row["remaining"]),
        }
        for year, row in spending.items()
    ]
    spent = sum((Decimal(row["spent"]) for row in years), Decimal(0))
    total = {
        "planned": _money(budget.total),
        "spent": _money(spent),
        "remaining": _money(budget.total - spent),
    }
    unassigned = sum(budget.unassigned_per_year.values(), Decimal(0))
    return {"years": years, "total": total, "plan_itself": _money(unassigned)}, budget


def freeze_figures(*, plan, start_date: date, end_date: date) -> dict:
    """Everything a report on `plan` shows, as it stands at `end_date`, as plain
    JSON-serialisable data. A fixed number of queries, whatever the number of lines,
    projects, targets, realisations, budget lines, risks and activities."""
    with translation.override(LANGUAGE):
        return _freeze(plan=plan, start_date=start_date, end_date=end_date)


def _freeze(*, plan, start_date: date, end_date: date) -> dict:
    progress = placement_selectors.plan_progress(plan=plan, as_of=end_date)
    structure = programme_selectors.plan_structure(plan=plan)
    budget, plan_budget = _budget(plan, end_date)

    indicators = {}
    per_project: dict[int, list[dict]] = {}
    for row in progress.targets:
        target = row.target
        indicators[target.indicator_id] = target.indicator
        if target.project_id:
            per_project.setdefault(target.project_id, []).append(
                _progress_row(target.indicator, target.sector, row.progress, target)
            )

    lines = []
    for line in structure:
        organisation = line.accountable_organisation
        lines.append(
            {
                "id": line.pk,
                "title": line.title,
                "organisation": organisation.name if organisation else "",
                "budget": _money(plan_budget.per_line.get(line.pk)),
                "rows": [
                    _progress_row(scope.indicator, scope.sector, scope.progress, scope.target)
                    for scope in progress.lines.get(line.pk, [])
                ],
                "projects": [
                    {
                        "id": project.pk,
                        "title": project.title,
                        "organisation": (
                            project.accountable_organisation.name
                            if project.accountable_organisation
                            else ""
                        ),
                        "contact_role": project.contact_role,
                        "budget": _money(plan_budget.per_project.get(project.pk)),
                        "rows": per_project.get(project.pk, []),
                    }
                    for project in line.projects.all()
                ],
            }
        )

    summary = [
        _progress_row(scope.indicator, scope.sector, scope.progress, scope.target)
        for scope in progress.plan
    ]
    peildata = [row["peildatum"] for row in summary if row["peildatum"]]
    region = plan.region
    return {
        "version": FIGURES_VERSION,
        "frozen_at": timezone.now().isoformat(),
        "period": {"start_date": _iso(start_date), "end_date": _iso(end_date)},
        "peildatum": max(peildata) if peildata else None,
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "version": plan.version,
            "status": plan.status,
            "status_label": str(plan.get_status_display()),
            "start_date": _iso(plan.start_date),
            "end_date": _iso(plan.end_date),
            "region": region.name if region else str(_("landelijk")),
            "programme": plan.programme.name,
            "on_course_from": progress.thresholds.on_course_from,
            "at_risk_from": progress.thresholds.at_risk_from,
        },
        "summary": summary,
        "lines": lines,
        "prognoses": _prognosis_rows(plan, end_date),
        "series": _series(plan, end_date, indicators),
        "budget": budget,
        "risks": [
            {
                "description": risk.description,
                "likelihood": risk.likelihood,
                "likelihood_label": str(risk.get_likelihood_display()),
                "impact": risk.impact,
                "impact_label": str(risk.get_impact_display()),
                "mitigation": risk.mitigation,
                "owner_role": risk.owner_role,
            }
            for risk in programme_selectors.plan_risks(plan=plan)
        ],
        "activities": [
            {
                "description": activity.description,
                "owner_role": activity.owner_role,
                "project": activity.project.title if activity.project_id else "",
                "due": activity.due,
                "due_date": _iso(activity.due_date),
                "status": activity.status,
                "status_label": str(activity.get_status_display()),
            }
            for activity in programme_selectors.plan_activities(plan=plan)
        ],
    }


# Presentation: the Dutch house style, shared by the PDF and the CSV ------------------------


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def show_date(value) -> str:
    """16-08-2021, or "" for no date."""
    day = _date(value)
    return f"{day:%d-%m-%Y}" if day else ""


def show_count(value) -> str:
    """1.400; "–" when nothing is known."""
    return count(value) if value is not None else "–"


def show_euro(value) -> str:
    """€ 1.030.000 (whole euros, as the plans state their budgets)."""
    return euro(value)


def show_percentage(value) -> str:
    """46 %: rounded half up to a whole percent (the template filter would cut 90,6 to 90)."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return percentage(rounded)


def _shown_row(row: dict) -> dict:
    return {
        **row,
        "target": show_count(row["target"]),
        "original_target": (
            show_count(row["original_target"]) if row["original_target"] is not None else ""
        ),
        "realised": show_count(row["realised"]),
        "percentage": show_percentage(row["percentage"]),
        "expected": show_count(row["expected"]),
        "forecast": show_count(row["forecast"]),
        "peildatum": show_date(row["peildatum"]),
    }


def _scope(line: str, project: str) -> str:
    if project:
        return f"{line} › {project}" if line else project
    return line or _("hele plan")


def _attention(figures: dict) -> list[dict]:
    """Lines and projects at risk or behind: where the reader should look first."""
    behind = {"risico", "achter"}
    items = []
    for line in figures["lines"]:
        items += [
            {**_shown_row(row), "scope": line["title"]}
            for row in line["rows"]
            if row["status"] in behind
        ]
        for project in line["projects"]:
            items += [
                {**_shown_row(row), "scope": _scope(line["title"], project["title"])}
                for row in project["rows"]
                if row["status"] in behind
            ]
    return items


def _charts(figures: dict) -> list[dict]:
    """The realisation chart of each plan-level indicator with figures, and the budget chart,
    drawn from the frozen figures by the same functions as the dashboard."""
    from . import charts  # the dashboard's module; imported late so freezing never needs it

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
        drawn.append({"svg": mark_safe(svg), "caption": caption})  # noqa: S308 - our own SVG

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
        drawn.append({"svg": mark_safe(svg), "caption": caption})  # noqa: S308 - our own SVG
    return drawn


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
        "period": meta.get(
            "period", f"{show_date(period['start_date'])} t/m {show_date(period['end_date'])}"
        ),
        "date": when if isinstance(when, str) else show_date(when),
        "contact_role": meta.get("contact_role", ""),
        "kind": str(dict(ReportKind.choices).get(kind, kind)).capitalize(),
        "audience": str(dict(ReportSchedule.Audience.choices).get(audience, audience)),
    }


def _pdf_context(figures: dict, report_meta: dict) -> dict:
    plan, budget = figures["plan"], figures["budget"]

    def shown_year(row):
        return {
            "year": row["year"],
            "planned": show_euro(row["planned"]),
            "spent": show_euro(row["spent"]),
            "remaining": show_euro(row["remaining"]),
        }

    return {
        "meta": _meta(figures, report_meta),
        "plan": {
            **plan,
            "period": f"{show_date(plan['start_date'])} t/m {show_date(plan['end_date'])}",
        },
        "period_start": show_date(figures["period"]["start_date"]),
        "period_end": show_date(figures["period"]["end_date"]),
        "peildatum": show_date(figures["peildatum"]),
        "frozen_at": show_date(figures["frozen_at"]),
        "thresholds": {
            "on_course_from": plan["on_course_from"],
            "at_risk_from": plan["at_risk_from"],
        },
        "summary": [_shown_row(row) for row in figures["summary"]],
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
                "scope": _scope(row["line"], row["project"]),
                "start_date": show_date(row["start_date"]),
                "end_date": show_date(row["end_date"]),
                "prognosis": show_count(row["prognosis"]),
                "realised": show_count(row["realised"]),
                "difference": (
                    f"{'+' if row['difference'] > 0 else ''}{show_count(row['difference'])}"
                    if row["difference"] is not None
                    else "–"
                ),
            }
            for row in figures["prognoses"]
        ],
        "budget": {
            "years": [shown_year(row) for row in budget["years"]],
            "total": shown_year({"year": "", **budget["total"]}),
            "plan_itself": show_euro(budget["plan_itself"]),
            "has_plan_itself": Decimal(budget["plan_itself"]) != 0,
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


# PDF ---------------------------------------------------------------------------------------


def local_fetcher():
    """WeasyPrint's URL fetcher, limited to files and data URIs: a report never fetches
    anything over the network (an SVG chart's script or a stray link would otherwise be
    fetched while rendering, from inside a worker)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(figures: dict, *, report_meta: dict) -> bytes:
    """The report as an A4 PDF: cover, summary, charts, lines and projects, prognoses,
    budget, risks and activities; page numbers, running header and footer."""
    from weasyprint import CSS, HTML

    with translation.override(LANGUAGE):
        html = render_to_string("reporting/report_pdf.html", _pdf_context(figures, report_meta))
        document = HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=local_fetcher())
        return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


# XLSX and CSV ------------------------------------------------------------------------------

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = '"€" #,##0.00'
PERCENT_FORMAT = "0%"
DATE_FORMAT = "dd-mm-yyyy"
BUDGET_KEYS = ("planned", "spent", "remaining")


def _number(value) -> int | None:
    return int(value) if value is not None else None


def _amount(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _fraction(value) -> Decimal | None:
    """A stored percentage ("46.0") as the fraction a spreadsheet shows as 46%."""
    return Decimal(value) / 100 if value is not None else None


def _title(figures: dict) -> str:
    plan, period = figures["plan"], figures["period"]
    return (
        f"{plan['region']} — {plan['title']} — "
        f"{show_date(period['start_date'])} t/m {show_date(period['end_date'])}"
    )


def _target_columns() -> list[tuple[str, str | None]]:
    """(header, number format) of the progress columns shared by two sheets."""
    return [
        (_("Indicator"), None),
        (_("Sector"), None),
        (_("Doel"), COUNT_FORMAT),
        (_("Oorspronkelijk doel"), COUNT_FORMAT),
        (_("Gerealiseerd"), COUNT_FORMAT),
        (_("Percentage van doel"), PERCENT_FORMAT),
        (_("Verwacht op peildatum"), COUNT_FORMAT),
        (_("Status"), None),
        (_("Prognose einde looptijd"), COUNT_FORMAT),
        (_("Peildatum"), DATE_FORMAT),
        (_("Reden herziening"), None),
    ]


def _target_values(row: dict) -> list:
    return [
        row["indicator"],
        row["sector_label"],
        row["target"],
        row["original_target"],
        row["realised"],
        _fraction(row["percentage"]),
        row["expected"],
        row["status_label"],
        row["forecast"],
        _date(row["peildatum"]),
        row["revision_reason"],
    ]


def _progress_rows(figures: dict):
    """(level, line, project, row) for the plan, every line and every project."""
    for row in figures["summary"]:
        yield "plan", "", "", row
    for line in figures["lines"]:
        for row in line["rows"]:
            yield "lijn", line["title"], "", row
        for project in line["projects"]:
            for row in project["rows"]:
                yield "project", line["title"], project["title"], row


def _level_labels() -> dict[str, str]:
    return {"plan": _("actieplan"), "lijn": _("lijn"), "project": _("project")}


def _budget_rows(figures: dict) -> list[list]:
    """(part, year, planned, spent, remaining): per year, the total, then per line."""
    budget = figures["budget"]
    budget_rows = [
        [_("hele plan"), str(row["year"]), *(_amount(row[key]) for key in BUDGET_KEYS)]
        for row in budget["years"]
    ]
    budget_rows.append(
        [_("hele plan"), _("totaal"), *(_amount(budget["total"][key]) for key in BUDGET_KEYS)]
    )
    for line in figures["lines"]:
        budget_rows.append([line["title"], _("looptijd"), _amount(line["budget"]), None, None])
    if Decimal(budget["plan_itself"]):
        budget_rows.append(
            [
                _("actieplan zelf (buiten de lijnen)"),
                _("looptijd"),
                _amount(budget["plan_itself"]),
                None,
                None,
            ]
        )
    return budget_rows


def _sheets(figures: dict) -> list[tuple[str, list[tuple[str, str | None]], list[list]]]:
    """(name, columns, rows) of each sheet."""
    return [
        (
            _("Samenvatting"),
            _target_columns(),
            [_target_values(row) for row in figures["summary"]],
        ),
        (
            _("Doelstellingen"),
            [(_("Niveau"), None), (_("Lijn"), None), (_("Project"), None), *_target_columns()],
            [
                [_level_labels()[level], line, project, *_target_values(row)]
                for level, line, project, row in _progress_rows(figures)
            ],
        ),
        (
            _("Prognose-realisatie"),
            [
                (_("Lijn"), None),
                (_("Project"), None),
                (_("Indicator"), None),
                (_("Sector"), None),
                (_("Prognoseperiode"), None),
                (_("Van"), DATE_FORMAT),
                (_("Tot en met"), DATE_FORMAT),
                (_("Prognose"), COUNT_FORMAT),
                (_("Gerealiseerd"), COUNT_FORMAT),
                (_("Verschil"), "+#,##0;-#,##0;0"),
            ],
            [
                [
                    row["line"],
                    row["project"],
                    row["indicator"],
                    row["sector_label"],
                    row["label"],
                    _date(row["start_date"]),
                    _date(row["end_date"]),
                    row["prognosis"],
                    row["realised"],
                    row["difference"],
                ]
                for row in figures["prognoses"]
            ],
        ),
        (
            _("Begroting"),
            [
                (_("Onderdeel"), None),
                (_("Jaar"), None),
                (_("Begroot"), MONEY_FORMAT),
                (_("Besteed"), MONEY_FORMAT),
                (_("Resterend"), MONEY_FORMAT),
            ],
            _budget_rows(figures),
        ),
        (
            _("Risico's"),
            [
                (_("Risico"), None),
                (_("Kans"), None),
                (_("Impact"), None),
                (_("Beheersmaatregel"), None),
                (_("Eigenaar"), None),
            ],
            [
                [
                    risk["description"],
                    risk["likelihood_label"],
                    risk["impact_label"],
                    risk["mitigation"],
                    risk["owner_role"],
                ]
                for risk in figures["risks"]
            ],
        ),
        (
            _("Activiteiten"),
            [
                (_("Activiteit"), None),
                (_("Wie"), None),
                (_("Project"), None),
                (_("Wanneer"), None),
                (_("Uiterlijk op"), DATE_FORMAT),
                (_("Status"), None),
            ],
            [
                [
                    activity["description"],
                    activity["owner_role"],
                    activity["project"],
                    activity["due"],
                    _date(activity["due_date"]),
                    activity["status_label"],
                ]
                for activity in figures["activities"]
            ],
        ),
    ]


def render_xlsx(figures: dict) -> bytes:
    """The same figures as a workbook: one sheet per part of the report; numbers, amounts and
    dates as real values with Dutch display formats; row 1 names plan and period, row 2 holds
    the (bold, frozen) column headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    with translation.override(LANGUAGE):
        workbook = Workbook()
        workbook.remove(workbook.active)
        title = _title(figures)
        for name, columns, rows in _sheets(figures):
            sheet = workbook.create_sheet(title=name)
            sheet.append([title])
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([header for header, _format in columns])
            for cell in sheet[2]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in rows:
                sheet.append(row)
            for index, (header, number_format) in enumerate(columns, start=1):
                letter = get_column_letter(index)
                if number_format:
                    for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                        cell.number_format = number_format
                longest = max([len(header)] + [len(str(row[index - 1] or "")) for row in rows])
                sheet.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
            sheet.freeze_panes = "A3"
        workbook.properties.title = title
        workbook.properties.creator = "Werkregio"
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()


def _csv_number(value) -> str:
    """A number as Excel-NL reads it from a CSV: no thousands separator, decimal comma."""
    if value is None or value == "":
        return ""
    return str(value).replace(".", ",")


CSV_COLUMNS = [
    ("sectie", "sectie"),
    ("onderdeel", "onderdeel"),
    ("indicator", "indicator"),
    ("sector", "sector"),
    ("periode", "periode"),
    ("doel", "doel"),
    ("original_target", "oorspronkelijk doel"),
    ("realised", "gerealiseerd"),
    ("percentage", "percentage"),
    ("expected", "verwacht op peildatum"),
    ("forecast", "prognose einde looptijd"),
    ("status", "status"),
    ("peildatum", "peildatum"),
    ("prognosis", "prognose"),
    ("planned", "begroot"),
    ("spent", "besteed"),
    ("remaining", "resterend"),
    ("description", "omschrijving"),
    ("who", "wie"),
    ("likelihood", "kans"),
    ("impact", "impact"),
    ("mitigation", "beheersmaatregel"),
    ("due_date", "uiterlijk op"),
]


def _csv_rows(figures: dict):
    plan, period = figures["plan"], figures["period"]
    yield {
        "sectie": _("plan"),
        "onderdeel": plan["region"],
        "periode": f"{show_date(period['start_date'])} t/m {show_date(period['end_date'])}",
        "description": f"{plan['title']} ({_('versie')} {plan['version']}, {plan['status_label']})",
        "peildatum": show_date(figures["peildatum"]),
    }
    sections = {**_level_labels(), "plan": _("samenvatting")}
    for level, line, project, row in _progress_rows(figures):
        yield {
            "sectie": sections[level],
            "onderdeel": _scope(line, project) if line else _("hele plan"),
            "indicator": row["indicator"],
            "sector": row["sector_label"],
            "doel": row["target"],
            "original_target": row["original_target"],
            "realised": row["realised"],
            "percentage": _csv_number(row["percentage"]),
            "expected": row["expected"],
            "forecast": row["forecast"],
            "status": row["status_label"],
            "peildatum": show_date(row["peildatum"]),
            "description": row["revision_reason"],
        }
    for row in figures["prognoses"]:
        yield {
            "sectie": _("prognose"),
            "onderdeel": _scope(row["line"], row["project"]),
            "indicator": row["indicator"],
            "sector": row["sector_label"],
            "periode": f"{row['label']} ({show_date(row['start_date'])} t/m "
            f"{show_date(row['end_date'])})",
            "prognosis": row["prognosis"],
            "realised": row["realised"],
        }
    for scope, year, planned, spent, remaining in _budget_rows(figures):
        yield {
            "sectie": _("begroting"),
            "onderdeel": scope,
            "periode": year,
            "planned": _csv_number(planned),
            "spent": _csv_number(spent),
            "remaining": _csv_number(remaining),
        }
    for risk in figures["risks"]:
        yield {
            "sectie": _("risico"),
            "description": risk["description"],
            "who": risk["owner_role"],
            "likelihood": risk["likelihood_label"],
            "impact": risk["impact_label"],
            "mitigation": risk["mitigation"],
        }
    for activity in figures["activities"]:
        yield {
            "sectie": _("activiteit"),
            "onderdeel": activity["project"] or _("hele plan"),
            "periode": activity["due"],
            "status": activity["status_label"],
            "description": activity["description"],
            "who": activity["owner_role"],
            "due_date": show_date(activity["due_date"]),
        }


def render_csv(figures: dict) -> bytes:
    """The same figures as one CSV for Excel-NL: `;`-separated, UTF-8 with a byte order
    mark, decimal commas, dates as 31-12-2020, and a "sectie" column saying which part of the
    report each row belongs to."""
    with translation.override(LANGUAGE):
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for _key, header in CSV_COLUMNS])
        for row in _csv_rows(figures):
            writer.writerow(
                ["" if row.get(key) is None else row.get(key) for key, _header in CSV_COLUMNS]
            )
        return ("\ufeff" + output.getvalue()).encode("utf-8")
