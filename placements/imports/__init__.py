"""Import of realisations from a delivery file (CSV or XLSX), as UWV, the WSP or a
municipality sends them: read the rows, check every row against the plan, and say per row
what committing would do (new, changed old → new, unchanged). Only reads; the writes are
placements.services.delivery_upload and delivery_commit, which call `validate` here.

Every problem names the row as the spreadsheet shows it (the header is row 1), the column and
what is wrong, in Dutch. A file with any problem is committed as a whole or not at all.

The plan is read once per file (lines, projects, targets, periods, indicators and the
realisations already stored), so checking a file costs the same few queries whatever its size.

The package's modules, in the order a delivery passes through them:

- columns: the file format, the columns a delivery has and what each means;
- problems: what is wrong and where (Problem), and the refusal of a whole file (FileRejected),
  from core.tabular, the same for every import;
- files: the delivery's columns and limits (REALISATION_IMPORT_* settings) given to
  core.tabular, which reads a CSV or XLSX file exactly into numbered rows, or refuses it;
- plan_index: what the plan offers a row (lines, projects, targets, periods), read once;
- results: per row what committing would do, and the file's totals; stored with the
  delivery, so its preview never reads the file again;
- checks: checking every row against the plan (validate), by placements.rules;
- template: the file a supplier fills in, as CSV or XLSX.

Callers use the names re-exported here; the modules are how the package is organised.
"""

from .checks import SOURCE_MAX_LENGTH, StoredCount, delivery_result, stored_counts, validate
from .columns import (
    COLUMN_HELP,
    COLUMNS,
    COUNT,
    INDICATOR,
    LINE,
    PERIOD,
    PROJECT,
    REQUIRED_COLUMNS,
    SECTOR,
    SOURCE,
    TARGET_GROUP,
)
from .files import EXTENSIONS, Limits, check_size, limits, max_bytes, read_table
from .plan_index import PlanIndex
from .problems import FileRejected, Problem
from .results import ImportResult, Outcome, RowResult, stored_result
from .template import template_csv, template_rows, template_xlsx

__all__ = [
    "COLUMNS",
    "COLUMN_HELP",
    "COUNT",
    "EXTENSIONS",
    "INDICATOR",
    "LINE",
    "PERIOD",
    "PROJECT",
    "REQUIRED_COLUMNS",
    "SECTOR",
    "SOURCE",
    "SOURCE_MAX_LENGTH",
    "StoredCount",
    "TARGET_GROUP",
    "FileRejected",
    "ImportResult",
    "Limits",
    "Outcome",
    "PlanIndex",
    "Problem",
    "RowResult",
    "check_size",
    "delivery_result",
    "limits",
    "max_bytes",
    "read_table",
    "stored_counts",
    "stored_result",
    "template_csv",
    "template_rows",
    "template_xlsx",
    "validate",
]
