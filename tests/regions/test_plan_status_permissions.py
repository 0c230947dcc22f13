"""Permissions ask the plan what its status allows (ActionPlan.accepts_realisations,
accepts_target_revisions), not its status string."""

import pytest
from django.contrib.auth import get_user_model

from programmes.models import ActionPlan
from regions.permissions import can_record_realisations, can_revise_target

Status = ActionPlan.Status


@pytest.mark.parametrize(
    ("status", "realisations", "revisions"),
    [
        (Status.CONCEPT, True, False),
        (Status.TER_BESPREKING, True, False),
        (Status.VASTGESTELD, True, True),
        (Status.AFGESLOTEN, False, False),
    ],
)
def test_what_a_plan_in_each_status_accepts(status, realisations, revisions):
    plan = ActionPlan(status=status)
    beheerder = get_user_model()(is_superuser=True, is_active=True)
    assert (plan.accepts_realisations, plan.accepts_target_revisions) == (realisations, revisions)
    assert can_record_realisations(beheerder, plan) is realisations
    assert can_revise_target(beheerder, plan) is revisions
