"""The report as spreadsheets: an XLSX workbook with one sheet per part of the report and
real numbers, amounts and dates in Dutch display formats, and one CSV for Excel-NL. Both are
drawn from the same rows, so they hold the same figures."""

import csv
import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import (
    XLSX_COUNT,
    XLSX_DATE,
    XLSX_DIFFERENCE,
    XLSX_EURO,
    XLSX_PERCENT,
    XLSX_YEAR,
    csv_euro,
    csv_percentage,
    show_date,
    show_period,
    to_date,
    xlsx_fraction,
)
from core.spreadsheet_tables import xlsx_data_sheet
from core.spreadsheet_text import csv_safe, xlsx_safe_workbook

from .formatting import LANGUAGE, scope_label, show_percentage

# The cells' number formats are core.formatting's: shown as the page shows them.
COUNT_FORMAT = XLSX_COUNT
MONEY_FORMAT = XLSX_EURO
PERCENT_FORMAT = XLSX_PERCENT
DATE_FORMAT = XLSX_DATE
YEAR_FORMAT = XLSX_YEAR
BUDGET_KEYS = ("planned", "spent", "remaining")


def _amount(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _title(figures: dict) -> str:
    plan, period = figures["plan"], figures["period"]
    dates = show_period(period["start_date"], period["end_date"])
    return f"{plan['region']} — {plan['title']} — {dates}"


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
        xlsx_fraction(row["percentage"]),
        row["expected"],
        row["status_label"],
        row["forecast"],
        to_date(row["peildatum"]),
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


def _against_actual(row: dict) -> list:
    """(awaiting, original budget, spent %, time %, warning) of a budget row frozen with
    budget against actual (version 2 on); empty for version 1."""
    if "awaiting" not in row:
        return [None, None, None, None, None]
    return [
        _amount(row["awaiting"]),
        _amount(row["original"]),
        xlsx_fraction(row["spent_percentage"]),
        xlsx_fraction(row["time_percentage"]),
        row["warning_label"],
    ]


def _budget_row(part: str, year: int | str, row: dict) -> list:
    return [part, year, *(_amount(row[key]) for key in BUDGET_KEYS), *_against_actual(row)]


def _budget_rows(figures: dict) -> list[list]:
    """(part, year, planned, spent, remaining, awaiting, original, spent %, time %, warning):
    per year, the total, then per line, then per category and budget line."""
    budget = figures["budget"]
    nothing = [None] * 7
    # A year is a number (YEAR_FORMAT); the total and a line's whole term are words.
    budget_rows = [_budget_row(_("hele plan"), int(row["year"]), row) for row in budget["years"]]
    budget_rows.append(_budget_row(_("hele plan"), _("totaal"), budget["total"]))
    for line in figures["lines"]:
        budget_rows.append([line["title"], _("looptijd"), _amount(line["budget"]), *nothing])
    if Decimal(budget["plan_itself"]):
        budget_rows.append(
            [
                _("actieplan zelf (buiten de lijnen)"),
                _("looptijd"),
                _amount(budget["plan_itself"]),
                *nothing,
            ]
        )
    # Per category, then its budget lines per year: what a budget-led plan reports on.
    for category in figures.get("budget_categories", []):
        label = category["label"]
        budget_rows.append(_budget_row(f"{_('categorie')} {label}", _("looptijd"), category))
        for line in category["lines"]:
            budget_rows.append(
                _budget_row(f"{label}: {line['description']}", int(line["year"]), line)
            )
    return budget_rows


def _signal(row: dict, flag: str) -> str:
    if row["flagged"]:
        return flag
    return _("binnen de marge") if row["difference"] is not None else ""


def _reconciliation_rows(figures: dict) -> list[dict]:
    """Our count beside UWV's official figures as frozen (newest peildatum first), with the
    flag in words; none for a plan that counts no Banenafspraak jobs or figures frozen before
    there were any."""
    frozen = figures.get("reconciliation")
    if not frozen:
        return []
    flag = _("Afwijking groter dan %(tolerance)s") % {
        "tolerance": show_percentage(frozen["tolerance"])
    }
    return [
        {
            **row,
            "signal": _signal(row, flag),
        }
        for row in frozen["rows"]
    ]


def _reconciliation_sheet(
    figures: dict,
) -> list[tuple[str, list[tuple[str, str | None]], list[list]]]:
    """The sheet "Officiële cijfers", only where the report has rows of them."""
    rows = _reconciliation_rows(figures)
    if not rows:
        return []
    return [
        (
            _("Officiële cijfers"),
            [
                (_("Kwartaal"), None),
                (_("Peildatum"), DATE_FORMAT),
                (_("Sector"), None),
                (_("Eigen telling"), COUNT_FORMAT),
                (_("Officieel"), COUNT_FORMAT),
                (_("Verschil"), XLSX_DIFFERENCE),
                (_("Verschil %"), PERCENT_FORMAT),
                (_("Signaal"), None),
            ],
            [
                [
                    row["quarter"],
                    to_date(row["peildatum"]),
                    row["sector_label"],
                    row["own"],
                    row["official"],
                    row["difference"],
                    xlsx_fraction(row["percentage"]),
                    row["signal"],
                ]
                for row in rows
            ],
        )
    ]


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
                (_("Verschil"), XLSX_DIFFERENCE),
            ],
            [
                [
                    row["line"],
                    row["project"],
                    row["indicator"],
                    row["sector_label"],
                    row["label"],
                    to_date(row["start_date"]),
                    to_date(row["end_date"]),
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
                (_("Jaar"), YEAR_FORMAT),
                (_("Begroot"), MONEY_FORMAT),
                (_("Besteed"), MONEY_FORMAT),
                (_("Resterend"), MONEY_FORMAT),
                (_("Wacht op goedkeuring"), MONEY_FORMAT),
                (_("Oorspronkelijk begroot"), MONEY_FORMAT),
                (_("Besteed"), PERCENT_FORMAT),
                (_("Tijd verstreken"), PERCENT_FORMAT),
                (_("Signaal"), None),
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
                    to_date(activity["due_date"]),
                    activity["status_label"],
                ]
                for activity in figures["activities"]
            ],
        ),
        *_reconciliation_sheet(figures),
    ]


