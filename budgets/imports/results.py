"""The outcome of checking a spending file: per row what committing would record (a new entry
on which budget line, or an error with its problems, or nothing for a template row left
empty), and the file's totals. Stored with the import (as_json, from_json), so its preview is
drawn from what the upload found, never by reading the file again; the commit checks the
file once more and compares the budget lines with these."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Any, ClassVar, Self

from django.db import models
from django.utils.translation import gettext_lazy

from core.tabular.results import SHOWN_ROWS, TableResult, TableRow

from ..models import BudgetLine
from .columns import COLUMNS


class Outcome(models.TextChoices):
    NEW = "nieuw", gettext_lazy("nieuw")
    # A template row left as it was (only the budget line filled in): not part of the file.
    SKIPPED = "overgeslagen", gettext_lazy("overgeslagen (niet ingevuld)")
    ERROR = "fout", gettext_lazy("fout")


@dataclass
class RowResult(TableRow):
    budget_line: BudgetLine | None = None
    budget_line_id: int | None = None
    # The budget line's revision when checked: a change to it since refuses the commit.
    budget_line_revision: int | None = None
    budget_line_label: str = ""
    date: Date | None = None
    amount: Decimal | None = None
    columns: ClassVar[Sequence[str]] = COLUMNS

    def as_json(self) -> dict[str, Any]:
        return {
            **super().as_json(),
            "budget_line": self.budget_line_id,
            "budget_line_revision": self.budget_line_revision,
            "budget_line_label": self.budget_line_label,
            "date": self.date.isoformat() if self.date else None,
            "amount": str(self.amount) if self.amount is not None else None,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Self:
        """A stored row as the preview reads it (without its budget line)."""
        row = super().from_json(stored)
        row.budget_line_id = stored["budget_line"]
        row.budget_line_revision = stored["budget_line_revision"]
        row.budget_line_label = stored["budget_line_label"]
        row.date = Date.fromisoformat(stored["date"]) if stored["date"] else None
        row.amount = Decimal(stored["amount"]) if stored["amount"] is not None else None
        return row


@dataclass
class ImportResult(TableResult[RowResult]):
    outcomes = Outcome
    applied = frozenset({Outcome.NEW})
    row_type = RowResult

    @property
    def total(self) -> Decimal:
        """What the file's new entries add up to (they count once approved)."""
        if self.totals:
            return Decimal(self.totals.get("total", "0"))
        return sum((row.amount or Decimal(0) for row in self.to_apply), Decimal(0))

    def budget_lines_seen(self) -> dict[int, tuple[int | None, int | None]]:
        """Per row to record, the budget line and its revision the check found: what the
        commit compares with (of every row, also those a large file's preview leaves out)."""
        if self.totals and "budget_lines" in self.totals:
            return {
                number: (line, revision) for number, line, revision in self.totals["budget_lines"]
            }
        return {row.number: (row.budget_line_id, row.budget_line_revision) for row in self.rows}

    def totals_as_json(self) -> dict[str, Any]:
        totals = {**super().totals_as_json(), "total": str(self.total)}
        if len(self.rows) > SHOWN_ROWS:
            totals["budget_lines"] = [
                [row.number, row.budget_line_id, row.budget_line_revision] for row in self.to_apply
            ]
        return totals


def stored_result(*, spending_import) -> ImportResult | None:
    """What the check of the import's file found when last checked (at upload or commit)."""
    return ImportResult.from_json(spending_import.results) if spending_import.results else None
