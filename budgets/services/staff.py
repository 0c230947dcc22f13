"""Writes for staff costs (personele inzet). A staff cost is a row of its plan: saved and
deleted only while the plan is open, and a save after someone else's is refused (the row's
revision), through programmes' plan-row rules like the budget lines."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from core.concurrency import save_checked
from programmes import services as programme_services
from programmes.models import ActionPlan
from regions.models import Proposal
from regions.services import GovernanceError, proposal_require_open

from ..models import StaffCost


def staff_cost_save(
    *,
    plan: ActionPlan,
    staff_cost: StaffCost,
    expected_revision: int | None,
    actor: User | None = None,
) -> StaffCost:
    """Create or update a role's staff cost on `plan`; the amount is computed by the
    database (hours per week × weeks × hourly rate). Raises PlanNotEditableError for an
    adopted or closed plan and ConcurrentEditError for a stale revision."""
    staff_cost.plan = plan
    saved = programme_services.child_save(
        plan=plan, instance=staff_cost, expected_revision=expected_revision, actor=actor
    )
    # The generated amount is written by the database; read it back for the caller.
    saved.refresh_from_db(fields=["amount"])
    return saved


def staff_cost_delete(
    *, plan: ActionPlan, staff_cost: StaffCost, actor: User | None = None
) -> None:
    """Remove a role's staff cost from an open plan (its history keeps what it was)."""
    programme_services.child_delete(plan=plan, instance=staff_cost, actor=actor)


def proposal_staff_cost_save(
    *,
    proposal: Proposal,
    staff_cost: StaffCost,
    expected_revision: int | None,
    actor: User | None = None,
) -> StaffCost:
    """Create or update a cost line of a proposal (its Financiën: role, hours per week,
    weeks, rate; the amount computed by the database). Refused with GovernanceError once the
    proposal is aangenomen or verworpen (the proposal's row is locked while checking), and
    ConcurrentEditError for a stale revision. A line that also belongs to a plan is that
    plan's row and is refused here: `staff_cost_save` changes it under the plan's rules."""
    if staff_cost.plan_id is not None:
        raise GovernanceError(
            _("Deze kostenregel hoort bij een actieplan: wijzig haar bij de personele inzet.")
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal_require_open(locked)
        staff_cost.proposal = locked
        saved = save_checked(staff_cost, expected_revision=expected_revision, actor=actor)
    saved.refresh_from_db(fields=["amount"])
    return saved
