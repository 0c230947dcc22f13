"""Every data sheet of every XLSX the product writes is a table (issue 15 point 5): an
autofilter over the whole table from its header row, the header row frozen, years stored as
numbers shown without a thousands separator, amounts and counts as numbers, and still no
live formula. Read back with openpyxl, as Excel gets it."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from budgets import imports as budget_imports
from core.formatting import XLSX_YEAR
from placements import imports as placement_imports
from reporting.documents import MONEY_FORMAT, freeze_figures, render_xlsx
from tests.core.test_spreadsheet_exports import (  # noqa: F401 (fixtures)
    assert_no_live_formula,
    hostile,
    hostile_plan,
)
from tests.reporting.test_documents import midden_gelderland_figures
from tests.reporting.test_monthly_overview import october, region, rmt  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def assert_table(sheet, *, header_row: int):
    """The autofilter covers the header row and every row and column under it; the rows up
    to the header are frozen."""
    last = f"{get_column_letter(sheet.max_column)}{max(sheet.max_row, header_row)}"
    assert sheet.auto_filter.ref == f"A{header_row}:{last}", sheet.title
    assert sheet.freeze_panes == f"A{header_row + 1}", sheet.title


def column(sheet, header: str, *, header_row: int) -> list:
    headers = [cell.value for cell in sheet[header_row]]
    index = headers.index(header) + 1
    return [
        cell
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index)
        if cell.value not in (None, "")
    ]


def test_every_sheet_of_the_report_is_a_table_with_years_as_numbers(demo):
    content = render_xlsx(midden_gelderland_figures())
    workbook = load_workbook(io.BytesIO(content))

    for sheet in workbook.worksheets:
        assert_table(sheet, header_row=2)
    budget = workbook["Begroting"]
    years = [cell for cell in column(budget, "Jaar", header_row=2) if cell.data_type == "n"]
    # The plan's years, then each budget line's year under its category.
    assert [cell.value for cell in years[:2]] == [2019, 2020]
    assert {cell.value for cell in years} == {2019, 2020}
    assert all(type(cell.value) is int and cell.number_format == XLSX_YEAR for cell in years)
    # The other cells of the column are words ("totaal", "looptijd"), not years as text.
    assert all(
        not str(cell.value).isdigit()
        for cell in column(budget, "Jaar", header_row=2)
        if cell.data_type == "s"
    )
    planned = column(budget, "Begroot", header_row=2)
    assert all(isinstance(cell.value, int | float | Decimal) for cell in planned)
    assert planned[0].number_format == MONEY_FORMAT
    summary = workbook["Samenvatting"]
    assert summary["A2"].value and summary.auto_filter.ref.startswith("A2:")
    assert all(isinstance(cell.value, int) for cell in column(summary, "Doel", header_row=2))
    assert_no_live_formula(content)


def test_a_small_plan_and_its_budget_lines_per_year(hostile_plan):  # noqa: F811
    figures = freeze_figures(
        plan=hostile_plan, start_date=hostile_plan.start_date, end_date=hostile_plan.end_date
    )
    content = render_xlsx(figures)
    workbook = load_workbook(io.BytesIO(content))

    for sheet in workbook.worksheets:
        assert_table(sheet, header_row=2)
    years = [
        cell.value
        for cell in column(workbook["Begroting"], "Jaar", header_row=2)
        if cell.data_type == "n"
    ]
    # The plan's year, and its budget line's year under its category.
    assert years == [2024, 2024]
    assert_no_live_formula(content)  # the guard still holds with the filters


def test_the_treasurers_overview_is_a_table_with_years_as_numbers(october):  # noqa: F811
    workbook = load_workbook(io.BytesIO(render_xlsx(october)))
    (sheet,) = workbook.worksheets

    assert_table(sheet, header_row=2)
    years = column(sheet, "Jaar", header_row=2)
    assert years and all(type(cell.value) is int for cell in years)
    assert {cell.value for cell in years} == {2021}
    assert all(cell.number_format == XLSX_YEAR for cell in years)


def test_the_import_templates_are_tables(hostile_plan):  # noqa: F811
    spending = load_workbook(io.BytesIO(budget_imports.template_xlsx(plan=hostile_plan)))
    sheet = spending["Uitgaven"]
    assert_table(sheet, header_row=1)
    years = column(sheet, "jaar", header_row=1)
    assert [cell.value for cell in years] == [2024]
    assert years[0].number_format == XLSX_YEAR

    realisations = load_workbook(io.BytesIO(placement_imports.template_xlsx(plan=hostile_plan)))[
        "Realisaties"
    ]
    assert_table(realisations, header_row=1)
