"""The template for a spending file: one row per budget line of the plan, with what finds the
line filled in (jaar, begrotingsregel, lijn, project, categorie) and the booking's columns
empty; as CSV for Dutch Excel, or as an XLSX workbook with a sheet explaining each column.
A finance department copies a row per booking, or maps its export's columns onto these."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.formatting import XLSX_YEAR
from core.spreadsheet_tables import xlsx_data_sheet
from core.spreadsheet_text import csv_safe, xlsx_safe_workbook

from ..models import BudgetLine
from .budget_index import BudgetIndex, budget_line_label
from .columns import (
    BUDGET_LINE,
    CATEGORY,
    COLUMN_HELP,
    COLUMNS,
    DATE,
    DESCRIPTION,
    LINE,
    PROJECT,
    REQUIRED_COLUMNS,
    YEAR,
)


def template_rows(*, plan, index: BudgetIndex | None = None) -> list[dict[str, str]]:
    index = index or BudgetIndex(plan)
    return [
        {
            **dict.fromkeys(COLUMNS, ""),
            YEAR: str(budget_line.year),
            BUDGET_LINE: budget_line.description,
            LINE: budget_line.line.title if budget_line.line else "",
            PROJECT: budget_line.project.title if budget_line.project else "",
            CATEGORY: budget_line.category,
        }
        for budget_line in index.budget_lines
    ]


def template_csv(*, plan) -> bytes:
    """The template as CSV: ";" between columns and a byte-order mark, as Dutch Excel
    expects, so it opens in columns with the accents intact."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    # A title such as "=HYPERLINK(…)" is written as text, never as a formula.
    writer.writerows(
        {name: csv_safe(value) for name, value in row.items()} for row in template_rows(plan=plan)
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(*, plan) -> bytes:
    """The template as an Excel workbook: sheet "Uitgaven" to fill in, and sheet
    "Toelichting" with the meaning of each column and the plan's budget lines."""
    index = BudgetIndex(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Uitgaven"
    bold = Font(bold=True)
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = bold
    for row in template_rows(plan=plan, index=index):
        # The year as a number, shown as 2021 (the import reads it back as "2021").
        sheet.append([int(row[name]) if name == YEAR else row[name] for name in COLUMNS])
    widths = {DATE: 12, DESCRIPTION: 40, BUDGET_LINE: 36, LINE: 30, PROJECT: 30, CATEGORY: 16}
    for position, name in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 14)
        if name == YEAR:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = XLSX_YEAR
    xlsx_data_sheet(sheet, header_row=1)

    notes = workbook.create_sheet("Toelichting")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 16
    notes.append([_("Uitgaven aanleveren voor %(plan)s") % {"plan": str(plan)}])
    notes.cell(row=1, column=1).font = Font(bold=True, size=14)
    notes.append(
        [
            _(
                "Eén rij per uitgave. Rijen waarin alleen de begrotingsregel is ingevuld, "
                "worden overgeslagen. Een bestand met een fout wordt helemaal niet verwerkt. "
                "Elke uitgave wacht daarna op goedkeuring door een tweede persoon."
            )
        ]
    )
    notes.append([])
    notes.append([_("Kolommen")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for name in COLUMNS:
        required = _("verplicht") if name in REQUIRED_COLUMNS else _("mag ontbreken")
        notes.append([name, str(COLUMN_HELP[name]), required])
    notes.append([])
    notes.append([_("Begrotingsregels")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for budget_line in index.budget_lines:
        notes.append([budget_line_label(budget_line)])
    notes.append([])
    notes.append([_("Categorieën (kolom categorie)")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for value, label in BudgetLine.Category.choices:
        notes.append([value, str(label)])
    xlsx_safe_workbook(workbook)  # titles and names are text, never live formulas
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
