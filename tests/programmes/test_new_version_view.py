"""The plan page's "Nieuwe versie maken": shown and allowed to whoever edits plans in the
region (permissions.can_make_new_version), refused to the others; the version it makes carries
the budget (budgets.services.plan_new_version_with_budget)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import BudgetLine
from programmes.models import ActionPlan

from ..placements.grid_helpers import make_plan, set_status
from .helpers import messages_of

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status
BUTTON = "Nieuwe versie maken"


@pytest.fixture
def adopted(world):
    plan = make_plan(world)
    BudgetLine.objects.create(plan=plan, year=2019, amount=Decimal("1000.00"))
    return set_status(plan, Status.VASTGESTELD)


def new_version(client, plan):
    return client.post(reverse("programmes:plan-new-version", kwargs={"pk": plan.pk}))


def page(client, plan) -> str:
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_manager_makes_a_new_version_with_its_budget(client, world, adopted):
    client.force_login(world.users["programmamanager"])
    assert BUTTON in page(client, adopted)
    response = new_version(client, adopted)
    new = ActionPlan.objects.get(previous_version=adopted)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert ("success", "Versie 2 is aangemaakt als concept.") in messages_of(response)
    assert BudgetLine.objects.filter(plan=new).get().amount == Decimal("1000.00")
    assert BUTTON not in page(client, adopted)  # a newer version exists


@pytest.mark.parametrize("who", ["werkkamerlid", "secretaris", "other_manager"])
def test_who_may_not_edit_the_regions_plans_gets_no_button_and_no_version(
    client, world, adopted, who
):
    client.force_login(world.users[who])
    if who != "other_manager":  # the other region's manager does not even read the plan
        assert BUTTON not in page(client, adopted)
    assert new_version(client, adopted).status_code == 403
    assert not ActionPlan.objects.filter(previous_version=adopted).exists()


def test_an_open_plan_gets_no_new_version(client, world):
    concept = make_plan(world)
    client.force_login(world.users["programmamanager"])
    assert BUTTON not in page(client, concept)
    response = new_version(client, concept)
    assert response.status_code == 302
    assert (
        "error",
        "Alleen van een vastgesteld of afgesloten plan kan een nieuwe versie worden gemaakt.",
    ) in messages_of(response)
    assert not ActionPlan.objects.filter(previous_version=concept).exists()
