"""The budget of a plan through the browser (the test client): the computed totals on the plan
page, amounts typed the Dutch way, and validation in Dutch on the field."""

import pytest

from budgets.models import BudgetLine
from tests.programmes.plan_flow import assert_refused, child_url, field_errors, page_of, submit

pytestmark = pytest.mark.django_db


def test_plan_page_shows_computed_budget_totals(flow):
    html = page_of(flow.client, flow.plan)
    assert '<td class="numeric" id="budget-total">€ 1.030.000</td>' in html
    assert "€ 500.000" in html  # 2021
    assert "€ 530.000" in html  # 2022
    assert "€ 300.000" in html  # Banenmarkt 2021


def test_amounts_are_accepted_with_a_decimal_comma(flow):
    response = submit(
        flow.client,
        child_url(flow.plan, "budgetline-create"),
        year=2022,
        amount="52000,50",
        description="Communicatie",
    )
    assert response.status_code == 302
    assert (
        str(BudgetLine.objects.get(plan=flow.plan, description="Communicatie").amount) == "52000.50"
    )


def test_amounts_are_accepted_with_thousands_dots(flow):
    # "52.000" is fifty-two thousand euros in Dutch, never € 52.
    for amount, description in [("52.000", "Vijftigduizend"), ("1.030.000", "Miljoen")]:
        response = submit(
            flow.client,
            child_url(flow.plan, "budgetline-create"),
            year=2022,
            amount=amount,
            description=description,
        )
        assert response.status_code == 302, field_errors(response, "amount")
    stored = dict(
        BudgetLine.objects.filter(
            plan=flow.plan, description__in=["Vijftigduizend", "Miljoen"]
        ).values_list("description", "amount")
    )
    assert stored == {"Vijftigduizend": 52000, "Miljoen": 1030000}


def test_negative_amount_is_refused(flow):
    count = BudgetLine.objects.count()
    response = submit(
        flow.client, child_url(flow.plan, "budgetline-create"), year=2021, amount="-100"
    )
    assert_refused(response, "amount", "Bedrag", "negatief")
    assert BudgetLine.objects.count() == count


def test_budget_year_outside_the_plan_period_is_refused(flow):
    count = BudgetLine.objects.count()
    response = submit(
        flow.client, child_url(flow.plan, "budgetline-create"), year=2030, amount="1000"
    )
    assert_refused(response, "year", "Jaar", "valt buiten de looptijd")
    assert "2021 t/m 2022" in field_errors(response, "year")
    assert BudgetLine.objects.count() == count
