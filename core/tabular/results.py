"""The outcome of checking an imported table, as every import keeps it: per row its cells,
its problems and what committing would do (its outcome), and the file's totals. Stored with
the uploaded file (as_json, from_json), so a preview is drawn from what the upload found,
never by reading the file again. Each import subclasses both with the fields of its own rows
(what a row would write) and names its columns and outcomes.

A large file keeps at most SHOWN_ROWS rows for its preview, those that need attention first
(a problem, then a change), with the totals of all its rows: a preview of 100.000 rows is
read by nobody, and storing it would cost more than recording the rows
(docs/decisions/0018)."""

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from django.db import models

from .problems import Problem

# The rows a stored result keeps for the preview; the totals count every row.
SHOWN_ROWS = 1_000


def _problems_as_json(problems: Sequence[Problem]) -> list[list]:
    return [[problem.row, problem.column, problem.message] for problem in problems]


def _problems_from_json(stored: Sequence[Sequence]) -> list[Problem]:
    return [Problem(*problem) for problem in stored]


@dataclass
class TableRow:
    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    outcome: str = ""
    # The import's columns, in the template's order.
    columns: ClassVar[Sequence[str]] = ()

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def attention(self) -> int:
        """How much the row needs a reader's eye: 0 first (a problem). The preview of a
        large file keeps the rows that need it most."""
        return 0 if self.problems else 1

    @property
    def problem_columns(self) -> set[str]:
        return {problem.column for problem in self.problems}

    @property
    def cells(self) -> list[tuple[str, str, bool]]:
        """(column, value, has a problem) in the template's order, for the preview."""
        columns = self.problem_columns
        return [(name, self.values.get(name, ""), name in columns) for name in self.columns]

    def as_json(self) -> dict[str, Any]:
        """What the preview shows of the row; an import adds what its rows would write."""
        return {
            "number": self.number,
            "values": self.values,
            "problems": _problems_as_json(self.problems),
            "outcome": self.outcome,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Self:
        """A stored row as the preview reads it; an import adds what its rows would write."""
        return cls(
            number=stored["number"],
            values=stored["values"],
            problems=_problems_from_json(stored["problems"]),
            outcome=stored["outcome"],
        )


@dataclass
class TableResult[Row: TableRow]:
    rows: list[Row]
    # What made the file as a whole unreadable, found when it was committed.
    file_problems: list[Problem] = field(default_factory=list)
    # The totals of every row, as stored (from_json); None for a result of all its rows.
    totals: dict[str, Any] | None = None
    # The import's outcomes, and those of them that committing writes.
    outcomes: ClassVar[type[models.TextChoices]]
    applied: ClassVar[frozenset[str]]
    # The import's row class (a TableRow), which reads its stored rows back.
    row_type: ClassVar[type[Any]]

    @property
    def problems(self) -> list[Problem]:
        """The problems of the file and of its rows (of the rows kept, for a stored result
        of a large file: error_count counts them all)."""
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def row_count(self) -> int:
        return self.totals["rows"] if self.totals else len(self.rows)

    @property
    def error_count(self) -> int:
        if self.totals:
            return len(self.file_problems) + self.totals["problems"]
        return len(self.problems)

    @property
    def is_shortened(self) -> bool:
        """Does the stored result keep fewer rows than the file has?"""
        return self.row_count > len(self.rows)

    @property
    def to_apply(self) -> list[Row]:
        return [row for row in self.rows if row.outcome in self.applied]

    @property
    def summary(self) -> dict[str, int]:
        """How many rows per outcome (every outcome present, zero when none)."""
        if self.totals:
            counts = Counter(self.totals["outcomes"])
        else:
            counts = Counter(row.outcome for row in self.rows)
        return {outcome.value: counts.get(outcome.value, 0) for outcome in self.outcomes}

    def shown_rows(self) -> list[Row]:
        """The rows the preview keeps: all of a file up to SHOWN_ROWS; of a larger one
        those that need attention most (TableRow.attention), in the file's order."""
        if len(self.rows) <= SHOWN_ROWS:
            return self.rows
        kept = heapq.nsmallest(SHOWN_ROWS, self.rows, key=lambda row: (row.attention, row.number))
        return sorted(kept, key=lambda row: row.number)

    def totals_as_json(self) -> dict[str, Any]:
        """The totals of every row, stored beside the rows kept; an import adds its own."""
        return {
            "rows": self.row_count,
            "outcomes": self.summary,
            "problems": sum(len(row.problems) for row in self.rows),
        }

    def as_json(self, file_problems: Sequence[Problem] = ()) -> dict[str, Any]:
        """What the preview shows (shown_rows and the totals), to store with the file."""
        return {
            "file_problems": _problems_as_json([*self.file_problems, *file_problems]),
            "rows": [row.as_json() for row in self.shown_rows()],
            "totals": self.totals_as_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """A stored result as the preview reads it (rows without their plan objects)."""
        return cls(
            [cls.row_type.from_json(row) for row in data["rows"]],
            file_problems=_problems_from_json(data.get("file_problems", [])),
            totals=data.get("totals"),
        )
