"""Money in the API against the money page's figures for the worked examples: budget lines
with budget against actual, a plan's money totals, approved spending only; the region
scoping from both sides, filters, problems, and query counts that do not grow with the
page size."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from budgets import selectors, services
from budgets.models import BudgetLine, Decision, Expenditure
from core.numbers import rounded_percentage
from tests.factories import approved_expenditure
from tests.programmes.helpers import DWSRA, HAAGLANDEN, MIDDEN_GELDERLAND, RMT, plan

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db

MG_LINES = {
    "Projectmanagement": Decimal("150000.00"),
    "Branchegericht ontwikkelarrangement": Decimal("1030000.00"),
    "Vraag en aanbod in beeld": Decimal("220000.00"),
    "De Ontmoeting": Decimal("350000.00"),
    "Verbeteren ketensamenwerking": Decimal("250000.00"),
}
RMT_BUDGETS = [Decimal(n) for n in ("338604.00", "447942.00", "625802.00", "647105.00")]
STA_NIET_STIL = "Sta niet stil, maak er werk van"


def money(value) -> Decimal:
    """A JSON number of euros as the Decimal the selectors give."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def percentage(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def as_shown(actual) -> dict:
    """An Actual as the API should show it: the money page's figures, rounded as it rounds."""
    return {
        "budgeted": actual.budgeted,
        "original": actual.original,
        "approved": actual.approved,
        "awaiting": actual.awaiting,
        "remaining": actual.remaining,
        "spentPercentage": rounded_percentage(actual.spent_percentage),
        "timePercentage": rounded_percentage(actual.time_percentage),
        "warning": actual.warning.value if actual.warning else None,
    }


def read(shown: dict) -> dict:
    """The API's `actual` object as Decimals."""
    return {
        **{key: money(shown[key]) for key in ("budgeted", "original", "approved", "awaiting")},
        "remaining": money(shown["remaining"]),
        "spentPercentage": percentage(shown["spentPercentage"]),
        "timePercentage": percentage(shown["timePercentage"]),
        "warning": shown["warning"],
    }


@pytest.fixture
def mg_api(midden_gelderland):
    return token_client(make_token(midden_gelderland)[1])


def all_rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["count"] == len(body["results"]), "one page expected"
    return body["results"]


# Budget lines --------------------------------------------------------------------------------


def test_midden_gelderland_budget_lines_add_up_to_the_line_totals(demo, mg_api):
    midden = plan(MIDDEN_GELDERLAND)
    rows = all_rows(mg_api, f"/api/v1/budget-lines?plan={midden.pk}&pageSize=500")
    per_line: dict[str, Decimal] = {}
    for row in rows:
        per_line[row["line"]["title"]] = per_line.get(row["line"]["title"], 0) + money(
            row["amount"]
        )
    assert per_line == MG_LINES
    assert sum(per_line.values()) == Decimal("2000000.00")
    # Every line's figures are the money page's (plan_actuals), in the page's order.
    actuals = selectors.plan_actuals(plan=midden)
    assert [row["id"] for row in rows] == [line.pk for line in actuals.budget_lines]
    for row in rows:
        expected = as_shown(actuals.per_budget_line[row["id"]])
        assert read(row["actual"]) == expected
        assert money(row["originalAmount"]) == expected["original"]
    # The page's per-line totals, from plan_budget, are what the rows add up to.
    budget = selectors.plan_budget(plan=midden)
    assert {title: budget.per_line[pk] for title, pk in _line_ids(midden).items()} == per_line


def _line_ids(plan_obj) -> dict[str, int]:
    return {line.title: line.pk for line in plan_obj.lines.all()}


def test_a_budget_line_in_detail_with_its_spending(demo, mg_api):
    midden = plan(MIDDEN_GELDERLAND)
    line = BudgetLine.objects.filter(plan=midden, line__title="Projectmanagement", year=2019).get()
    body = mg_api.get(f"/api/v1/budget-lines/{line.pk}").json()
    assert (body["year"], body["plan"], body["line"]["title"]) == (
        2019,
        midden.pk,
        "Projectmanagement",
    )
    assert body["project"] is None
    assert money(body["amount"]) == Decimal("75000.00")
    assert body["name"] == selectors.budget_line_name(line)
    actual = selectors.plan_actuals(plan=midden).per_budget_line[line.pk]
    assert read(body["actual"]) == as_shown(actual)
    approved = Expenditure.objects.filter(budget_line=line, status=Decision.GOEDGEKEURD)
    assert money(body["actual"]["approved"]) == approved.aggregate(t=Sum("amount"))["t"]


