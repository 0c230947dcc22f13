"""What is wrong with an imported file, and where: a problem in one cell, one row or the
whole file. Shared by the reading of the file and the checking of its rows, and by every
import (realisations, spending), so previews and commands report all the same way."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: `row` as the spreadsheet numbers it (header = 1; None for
    the file as a whole) and the column's name ("" for the whole row)."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return _("Rij %(row)s, kolom %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Rij %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class FileRejected(ValidationError):
    """The file as a whole cannot be imported (size, type, empty, a column missing): nothing
    in it is read further, and nothing is stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


def reject(message: str, row: int | None = None, column: str = "") -> FileRejected:
    return FileRejected([Problem(row, column, message)])
