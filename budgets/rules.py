"""The rules of money, in one place (docs/decisions/0013-…):

- what a new spending entry must keep: the typed entry and the counter-entry
  (budgets.services.spending) and every row of a spending import (budgets.imports) ask
  these, so a row the import's preview passes is one the service records;
- budget against actual: over which dates a budget year's money is meant to be spent, how
  much of that time has passed, and when spending is a warning. Pure functions: the
  selectors feed them the sums the database computed."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import DateSpan
from core.formatting import show_date

HUNDRED = Decimal("100")


def check_expenditure_date(*, plan, date: date) -> None:
    """Money is spent while the plan runs: the date lies within its running time."""
    if not plan.start_date <= date <= plan.end_date:
        raise ValidationError(
            {
                "date": gettext(
                    "De datum %(date)s valt buiten de looptijd van het plan (%(start)s t/m "
                    "%(end)s)."
                )
                % {
                    "date": show_date(date),
                    "start": show_date(plan.start_date),
                    "end": show_date(plan.end_date),
                }
            }
        )


def check_expenditure(*, plan, date: date, amount: Decimal | None) -> None:
    """A new entry (not a counter-entry): an amount above zero, on a date within the plan's
    running time. Raises ValidationError naming the field (amount, date)."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": gettext("Een uitgave is een bedrag groter dan nul.")})
    check_expenditure_date(plan=plan, date=date)


class SpendingWarning(models.TextChoices):
    """Why a budget (a year, line, project, category or the whole plan) needs attention."""

    OVERSCHREDEN = "overschreden", _("overschreden: meer goedgekeurd dan begroot")
    ACHTER = "achter", _("loopt achter: minder besteed dan de verstreken tijd")


def spending_span(
    *, year: int, plan_start: date, plan_end: date, last_budget_year: int
) -> DateSpan | None:
    """The dates a budget year's money is for: its calendar year within the plan's period.
    The plan's last budgeted year runs on to the plan's end, since money granted for it may
    still be spent until then (the RMT's 2021 grants, spent until the end of 2022, while the
    2022 budgets were not yet known). None when the year lies outside the plan."""
    start = max(date(year, 1, 1), plan_start)
    end = plan_end if year >= last_budget_year else min(date(year, 12, 31), plan_end)
    return DateSpan(start, end) if start <= end else None


def time_elapsed(span: DateSpan | None, as_of: date) -> Decimal:
    """The share of `span` passed by the end of `as_of`, as a fraction from 0 to 1 (days
    counted whole: on the last day all of it has passed)."""
    if span is None or as_of < span.start:
        return Decimal(0)
    if as_of >= span.end:
        return Decimal(1)
    passed = (as_of - span.start).days + 1
    return Decimal(passed) / Decimal((span.end - span.start).days + 1)


@dataclass(frozen=True)
class Actual:
    """Budget against actual for one part of a plan. `expected` is what would have been
    spent by now if each budget year's money were spent evenly over its span."""

    budgeted: Decimal  # the current budget (after approved budget changes)
    original: Decimal  # as adopted, before any budget change
    approved: Decimal  # approved spending: what counts as spent
    awaiting: Decimal  # recorded, waiting for the second pair of eyes
    expected: Decimal
    lag_points: int

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.approved

    @property
    def is_changed(self) -> bool:
        return self.original != self.budgeted

    @property
    def spent_percentage(self) -> Decimal | None:
        """Approved ÷ budget × 100, unrounded (core.numbers rounds it where it is shown)."""
        return self.approved * HUNDRED / self.budgeted if self.budgeted else None

    @property
    def time_percentage(self) -> Decimal | None:
        """The share of the budget's time passed, weighted by the budget of each year."""
        return self.expected * HUNDRED / self.budgeted if self.budgeted else None

    @property
    def warning(self) -> SpendingWarning | None:
        """Overspent when more is approved than budgeted; lagging when the share spent is
        `lag_points` percentage points or more behind the share of time passed."""
        if self.approved > self.budgeted:
            return SpendingWarning.OVERSCHREDEN
        spent, time = self.spent_percentage, self.time_percentage
        if spent is not None and time is not None and time - spent >= self.lag_points:
            return SpendingWarning.ACHTER
        return None

    def __add__(self, other: "Actual") -> "Actual":
        return Actual(
            budgeted=self.budgeted + other.budgeted,
            original=self.original + other.original,
            approved=self.approved + other.approved,
            awaiting=self.awaiting + other.awaiting,
            expected=self.expected + other.expected,
            lag_points=self.lag_points,
        )

    @classmethod
    def zero(cls, lag_points: int) -> "Actual":
        nothing = Decimal("0.00")
        return cls(nothing, nothing, nothing, nothing, Decimal(0), lag_points)
