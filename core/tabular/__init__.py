"""Imported tables (CSV or XLSX files) read exactly or not at all, under limits that protect
the server, and what is wrong with them, named by row and column. Generic: each import names
its columns and limits and checks the rows itself (placements.imports for realisations,
budgets.imports for spending).

- problems: what is wrong and where (Problem), and the refusal of a whole file (FileRejected);
- files: the limits (Limits), the file's columns (TableFormat), and reading a CSV or XLSX file
  into numbered rows of text (read_table);
- names: how a cell and a name are compared (fold: any case, any accents)."""

from .files import EXTENSIONS, Limits, TableFormat, cell_text, check_size, read_table
from .names import fold
from .problems import FileRejected, Problem, reject

__all__ = [
    "EXTENSIONS",
    "FileRejected",
    "Limits",
    "Problem",
    "TableFormat",
    "cell_text",
    "check_size",
    "fold",
    "read_table",
    "reject",
]