def test_the_rmt_four_budgets_of_2021(demo, national_api):
    rmt = plan(RMT)
    rows = all_rows(national_api, f"/api/v1/budget-lines?plan={rmt.pk}&year=2021")
    assert sorted(money(row["amount"]) for row in rows) == RMT_BUDGETS
    assert sum(money(row["amount"]) for row in rows) == Decimal("2059453.00")
    overspent = [row for row in rows if row["actual"]["warning"] == "overschreden"]
    assert [(row["description"][:50], money(row["actual"]["remaining"])) for row in overspent] == [
        ("Budget beschikbaar voor dienstverlening werkfitbeh", Decimal("-3386.04"))
    ]
    assert all_rows(national_api, f"/api/v1/budget-lines?plan={rmt.pk}&year=2022") == []


def test_the_peildatum_leaves_later_spending_out(demo, national_api):
    rmt = plan(RMT)
    on = date(2021, 12, 31)
    rows = all_rows(national_api, f"/api/v1/budget-lines?plan={rmt.pk}&date={on}")
    actuals = selectors.plan_actuals(plan=rmt, as_of=on)
    assert {row["id"]: read(row["actual"]) for row in rows} == {
        pk: as_shown(actual) for pk, actual in actuals.per_budget_line.items()
    }
    response = national_api.get("/api/v1/budget-lines?date=31-12-2021")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [param["name"] for param in response.json()["invalidParams"]] == ["date"]


# A plan's money totals -----------------------------------------------------------------------


def test_midden_gelderland_plan_budget_is_the_money_page(demo, mg_api):
    midden = plan(MIDDEN_GELDERLAND)
    body = mg_api.get(f"/api/v1/plans/{midden.pk}/budget").json()
    money_page = selectors.plan_money(plan=midden)
    assert read(body["total"]) == as_shown(money_page.actuals.plan)
    assert money(body["total"]["budgeted"]) == money_page.budget.total == Decimal("2000000.00")
    assert {row["year"]: money(row["actual"]["budgeted"]) for row in body["perYear"]} == {
        2019: Decimal("1000000.00"),
        2020: Decimal("1000000.00"),
    }
    assert {row["line"]["title"]: money(row["actual"]["budgeted"]) for row in body["perLine"]} == (
        MG_LINES
    )
    for row in body["perLine"]:
        assert read(row["actual"]) == as_shown(money_page.actuals.per_line[row["line"]["id"]])
        for project in row["projects"]:
            assert read(project["actual"]) == as_shown(
                money_page.actuals.per_project[project["project"]["id"]]
            )
    assert [row["category"] for row in body["perCategory"]] == [
        category.value
        for category in BudgetLine.Category
        if category.value in money_page.actuals.per_category
    ]
    assert body["unassigned"] is None
    # Co-financing: one quantified contribution of € 27.500, six named without an amount.
    assert money(body["funding"]["total"]) == Decimal("27500.00")
    assert body["funding"]["unquantified"] == 6
    assert len(body["funding"]["rows"]) == 7
    awaiting = selectors.awaiting_total(plan=midden)
    assert body["awaitingApproval"] == {"count": awaiting.count, "total": float(awaiting.total)}


def test_the_rmt_plan_budget_per_category_and_its_awaiting_entries(demo, national_api):
    rmt = plan(RMT)
    body = national_api.get(f"/api/v1/plans/{rmt.pk}/budget").json()
    assert money(body["total"]["budgeted"]) == Decimal("2059453.00")
    assert money(body["total"]["approved"]) == Decimal("1854198.34")
    assert money(body["total"]["remaining"]) == Decimal("205254.66")
    assert {
        row["category"]: (money(row["actual"]["budgeted"]), money(row["actual"]["approved"]))
        for row in body["perCategory"]
    } == {
        "personeel": (Decimal("447942.00"), Decimal("430024.32")),
        "dienstverlening": (Decimal("985709.00"), Decimal("898500.34")),
        "scholing": (Decimal("625802.00"), Decimal("525673.68")),
    }
    # The RMT's budgets are on the plan itself, outside any line.
    assert body["perLine"] == []
    assert money(body["unassigned"]["budgeted"]) == Decimal("2059453.00")
    # Three entries wait for approval (€ 26.025,50): beside the spending, never in it.
    assert body["awaitingApproval"] == {"count": 3, "total": 26025.5}
    assert money(body["total"]["awaiting"]) == Decimal("26025.50")


