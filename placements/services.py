"""Writes for realisations. The grid, the import, the management command and the demo data
all go through these, so every count is validated, no concurrent edit is lost, and a change
in a closed period is recorded as a correction with its reason."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import bulk
from core.concurrency import (
    ConcurrentEditError,
    conflict_on_duplicate,
    duplicates_are_conflicts,
)
from core.formatting import show_datetime
from core.history import with_history_actor
from notifications.models import Notification
from notifications.services import notify
from programmes.models import ReportingPeriod, Target, TargetLineage
from regions.permissions import Action, users_who_can

from . import imports
from .models import Correction, Delivery, Realisation
from .rules import check_realisation

logger = logging.getLogger(__name__)


class PeriodClosedError(ValidationError):
    pass


class DeliveryCommitFailed(ValidationError):
    """The database refused a write while a delivery was being committed: the whole commit
    was rolled back, nothing of the delivery is recorded and it may be committed again."""


def _stored_count(*, target, period, sector: str, target_group: str, source: str):
    """The one stored row of a cell, locked: a count exists once for what is counted (the
    target's lineage), the period's dates, breakdown and source, whichever version of the
    plan recorded it (selectors.counted_for), so a version updates its predecessor's row
    rather than adding a second. The lineage row is locked first, so two versions cannot
    each add the same count at once."""
    list(TargetLineage.objects.select_for_update().filter(pk=target.lineage_id).values_list("pk"))
    return (
        Realisation.objects.select_for_update(of=("self",))
        .filter(
            target__lineage=target.lineage_id,
            period__start_date=period.start_date,
            sector=sector,
            target_group=target_group,
            source=source,
        )
        .order_by("pk")
        .first()
    )


@duplicates_are_conflicts
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
        current = _stored_count(
            target=target, period=period, sector=sector, target_group=target_group, source=source
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
            with_history_actor(current, actor).delete()
            return None
        current.count = count or 0
        current.delivery = delivery or current.delivery
        with_history_actor(current, actor)
        # The one-row-per-cell constraint is left to the database: a colleague's first save
        # of the same cell is then refused on insert and answered as a conflict.
        current.full_clean(validate_unique=False, validate_constraints=False)
        with conflict_on_duplicate(current):
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


@dataclass(frozen=True)
class CellChange:
    """One changed cell of the entry grid: what realisation_record needs, and the cell's key
    so an error can be shown where it belongs."""

    key: str
    target: Target
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
        # In the order of the lineages, the order an import locks them in: never a deadlock.
        for change in sorted(changes, key=lambda change: change.target.lineage_id):
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


def delivery_upload(*, plan, uploaded_file, actor, api_token=None) -> Delivery:
    """Keep an uploaded file of realisations as a delivery to preview: its bytes (so the
    preview and the commit read the same file), who and when, and how many rows and errors
    it has. Nothing is recorded yet. Raises imports.FileRejected (a ValidationError) and
    stores nothing when the file as a whole cannot be imported: too large, not a CSV or
    XLSX file, empty, or a required column missing. `api_token`: the token that delivered
    it through the API (actor is then the token's maker)."""
    if plan.status == plan.Status.AFGESLOTEN:
        raise ValidationError(_("Dit plan is afgesloten: er kunnen geen realisaties bij."))
    file_name = Path(uploaded_file.name or "").name
    imports.check_size(uploaded_file.size)  # before reading a byte of it
    content = b"".join(uploaded_file.chunks())
    result = imports.validate(plan=plan, file_name=file_name, content=content)
    with transaction.atomic():
        delivery = Delivery(
            plan=plan,
            file_name=file_name[: Delivery._meta.get_field("file_name").max_length],
            content=content,
            row_count=result.row_count,
            error_count=result.error_count,
            results=result.as_json(),
            uploaded_by=actor,
            api_token=api_token,
        )
        delivery.full_clean()
        delivery.save()
    delivery.result = result
    return delivery


def delivery_commit(*, delivery: Delivery, actor, reason: str = "") -> Delivery:
    """Record every row of a delivery, all or nothing, once. The stored file is checked
    again (read once more) against the plan as it is now; with any error nothing is
    recorded, the delivery is rejected (afgekeurd) and a ValidationError lists the errors. A
    row that changes a closed period needs `reason` (raises PeriodClosedError without one)
    and becomes a correction. A row whose target, period, breakdown and source are already
    stored replaces that count, so committing the same file again doubles nothing; another
    source adds up. A database error rolls everything back and raises DeliveryCommitFailed.
    The check's outcome is stored with the delivery for its preview."""
    try:
        return _delivery_commit(delivery=delivery, actor=actor, reason=reason)
    except ConcurrentEditError as error:
        # A colleague stored one of its cells first: the transaction rolled back, nothing of
        # the delivery is recorded and it stays a preview, so it can be committed again.
        raise DeliveryCommitFailed(
            _(
                "Iemand anders heeft tijdens het verwerken een realisatie in een van deze "
                "cellen opgeslagen. Bekijk het voorbeeld opnieuw en verwerk de aanlevering "
                "nogmaals."
            )
        ) from error
    except DatabaseError as error:
        logger.exception("Commit of delivery %s failed in the database", delivery.pk)
        raise DeliveryCommitFailed(
            _(
                "De database gaf een fout tijdens het verwerken van %(name)s; daarom is geen "
                "enkele rij ervan vastgelegd. Probeer het later opnieuw; blijft het misgaan, "
                "meld het dan aan de beheerder."
            )
            % {"name": delivery.file_name}
        ) from error


# A realisation's columns as an import writes them (core.bulk), and as its history keeps them.
REALISATION_COLUMNS = (
    "target_id",
    "period_id",
    "count",
    "sector",
    "target_group",
    "source",
    "delivery_id",
    "recorded_by_id",
    "recorded_at",
    "updated_at",
)


def _lock_plan_counts(plan) -> None:
    """Lock what the commit of a delivery writes on, once, before its rows are checked
    against what is stored: the lineages of the plan's targets (realisation_record locks a
    lineage before it looks at its cell, so a grid edit waits for the import, or the import
    for it, and neither overwrites the other unseen) and the plan's periods (so none closes
    while its counts are written). In primary-key order, the order the grid locks them in."""
    lineages = Target.objects.filter(plan=plan).values("lineage_id")
    list(
        TargetLineage.objects.select_for_update()
        .filter(pk__in=lineages)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(
        ReportingPeriod.objects.select_for_update()
        .filter(plan=plan)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _realisations_insert(rows, *, delivery: Delivery, actor, now) -> None:
    """The delivery's new counts, at once (core.bulk: COPY on PostgreSQL)."""
    actor_id = getattr(actor, "pk", None)
    values = (
        (
            row.target.pk,
            row.period.pk,
            row.count,
            row.sector,
            row.target_group,
            row.source,
            delivery.pk,
            actor_id,
            now,
            now,
        )
        for row in rows
    )
    with conflict_on_duplicates():
        bulk.insert_rows(Realisation, REALISATION_COLUMNS, values)


def _realisations_update(rows, *, delivery: Delivery, now) -> None:
    """The delivery's changed counts, in one statement. A changed row keeps its target,
    period and who first recorded it (as realisation_record does)."""
    bulk.update_rows(
        Realisation,
        "count",
        [(row.stored.pk, row.count) for row in rows],
        delivery_id=delivery.pk,
        updated_at=now,
    )


def _realisations_history(written, history_type: str, actor, now) -> None:
    """The history rows of the counts `written` (a queryset): "+" recorded, "~" changed."""
    bulk.insert_history(written, history_type=history_type, actor=actor, when=now)


def _corrections_record(rows, *, delivery: Delivery, actor, reason: str, now) -> None:
    """A correction for each count written in a closed period, with the old value."""
    corrected = [row for row in rows if row.needs_reason]
    if not corrected:
        return
    closed = {row.period.pk for row in corrected if row.stored is None}
    ids = {
        key[1:]: key[0]
        for key in Realisation.objects.filter(
            delivery=delivery, recorded_at__gte=now, period__in=closed
        ).values_list("pk", "target_id", "period_id", "sector", "target_group", "source")
    }

    def realisation_id(row) -> int:
        if row.stored is not None:
            return row.stored.pk
        return ids[(row.target.pk, row.period.pk, row.sector, row.target_group, row.source)]

    Correction.objects.bulk_create(
        [
            Correction(
                realisation_id=realisation_id(row),
                old_count=row.old_count or 0,
                new_count=row.count,
                reason=reason.strip(),
                corrected_by=actor,
            )
            for row in corrected
        ],
        batch_size=bulk.BATCH,
    )


@contextmanager
def conflict_on_duplicates():
    """Around the insert of a delivery's counts: a count a colleague stored in one of its
    cells after the check (which a lock would have shown) is refused by the database's
    one-row-per-cell constraint, and answered as a conflict, as the grid answers it."""
    try:
        yield
    except IntegrityError as error:
        text = str(error)  # PostgreSQL names the constraint, SQLite its columns
        if (
            "realisation_unique_per_breakdown_and_source" in text
            or "UNIQUE constraint failed: placements_realisation." in text
        ):
            raise ConcurrentEditError(None) from error
        raise


def delivery_rows_record(*, result, delivery: Delivery, actor, reason: str) -> None:
    """Record the checked rows of a delivery in bulk: the new counts inserted, the changed
    ones updated, each with its history row, and a correction with `reason` for each in a
    closed period. The same outcome as realisation_record row by row, in a handful of
    queries whatever the number of rows; the caller holds the locks (_lock_plan_counts)."""
    now = timezone.now()
    rows = result.to_apply
    written = Realisation.objects.filter(delivery=delivery)
    _realisations_insert(
        [row for row in rows if row.stored is None], delivery=delivery, actor=actor, now=now
    )
    # Before the update, the delivery's rows are those it added; after, those it changed
    # are the ones recorded before this commit.
    _realisations_history(written, "+", actor, now)
    _realisations_update(
        [row for row in rows if row.stored is not None], delivery=delivery, now=now
    )
    _realisations_history(written.filter(recorded_at__lt=now), "~", actor, now)
    _corrections_record(rows, delivery=delivery, actor=actor, reason=reason, now=now)


def _delivery_notify(delivery: Delivery, *, actor) -> None:
    """Tell the region's programme managers (who may record realisations there) that a
    delivery was recorded: by the API (every one of them, the token's maker too: a machine
    delivered it) or a file imported by hand (all but the one who committed it)."""
    plan = delivery.plan
    recipients = users_who_can(Action.RECORD_REALISATION, plan.region_id)
    if delivery.api_token_id is None:
        recipients = recipients.exclude(pk=getattr(actor, "pk", None))
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(count)s rij uit %(name)s (%(plan)s)",
            "%(count)s rijen uit %(name)s (%(plan)s)",
            delivery.row_count,
        ) % {"count": delivery.row_count, "name": delivery.file_name, "plan": plan.title}
    notify(
        Notification.Kind.DELIVERY_IMPORTED,
        recipients=recipients,
        key=f"delivery:{delivery.pk}",
        subject=subject,
        link=reverse("placements:import-preview", kwargs={"plan_pk": plan.pk, "pk": delivery.pk}),
        region=plan.region,
    )


def _delivery_commit(*, delivery: Delivery, actor, reason: str) -> Delivery:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("plan")
            .defer("results")
            .get(pk=delivery.pk)
        )
        plan = delivery.plan
        if delivery.status == Delivery.Status.VERWERKT:
            raise ValidationError(
                _("Deze aanlevering is al verwerkt op %(when)s.")
                % {"when": show_datetime(delivery.committed_at)}
            )
        if delivery.status == Delivery.Status.AFGEKEURD:
            raise ValidationError(
                _("Deze aanlevering is afgekeurd. Lever een verbeterd bestand opnieuw aan.")
            )
        if plan.status == plan.Status.AFGESLOTEN:
            raise ValidationError(_("Dit plan is afgesloten: er kunnen geen realisaties bij."))
        _lock_plan_counts(plan)
        try:
            # Checked once more, under the locks, against what is stored now: the plan's
            # lookups and the stored counts are read once, whatever the number of rows.
            index = imports.PlanIndex(plan)
            stored = imports.stored_counts(plan=plan, index=index, lock=True)
            result = imports.delivery_result(delivery=delivery, index=index, stored=stored)
            problems = result.problems
        except imports.FileRejected as rejected:
            result, problems = None, rejected.problems
        if result is not None and not problems:
            if result.closed_periods and not reason.strip():
                raise PeriodClosedError(
                    _(
                        "Deze aanlevering wijzigt afgesloten perioden (%(periods)s): geef een "
                        "reden voor deze correcties."
                    )
                    % {"periods": ", ".join(result.closed_periods)}
                )
            delivery_rows_record(result=result, delivery=delivery, actor=actor, reason=reason)
            delivery.status = Delivery.Status.VERWERKT
            delivery.committed_at = timezone.now()
            delivery.row_count, delivery.error_count = result.row_count, 0
            delivery.results = result.as_json()
            delivery.save(
                update_fields=["status", "committed_at", "row_count", "error_count", "results"]
            )
            delivery.result = result
            _delivery_notify(delivery, actor=actor)
            return delivery
    # Outside the transaction above, so the refusal itself is kept, with what was wrong.
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.VOORBEELD).update(
        status=Delivery.Status.AFGEKEURD,
        error_count=len(problems),
        results=result.as_json() if result else imports.ImportResult([]).as_json(problems),
    )
    raise ValidationError([str(problem) for problem in problems])
