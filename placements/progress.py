"""Progress of a target: expected to date, status and forecast, from figures the database
has already summed (placements.selectors). Pure arithmetic on dates and counts.

- Realised to date: a flow sums its periods; a stock takes the level of its latest period.
- Peildatum: the end of the latest period with a realisation (not today), so a region that
  reports a quarter late is judged on what it reported.
- Expected to date: by the prognoses where the target has them (a prognose that is under way
  counts pro rata), else pro rata over the target's period. A stock grows from its baseline
  (nulmeting), a flow from the target's start.
- Status: realised ÷ expected against the programme's thresholds.
- Forecast: the pace so far, carried on linearly to the end of the period.
- Ended: once the reference date (today, or a report's as_of) has reached the end of the
  target's period, the status is final: gehaald (realised ≥ target, 100 % or more) or niet
  gehaald; expected is then the whole target and the forecast the final figure."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import DateSpan
from core.numbers import percentage_of, rounded_count


class Status(StrEnum):
    OP_KOERS = "op_koers"
    RISICO = "risico"
    ACHTER = "achter"
    GEEN_GEGEVENS = "geen_gegevens"
    # Final, once the target's period has ended.
    GEHAALD = "gehaald"
    NIET_GEHAALD = "niet_gehaald"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def is_behind(self) -> bool:
        """The one rule of *behind*, for live progress and for a frozen report's stored
        status alike (Status(row["status"]).is_behind)."""
        return self in BEHIND


STATUS_LABELS = {
    Status.OP_KOERS: _("op koers"),
    # "risico" is also the name of a plan's risk; as a status it means "at risk".
    Status.RISICO: pgettext_lazy("status", "risico"),
    Status.ACHTER: _("achter"),
    Status.GEEN_GEGEVENS: _("geen gegevens"),
    Status.GEHAALD: _("gehaald"),
    Status.NIET_GEHAALD: _("niet gehaald"),
}

# Where the Werkkamer should look: at risk or behind while the period runs, and a target
# that ended short of its value (what a board must see, not something to hide as past).
BEHIND = frozenset({Status.RISICO, Status.ACHTER, Status.NIET_GEHAALD})


@dataclass(frozen=True)
class Thresholds:
    on_course_from: int = 90
    at_risk_from: int = 70


@dataclass(frozen=True)
class PrognosisSpan(DateSpan):
    """A prognose: the value the target should reach over its span of dates."""

    value: int


@dataclass(frozen=True)
class Progress:
    target: int
    realised: int | None  # None: nothing reported yet
    expected: int | None
    forecast: int | None
    as_of: date | None
    status: Status
    ended: bool = False  # the target's period is over: the figures are final

    @property
    def percentage(self) -> Decimal | None:
        """Realised as a percentage of the target, one decimal (core.numbers)."""
        if self.realised is None:
            return None
        return percentage_of(self.realised, self.target)

    @property
    def is_behind(self) -> bool:
        return self.status.is_behind


def has_ended(end: date, reference: date | None) -> bool:
    """Whether a period ending on `end` is over at `reference` (today, or a report's as_of):
    a report as of the last day of the period is its final report."""
    return reference is not None and reference >= end


def final_status(*, realised: int, target: int) -> Status:
    return Status.GEHAALD if realised >= target else Status.NIET_GEHAALD


def _days(start: date, end: date) -> int:
    """Days from `start` up to and including `end`."""
    return (end - start).days + 1


def _share(value: int, start: date, end: date, as_of: date) -> Decimal:
    """The part of `value` due by `as_of` when it accrues evenly from `start` to `end`."""
    if as_of < start:
        return Decimal(0)
    if as_of >= end:
        return Decimal(value)
    return Decimal(value) * _days(start, as_of) / _days(start, end)


def expected_by(
    *,
    value: int,
    start: date,
    end: date,
    as_of: date,
    origin: date | None = None,
    prognoses: list[PrognosisSpan] = (),
    cumulative: bool = False,
) -> int:
    """What the target asks for by `as_of`. `origin` moves the start back (a stock grows
    from its baseline). Prognoses of a flow are added up; a stock's prognoses are levels."""
    if prognoses:
        if cumulative:
            reached = [p for p in prognoses if p.end <= as_of]
            under_way = [p for p in prognoses if p.start <= as_of < p.end]
            if not reached:
                # The first level grows from the baseline, where the stock was 0, not from 0
                # at the prognose's start.
                first = prognoses[0]
                since = min(origin or first.start, first.start)
                return int(rounded_count(_share(first.value, since, first.end, as_of)))
            if under_way:
                before = reached[-1].value
                span = under_way[0]
                growth = _share(span.value - before, span.start, span.end, as_of)
                return int(rounded_count(before + growth))
            return reached[-1].value
        total = sum(_share(p.value, p.start, p.end, as_of) for p in prognoses)
        return int(rounded_count(Decimal(total)))
    return int(rounded_count(_share(value, origin or start, end, as_of)))


def forecast_for(*, realised: int, start: date, end: date, as_of: date) -> int:
    """The end-of-period figure if the pace so far continues."""
    if as_of >= end or as_of < start:
        return realised
    return int(rounded_count(Decimal(realised) * _days(start, end) / _days(start, as_of)))


def status_for(*, realised: int, expected: int, thresholds: Thresholds) -> Status:
    if expected <= 0 or realised * 100 >= expected * thresholds.on_course_from:
        return Status.OP_KOERS
    if realised * 100 >= expected * thresholds.at_risk_from:
        return Status.RISICO
    return Status.ACHTER


def progress_for(
    *,
    value: int,
    start: date,
    end: date,
    realised: int | None,
    as_of: date | None,
    thresholds: Thresholds,
    stock_origin: date | None = None,
    prognoses: list[PrognosisSpan] = (),
    reference: date | None = None,
) -> Progress:
    """`stock_origin` is the baseline of a stock indicator (None for a flow). `reference` is
    the date the progress is read on (today, or a report's as_of): on or after `end` the
    status is final (gehaald / niet gehaald); None judges the course only."""
    ended = has_ended(end, reference)
    if realised is None or as_of is None:
        return Progress(value, None, None, None, None, Status.GEEN_GEGEVENS, ended)
    as_of = min(as_of, end)
    if ended:
        # The whole target was due; the final figure takes the forecast's place.
        status = final_status(realised=realised, target=value)
        return Progress(value, realised, value, realised, as_of, status, ended)
    origin = stock_origin or start
    expected = expected_by(
        value=value,
        start=start,
        end=end,
        as_of=as_of,
        origin=origin,
        prognoses=prognoses,
        cumulative=stock_origin is not None,
    )
    forecast = forecast_for(realised=realised, start=origin, end=end, as_of=as_of)
    status = status_for(realised=realised, expected=expected, thresholds=thresholds)
    return Progress(value, realised, expected, forecast, as_of, status)


def combine(parts: list[Progress], thresholds: Thresholds) -> Progress:
    """A line without a target of its own: the sum of its projects' progress. It has ended
    when every part has; an ended part counts its whole target as expected."""
    reported = [part for part in parts if part.realised is not None]
    target = sum(part.target for part in parts)
    ended = bool(parts) and all(part.ended for part in parts)
    if not reported:
        return Progress(target, None, None, None, None, Status.GEEN_GEGEVENS, ended)
    realised = sum(part.realised for part in reported)
    expected = sum(part.expected for part in reported)
    forecast = sum(part.forecast for part in reported)
    as_of = max(part.as_of for part in reported)
    if ended:
        status = final_status(realised=realised, target=target)
    else:
        status = status_for(realised=realised, expected=expected, thresholds=thresholds)
    return Progress(target, realised, expected, forecast, as_of, status, ended)
