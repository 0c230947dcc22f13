"""The outcome of checking a spending file: per row what committing would record (a new entry
on which budget line, or an error with its problems, or nothing for a template row left
empty), and the file's totals. Stored with the import (as_json, from_json), so its preview is
drawn from what the upload found, never by reading the file again; the commit checks the
file once more and compares the budget lines with these."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy

from core.tabular import Problem

from ..models import BudgetLine
from .columns import COLUMNS


class Outcome(models.TextChoices):
    NEW = "nieuw", gettext_lazy("nieuw")
    # A template row left as it was (only the budget line filled in): not part of the file.
    SKIPPED = "overgeslagen", gettext_lazy("overgeslagen (niet ingevuld)")
    ERROR = "fout", gettext_lazy("fout")


@dataclass
class RowResult:
    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    outcome: str = ""
    budget_line: BudgetLine | None = None
    budget_line_id: int | None = None
    # The budget line's revision when checked: a change to it since refuses the commit.
    budget_line_revision: int | None = None
    budget_line_label: str = ""
    date: Date | None = None
    amount: Decimal | None = None

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def cells(self) -> list[tuple[str, str, bool]]:
        """(column, value, has a problem) in the template's order, for the preview."""
        columns = {problem.column for problem in self.problems}
        return [(name, self.values.get(name, ""), name in columns) for name in COLUMNS]


@dataclass
class ImportResult:
    rows: list[RowResult]
    # What made the file as a whole unreadable, or the budget changed, found at commit.
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        return len(self.problems)

    @property
    def to_apply(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == Outcome.NEW]

    @property
    def summary(self) -> dict[str, int]:
        """How many rows per outcome (every outcome present, zero when none)."""
        counts = Counter(row.outcome for row in self.rows)
        return {outcome.value: counts.get(outcome.value, 0) for outcome in Outcome}

    @property
    def total(self) -> Decimal:
        """What the file's new entries add up to (they count once approved)."""
        return sum((row.amount or Decimal(0) for row in self.to_apply), Decimal(0))

    def as_json(self, file_problems: Sequence[Problem] = ()) -> dict:
        return {
            "file_problems": [
                [p.row, p.column, p.message] for p in [*self.file_problems, *file_problems]
            ],
            "rows": [
                {
                    "number": row.number,
                    "values": row.values,
                    "problems": [[p.row, p.column, p.message] for p in row.problems],
                    "outcome": row.outcome,
                    "budget_line": row.budget_line_id,
                    "budget_line_revision": row.budget_line_revision,
                    "budget_line_label": row.budget_line_label,
                    "date": row.date.isoformat() if row.date else None,
                    "amount": str(row.amount) if row.amount is not None else None,
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        """A stored result as the preview reads it (rows without their budget lines)."""
        return cls(
            [
                RowResult(
                    number=row["number"],
                    values=row["values"],
                    problems=[Problem(*problem) for problem in row["problems"]],
                    outcome=row["outcome"],
                    budget_line_id=row["budget_line"],
                    budget_line_revision=row["budget_line_revision"],
                    budget_line_label=row["budget_line_label"],
                    date=Date.fromisoformat(row["date"]) if row["date"] else None,
                    amount=Decimal(row["amount"]) if row["amount"] is not None else None,
                )
                for row in data["rows"]
            ],
            file_problems=[Problem(*problem) for problem in data.get("file_problems", [])],
        )


def stored_result(*, spending_import) -> ImportResult | None:
    """What the check of the import's file found when last checked (at upload or commit)."""
    return ImportResult.from_json(spending_import.results) if spending_import.results else None
