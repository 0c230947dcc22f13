"""Writes for the spending import: keep an uploaded file with the outcome of its check (the
preview), and record all its rows at once, or none (the commit). The rows are checked by the
rules budgets.services.expenditure_record applies (budgets.rules), and recorded in bulk
(expenditures_record), so an imported entry waits for approval like a typed one."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import bulk
from core.formatting import show_datetime
from core.tabular import Problem
from notifications.models import Notification
from notifications.services import notify
from regions.permissions import Action, can_record_spending, users_who_can

from .. import imports
from ..imports.columns import COUNTERPARTY, DESCRIPTION, REFERENCE
from ..models import BudgetLine, Decision, Expenditure, SpendingImport

logger = logging.getLogger(__name__)


class SpendingImportCommitFailed(ValidationError):
    """The database refused a write while committing: nothing of the file was recorded."""


def _check_permission(plan, actor) -> None:
    if not can_record_spending(actor, plan):
        raise PermissionDenied(_("U mag op dit plan geen uitgaven vastleggen."))


def spending_import_upload(*, plan, uploaded_file, actor) -> SpendingImport:
    """Keep an uploaded file of spending to preview: its bytes (so the preview and the
    commit read the same file), who and when, and per row what committing would record.
    Nothing is recorded yet. Raises imports.FileRejected (a ValidationError) and stores
    nothing when the file as a whole cannot be imported."""
    _check_permission(plan, actor)
    file_name = Path(uploaded_file.name or "").name
    imports.check_size(uploaded_file.size)  # before reading a byte of it
    content = b"".join(uploaded_file.chunks())
    result = imports.validate(plan=plan, file_name=file_name, content=content)
    with transaction.atomic():
        spending_import = SpendingImport(
            plan=plan,
            file_name=file_name[: SpendingImport._meta.get_field("file_name").max_length],
            content=content,
            row_count=result.row_count,
            error_count=result.error_count,
            results=result.as_json(),
            uploaded_by=actor,
        )
        spending_import.full_clean()
        spending_import.save()
    spending_import.result = result
    return spending_import


def _lock_budget_lines(stored) -> dict[int, int]:
    """Lock the budget lines the preview found, before the file is checked again: nobody
    changes them while the rows are recorded, and a second import on the same lines
    committed at the same time waits, then sees this one's entries (and refuses them as
    already imported). Returns each line's current revision."""
    seen = stored.budget_lines_seen() if stored else {}
    ids = {budget_line for budget_line, _revision in seen.values() if budget_line}
    return dict(
        BudgetLine.objects.select_for_update().filter(pk__in=ids).values_list("pk", "revision")
    )


def _budget_changed(result, stored, revisions: dict[int, int]) -> list[Problem]:
    """Rows whose budget line is another, or was changed, since the preview."""
    if stored is None:
        return []
    seen = stored.budget_lines_seen()
    problems = []
    for row in result.to_apply:
        budget_line, revision = seen.get(row.number, (None, None))
        if (
            budget_line is None
            or budget_line != row.budget_line_id
            or revision != revisions.get(row.budget_line_id)
        ):
            problems.append(
                Problem(
                    row.number,
                    "",
                    _(
                        "De begrotingsregel van deze rij (%(line)s) is gewijzigd sinds het "
                        "voorbeeld. Bekijk het bestand opnieuw: lever het nogmaals aan."
                    )
                    % {"line": row.budget_line_label},
                )
            )
    return problems


def spending_import_commit(*, spending_import: SpendingImport, actor) -> SpendingImport:
    """Record every row of an import as an entry waiting for approval, all or nothing, once.
    The stored file is checked again against the plan as it is now, and each row's budget
    line must be the one, unchanged, the preview showed; with any problem nothing is
    recorded, the import is rejected (afgekeurd) and a ValidationError lists the problems."""
    try:
        return _commit(spending_import=spending_import, actor=actor)
    except DatabaseError as error:
        logger.exception("Commit of spending import %s failed in the database", spending_import.pk)
        raise SpendingImportCommitFailed(
            _(
                "De database gaf een fout tijdens het verwerken van %(name)s; daarom is geen "
                "enkele rij ervan vastgelegd. Probeer het later opnieuw; blijft het misgaan, "
                "meld het dan aan de beheerder."
            )
            % {"name": spending_import.file_name}
        ) from error


# An entry's columns as an import writes them (core.bulk): waiting for approval, no receipt.
_EXPENDITURE_COLUMNS = (
    "budget_line_id",
    "date",
    "amount",
    "description",
    "reference",
    "counterparty",
    "receipt",
    "receipt_name",
    "corrects_id",
    "correction_reason",
    "spending_import_id",
    "status",
    "recorded_by_id",
    "recorded_at",
    "decided_by_id",
    "decided_at",
    "rejection_reason",
    "revision",
)


