"""The outcome of checking a delivery: per row what committing would do (new, changed,
unchanged, skipped or an error) with its problems, and the totals of the file. The preview
shows these and delivery_commit applies them. They are stored with the delivery (as_json,
from_json), so its preview is drawn from what the upload found, never by reading the file
again."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy

from programmes.models import ReportingPeriod, Target

from .columns import COLUMNS
from .problems import Problem


class Outcome(models.TextChoices):
    NEW = "nieuw", gettext_lazy("nieuw")
    CHANGED = "gewijzigd", gettext_lazy("gewijzigd")
    UNCHANGED = "ongewijzigd", gettext_lazy("ongewijzigd")
    # A template row left as it was (no count, no source): not part of the delivery.
    SKIPPED = "overgeslagen", gettext_lazy("overgeslagen (niet ingevuld)")
    ERROR = "fout", gettext_lazy("fout")


@dataclass(frozen=True)
class PeriodSeen:
    """A row's period as a stored result remembers it: enough for the preview."""

    code: str
    is_closed: bool
    start_date: date


@dataclass
class RowResult:
    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    target: Target | None = None
    period: ReportingPeriod | None = None
    sector: str = ""
    target_group: str = ""
    source: str = ""
    count: int | None = None
    old_count: int | None = None
    outcome: str = ""

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def needs_reason(self) -> bool:
        """A change in a closed period: a correction, which needs a reason."""
        return self.outcome in {Outcome.NEW, Outcome.CHANGED} and self.period.is_closed

    @property
    def problem_columns(self) -> set[str]:
        return {problem.column for problem in self.problems}

    @property
    def cells(self) -> list[tuple[str, str, bool]]:
        """(column, value, has a problem) in the template's order, for the preview."""
        columns = self.problem_columns
        return [(name, self.values.get(name, ""), name in columns) for name in COLUMNS]


@dataclass
class ImportResult:
    rows: list[RowResult]
    # What made the file as a whole unreadable, when a stored delivery became so at commit.
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
        return [row for row in self.rows if row.outcome in {Outcome.NEW, Outcome.CHANGED}]

    @property
    def summary(self) -> dict[str, int]:
        """How many rows per outcome (every outcome present, zero when none)."""
        counts = Counter(row.outcome for row in self.rows)
        return {outcome.value: counts.get(outcome.value, 0) for outcome in Outcome}

    @property
    def closed_periods(self) -> list[str]:
        """Codes of the closed periods this delivery would change (a reason is needed)."""
        periods = {row.period.code: row.period.start_date for row in self.rows if row.needs_reason}
        return sorted(periods, key=periods.get)

    def as_json(self, file_problems: list[Problem] = ()) -> dict:
        """What the preview shows of every row, to store with the delivery."""
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
                    "count": row.count,
                    "old_count": row.old_count,
                    "source": row.source,
                    "period": (
                        [row.period.code, row.period.is_closed, row.period.start_date.isoformat()]
                        if row.period is not None
                        else None
                    ),
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        """A stored result as the preview reads it (rows without their plan objects)."""
        return cls(
            [
                RowResult(
                    number=row["number"],
                    values=row["values"],
                    problems=[Problem(*problem) for problem in row["problems"]],
                    period=_period_seen(row["period"]),
                    source=row["source"],
                    count=row["count"],
                    old_count=row["old_count"],
                    outcome=row["outcome"],
                )
                for row in data["rows"]
            ],
            file_problems=[Problem(*problem) for problem in data.get("file_problems", [])],
        )


def _period_seen(stored: list | None) -> PeriodSeen | None:
    if not stored:
        return None
    code, is_closed, start = stored
    return PeriodSeen(code, is_closed, date.fromisoformat(start))


def stored_result(*, delivery) -> ImportResult | None:
    """What the check of the delivery's file found when it was last checked (at upload, or
    at commit), as stored with it; None for a delivery stored before results were kept."""
    return ImportResult.from_json(delivery.results) if delivery.results else None