def _monthly_columns() -> list[tuple[str, str | None]]:
    """(header, number format) of the treasurer's overview, in the PDF's order."""
    return [
        (_("Categorie"), None),
        (_("Begrotingspost"), None),
        (_("Jaar"), YEAR_FORMAT),
        (_("Lijn of project"), None),
        (_("Begroot"), MONEY_FORMAT),
        (_("Oorspronkelijk begroot"), MONEY_FORMAT),
        (_("Goedgekeurd in de periode"), MONEY_FORMAT),
        (_("Goedgekeurd t/m einde vorige periode"), MONEY_FORMAT),
        (_("Goedgekeurd cumulatief"), MONEY_FORMAT),
        (_("Wacht op goedkeuring"), MONEY_FORMAT),
        (_("Resterend"), MONEY_FORMAT),
        (_("Besteed"), PERCENT_FORMAT),
        (_("Tijd verstreken"), PERCENT_FORMAT),
        (_("Signaal"), None),
    ]


def _monthly_values(row: dict) -> list:
    return [
        _amount(row["planned"]),
        _amount(row["original"]),
        _amount(row["approved_in_period"]),
        _amount(row["previous_cumulative"]),
        _amount(row["spent"]),
        _amount(row["awaiting"]),
        _amount(row["remaining"]),
        xlsx_fraction(row["spent_percentage"]),
        xlsx_fraction(row["time_percentage"]),
        row["warning_label"],
    ]


def _monthly_rows(overview: dict) -> list[list]:
    """Per category, its budget lines under it, and the total: the frozen figures as they
    are (the totals are the selectors', not added up here)."""
    rows = []
    for category in overview["categories"]:
        rows.append([category["label"], "", None, "", *_monthly_values(category)])
        for line in category["lines"]:
            rows.append(
                [
                    category["label"],
                    line["description"],
                    int(line["year"]),
                    scope_label(line["line"], line["project"]) if line["line"] else "",
                    *_monthly_values(line),
                ]
            )
    rows.append([_("Totaal"), "", None, "", *_monthly_values(overview["total"])])
    return rows


def _monthly_sheets(figures: dict) -> list[tuple[str, list[tuple[str, str | None]], list[list]]]:
    overview = figures["monthly_overview"]
    name = _("Maandoverzicht") if overview["single_month"] else _("Uitgavenoverzicht")
    return [(name, _monthly_columns(), _monthly_rows(overview))]


