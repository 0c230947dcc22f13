"""Writes for spending (uitgaven) and its four-eyes approval. An entry is recorded by one
person and counts only once another, who holds the approving role in the plan's region,
approved it (regions.permissions.can_approve_spending says who). An approved entry is never
edited: it is corrected by a counter-entry with a reason, approved in its turn. Nothing here
deletes an entry."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.concurrency import ConcurrentEditError
from core.formatting import euro
from core.history import with_history_actor
from notifications.models import Notification
from notifications.services import notify
from programmes.models import ActionPlan
from regions.permissions import Action, can_approve_spending, can_record_spending, users_who_can

from ..models import BudgetLine, Decision, Expenditure, SpendingImport
from ..receipts import validate_receipt
from ..rules import check_expenditure, check_expenditure_date


def _plan_of(budget_line: BudgetLine) -> ActionPlan:
    return ActionPlan.objects.select_related("region").get(pk=budget_line.plan_id)


def _entry_subject(entry: Expenditure, plan: ActionPlan) -> str:
    """What a notification about `entry` says, on the list and in the e-mail: the amount and
    the plan, never the entry's free-text description (it may name a person, and the e-mail
    leaves the product); the page behind the link shows the details."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(amount)s op %(plan)s") % {
            "amount": euro(entry.amount, cents=True),
            "plan": plan.title,
        }


def awaiting_approval_notify(*, entry: Expenditure, plan: ActionPlan, actor) -> None:
    """Ask who may approve spending in the plan's region to decide on `entry`: never the one
    who recorded it (they may not decide on it)."""
    approvers = users_who_can(Action.APPROVE_SPENDING, plan.region)
    notify(
        Notification.Kind.SPENDING_AWAITS_APPROVAL,
        recipients=approvers.exclude(pk=getattr(actor, "pk", None)),
        key=f"expenditure:{entry.pk}",
        subject=_entry_subject(entry, plan),
        link=reverse("awaiting-decision"),
        region=plan.region,
    )


def expenditure_record(
    *,
    budget_line: BudgetLine,
    actor,
    date: date,
    amount: Decimal,
    description: str,
    reference: str = "",
    counterparty: str = "",
    receipt: UploadedFile | None = None,
    spending_import: SpendingImport | None = None,
) -> Expenditure:
    """Record a spending entry on a budget line; it waits for approval."""
    plan = _plan_of(budget_line)
    if not can_record_spending(actor, plan):
        raise PermissionDenied(_("U mag op dit plan geen uitgaven vastleggen."))
    check_expenditure(plan=plan, date=date, amount=amount)
    entry = Expenditure(
        budget_line=budget_line,
        date=date,
        amount=amount,
        description=description,
        reference=reference,
        counterparty=counterparty,
        recorded_by=actor,
        spending_import=spending_import,
    )
    if receipt is not None:
        try:
            validate_receipt(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error}) from None
        entry.receipt_name = (receipt.name or "")[:255]
        entry.receipt = receipt
    # The database enforces the model's constraints (and the rules above are the services'
    # own, with their messages); validating each constraint again costs a query apiece.
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            with_history_actor(entry, actor).save()
    except DatabaseError:
        # The file is written before the row; a row the database refused leaves no file.
        stored = entry.receipt.name
        if stored and getattr(entry.receipt, "_committed", False):
            entry.receipt.storage.delete(stored)
        raise
    awaiting_approval_notify(entry=entry, plan=plan, actor=actor)
    return entry


def _locked_awaiting(expenditure: Expenditure, expected_revision: int | None) -> Expenditure:
    current = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise ConcurrentEditError(current)
    if not current.is_awaiting:
        raise ValidationError(
            _("Deze uitgave is al %(status)s.") % {"status": current.get_status_display()}
        )
    return current