def _expenditures_insert(rows, *, spending_import: SpendingImport, actor, now) -> None:
    """The import's entries, at once (core.bulk: COPY on PostgreSQL)."""
    actor_id = getattr(actor, "pk", None)
    values = (
        (
            row.budget_line_id,
            row.date,
            row.amount,
            row.values.get(DESCRIPTION, ""),
            row.values.get(REFERENCE, ""),
            row.values.get(COUNTERPARTY, ""),
            "",
            "",
            None,
            "",
            spending_import.pk,
            Decision.INGEDIEND,
            actor_id,
            now,
            None,
            None,
            "",
            1,
        )
        for row in rows
    )
    bulk.insert_rows(Expenditure, _EXPENDITURE_COLUMNS, values)


def _expenditures_history(spending_import: SpendingImport, actor, now) -> None:
    bulk.insert_history(
        Expenditure.objects.filter(spending_import=spending_import),
        history_type="+",
        actor=actor,
        when=now,
    )


def expenditures_record(*, result, spending_import: SpendingImport, actor) -> None:
    """Record the checked rows of an import in bulk, each an entry waiting for approval
    recorded by `actor` (without a receipt), with its history row: what expenditure_record
    does row by row, in a few queries whatever the number of rows. The rows were checked by
    the rules expenditure_record applies (budgets.rules); the caller checked the permission
    and holds the lock on the budget lines."""
    now = timezone.now()
    _expenditures_insert(result.to_apply, spending_import=spending_import, actor=actor, now=now)
    _expenditures_history(spending_import, actor, now)


def _awaiting_approval_notify(spending_import: SpendingImport, *, actor) -> None:
    """One notification for the whole import (not one per row) to who may approve spending
    in the plan's region, never the one who imported it."""
    plan = spending_import.plan
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(count)s uitgave uit %(name)s (%(plan)s)",
            "%(count)s uitgaven uit %(name)s (%(plan)s)",
            spending_import.row_count,
        ) % {
            "count": spending_import.row_count,
            "name": spending_import.file_name,
            "plan": plan.title,
        }
    notify(
        Notification.Kind.SPENDING_AWAITS_APPROVAL,
        recipients=users_who_can(Action.APPROVE_SPENDING, plan.region).exclude(
            pk=getattr(actor, "pk", None)
        ),
        key=f"spending-import:{spending_import.pk}",
        subject=subject,
        link=reverse("awaiting-decision"),
        region=plan.region,
    )


def _commit(*, spending_import: SpendingImport, actor) -> SpendingImport:
    with transaction.atomic():
        spending_import = (
            SpendingImport.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__region")
            .get(pk=spending_import.pk)
        )
        plan = spending_import.plan
        _check_permission(plan, actor)
        if spending_import.status == SpendingImport.Status.VERWERKT:
            raise ValidationError(
                _("Deze import is al verwerkt op %(when)s.")
                % {"when": show_datetime(spending_import.committed_at)}
            )
        if spending_import.status == SpendingImport.Status.AFGEKEURD:
            raise ValidationError(
                _("Deze import is afgekeurd. Lever een verbeterd bestand opnieuw aan.")
            )
        stored = imports.stored_result(spending_import=spending_import)
        revisions = _lock_budget_lines(stored)
        try:
            result = imports.spending_import_result(spending_import=spending_import)
            problems = result.problems or _budget_changed(result, stored, revisions)
        except imports.FileRejected as rejected:
            result, problems = None, rejected.problems
        if result is not None and not problems:
            expenditures_record(result=result, spending_import=spending_import, actor=actor)
            spending_import.status = SpendingImport.Status.VERWERKT
            spending_import.committed_at = timezone.now()
            spending_import.row_count, spending_import.error_count = result.row_count, 0
            spending_import.results = result.as_json()
            spending_import.save(
                update_fields=["status", "committed_at", "row_count", "error_count", "results"]
            )
            spending_import.result = result
            _awaiting_approval_notify(spending_import, actor=actor)
            return spending_import
    # Outside the transaction above, so the refusal itself is kept, with what was wrong.
    if result is not None and not result.problems:
        stored_problems = result.as_json(problems)
    elif result is not None:
        stored_problems = result.as_json()
    else:
        stored_problems = imports.ImportResult([]).as_json(problems)
    SpendingImport.objects.filter(
        pk=spending_import.pk, status=SpendingImport.Status.VOORBEELD
    ).update(
        status=SpendingImport.Status.AFGEKEURD,
        error_count=len(problems),
        results=stored_problems,
    )
    raise ValidationError([str(problem) for problem in problems])
