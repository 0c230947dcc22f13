"""Te beoordelen: the penningmeester's list of what awaits their decision, from both sides:
their region's entries by others, never their own, never another region's; nothing for a
role that does not approve; a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets import services
from budgets.models import BudgetLine
from regions.models import RoleAssignment
from tests.factories import PlanFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
URL = reverse("awaiting-decision")


@pytest.fixture
def world():
    region, elsewhere = RegionFactory(), RegionFactory()
    plan = PlanFactory(region=region, start_date=date(2021, 9, 1), end_date=date(2022, 12, 31))
    line = BudgetLine.objects.create(plan=plan, year=2021, amount=Decimal("447942"))
    people = {
        "manager": UserFactory(role=(region, Role.PROGRAMMAMANAGER)),
        "treasurer": UserFactory(role=(region, Role.PENNINGMEESTER)),
        "member": UserFactory(role=(region, Role.WERKKAMERLID)),
        "treasurer_elsewhere": UserFactory(role=(elsewhere, Role.PENNINGMEESTER)),
    }
    # The treasurer also manages programmes: what they record themselves is not theirs to judge.
    RoleAssignment.objects.create(
        user=people["treasurer"], region=region, role=Role.PROGRAMMAMANAGER
    )
    return plan, line, people


def record(line, actor, description, amount="1250.00"):
    return services.expenditure_record(
        budget_line=line,
        actor=actor,
        date=date(2021, 10, 1),
        amount=Decimal(amount),
        description=description,
    )


def test_the_treasurer_sees_others_entries_not_their_own(client, world):
    plan, line, people = world
    record(line, people["manager"], "Loonkosten oktober")
    record(line, people["treasurer"], "Eigen declaratie")
    client.force_login(people["treasurer"])
    page = client.get(URL).content.decode()
    assert "Loonkosten oktober" in page and "€ 1.250,00" in page
    assert "Eigen declaratie" not in page
    assert reverse("budgets:plan-money", args=[plan.pk]) in page


@pytest.mark.parametrize("who", ["member", "manager", "treasurer_elsewhere"])
def test_nothing_awaits_those_who_may_not_decide(client, world, who):
    _plan, line, people = world
    record(line, people["manager"] if who != "manager" else people["treasurer"], "Zaalhuur")
    client.force_login(people[who])
    page = client.get(URL).content.decode()
    assert "Zaalhuur" not in page
    assert "Er wachten geen uitgaven op uw goedkeuring." in page


def test_an_approved_entry_no_longer_awaits(client, world):
    _plan, line, people = world
    entry = record(line, people["manager"], "Loonkosten november")
    services.expenditure_approve(expenditure=entry, actor=people["treasurer"])
    client.force_login(people["treasurer"])
    assert "Loonkosten november" not in client.get(URL).content.decode()


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("entries", [2, 20])
def test_the_list_takes_a_fixed_number_of_queries(
    client, world, entries, django_assert_max_num_queries
):
    _plan, line, people = world
    for number in range(entries):
        record(line, people["manager"], f"Post {number}", amount="10")
    client.force_login(people["treasurer"])
    with django_assert_max_num_queries(8):
        page = client.get(URL).content.decode()
    assert page.count("Post ") == entries


def test_the_home_page_tells_the_treasurer_what_awaits_them(client, world):
    _plan, line, people = world
    record(line, people["manager"], "Loonkosten december")
    client.force_login(people["treasurer"])
    page = client.get(reverse("home")).content.decode()
    assert "1 uitgave van € 1.250,00 wacht op uw goedkeuring." in page
    assert URL in page


@pytest.mark.parametrize("who", ["manager", "member"])
def test_the_home_page_of_those_who_do_not_approve_says_nothing_of_it(client, world, who):
    _plan, line, people = world
    record(line, people["manager"], "Loonkosten december")
    client.force_login(people[who])
    page = client.get(reverse("home")).content.decode()
    assert "wacht op uw goedkeuring" not in page and 'id="awaiting"' not in page
