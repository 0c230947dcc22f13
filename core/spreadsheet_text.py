"""Text that a spreadsheet program would run as a formula (CSV/formula injection, OWASP).

One rule for the whole product: the import refuses free text that starts like a formula, and
every XLSX or CSV the product writes stores such text as plain text: `csv_safe` for each CSV
field, `xlsx_safe_workbook` over a finished workbook before it is saved."""

import re

from django.utils.translation import gettext

# A cell whose text starts with one of these is evaluated by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# A number the writer already put in Dutch notation ("-1234,50" spent over budget, "-1.234",
# "-5 %") is a number, not a formula: it stays as it is, so a spreadsheet still reads it as a
# negative number.
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*(?:[ \u00a0]?%)?")


def starts_like_formula(text: str) -> bool:
    """True when `text` would be taken for a formula by a spreadsheet program."""
    return isinstance(text, str) and text.startswith(FORMULA_TRIGGERS)


def formula_character(character: str) -> str:
    """The character a formula-like cell starts with, as a message names it."""
    if character == "\t":
        return gettext("een tab")
    if character == "\r":
        return gettext("een regelterugloop")
    return f"'{character}'"


def csv_safe(value):
    """A field for a CSV the product writes. Text that starts like a formula gets a leading
    apostrophe, as OWASP advises, so Excel and LibreOffice show it as text instead of running
    it. Numbers, negative ones too, and numbers already written as text stay as they are."""
    if starts_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def from_csv_field(value: str) -> str:
    """The reverse of `csv_safe` for a CSV the product reads: an apostrophe in front of text
    that starts like a formula is the escape a CSV the product wrote (its import template)
    carries, not part of the text."""
    if value.startswith("'") and starts_like_formula(value[1:]):
        return value[1:]
    return value


def xlsx_safe(cell) -> None:
    """Keep the text of an openpyxl cell plain text. openpyxl stores a str that starts with "="
    as a formula and one such as "#N/A" as an error value; this makes every text cell a string
    cell again, and marks text that starts like a formula with Excel's quote prefix, so that it
    stays text even after someone edits the cell. Numbers and dates are left alone."""
    if not isinstance(cell.value, str):
        return
    formula_like = cell.data_type == "f" or starts_like_formula(cell.value)
    cell.data_type = "s"
    if formula_like:
        cell.quotePrefix = True


def xlsx_safe_workbook(workbook) -> None:
    """Apply `xlsx_safe` to every cell of every sheet: call it on a finished workbook just
    before saving it, so no text the product writes becomes a live formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                xlsx_safe(cell)
