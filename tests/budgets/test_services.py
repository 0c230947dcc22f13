"""The write services of budgets: an adopted plan's budget is read-only, as the plan is."""

from decimal import Decimal

import pytest

from budgets import services
from budgets.models import BudgetLine
from programmes.services import PlanNotEditableError

from ..programmes.helpers import MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db


def test_adopted_plan_refuses_budget_lines(demo):
    adopted = plan(MIDDEN_GELDERLAND)
    lines = BudgetLine.objects.filter(plan=adopted).count()
    with pytest.raises(PlanNotEditableError):
        services.budget_line_save(
            plan=adopted,
            budget_line=BudgetLine(year=2019, amount=Decimal("1")),
            expected_revision=None,
        )
    assert BudgetLine.objects.filter(plan=adopted).count() == lines