def render_xlsx(figures: dict) -> bytes:
    """The same figures as a workbook: one sheet per part of the report; numbers, amounts and
    dates as real values with Dutch display formats, years as numbers; row 1 names plan and
    period, row 2 holds the (bold, frozen) column headers with an autofilter over the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    with translation.override(LANGUAGE):
        workbook = Workbook()
        workbook.remove(workbook.active)
        title = _title(figures)
        sheets = _monthly_sheets if figures.get("monthly_overview") else _sheets
        for name, columns, rows in sheets(figures):
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
            xlsx_data_sheet(sheet, header_row=2)
        workbook.properties.title = title
        workbook.properties.creator = "Werkregio"
        xlsx_safe_workbook(workbook)  # a risk or activity text is never a live formula
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()


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
    ("awaiting", "wacht op goedkeuring"),
    ("original", "oorspronkelijk begroot"),
    ("spent_percentage", "besteed %"),
    ("time_percentage", "tijd verstreken %"),
    ("warning", "signaal"),
    ("official", "officieel"),
    ("difference", "verschil"),
    ("difference_percentage", "verschil %"),
]


def _csv_share(fraction) -> str:
    """A cell's fraction (0,906) as the CSV's percentage (90,6)."""
    return csv_percentage(None if fraction is None else fraction * 100)


def _csv_rows(figures: dict):
    plan, period = figures["plan"], figures["period"]
    yield {
        "sectie": _("plan"),
        "onderdeel": plan["region"],
        "periode": show_period(period["start_date"], period["end_date"]),
        "description": f"{plan['title']} ({_('versie')} {plan['version']}, {plan['status_label']})",
        "peildatum": show_date(figures["peildatum"]),
    }
    sections = {**_level_labels(), "plan": _("samenvatting")}
    for level, line, project, row in _progress_rows(figures):
        yield {
            "sectie": sections[level],
            "onderdeel": scope_label(line, project) if line else _("hele plan"),
            "indicator": row["indicator"],
            "sector": row["sector_label"],
            "doel": row["target"],
            "original_target": row["original_target"],
            "realised": row["realised"],
            "percentage": csv_percentage(row["percentage"]),
            "expected": row["expected"],
            "forecast": row["forecast"],
            "status": row["status_label"],
            "peildatum": show_date(row["peildatum"]),
            "description": row["revision_reason"],
        }
    for row in figures["prognoses"]:
        yield {
            "sectie": _("prognose"),
            "onderdeel": scope_label(row["line"], row["project"]),
            "indicator": row["indicator"],
            "sector": row["sector_label"],
            "periode": f"{row['label']} ({show_period(row['start_date'], row['end_date'])})",
            "prognosis": row["prognosis"],
            "realised": row["realised"],
        }
    for row in _budget_rows(figures):
        scope, year, planned, spent, remaining, awaiting, original, spent_share, time_share = row[
            :9
        ]
        yield {
            "sectie": _("begroting"),
            "onderdeel": scope,
            "periode": year,
            "planned": csv_euro(planned),
            "spent": csv_euro(spent),
            "remaining": csv_euro(remaining),
            "awaiting": csv_euro(awaiting),
            "original": csv_euro(original),
            "spent_percentage": _csv_share(spent_share),
            "time_percentage": _csv_share(time_share),
            "warning": row[9],
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
    for row in _reconciliation_rows(figures):
        yield {
            "sectie": _("officiële cijfers"),
            "onderdeel": plan["region"],
            "sector": row["sector_label"],
            "periode": row["quarter"],
            "peildatum": show_date(row["peildatum"]),
            "realised": row["own"],
            "official": row["official"],
            "difference": row["difference"],
            "difference_percentage": csv_percentage(row["percentage"]),
            "warning": row["signal"],
        }


def _monthly_csv(figures: dict, writer) -> None:
    """The treasurer's overview as CSV: the XLSX sheet's columns and rows."""
    columns = _monthly_columns()
    writer.writerow([header for header, _format in columns])
    for row in _monthly_rows(figures["monthly_overview"]):
        shown = []
        for (_header, number_format), value in zip(columns, row, strict=True):
            if number_format == MONEY_FORMAT:
                shown.append(csv_euro(value))
            elif number_format == PERCENT_FORMAT:
                shown.append(_csv_share(value))
            else:
                shown.append("" if value is None else csv_safe(value))
        writer.writerow(shown)


def render_csv(figures: dict) -> bytes:
    """The same figures as one CSV for Excel-NL: `;`-separated, UTF-8 with a byte order
    mark, decimal commas, dates as 31-12-2020, and a "sectie" column saying which part of the
    report each row belongs to (an uitgavenoverzicht: its overview's columns). Text that
    starts like a formula is written as text."""
    with translation.override(LANGUAGE):
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        if figures.get("monthly_overview"):
            _monthly_csv(figures, writer)
            return ("\ufeff" + output.getvalue()).encode("utf-8")
        writer.writerow([header for _key, header in CSV_COLUMNS])
        for row in _csv_rows(figures):
            writer.writerow(
                [
                    "" if row.get(key) is None else csv_safe(row.get(key))
                    for key, _header in CSV_COLUMNS
                ]
            )
        return ("\ufeff" + output.getvalue()).encode("utf-8")