def _decide(
    expenditure: Expenditure, *, actor, status: str, reason: str, expected_revision: int | None
) -> Expenditure:
    with transaction.atomic():
        current = _locked_awaiting(expenditure, expected_revision)
        if current.recorded_by_id == getattr(actor, "pk", None):
            raise PermissionDenied(
                _("U hebt deze uitgave zelf ingevoerd; een ander moet haar beoordelen.")
            )
        if not can_approve_spending(actor, current, _plan_of(current.budget_line)):
            raise PermissionDenied(_("U mag uitgaven van dit plan niet beoordelen."))
        if status == Decision.GOEDGEKEURD:
            # A budget change that lowers this line locks it too and checks the approved
            # spending under that lock: the two never pass each other unseen.
            BudgetLine.objects.select_for_update().filter(pk=current.budget_line_id).first()
        current.status = status
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.rejection_reason = reason
        current.revision += 1
        current.full_clean(validate_constraints=False)
        with_history_actor(current, actor).save()
        if status == Decision.AFGEKEURD:
            plan = _plan_of(current.budget_line)
            notify(
                Notification.Kind.SPENDING_REJECTED,
                recipients=[current.recorded_by],
                key=f"expenditure:{current.pk}",
                subject=_entry_subject(current, plan),
                link=reverse("budgets:plan-money", args=[plan.pk]),
                region=plan.region,
            )
    return current


def expenditure_approve(
    *, expenditure: Expenditure, actor, expected_revision: int | None = None
) -> Expenditure:
    """Approve an entry that waits for approval: from now on it counts as spent."""
    return _decide(
        expenditure,
        actor=actor,
        status=Decision.GOEDGEKEURD,
        reason="",
        expected_revision=expected_revision,
    )


def expenditure_reject(
    *, expenditure: Expenditure, actor, reason: str, expected_revision: int | None = None
) -> Expenditure:
    """Reject an entry; the reason is kept with it, and it never counts."""
    if not (reason or "").strip():
        raise ValidationError({"rejection_reason": _("Geef aan waarom u deze uitgave afkeurt.")})
    return _decide(
        expenditure,
        actor=actor,
        status=Decision.AFGEKEURD,
        reason=reason.strip(),
        expected_revision=expected_revision,
    )


def expenditure_correct(
    *, expenditure: Expenditure, actor, amount: Decimal, reason: str, date: date | None = None
) -> Expenditure:
    """A counter-entry on an approved entry: `amount` is added to it (negative to take part
    or all of it back), with a reason. It waits for approval like any entry. Together with
    the other corrections, it may not take back more than the entry was."""
    if not (reason or "").strip():
        raise ValidationError({"correction_reason": _("Geef de reden van de correctie.")})
    if amount is None or amount == 0:
        raise ValidationError({"amount": _("Een correctie is een bedrag anders dan nul.")})
    with transaction.atomic():
        original = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
        if not original.is_approved or original.is_correction:
            raise ValidationError(
                _("Alleen een goedgekeurde uitgave wordt gecorrigeerd, met een tegenboeking.")
            )
        plan = _plan_of(original.budget_line)
        if not can_record_spending(actor, plan):
            raise PermissionDenied(_("U mag op dit plan geen uitgaven vastleggen."))
        on = date or timezone.localdate()
        check_expenditure_date(plan=plan, date=on)
        # Rejected corrections never counted; those awaiting may still be approved.
        taken = original.corrections.exclude(status=Decision.AFGEKEURD).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0")
        if original.amount + taken + amount < 0:
            raise ValidationError(
                {
                    "amount": _(
                        "De correctie neemt meer terug dan de uitgave was: er staat nog "
                        "%(left)s open."
                    )
                    % {"left": euro(original.amount + taken, cents=True)}
                }
            )
        entry = Expenditure(
            budget_line=original.budget_line,
            date=on,
            amount=amount,
            description=_("Correctie: %(description)s") % {"description": original.description},
            reference=original.reference,
            counterparty=original.counterparty,
            corrects=original,
            correction_reason=reason.strip(),
            recorded_by=actor,
        )
        entry.full_clean(validate_constraints=False)
        with_history_actor(entry, actor).save()
        awaiting_approval_notify(entry=entry, plan=plan, actor=actor)
    return entry
