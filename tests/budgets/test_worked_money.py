"""The co-financing and staff costs of the worked examples as the pages read them: DWSRA's own
contributions as percentages beside their stated amounts (rounding is not a discrepancy),
Midden-Gelderland's unquantified co-financing carried into a new version, Gooi en
Vechtstreek's € 63.000 against € 65.000 and the RMT's staffing in fte."""

from decimal import Decimal

import pytest

from budgets import selectors, services
from budgets.models import Funding, StaffCost
from programmes.models import ActionPlan
from programmes.services import plan_change_status
from regions.models import Proposal
from tests.programmes.helpers import DWSRA, GOOI, MIDDEN_GELDERLAND, RMT, plan, user

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status

# DWSRA bijlage 1, the pilots whose own contribution is a percentage: total, %, stated amount
DWSRA_PERCENTAGES = {
    "Sta niet stil, maak er werk van": ("666667", "40", "266666.80", "266667"),
    "CA-ICT, Make it work": ("1140800", "40", "456320.00", "456320"),
    "CA-ICT, Topsectoren": ("416667", "40", "166666.80", "166667"),
    "BOA in de BIZ": ("500000", "50", "250000.00", "250000"),
    "Novaka: Werkgelegenheid -24h Personal Plan": ("1450000", "65", "942500.00", "942500"),
}


def test_dwsra_percentages_beside_their_stated_amounts_are_not_flagged(demo):
    rows = {row.project.title: row for row in selectors.fundings_with_amounts(plan=plan(DWSRA))}
    for title, (total, percentage, computed, stated) in DWSRA_PERCENTAGES.items():
        row = rows[title]
        figure = selectors.funding_figure(row)
        assert row.scope_budget == Decimal(total), title
        assert row.percentage == Decimal(percentage), title
        assert row.computed_amount.quantize(Decimal("0.01")) == Decimal(computed), title
        assert (figure.computed, figure.stated) == (Decimal(computed), Decimal(stated)), title
        assert not figure.is_discrepancy, title
    # The others state an amount only: the amount is the figure, nothing to compare.
    amounts = [row for row in rows.values() if row.percentage is None]
    assert amounts and all(row.computed_amount == row.amount for row in amounts)
    totals = selectors.plan_funding_total(plan=plan(DWSRA))
    assert totals.unquantified == 0
    assert totals.total == sum(selectors.funding_figure(row).computed for row in rows.values())


def test_a_stated_amount_that_really_differs_is_flagged(demo):
    row = next(
        row
        for row in selectors.fundings_with_amounts(plan=plan(DWSRA))
        if row.project.title == "Sta niet stil, maak er werk van"
    )
    row.stated_amount = Decimal("266000")  # € 666,80 off: not rounding
    assert selectors.funding_figure(row).is_discrepancy


def test_the_plan_total_counts_only_quantified_contributions(demo):
    midden = plan(MIDDEN_GELDERLAND)
    rows = list(selectors.fundings_with_amounts(plan=midden))
    from_rows = selectors.funding_total_of_rows(rows)
    assert from_rows == selectors.plan_funding_total(plan=midden)
    assert (from_rows.total, from_rows.unquantified) == (Decimal("27500.00"), 6)


def test_a_new_version_keeps_the_unquantified_co_financing_and_the_staff_costs(demo):
    midden = plan(MIDDEN_GELDERLAND)
    new = services.plan_new_version_with_budget(plan=midden, actor=user("beheerder"))
    shown = [
        (row.project.title, row.kind, row.description, row.is_quantified, row.computed_amount)
        for row in selectors.fundings_with_amounts(plan=new)
    ]
    assert shown == [
        (row.project.title, row.kind, row.description, row.is_quantified, row.computed_amount)
        for row in selectors.fundings_with_amounts(plan=midden)
    ]
    assert Funding.objects.filter(plan=new, amount=None, percentage=None).count() == 6


def test_a_new_version_of_a_plan_with_staff_costs_starts_them_at_revision_one(demo):
    gooi = plan(GOOI)
    cost = StaffCost.objects.get(plan=gooi)
    services.staff_cost_save(
        plan=gooi, staff_cost=cost, expected_revision=cost.revision, actor=user("beheerder")
    )
    assert cost.revision == 2
    for step in (Status.TER_BESPREKING, Status.VASTGESTELD):
        gooi = plan(GOOI)
        plan_change_status(plan=gooi, actor=None, new_status=step, expected_revision=gooi.revision)
    new = services.plan_new_version_with_budget(plan=plan(GOOI), actor=user("beheerder"))
    (copy,) = StaffCost.objects.filter(plan=new)
    assert (copy.revision, copy.amount, copy.stated_amount, copy.proposal) == (
        1,
        Decimal("63000.00"),
        Decimal("65000.00"),
        None,
    )


def test_gooi_en_vechtstreek_staff_cost_63000_against_65000(demo):
    (cost,) = selectors.staff_costs(plan=plan(GOOI))
    figure = selectors.staff_cost_figure(cost)
    assert (cost.hours_per_week, cost.weeks, cost.hourly_rate) == (36, 35, 50)
    assert (figure.computed, figure.stated) == (Decimal("63000.00"), Decimal("65000.00"))
    assert figure.is_discrepancy
    (proposal,) = selectors.proposals_with_cost_figures(
        proposals=Proposal.objects.filter(pk=cost.proposal_id)
    )
    assert (proposal.cost_figure.computed, proposal.cost_figure.stated) == (
        Decimal("63000.00"),
        Decimal("65000.00"),
    )
    assert proposal.cost_figure.is_discrepancy


def test_the_rmt_staffing_has_fte_and_no_amounts(demo):
    rows = list(selectors.staff_costs(plan=plan(RMT)))
    total = selectors.staff_total_of_rows(rows)
    assert [row.fte for row in rows] == [
        Decimal("2"),
        Decimal("1"),
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("2"),
        None,  # "Ntb"
        Decimal("0.44"),
        Decimal("0.44"),
    ]
    assert (total.amount, total.fte, total.without_amount) == (None, Decimal("6.88"), 8)