def test_dwsra_sta_niet_stil_40_percent_own_contribution(demo, haaglanden_api):
    # DWSRA is a national plan: every token reads it.
    dwsra = plan(DWSRA)
    body = haaglanden_api.get(f"/api/v1/plans/{dwsra.pk}/budget").json()
    (row,) = [row for row in body["funding"]["rows"] if row["project"]["title"] == STA_NIET_STIL]
    assert money(row["scopeBudget"]) == Decimal("666667.00")
    assert Decimal(str(row["percentage"])) == Decimal("40")
    assert money(row["computedAmount"]) == Decimal("266666.80")
    assert money(row["statedAmount"]) == Decimal("266667.00")
    assert row["isDiscrepancy"] is False and row["isQuantified"] is True
    page_rows = list(selectors.fundings_with_amounts(plan=dwsra))
    total = selectors.funding_total_of_rows(page_rows)
    assert money(body["funding"]["total"]) == total.total
    assert len(body["funding"]["rows"]) == len(page_rows) == 12
    # The project's budget lines add up to the € 666.667 the percentage is of.
    lines = all_rows(haaglanden_api, f"/api/v1/budget-lines?plan={dwsra.pk}&pageSize=500")
    assert sum(
        money(line["amount"])
        for line in lines
        if line["project"] and line["project"]["title"] == STA_NIET_STIL
    ) == Decimal("666667.00")


# Approved spending ---------------------------------------------------------------------------


def test_only_approved_spending_of_the_rmt(demo, national_api):
    rmt = plan(RMT)
    rows = all_rows(national_api, f"/api/v1/expenditures?plan={rmt.pk}&pageSize=500")
    assert len(rows) == 16 + 16 + 12 + 16
    assert sum(money(row["amount"]) for row in rows) == Decimal("1854198.34")
    references = {row["reference"] for row in rows}
    for absent in ("RMT-2022-11-05", "RMT-2022-12-05", "RMT-2022-12-06", "RMT-2021-10-05"):
        assert absent not in references  # three awaiting, one rejected
    first = next(row for row in rows if row["reference"] == "RMT-2021-09-01")
    assert (first["date"], money(first["amount"]), first["counterparty"]) == (
        "2021-09-20",
        Decimal("26876.52"),
        "UWV",
    )
    assert first["approvedAt"].startswith("2021-09-25")
    assert first["plan"] == rmt.pk and "receipt" not in first
    # Newest first, as on the money page, ids breaking ties.
    keys = [(row["date"], row["id"]) for row in rows]
    assert keys == sorted(keys, reverse=True)


def test_awaiting_and_rejected_entries_are_not_expenditures(spending):
    client = token_client(make_token(spending.plan.region)[1])
    approved = spending.approved(amount="1250.00", description="Goedgekeurd")
    awaiting = spending.record(amount="300.00", description="Wacht nog")
    rejected = spending.record(amount="75.00", description="Afgekeurd")
    services.expenditure_reject(expenditure=rejected, actor=spending.treasurer, reason="Dubbel")
    rows = all_rows(client, f"/api/v1/expenditures?plan={spending.plan.pk}")
    assert [(row["id"], row["description"]) for row in rows] == [(approved.pk, "Goedgekeurd")]
    for entry in (awaiting, rejected):
        assert client.get(f"/api/v1/expenditures/{entry.pk}").status_code == 404
    assert client.get(f"/api/v1/expenditures/{approved.pk}").json()["amount"] == 1250.0
    # The budget line shows the waiting entry beside the spending, never in it.
    (line,) = all_rows(client, f"/api/v1/budget-lines?plan={spending.plan.pk}")
    assert (line["actual"]["approved"], line["actual"]["awaiting"]) == (1250.0, 300.0)
    assert line["actual"]["remaining"] == 8750.0


def test_spending_filtered_by_dates_and_category(demo, national_api):
    rmt = plan(RMT)
    base = f"/api/v1/expenditures?plan={rmt.pk}&pageSize=500"
    rows = all_rows(national_api, f"{base}&since=2022-01-01&until=2022-03-31")
    in_db = Expenditure.objects.filter(
        budget_line__plan=rmt,
        status=Decision.GOEDGEKEURD,
        date__range=(date(2022, 1, 1), date(2022, 3, 31)),
    )
    assert sorted(row["id"] for row in rows) == sorted(in_db.values_list("pk", flat=True))
    assert rows and all("2022-01-01" <= row["date"] <= "2022-03-31" for row in rows)
    schooling = all_rows(national_api, f"{base}&category=scholing")
    schooling_lines = set(
        BudgetLine.objects.filter(plan=rmt, category="scholing").values_list("pk", flat=True)
    )
    assert len(schooling) == 12 and {row["budgetLine"] for row in schooling} == schooling_lines
    response = national_api.get("/api/v1/expenditures?since=gisteren&category=eten")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {param["name"] for param in response.json()["invalidParams"]} == {"since", "category"}


# Region scoping from both sides --------------------------------------------------------------


@pytest.fixture
def haaglanden_money(demo):
    """A budget line with an approved entry on Haaglanden's plan (the demo has none)."""
    line = BudgetLine.objects.create(
        plan=plan(HAAGLANDEN), year=2016, amount=Decimal("5000"), description="Proef"
    )
    entry = approved_expenditure(
        budget_line=line, date=date(2016, 3, 1), amount=Decimal("100"), description="Proef"
    )
    return line, entry


