"""Import of spending (uitgaven) from a file (CSV or XLSX), as a financial system exports it:
read the rows (core.tabular, under the limits every import shares), check every row against
the plan's budget, and say per row what committing would record. Only reads; the writes are
budgets.services.spending_import_upload and spending_import_commit, which call `validate`.

Every problem names the row as the spreadsheet shows it (the header is row 1), the column and
what is wrong, in Dutch. A file with any problem is committed as a whole or not at all; every
entry it records waits for approval like a typed one.

- columns: the file format, the columns a spending file has and what each means;
- values: the one rule for amounts (Dutch notation) and dates;
- budget_index: what the plan offers a row (its budget lines), and what it recorded, read once;
- results: per row what committing would record, stored with the import;
- checks: checking every row against the plan (validate);
- template: the file to fill in, as CSV or XLSX."""

from core.tabular import FileRejected, Problem

from .checks import spending_import_result, validate
from .columns import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS
from .files import check_size, max_bytes
from .results import ImportResult, Outcome, RowResult, stored_result
from .template import template_csv, template_rows, template_xlsx
from .values import parse_amount, parse_date

__all__ = [
    "COLUMNS",
    "COLUMN_HELP",
    "REQUIRED_COLUMNS",
    "FileRejected",
    "ImportResult",
    "Outcome",
    "Problem",
    "RowResult",
    "check_size",
    "max_bytes",
    "parse_amount",
    "parse_date",
    "spending_import_result",
    "stored_result",
    "template_csv",
    "template_rows",
    "template_xlsx",
    "validate",
]
