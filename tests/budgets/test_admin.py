"""No side doors in the admin (/beheer/) for the budget: an adopted plan's budget lines are
read-only there, as the plan is. Each refusal is checked on the response and on the
database."""

import pytest

from budgets.models import BudgetLine

from ..admin_world import adopt, change_url, delete_url

pytestmark = pytest.mark.django_db


def test_an_adopted_plans_budget_is_read_only_too(beheerder, concept, world):
    line = BudgetLine.objects.create(plan=concept, year=2019, amount=1000)
    adopt(concept, world.users["programmamanager"])
    data = {"plan": concept.pk, "year": "2019", "amount": "9999", "_save": "Opslaan"}
    assert beheerder.post(change_url(line), data).status_code == 403
    assert beheerder.post(delete_url(line), {"post": "yes"}).status_code == 403
    line.refresh_from_db()
    assert line.amount == 1000