def test_haaglanden_gets_nothing_of_midden_gelderland(haaglanden_api, mg_api, haaglanden_money):
    midden = plan(MIDDEN_GELDERLAND)
    mg_line = BudgetLine.objects.filter(plan=midden).first()
    mg_entry = Expenditure.objects.filter(
        budget_line__plan=midden, status=Decision.GOEDGEKEURD
    ).first()
    h_line, h_entry = haaglanden_money
    for client, own, other in (
        (haaglanden_api, (h_line, h_entry, plan(HAAGLANDEN)), (mg_line, mg_entry, midden)),
        (mg_api, (mg_line, mg_entry, midden), (h_line, h_entry, plan(HAAGLANDEN))),
    ):
        lines = {row["id"] for row in all_rows(client, "/api/v1/budget-lines?pageSize=500")}
        entries = {row["id"] for row in all_rows(client, "/api/v1/expenditures?pageSize=500")}
        assert own[0].pk in lines and other[0].pk not in lines
        assert own[1].pk in entries and other[1].pk not in entries
        assert all_rows(client, f"/api/v1/budget-lines?plan={other[2].pk}") == []
        assert all_rows(client, f"/api/v1/expenditures?plan={other[2].pk}") == []
        for path in (
            f"/api/v1/budget-lines/{other[0].pk}",
            f"/api/v1/expenditures/{other[1].pk}",
            f"/api/v1/plans/{other[2].pk}/budget",
        ):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response["Content-Type"] == "application/problem+json"
        for path in (
            f"/api/v1/budget-lines/{own[0].pk}",
            f"/api/v1/expenditures/{own[1].pk}",
            f"/api/v1/plans/{own[2].pk}/budget",
        ):
            assert client.get(path).status_code == 200, path


def test_a_national_token_reads_both(national_api, haaglanden_money):
    midden = plan(MIDDEN_GELDERLAND)
    h_line, h_entry = haaglanden_money
    lines = {row["plan"] for row in all_rows(national_api, "/api/v1/budget-lines?pageSize=500")}
    assert {midden.pk, h_line.plan_id} <= lines
    assert national_api.get(f"/api/v1/plans/{midden.pk}/budget").status_code == 200
    assert national_api.get(f"/api/v1/expenditures/{h_entry.pk}").status_code == 200


def test_a_percentage_of_any_size(haaglanden_api):
    """€ 100.000 spent of a € 1 budget line is 10.000.000,0 % spent: the API shows it (no
    cap on the digits of a percentage)."""
    line = BudgetLine.objects.create(
        plan=plan(HAAGLANDEN), year=2016, amount=Decimal("1"), description="Proef"
    )
    approved_expenditure(
        budget_line=line, date=date(2016, 3, 1), amount=Decimal("100000"), description="Proef"
    )
    response = haaglanden_api.get(f"/api/v1/budget-lines/{line.pk}")
    assert response.status_code == 200, response.content[:500]
    actual = response.json()["actual"]
    assert (actual["approved"], actual["spentPercentage"], actual["warning"]) == (
        100000.0,
        10000000.0,
        "overschreden",
    )


def test_an_unknown_plan_is_a_404_problem(haaglanden_api):
    response = haaglanden_api.get("/api/v1/plans/999999/budget")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# Query counts --------------------------------------------------------------------------------


def queries(client, path: str) -> int:
    client.get(path)  # the token's last use is written on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("resource", ["budget-lines", "expenditures"])
def test_queries_do_not_grow_with_the_page_size(demo, national_api, resource):
    small = queries(national_api, f"/api/v1/{resource}?pageSize=1")
    large = queries(national_api, f"/api/v1/{resource}?pageSize=50")
    body = national_api.get(f"/api/v1/{resource}?pageSize=50").json()
    assert len(body["results"]) == min(50, body["count"]) > 30
    if resource == "budget-lines":
        # Budget lines of several plans on the page: one read of their spending for all.
        assert len({row["plan"] for row in body["results"]}) > 1
    # Token, its maker, the count, the page (and for budget lines their plans' spending).
    assert small == large <= 5


def test_plan_budget_queries_do_not_grow_with_the_plan(demo, national_api):
    small = queries(national_api, f"/api/v1/plans/{plan(HAAGLANDEN).pk}/budget")
    large = queries(national_api, f"/api/v1/plans/{plan(DWSRA).pk}/budget")
    assert small == large <= 6


def test_an_unchanged_budget_answers_304_and_a_new_entry_changes_it(spending):
    client = token_client(make_token(spending.plan.region)[1])
    path = f"/api/v1/plans/{spending.plan.pk}/budget"
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    spending.approved(amount="10.00")
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["total"]["approved"] == 10.0
