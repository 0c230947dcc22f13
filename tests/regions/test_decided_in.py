""" "Besloten in": a decision of a meeting's besluitenlijst shows on what it decided — the plan
version ("vastgesteld in <body>, <date>"), the budget change on the plan page and the money
page, the budget line a proposal is paid from ("€ 65.000 toegezegd aan voorstel 17.0001962,
aangenomen in Werkkamer Gooi en Vechtstreek, <date>") and the proposal itself. The decisions
are read by regions.selectors.decisions.decisions_for in one query."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import services as budget_services
from budgets.models import BudgetLine
from budgets.selectors import budget_line_name
from programmes.models import ActionPlan
from programmes.services import plan_decide
from regions.models import AgendaItem, Decision, GoverningBody, Meeting, Proposal, RoleAssignment
from regions.selectors.decisions import decisions_for
from regions.services import (
    agenda_item_save,
    body_save,
    decision_record,
    meeting_save,
)
from tests.factories import UserFactory

from ..placements.grid_helpers import element_text, text_of
from ..programmes.helpers import GOOI, MIDDEN_GELDERLAND, login, plan, user

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
DAY = date(2021, 3, 12)
BOARD = "Bestuurlijk overleg Midden-Gelderland (test)"


def board() -> GoverningBody:
    region = plan(MIDDEN_GELDERLAND).region
    existing = GoverningBody.objects.filter(region=region, name=BOARD).first()
    if existing is not None:
        return existing
    return body_save(
        body=GoverningBody(region=region, name=BOARD, kind=GoverningBody.Kind.BESTUURLIJK_PLATFORM),
        expected_revision=None,
    )


def meeting(body, day=DAY) -> Meeting:
    return meeting_save(meeting=Meeting(body=body, date=day), expected_revision=None)


def adopt_plan(actionplan: ActionPlan, outcome=Outcome.AANGENOMEN) -> Decision:
    held = meeting(board())
    agenda_item_save(
        item=AgendaItem(meeting=held, plan=actionplan, title="Actieplan"), expected_revision=None
    )
    return plan_decide(
        decision=Decision(meeting=held, plan=actionplan, outcome=outcome, text="Vastgesteld."),
        actor=None,
    )


def approved_budget_change(actionplan: ActionPlan):
    lines = BudgetLine.objects.filter(plan=actionplan, year=2020).select_related("project")
    by_title = {row.project.title: row for row in lines if row.project}
    change = budget_services.budget_change_request(
        plan=actionplan,
        actor=user("programmamanager-midden-gelderland"),
        reason="Meer ontwikkeltrajecten",
        lines=[
            (by_title["Versnellingsbudget"], Decimal("-10000")),
            (by_title["Ontwikkeltrajecten"], Decimal("10000")),
        ],
    )
    treasurer = UserFactory(
        username="penningmeester-mg-besloten",
        role=(actionplan.region, RoleAssignment.Role.PENNINGMEESTER),
    )
    return budget_services.budget_change_approve(change=change, actor=treasurer)


def decide_change(change, outcome=Outcome.AANGENOMEN) -> Decision:
    return decision_record(
        decision=Decision(
            meeting=meeting(board(), date(2021, 4, 9)),
            budget_change=change,
            outcome=outcome,
            text="Begrotingswijziging akkoord.",
        )
    )


def gooi_proposal_paid_from_the_werkkamer_budget():
    """The demo proposal 17.0001962 with its dekking, a budget line of the Gooi plan, as the demo
    loads it: aangenomen in the Werkkamer of 16 March 2017 (its decision is the demo's)."""
    row = Proposal.objects.select_related("body", "budget_line__plan").get(reference="17.0001962")
    line = row.budget_line
    assert row.status == Proposal.Status.AANGENOMEN
    assert (line.plan.title, line.year, line.description) == (GOOI, 2017, "Budget Werkkamer")
    return row, line


def plan_page(client, actionplan, username):
    return login(client, username).get(
        reverse("programmes:plan-detail", kwargs={"pk": actionplan.pk})
    )


def money_page(client, actionplan, username):
    return login(client, username).get(
        reverse("budgets:plan-money", kwargs={"plan_pk": actionplan.pk})
    )


def test_the_plan_page_says_where_the_plan_was_adopted(client, demo):
    actionplan = plan(MIDDEN_GELDERLAND)
    response = plan_page(client, actionplan, "werkkamerlid-midden-gelderland")
    assert f"vastgesteld in {BOARD}" not in text_of(response)
    adopt_plan(actionplan)
    response = plan_page(client, actionplan, "werkkamerlid-midden-gelderland")
    assert element_text(response, "plan-decided-in") == f"vastgesteld in {BOARD}, 12-03-2021"


def test_a_plan_ter_bespreking_adopted_in_a_meeting_shows_it(client, demo):
    actionplan = plan(GOOI)
    actionplan.status = ActionPlan.Status.TER_BESPREKING
    actionplan.save(update_fields=["status"])
    body = Proposal.objects.get(reference="17.0001962").body
    held = meeting(body, date(2017, 3, 9))
    plan_decide(
        decision=Decision(
            meeting=held, plan=actionplan, outcome=Outcome.AANGENOMEN, text="Vastgesteld."
        ),
        actor=None,
    )
    actionplan.refresh_from_db()
    assert actionplan.status == ActionPlan.Status.VASTGESTELD
    response = plan_page(client, actionplan, "werkkamerlid-gooi-en-vechtstreek")
    assert element_text(response, "plan-decided-in") == (
        "vastgesteld in Werkkamer Gooi en Vechtstreek, 09-03-2017"
    )


def test_a_budget_change_shows_its_decision_on_the_plan_and_money_pages(client, demo):
    actionplan = plan(MIDDEN_GELDERLAND)
    change = approved_budget_change(actionplan)
    decide_change(change)
    expected = f"aangenomen in {BOARD}, 09-04-2021"
    on_plan = element_text(
        plan_page(client, actionplan, "werkkamerlid-midden-gelderland"),
        f"budget-change-{change.pk}",
    )
    assert "Begroting gewijzigd:" in on_plan and expected in on_plan
    on_money = element_text(
        money_page(client, actionplan, "werkkamerlid-midden-gelderland"),
        f"budget-change-{change.pk}",
    )
    assert expected in on_money


def test_the_budget_line_shows_the_money_promised_to_the_proposal(client, demo):
    row, _line = gooi_proposal_paid_from_the_werkkamer_budget()
    expected = (
        "€ 65.000 toegezegd aan voorstel 17.0001962, aangenomen in Werkkamer Gooi en "
        "Vechtstreek, 16-03-2017"
    )
    member = "werkkamerlid-gooi-en-vechtstreek"
    money = element_text(money_page(client, plan(GOOI), member), "proposal-commitments")
    assert expected in money and "2017" in money and "Budget Werkkamer" in money
    on_plan = element_text(plan_page(client, plan(GOOI), member), "proposal-commitments")
    assert expected in on_plan


def test_the_proposal_page_says_where_it_was_decided(client, demo):
    row, _line = gooi_proposal_paid_from_the_werkkamer_budget()
    response = login(client, "werkkamerlid-gooi-en-vechtstreek").get(
        reverse("regions:proposal-detail", args=["gooi-en-vechtstreek", row.pk])
    )
    page = text_of(response)
    assert "Status aangenomen – aangenomen in Werkkamer Gooi en Vechtstreek, 16-03-2017" in page


def test_another_region_sees_no_decision_of_this_one(client, demo):
    actionplan = plan(MIDDEN_GELDERLAND)
    adopt_plan(actionplan)
    response = plan_page(client, actionplan, "werkkamerlid-haaglanden")
    assert response.status_code == 403
    response = money_page(client, actionplan, "werkkamerlid-haaglanden")
    assert response.status_code == 403


# The selector ----------------------------------------------------------------------------------


def test_decisions_for_groups_by_subject_in_one_query(demo):
    actionplan = plan(MIDDEN_GELDERLAND)
    adopted = adopt_plan(actionplan)
    change = approved_budget_change(actionplan)
    on_change = decide_change(change)
    row, line = gooi_proposal_paid_from_the_werkkamer_budget()
    gooi = plan(GOOI)
    with CaptureQueriesContext(connection) as queries:
        decided = decisions_for(
            plans=[actionplan], proposals=[row.pk], budget_changes=[change], drawing_from=gooi
        )
        bodies = [
            decision.meeting.body.name
            for group in (decided.plans, decided.proposals, decided.budget_changes)
            for decisions in group.values()
            for decision in decisions
        ]
    assert len(queries) == 1
    assert decided.plans == {actionplan.pk: [adopted]}
    assert decided.budget_changes == {change.pk: [on_change]}
    assert [decision.outcome for decision in decided.proposals[row.pk]] == [Outcome.AANGENOMEN]
    assert decided.budget_lines[line.pk] == decided.proposals[row.pk]
    assert bodies == [BOARD, "Werkkamer Gooi en Vechtstreek", BOARD]


def test_decisions_for_nothing_asks_nothing(demo):
    with CaptureQueriesContext(connection) as queries:
        decided = decisions_for()
    assert len(queries) == 0
    assert decided.plans == decided.proposals == decided.budget_changes == {}


def test_decisions_for_names_the_budget_line_of_each_commitment(demo):
    """The plan and money pages' commitments: decisions_for names each one's budget line with
    the name the views pass (budgets' budget_line_name), in the same one query."""
    row, _line = gooi_proposal_paid_from_the_werkkamer_budget()
    gooi = plan(GOOI)
    with CaptureQueriesContext(connection) as queries:
        decided = decisions_for(drawing_from=gooi, line_name=budget_line_name)
        names = [decision.line_name for decision in decided.commitments]
    assert len(queries) == 1
    assert [decision.proposal_id for decision in decided.commitments] == [row.pk]
    assert names == ["2017 hele plan – Budget Werkkamer (personeel)"]
