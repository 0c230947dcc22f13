"""The outcome of checking a delivery: per row what committing would do (new, changed,
unchanged, skipped or an error) with its problems, and the totals of the file. The preview
shows these and delivery_commit applies them. They are stored with the delivery (as_json,
from_json), so its preview is drawn from what the upload found, never by reading the file
again."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Self

from django.db import models
from django.utils.translation import gettext_lazy

from core.tabular.results import TableResult, TableRow
from programmes.models import ReportingPeriod, Target

from .columns import COLUMNS


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
class RowResult(TableRow):
    target: Target | None = None
    period: ReportingPeriod | None = None
    sector: str = ""
    target_group: str = ""
    source: str = ""
    count: int | None = None
    old_count: int | None = None
    # The realisation the row replaces, as the check found it (not stored with the result).
    stored: Any = None
    columns: ClassVar[Sequence[str]] = COLUMNS

    @property
    def attention(self) -> int:
        """Problems first, then changes and corrections, then the rest."""
        if self.problems:
            return 0
        return 1 if self.outcome == Outcome.CHANGED or self.needs_reason else 2

    @property
    def needs_reason(self) -> bool:
        """A change in a closed period: a correction, which needs a reason."""
        return self.outcome in {Outcome.NEW, Outcome.CHANGED} and self.period.is_closed

    def as_json(self) -> dict[str, Any]:
        return {
            **super().as_json(),
            "count": self.count,
            "old_count": self.old_count,
            "source": self.source,
            "period": (
                [self.period.code, self.period.is_closed, self.period.start_date.isoformat()]
                if self.period is not None
                else None
            ),
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Self:
        """A stored row as the preview reads it (without its plan objects)."""
        row = super().from_json(stored)
        row.period = _period_seen(stored["period"])
        row.source = stored["source"]
        row.count = stored["count"]
        row.old_count = stored["old_count"]
        return row


@dataclass
class ImportResult(TableResult[RowResult]):
    outcomes = Outcome
    applied = frozenset({Outcome.NEW, Outcome.CHANGED})
    row_type = RowResult

    @property
    def closed_periods(self) -> list[str]:
        """Codes of the closed periods this delivery would change (a reason is needed)."""
        if self.totals:
            return self.totals.get("closed_periods", [])
        periods = {row.period.code: row.period.start_date for row in self.rows if row.needs_reason}
        return sorted(periods, key=periods.get)

    def totals_as_json(self) -> dict[str, Any]:
        return {**super().totals_as_json(), "closed_periods": self.closed_periods}


def _period_seen(stored: list | None) -> PeriodSeen | None:
    if not stored:
        return None
    code, is_closed, start = stored
    return PeriodSeen(code, is_closed, date.fromisoformat(start))


def stored_result(*, delivery) -> ImportResult | None:
    """What the check of the delivery's file found when it was last checked (at upload, or
    at commit), as stored with it; None for a delivery stored before results were kept."""
    return ImportResult.from_json(delivery.results) if delivery.results else None
