"""Budget against actual (budgets.selectors.actuals by the rules of budgets.rules): the
worked example's budget by line and year, time elapsed over a budget year's span, the
warnings, and a query count that does not grow with the entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import selectors
from budgets.models import BudgetLine, Decision, Expenditure
from budgets.rules import SpendingWarning, spending_span, time_elapsed
from core.dates import DateSpan
from programmes.models import ActionPlan, PlanLine
from tests.factories import PlanFactory, approved_expenditure
from tests.programmes.helpers import MIDDEN_GELDERLAND

pytestmark = pytest.mark.django_db

RMT_START, RMT_END = date(2021, 9, 1), date(2022, 12, 31)


def test_the_last_budget_year_runs_on_to_the_plans_end():
    # The RMT's 2021 grants are spent until the end of 2022 (2022 budgets were not known).
    assert spending_span(
        year=2021, plan_start=RMT_START, plan_end=RMT_END, last_budget_year=2021
    ) == DateSpan(RMT_START, RMT_END)
    # Midden-Gelderland's 2019 money is for 2019, its 2020 money for 2020.
    start, end = date(2019, 1, 1), date(2020, 12, 31)
    assert spending_span(
        year=2019, plan_start=start, plan_end=end, last_budget_year=2020
    ) == DateSpan(start, date(2019, 12, 31))
    assert spending_span(year=2023, plan_start=start, plan_end=end, last_budget_year=2023) is None


def test_time_elapsed_counts_whole_days():
    span = DateSpan(date(2021, 1, 1), date(2021, 1, 10))
    assert time_elapsed(span, date(2020, 12, 31)) == 0
    assert time_elapsed(span, date(2021, 1, 5)) == Decimal("0.5")
    assert time_elapsed(span, date(2021, 1, 10)) == 1
    assert time_elapsed(span, date(2022, 1, 1)) == 1


def test_midden_gelderland_budget_by_line_and_year(demo):
    plan = ActionPlan.objects.select_related("programme").get(title=MIDDEN_GELDERLAND)
    actuals = selectors.plan_actuals(plan=plan, as_of=date(2020, 12, 31))
    assert actuals.plan.budgeted == Decimal("2000000.00")
    assert (
        actuals.per_year[2019].budgeted == actuals.per_year[2020].budgeted == Decimal("1000000.00")
    )
    titles = dict(PlanLine.objects.filter(plan=plan).values_list("pk", "title"))
    per_line = {titles[pk].split(" (")[0]: row.budgeted for pk, row in actuals.per_line.items()}
    assert sorted(per_line.values()) == sorted(
        Decimal(n) for n in ("150000", "1030000", "220000", "350000", "250000")
    )
    # What was approved is the sum of the approved entries, by the database.
    approved = sum(
        Expenditure.objects.filter(budget_line__plan=plan, status=Decision.GOEDGEKEURD).values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )
    assert actuals.plan.approved == approved
    # At the end of the plan all of its time has passed.
    assert actuals.plan.time_percentage == 100


def rmt_like_plan(amount="160000.00"):
    plan = PlanFactory(start_date=RMT_START, end_date=RMT_END)
    line = BudgetLine.objects.create(plan=plan, year=2021, amount=Decimal(amount))
    return ActionPlan.objects.select_related("programme").get(pk=plan.pk), line


def test_spending_far_behind_time_is_a_warning_overspending_too():
    plan, line = rmt_like_plan()
    approved_expenditure(
        budget_line=line, date=date(2021, 9, 15), amount=Decimal("10000"), description="a"
    )
    Expenditure.objects.create(
        budget_line=line, date=date(2021, 9, 20), amount=Decimal("5000"), description="b"
    )
    early = selectors.plan_actuals(plan=plan, as_of=date(2021, 10, 31)).plan
    assert early.approved == Decimal("10000.00") and early.awaiting == Decimal("5000.00")
    assert early.remaining == Decimal("150000.00")
    assert early.spent_percentage == Decimal("6.25")
    # 61 of the 487 days from 1 September 2021 to 31 December 2022: 12,5 %; 6,25 behind.
    assert round(early.time_percentage, 1) == Decimal("12.5")
    assert early.warning is None
    later = selectors.plan_actuals(plan=plan, as_of=date(2022, 6, 30)).plan
    assert later.warning == SpendingWarning.ACHTER  # 62,2 % of the time, 6,25 % spent
    approved_expenditure(
        budget_line=line, date=date(2022, 7, 1), amount=Decimal("150000.01"), description="c"
    )
    overspent = selectors.plan_actuals(plan=plan, as_of=RMT_END)
    assert overspent.plan.warning == SpendingWarning.OVERSCHREDEN
    assert overspent.warnings == [(line, overspent.per_budget_line[line.pk])]


def test_the_lag_threshold_is_the_programmes():
    plan, line = rmt_like_plan()
    plan.programme.spending_lag_points = 70
    plan.programme.save()
    assert selectors.plan_actuals(plan=plan, as_of=date(2022, 6, 30)).plan.warning is None


def test_rejected_and_later_spending_do_not_count():
    plan, line = rmt_like_plan()
    approved_expenditure(
        budget_line=line, date=date(2022, 1, 10), amount=Decimal("100"), description="later"
    )
    Expenditure.objects.create(
        budget_line=line,
        date=date(2021, 9, 10),
        amount=Decimal("999"),
        description="afgekeurd",
        status=Decision.AFGEKEURD,
        rejection_reason="valt buiten de regeling",
        decided_at="2021-09-11T10:00Z",
    )
    actual = selectors.plan_actuals(plan=plan, as_of=date(2021, 12, 31)).plan
    assert actual.approved == 0 and actual.awaiting == 0


@pytest.mark.parametrize("entries", [3, 30])
def test_one_query_whatever_the_number_of_entries(entries):
    plan, line = rmt_like_plan()
    for day in range(entries):
        approved_expenditure(
            budget_line=line, date=date(2021, 9, 1 + day % 28), amount=1, description="x"
        )
    with CaptureQueriesContext(connection) as queries:
        selectors.plan_actuals(plan=plan, as_of=RMT_END)
        selectors.spending_per_month(plan=plan)
    assert len(queries) == 2


def test_spending_per_month_every_month_and_cumulative():
    plan, line = rmt_like_plan()
    approved_expenditure(
        budget_line=line, date=date(2021, 9, 30), amount=Decimal("10"), description="sep"
    )
    approved_expenditure(
        budget_line=line, date=date(2021, 11, 1), amount=Decimal("5"), description="nov"
    )
    months = selectors.spending_per_month(plan=plan, as_of=date(2021, 11, 30))
    assert [(m.month_end, m.approved, m.cumulative) for m in months] == [
        (date(2021, 9, 30), Decimal("10"), Decimal("10")),
        (date(2021, 10, 31), Decimal("0.00"), Decimal("10")),
        (date(2021, 11, 30), Decimal("5"), Decimal("15")),
    ]


def test_budget_on_the_plan_itself_is_unassigned():
    plan, on_plan = rmt_like_plan()
    line = plan.lines.create(title="Lijn", position=1)
    on_line = BudgetLine.objects.create(plan=plan, line=line, year=2021, amount=Decimal("40"))
    approved_expenditure(
        budget_line=on_plan, date=date(2021, 9, 2), amount=Decimal("7"), description="plan"
    )
    actuals = selectors.plan_actuals(plan=plan, as_of=RMT_END)
    assert actuals.unassigned.budgeted == Decimal("160000.00")
    assert actuals.unassigned.approved == Decimal("7.00")
    assert actuals.per_line[line.pk].budgeted == on_line.amount
    assert actuals.plan.budgeted == actuals.unassigned.budgeted + on_line.amount


def test_spending_per_month_for_many_plans_in_one_query():
    plans = []
    for number in range(3):
        plan, line = rmt_like_plan()
        approved_expenditure(
            budget_line=line,
            date=date(2021, 10, 10),
            amount=Decimal(number + 1),
            description="okt",
        )
        # After the peildatum, in the same month: not counted.
        approved_expenditure(
            budget_line=line, date=date(2021, 10, 20), amount=Decimal(100), description="later"
        )
        plans.append(plan)
    with CaptureQueriesContext(connection) as queries:
        months = selectors.plans_spending_per_month(plans=plans, as_of=date(2021, 10, 15))
    assert len(queries) == 1
    assert [[(m.month_end, m.cumulative) for m in months[plan.pk]] for plan in plans] == [
        [(date(2021, 9, 30), 0), (date(2021, 10, 31), Decimal(n))] for n in (1, 2, 3)
    ]
    assert selectors.plans_spending_per_month(plans=[]) == {}


def test_spending_per_quarter_against_the_expected_budget():
    """The RMT runs 16 months: the chart steps per quarter, the first one month long. Each
    point is approved spending by the quarter's end against expected_by at that end; the
    running quarter has what was approved to the peildatum, later ones nothing yet."""
    plan, line = rmt_like_plan("487000.00")  # € 1.000 a day over the 487 days
    approved_expenditure(
        budget_line=line, date=date(2021, 9, 15), amount=Decimal("10000"), description="sep"
    )
    approved_expenditure(
        budget_line=line, date=date(2022, 1, 5), amount=Decimal("2500"), description="jan"
    )
    as_of = date(2022, 2, 15)
    actuals = selectors.plan_actuals(plan=plan, as_of=as_of)
    months = selectors.spending_per_month(plan=plan, as_of=as_of)
    points = selectors.spending_per_period(plan=plan, actuals=actuals, months=months)
    shown = [
        (p.label, p.end, p.approved, p.expected.quantize(Decimal(1)), p.running) for p in points
    ]
    assert shown == [
        ("2021-K3", date(2021, 9, 30), Decimal("10000"), Decimal("30000"), False),
        ("2021-K4", date(2021, 12, 31), Decimal("10000"), Decimal("122000"), False),
        ("2022-K1", date(2022, 3, 31), Decimal("12500"), Decimal("212000"), True),
        ("2022-K2", date(2022, 6, 30), None, Decimal("303000"), False),
        ("2022-K3", date(2022, 9, 30), None, Decimal("395000"), False),
        ("2022-K4", date(2022, 12, 31), None, Decimal("487000"), False),
    ]
    # A plan of twelve months or less steps per month; no budget, no points.
    short = PlanFactory()
    assert selectors.spending_length(short) == ActionPlan.PeriodLength.MAAND
    empty = selectors.plan_actuals(plan=short, as_of=date(2019, 6, 30))
    assert selectors.spending_per_period(plan=short, actuals=empty, months=[]) == []
