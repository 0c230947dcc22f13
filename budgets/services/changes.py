"""Writes for budget changes (begrotingswijzigingen): money moved between lines or years of
an adopted plan, with a reason, applied to the budget lines only once a second person
approved it (regions.permissions.can_decide_budget_change says who).

The rules, checked when the change is requested and again, on the locked rows, when it is
approved: the mutations add up to exactly zero (money is moved, not made), at least two
budget lines of this plan, none twice, and no line lowered below zero nor below what has
already been approved as spent on it. On its first approved change a budget line keeps its
adopted amount (original_amount), so the original stays visible beside the current one,
like a revised target.

Money may go to a year or part of the plan that has no budget line yet: the request names it
as a NewBudgetLine, and the budget line is made (with € 0) in the same transaction as the
change, so the change's row can point at it. It receives the money only on approval; after a
rejection it stays at € 0, kept because the rejected change refers to it (its history)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.concurrency import ConcurrentEditError
from core.formatting import euro
from core.history import with_history_actor, with_history_reason
from programmes.models import ActionPlan, PlanLine, Project
from regions.permissions import can_decide_budget_change, can_request_budget_change

from ..models import BudgetChange, BudgetChangeLine, BudgetLine, Decision, Expenditure
from ..selectors.budget import APPROVED
from ..selectors.changes import budget_change_revision, budget_line_name

ZERO = Decimal("0")


@dataclass(frozen=True)
class NewBudgetLine:
    """A budget line the plan does not have yet, to move money to: a year within the plan's
    period and the part of the plan (a project, a line, or neither: the whole plan). A
    budget line of the plan with the same year, part and category is used instead of a new
    one."""

    year: int
    line: PlanLine | None = None
    project: Project | None = None
    category: str = BudgetLine.Category.PROJECTKOSTEN
    description: str = ""


def _money(amount: Decimal) -> str:
    return euro(amount, cents=amount != amount.to_integral_value())


def _budget_line_for(plan: ActionPlan, new: NewBudgetLine, actor) -> BudgetLine:
    """The budget line a NewBudgetLine stands for: the plan's own when it has one for that
    year, part and category, else a new one at € 0 (validated as any budget line)."""
    line = new.project.line if new.project is not None else new.line
    existing = (
        BudgetLine.objects.filter(
            plan=plan, year=new.year, line=line, project=new.project, category=new.category
        )
        .select_related("line", "project")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    budget_line = BudgetLine(
        plan=plan,
        year=new.year,
        line=line,
        project=new.project,
        category=new.category,
        description=new.description,
        amount=ZERO,
    )
    try:
        budget_line.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("Nieuwe begrotingsregel: %(problem)s") % {"problem": problem}
                    for problem in error.messages
                ]
            }
        ) from error
    with_history_actor(budget_line, actor).save()
    return budget_line


def _approved_spent(budget_line_ids: Sequence[int]) -> dict[int, Decimal]:
    """What has been approved as spent per budget line (one query)."""
    return dict(
        Expenditure.objects.filter(APPROVED, budget_line_id__in=budget_line_ids)
        .values("budget_line_id")
        .annotate(total=Sum("amount"))
        .values_list("budget_line_id", "total")
        .order_by()
    )


def _check_floors(rows: Sequence[tuple[BudgetLine, Decimal]]) -> list[str]:
    """No budget line lowered below zero, nor below what was approved as spent on it."""
    spent = _approved_spent([budget_line.pk for budget_line, _amount in rows])
    problems = []
    for budget_line, amount in rows:
        if amount >= 0:
            continue
        new_amount = budget_line.amount + amount
        line_spent = spent.get(budget_line.pk) or ZERO
        name = budget_line_name(budget_line)
        if new_amount < 0:
            problems.append(
                _(
                    "%(line)s: de begroting is %(current)s; %(amount)s eraf brengt haar onder "
                    "nul (%(new)s)."
                )
                % {
                    "line": name,
                    "current": _money(budget_line.amount),
                    "amount": _money(-amount),
                    "new": _money(new_amount),
                }
            )
        elif new_amount < line_spent:
            problems.append(
                _(
                    "%(line)s: de begroting wordt %(new)s, minder dan wat er al aan "
                    "goedgekeurde uitgaven op staat (%(spent)s). U kunt deze regel met ten "
                    "hoogste %(room)s verlagen."
                )
                % {
                    "line": name,
                    "new": _money(new_amount),
                    "spent": _money(line_spent),
                    "room": _money(max(budget_line.amount - line_spent, ZERO)),
                }
            )
    return problems


def budget_change_request(
    *,
    plan: ActionPlan,
    actor,
    reason: str,
    lines: Sequence[tuple[BudgetLine | NewBudgetLine, Decimal]],
) -> BudgetChange:
    """Propose a budget change: `lines` are (budget line, signed amount) pairs, a
    NewBudgetLine for money moved to a year or part that has no budget line yet. It waits
    for a second person's approval; nothing moves before. All or nothing: a refused request
    writes no row."""
    if not can_request_budget_change(actor, plan):
        raise PermissionDenied(_("U mag voor dit plan geen begrotingswijziging indienen."))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Geef de reden van de begrotingswijziging.")]
    problems = []
    if len(lines) < 2:
        problems.append(
            _(
                "Een begrotingswijziging verschuift geld tussen ten minste twee "
                "begrotingsregels: vul een regel in die omlaag gaat en een die omhoog gaat."
            )
        )
    for target, amount in lines:
        if amount is None or amount == 0:
            problems.append(_("Vul bij elke begrotingsregel een bedrag anders dan nul in."))
            break
        if isinstance(target, NewBudgetLine) and amount < 0:
            problems.append(
                _("Een nieuwe begrotingsregel heeft nog geen geld: zij kan alleen omhoog.")
            )
            break
    total = sum((amount or ZERO for _target, amount in lines), ZERO)
    if total != 0:
        problems.append(
            _(
                "De bedragen tellen op tot %(total)s in plaats van € 0: een "
                "begrotingswijziging verschuift geld, ze maakt het niet bij en niet weg. Er "
                "gaat %(up)s omhoog en %(down)s omlaag; het verschil is %(difference)s."
            )
            % {
                "total": _money(total),
                "up": _money(sum((a for _t, a in lines if a and a > 0), ZERO)),
                "down": _money(-sum((a for _t, a in lines if a and a < 0), ZERO)),
                "difference": _money(abs(total)),
            }
        )
    if errors or problems:
        raise ValidationError({**errors, **({NON_FIELD_ERRORS: problems} if problems else {})})

    with transaction.atomic():
        chosen = [
            (_budget_line_for(plan, target, actor) if isinstance(target, NewBudgetLine) else target)
            for target, _amount in lines
        ]
        # Checked against the amounts as stored now, not as the caller's objects hold them.
        stored = BudgetLine.objects.select_related("line", "project").in_bulk(
            [budget_line.pk for budget_line in chosen]
        )
        rows = [
            (stored[budget_line.pk], amount)
            for budget_line, (_target, amount) in zip(chosen, lines, strict=True)
        ]
        problems = _check_rows(plan, rows)
        if problems:
            raise ValidationError({NON_FIELD_ERRORS: problems})
        change = BudgetChange(plan=plan, reason=reason, recorded_by=actor)
        change.full_clean()
        with_history_actor(change, actor).save()
        change_lines = [
            BudgetChangeLine(change=change, budget_line=budget_line, amount=amount)
            for budget_line, amount in rows
        ]
        for change_line in change_lines:
            # Each field (an amount's digits); the rules between rows were checked above.
            change_line.full_clean(validate_unique=False, validate_constraints=False)
        BudgetChangeLine.objects.bulk_create(change_lines)
    return change


def _check_rows(plan: ActionPlan, rows: Sequence[tuple[BudgetLine, Decimal]]) -> list[str]:
    """Every budget line of this plan, none twice, none lowered too far."""
    problems = []
    seen: set[int] = set()
    for budget_line, _amount in rows:
        if budget_line.plan_id != plan.pk:
            problems.append(
                _("%(line)s hoort niet bij dit plan.") % {"line": budget_line_name(budget_line)}
            )
        elif budget_line.pk in seen:
            problems.append(
                _("%(line)s staat twee keer in de wijziging; zet het bedrag in één regel.")
                % {"line": budget_line_name(budget_line)}
            )
        seen.add(budget_line.pk)
    return problems or _check_floors(rows)


def _locked_awaiting(change: BudgetChange) -> tuple[BudgetChange, ActionPlan]:
    current = BudgetChange.objects.select_for_update().get(pk=change.pk)
    if not current.is_awaiting:
        raise ValidationError(
            _("Deze begrotingswijziging is al beoordeeld: %(status)s.")
            % {"status": current.get_status_display()}
        )
    plan = ActionPlan.objects.select_related("region").get(pk=current.plan_id)
    return current, plan


def _check_decider(change: BudgetChange, plan: ActionPlan, actor) -> None:
    if change.recorded_by_id == getattr(actor, "pk", None):
        raise PermissionDenied(
            _("U hebt deze begrotingswijziging zelf ingediend; een ander moet haar beoordelen.")
        )
    if not can_decide_budget_change(actor, change, plan):
        raise PermissionDenied(_("U mag begrotingswijzigingen van dit plan niet beoordelen."))


def _decided(change: BudgetChange, *, actor, status: str, reason: str) -> BudgetChange:
    change.status = status
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.rejection_reason = reason
    change.full_clean()
    with_history_actor(change, actor).save()
    return change


def budget_change_approve(
    *, change: BudgetChange, actor, expected_revision: int | None = None
) -> BudgetChange:
    """Approve a proposed budget change and apply it, in one transaction on locked rows: the
    rules are checked again against the current amounts, each budget line keeps its adopted
    amount on its first change, and its revision goes up (an open edit form notices).
    `expected_revision` is budget_change_revision as the approver saw it: when a budget line
    changed since, the approver is asked to look again. A second approval of the same change
    is told it was already decided."""
    with transaction.atomic():
        current, plan = _locked_awaiting(change)
        _check_decider(current, plan, actor)
        deltas = dict(current.lines.values_list("budget_line_id", "amount"))
        # Locked in one order (by id), so two approvals touching the same lines queue up.
        budget_lines = list(
            BudgetLine.objects.select_for_update(of=("self",))
            .filter(pk__in=deltas)
            .select_related("line", "project")
            .order_by("pk")
        )
        if expected_revision is not None and budget_change_revision(current) != expected_revision:
            raise ConcurrentEditError(current)
        rows = [(budget_line, deltas[budget_line.pk]) for budget_line in budget_lines]
        problems = _check_rows(plan, rows)
        if problems:
            raise ValidationError({NON_FIELD_ERRORS: problems})
        for budget_line, amount in rows:
            if budget_line.original_amount is None:
                budget_line.original_amount = budget_line.amount
            budget_line.amount += amount
            budget_line.revision += 1
            budget_line.full_clean()
            # The plan's history shows the new amount with the change's reason (the history
            # keeps a hundred characters of it; the change itself keeps all).
            reason = _("begrotingswijziging: %(reason)s") % {"reason": current.reason}
            with_history_reason(budget_line, Truncator(reason).chars(100))
            with_history_actor(budget_line, actor).save()
        return _decided(current, actor=actor, status=Decision.GOEDGEKEURD, reason="")


def budget_change_reject(*, change: BudgetChange, actor, reason: str) -> BudgetChange:
    """Reject a proposed budget change with a reason; no amount changes."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"rejection_reason": _("Geef aan waarom u deze begrotingswijziging afkeurt.")}
        )
    with transaction.atomic():
        current, plan = _locked_awaiting(change)
        _check_decider(current, plan, actor)
        return _decided(current, actor=actor, status=Decision.AFGEKEURD, reason=reason)
