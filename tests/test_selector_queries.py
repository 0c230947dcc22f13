"""Every selector runs a fixed number of queries: pinned here, and measured again after the
data has grown, so an N+1 shows up as a failure."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import selectors as budget_selectors
from budgets.models import BudgetLine, Funding
from placements.models import Realisation
from placements.selectors import progress as placement_progress
from placements.selectors import records as placement_records
from programmes import selectors as programme_selectors
from programmes.models import ActionPlan, Indicator, Target
from regions import selectors as region_selectors
from regions.models import Proposal
from tests.factories import approved_expenditure

pytestmark = pytest.mark.django_db


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = function()
        if hasattr(result, "__iter__") and not isinstance(result, dict | str):
            list(result)
    return len(queries)


def grow(plan: ActionPlan) -> None:
    """Ten more lines, each with three projects carrying targets, budget, funding, spending,
    realisations, and an edit to each (history rows)."""
    indicator = Indicator.objects.get(code="matches")
    for number in range(10):
        line = plan.lines.create(title=f"Extra lijn {number}", position=100 + number)
        Target.objects.create(
            plan=plan,
            line=line,
            indicator=indicator,
            value=30,
            start_date=plan.start_date,
            end_date=plan.end_date,
        )
        for project_number in range(3):
            project = line.projects.create(title=f"Extra project {number}.{project_number}")
            target = Target.objects.create(
                plan=plan,
                line=line,
                project=project,
                indicator=indicator,
                value=10,
                start_date=plan.start_date,
                end_date=plan.end_date,
            )
            target.value = 11
            target.save()
            Realisation.objects.create(
                target=target,
                period=plan.periods.first(),
                count=3,
                sector="markt",
            )
            budget_line = BudgetLine.objects.create(
                plan=plan,
                line=line,
                project=project,
                year=plan.start_date.year,
                amount=Decimal("1000.00"),
            )
            approved_expenditure(
                budget_line=budget_line,
                date=plan.start_date,
                amount=Decimal("10.00"),
                description="kosten",
            )
            Funding.objects.create(
                plan=plan,
                line=line,
                project=project,
                kind="cofinanciering",
                percentage=Decimal("10"),
            )


SELECTORS = {
    "plan_target_rollup": (1, lambda p, u: programme_selectors.plan_target_rollup(plan=p)),
    "plan_structure": (3, lambda p, u: programme_selectors.plan_structure(plan=p)),
    "plan_targets": (1, lambda p, u: programme_selectors.plan_targets(plan=p)),
    "plan_activities": (1, lambda p, u: programme_selectors.plan_activities(plan=p)),
    "plan_risks": (1, lambda p, u: programme_selectors.plan_risks(plan=p)),
    "plan_key_figures": (1, lambda p, u: programme_selectors.plan_key_figures(plan=p)),
    "plan_versions": (1, lambda p, u: programme_selectors.plan_versions(plan=p)),
    "plan_history": (7, lambda p, u: programme_selectors.plan_history(plan=p)),
    "target_changes": (2, lambda p, u: programme_selectors.target_changes(old=p, new=p)),
    "project_changes": (2, lambda p, u: programme_selectors.project_changes(old=p, new=p)),
    "target_versions": (1, lambda p, u: programme_selectors.target_versions(old=p, new=p)),
    "plan_sector_targets": (1, lambda p, u: programme_selectors.plan_sector_targets(plan=p)),
    "plan_list_for": (2, lambda p, u: programme_selectors.plan_list_for(user=u)),
    "region_list_for": (2, lambda p, u: region_selectors.region_list_for(user=u)),
    "plan_budget": (5, lambda p, u: budget_selectors.plan_budget(plan=p)),
    "fundings_with_amounts": (1, lambda p, u: budget_selectors.fundings_with_amounts(plan=p)),
    "plan_funding_total": (1, lambda p, u: budget_selectors.plan_funding_total(plan=p)),
    "budget_lines": (1, lambda p, u: budget_selectors.budget_lines(plan=p)),
    "budget_differences": (2, lambda p, u: budget_selectors.budget_differences(old=p, new=p)),
    "budget_history": (5, lambda p, u: budget_selectors.budget_history(plan=p)),
    # The plan read afresh with its programme (whose lag threshold the rule asks): one query.
    "plan_actuals": (
        2,
        lambda p, u: budget_selectors.plan_actuals(
            plan=ActionPlan.objects.select_related("programme").get(pk=p.pk)
        ),
    ),
    "staff_costs": (1, lambda p, u: budget_selectors.staff_costs(plan=p)),
    "plan_expenditures": (1, lambda p, u: list(budget_selectors.plan_expenditures(plan=p))),
    "awaiting_total": (1, lambda p, u: budget_selectors.awaiting_total(plan=p)),
    "realised_per_target": (1, lambda p, u: placement_progress.realised_per_target(plan=p)),
    "realised_per_sector": (1, lambda p, u: placement_progress.realised_per_sector(plan=p)),
    "realisations_for": (1, lambda p, u: placement_records.realisations_for(plan=p)),
    "corrections_for": (1, lambda p, u: placement_records.corrections_for(plan=p)),
}


@pytest.mark.parametrize("name", SELECTORS)
def test_selector_query_count_is_fixed(demo, django_user_model, name):
    pinned, selector = SELECTORS[name]
    plan = ActionPlan.objects.get(region__slug="midden-gelderland")
    user = django_user_model.objects.get(username="werkkamerlid-midden-gelderland")
    before = count_queries(lambda: selector(plan, user))
    grow(plan)
    user = django_user_model.objects.get(pk=user.pk)  # a fresh user: no cached roles
    after = count_queries(lambda: selector(plan, user))
    assert before <= pinned, f"{name}: {before} queries, pinned at {pinned}"
    assert after == before, f"{name}: {before} queries before, {after} after the data grew"


def test_national_targets_and_proposal_figures_are_one_query_each(demo):
    assert count_queries(lambda: programme_selectors.national_targets()) == 1
    proposal = Proposal.objects.get(reference="17.0001962")
    assert count_queries(lambda: budget_selectors.proposal_cost_figure(proposal=proposal)) == 1


def test_prognoses_with_realisation_is_one_query(demo):
    target = Target.objects.filter(prognoses__isnull=False).first()
    assert count_queries(lambda: placement_progress.prognoses_with_realisation(target=target)) == 1


def test_grow_really_adds_what_the_selectors_read(demo):
    """Guards the test above: the extra data must be visible to the selectors."""
    plan = ActionPlan.objects.get(region__slug="midden-gelderland")
    total_before = budget_selectors.plan_budget(plan=plan).total
    grow(plan)
    assert budget_selectors.plan_budget(plan=plan).total == total_before + Decimal("30000.00")
    assert placement_progress.realised_per_sector(plan=plan)["markt"] == 90
    assert date(2019, 1, 1) == plan.start_date
