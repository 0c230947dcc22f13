"""Every data sheet an XLSX of the product holds is a table a reader can sort and filter and
keep in view: an autofilter over the table from its header row, and the rows above and
including the header row frozen. One rule for the reports' workbooks and the import
templates; call `xlsx_data_sheet` once the sheet's rows are written."""

from openpyxl.utils import get_column_letter


def xlsx_data_sheet(sheet, *, header_row: int = 1) -> None:
    """The autofilter from the header row over every column and row of `sheet`'s table (the
    header row alone when there are no rows yet), and the header row frozen."""
    last_column = get_column_letter(max(sheet.max_column, 1))
    last_row = max(sheet.max_row, header_row)
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
