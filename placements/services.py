"""Writes for realisations. The grid, the import, the management command and the demo data
all go through these, so every count is validated, no concurrent edit is lost, and a change
in a closed period is recorded as a correction with its reason."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import ReportingPeriod
from regions.concurrency import ConcurrentEditError

from .models import Correction, Realisation


class PeriodClosedError(ValidationError):
    pass


def check_realisation(*, target, period, sector: str = "", target_group: str = "") -> None:
    """Does this count fit its target? Raises ValidationError saying what does not."""
    if period.plan_id != target.plan_id:
        raise ValidationError(_("Deze periode hoort niet bij het plan van de doelstelling."))
    if period.end_date < target.start_date or period.start_date > target.end_date:
        raise ValidationError(
            _(
                "Periode %(period)s valt buiten de looptijd van de doelstelling "
                "(%(start)s t/m %(end)s)."
            )
            % {
                "period": period.code,
                "start": target.start_date.strftime("%d-%m-%Y"),
                "end": target.end_date.strftime("%d-%m-%Y"),
            }
        )
    if target.sector and sector and sector != target.sector:
        raise ValidationError(
            _(
                "De doelstelling geldt voor de %(sector)s; "
                "een realisatie in een andere sector hoort hier niet."
            )
            % {"sector": target.get_sector_display()}
        )
    breakdown = target.indicator.breakdown
    if sector and not target.sector and breakdown != "sector":
        raise ValidationError(_("Deze indicator wordt niet per sector uitgesplitst."))
    if target_group and breakdown != "doelgroep":
        raise ValidationError(_("Deze indicator wordt niet per doelgroep uitgesplitst."))


def realisation_record(
    *,
    target,
    period,
    count: int | None,
    sector: str = "",
    target_group: str = "",
    source: str = "",
    expected_count: int | None = None,
    check_expected: bool = True,
    reason: str = "",
    actor=None,
    delivery=None,
) -> Realisation | None:
    """Set the count of one cell (target, period, breakdown, source); None clears it.

    `expected_count` is the count the user saw (None: an empty cell); when the stored count
    differs, someone else changed it in between and nothing is saved. In a closed period a
    change needs a `reason` and is kept as a correction with the old value."""
    sector = sector or target.sector
    check_realisation(target=target, period=period, sector=sector, target_group=target_group)
    if count is not None and count < 0:
        raise ValidationError(_("Een aantal kan niet negatief zijn."))
    with transaction.atomic():
        current = (
            Realisation.objects.select_for_update()
            .filter(
                target=target,
                period=period,
                sector=sector,
                target_group=target_group,
                source=source,
            )
            .first()
        )
        old = current.count if current else None
        if check_expected and old != expected_count:
            raise ConcurrentEditError(current)
        if old == count:
            return current
        period = ReportingPeriod.objects.get(pk=period.pk)  # closed since the page was loaded?
        if period.is_closed and not reason.strip():
            raise PeriodClosedError(
                _("Periode %(period)s is afgesloten: geef een reden voor deze correctie.")
                % {"period": period.code}
            )
        if current is None:
            current = Realisation(
                target=target,
                period=period,
                sector=sector,
                target_group=target_group,
                source=source,
                count=0,
                recorded_by=actor,
            )
        if count is None and not period.is_closed:
            current._history_user = actor
            current.delete()
            return None
        current.count = count or 0
        current.delivery = delivery or current.delivery
        current._history_user = actor
        current.full_clean(validate_unique=False)
        current.save()
        if period.is_closed:
            Correction.objects.create(
                realisation=current,
                old_count=old or 0,
                new_count=current.count,
                reason=reason.strip(),
                corrected_by=actor,
            )
        return current


def period_close(*, period, actor) -> ReportingPeriod:
    """Close a reported period: later changes become corrections with a reason."""
    with transaction.atomic():
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if not period.is_closed:
            period.closed_at = timezone.now()
            period.closed_by = actor
            period.save(update_fields=["closed_at", "closed_by"])
    return period


@dataclass(frozen=True)
class CellChange:
    """One changed cell of the entry grid: what realisation_record needs, and the cell's key
    so an error can be shown where it belongs."""

    key: str
    target: object
    period: ReportingPeriod
    count: int | None
    expected_count: int | None
    sector: str = ""
    target_group: str = ""
    reason: str = ""


def realisations_record_grid(*, changes: list[CellChange], actor) -> dict[str, Exception]:
    """Save the changed cells of a grid submitted as one form: all or nothing. Every cell is
    tried, so every problem can be shown at once; when any fails, nothing is kept. Returns
    the errors per cell key (empty when everything was saved)."""
    errors: dict[str, Exception] = {}
    with transaction.atomic():
        for change in changes:
            try:
                realisation_record(
                    target=change.target,
                    period=change.period,
                    count=change.count,
                    sector=change.sector,
                    target_group=change.target_group,
                    expected_count=change.expected_count,
                    reason=change.reason,
                    actor=actor,
                )
            except ConcurrentEditError as error:
                current = error.current.count if error.current is not None else None
                if current != change.count:  # else someone stored just this: nothing lost
                    errors[change.key] = error
            except ValidationError as error:
                errors[change.key] = error
        if errors:
            transaction.set_rollback(True)
    return errors
