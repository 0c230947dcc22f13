"""The governance of the worked examples (issue 13, item 7): Haaglanden's 3-3-1 board with a
seat that fell vacant and was filled again, its monthly working group and a year of meetings;
the RMT steering group chaired by UWV, every two weeks and later monthly, with its decision on
the budget change; the Gooi en Vechtstreek proposal decided in the Werkkamer and drawn from the
Werkkamer budget. Roles only."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from budgets.models import BudgetChange, BudgetLine
from budgets.models import Decision as FourEyesDecision
from budgets.selectors import proposal_cost_figure
from demo.worked_examples import gooi_en_vechtstreek, haaglanden, zuid_kennemerland
from programmes.models import ActionPlan
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    MeetingFrequency,
    Membership,
    Proposal,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)


def body(name):
    return GoverningBody.objects.get(name=name)


def current_seats(of_body, on=TODAY):
    """Seats filled on `on` per category (chair and members; not the secretary)."""
    current = of_body.memberships.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on),
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        function__in=Membership.SEATED,
    )
    return Counter(current.values_list("seat_category", flat=True))


# --- Haaglanden ----------------------------------------------------------------------------


def test_haaglanden_board_is_3_3_1_and_its_members_fit_it(demo):
    platform = body(haaglanden.PLATFORM)
    assert platform.kind == GoverningBody.Kind.BESTUURLIJK_PLATFORM
    assert platform.meeting_frequency == MeetingFrequency.HALFJAARLIJKS
    rule = dict(platform.seat_rules.values_list("seat_category", "seats"))
    assert rule == {"werkgevers": 3, "overheid": 3, "werknemers": 1}
    assert current_seats(platform) == Counter(rule)
    # One of the employers' seats is the state's.
    assert platform.memberships.filter(
        seat_category="werkgevers", organisation__name="Rijksoverheid"
    ).exists()


def test_haaglanden_westland_seat_fell_vacant_and_was_filled_again(demo):
    platform = body(haaglanden.PLATFORM)
    assert current_seats(platform, on=date(2015, 8, 1))["overheid"] == 2
    assert current_seats(platform, on=date(2015, 10, 1))["overheid"] == 3
    left = platform.memberships.get(role_title="wethouder Westland")
    assert left.end_date == date(2015, 6, 30)
    # The history shows it: saved as it began, then with the day it ended.
    ends = list(left.history.order_by("history_date", "history_id").values_list("end_date"))
    assert ends == [(None,), (date(2015, 6, 30),)]
    successor = platform.memberships.get(role_title="wethouder Werk en Economie Westland")
    assert successor.start_date == date(2015, 10, 1) and successor.end_date is None


def test_haaglanden_a_year_of_meetings(demo):
    platform = body(haaglanden.PLATFORM)
    working_group = body(haaglanden.WORKING_GROUP)
    assert working_group.parent == platform
    assert working_group.meeting_frequency == MeetingFrequency.MAANDELIJKS
    assert platform.meetings.filter(date__year=2015).count() == 2
    dates = list(working_group.meetings.filter(date__year=2015).values_list("date", flat=True))
    assert sorted(day.month for day in dates) == list(range(1, 13))
    for meeting in Meeting.objects.filter(body__in=[platform, working_group]):
        assert meeting.agenda_items.exists()
        assert meeting.decisions.exists()
    assert working_group.memberships.count() == len(haaglanden.WORKING_GROUP_SEATS)


def test_haaglanden_board_adopted_the_plan(demo):
    plan = ActionPlan.objects.get(title=haaglanden.TITLE)
    assert plan.status == ActionPlan.Status.VASTGESTELD
    decision = Decision.objects.get(plan=plan)
    assert decision.outcome == Decision.Outcome.AANGENOMEN
    assert decision.meeting.body.name == haaglanden.PLATFORM
    assert decision.meeting.date == date(2015, 3, 26)
    assert decision.agenda_item.plan == plan


def test_open_action_items_are_on_the_dashboard_and_some_are_done(demo):
    items = ActionItem.objects.filter(decision__meeting__body__region__slug=haaglanden.REGION)
    assert items.filter(completed_on__isnull=False).count() == 2
    assert items.filter(completed_on__isnull=True).count() == 2
    assert ActionItem.objects.filter(completed_on__isnull=True).count() >= 4


# --- Zuid-Kennemerland en IJmond -------------------------------------------------------------


def test_rmt_steering_group_chaired_by_uwv_biweekly_then_monthly(demo):
    stuurgroep = body(zuid_kennemerland.STUURGROEP)
    chair = stuurgroep.memberships.get(function=Membership.Function.VOORZITTER)
    assert chair.organisation.name == "UWV"
    assert stuurgroep.meeting_frequency == MeetingFrequency.MAANDELIJKS
    assert "twee weken" in stuurgroep.description
    dates = sorted(stuurgroep.meetings.values_list("date", flat=True))
    assert dates[0] == date(2021, 9, 1)
    in_2021 = [day for day in dates if day.year == 2021]
    assert len(in_2021) == 9
    assert {
        (later - earlier).days for earlier, later in zip(in_2021[:-1], in_2021[1:], strict=True)
    } == {14}
    in_2022 = [day for day in dates if day.year == 2022]
    assert [day.month for day in in_2022] == list(range(1, 13))
    assert len(dates) == 21


def test_rmt_plan_adopted_by_the_steering_group_on_1_september_2021(demo):
    plan = ActionPlan.objects.get(title=zuid_kennemerland.TITLE)
    decision = Decision.objects.get(plan=plan)
    assert decision.meeting.body.name == zuid_kennemerland.STUURGROEP
    assert decision.meeting.date == date(2021, 9, 1)


def test_rmt_every_budget_change_decided_in_the_steering_group_before_its_four_eyes(demo):
    plan = ActionPlan.objects.get(title=zuid_kennemerland.TITLE)
    changes = BudgetChange.objects.filter(plan=plan)
    assert changes.count() >= 1
    for change in changes:
        decision = Decision.objects.get(budget_change=change)
        assert decision.meeting.body.name == zuid_kennemerland.STUURGROEP
        assert decision.agenda_item.budget_change == change
        assert decision.meeting.date <= change.decided_at.date()
    change = changes.get()
    assert change.status == FourEyesDecision.AFGEKEURD
    assert Decision.objects.get(budget_change=change).outcome == Decision.Outcome.VERWORPEN
    # Turned down: the four budgets stay as the plan has them.
    amounts = sorted(BudgetLine.objects.filter(plan=plan).values_list("amount", flat=True))
    assert amounts == [Decimal(a) for a in ("338604", "447942", "625802", "647105")]


def test_rmt_monthly_spending_overviews_adopted_for_the_kassier(demo):
    overviews = Decision.objects.filter(
        meeting__body__name=zuid_kennemerland.STUURGROEP, text__contains="maandoverzicht"
    )
    assert overviews.count() == 15  # September 2021 to November 2022, one a month


# --- Gooi en Vechtstreek -----------------------------------------------------------------------


def test_gooi_proposal_has_every_section_and_roles_only(demo):
    proposal = Proposal.objects.get(reference=gooi_en_vechtstreek.REFERENCE)
    assert proposal.date == date(2017, 2, 8)
    assert proposal.unit == "Sturing" and proposal.confidential is False
    assert proposal.core_message.startswith("Op 22 december 2016 hebben de leden")
    assert "46% van de doelstelling" in proposal.reason
    assert proposal.goal.startswith("Het realiseren dat meer mensen")
    assert "Een stevige samenhangende uitvoering" in proposal.arguments
    assert "Positionering" in proposal.arguments
    assert "Het totaal bedrag is ontstaan" in proposal.finances
    assert "rapporteert aan de Werkkamer" in proposal.execution
    text = " ".join(
        str(getattr(proposal, name))
        for name in ("contact_role", "core_message", "reason", "arguments", "finances")
    )
    assert not re.search(r"Chaara|Saloua|@regiogv", text)
    assert proposal.contact_role == gooi_en_vechtstreek.CONTACT_ROLE


def test_gooi_proposal_decided_in_the_werkkamer_and_paid_from_its_budget(demo):
    proposal = Proposal.objects.get(reference=gooi_en_vechtstreek.REFERENCE)
    assert proposal.status == Proposal.Status.AANGENOMEN
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == Decision.Outcome.AANGENOMEN
    assert decision.meeting.body.name == gooi_en_vechtstreek.WERKKAMER
    assert decision.meeting.date == date(2017, 3, 16) > proposal.date
    assert AgendaItem.objects.get(proposal=proposal).meeting == decision.meeting
    statuses = list(proposal.history.order_by("history_date", "history_id").values_list("status"))
    assert statuses == [("concept",), ("geagendeerd",), ("aangenomen",)]
    assert proposal.budget_line.description == "Budget Werkkamer"
    assert proposal.budget_line.plan.title == gooi_en_vechtstreek.PLAN_TITLE
    figure = proposal_cost_figure(proposal=proposal)
    assert (figure.computed, figure.stated) == (Decimal("63000.00"), Decimal("65000.00"))
    assert figure.is_discrepancy


def test_gooi_werkkamer_has_members(demo):
    werkkamer = body(gooi_en_vechtstreek.WERKKAMER)
    assert werkkamer.memberships.count() == len(gooi_en_vechtstreek.WERKKAMER_SEATS)
    assert werkkamer.memberships.filter(function=Membership.Function.VOORZITTER).count() == 1
    assert werkkamer.meetings.count() == 2


def test_no_private_names_in_the_governance_rows(demo):
    roles = list(Membership.objects.values_list("role_title", flat=True))
    roles += list(ActionItem.objects.values_list("owner_role", flat=True))
    assert roles and not any(re.search(r"Chaara|Saloua", role) for role in roles)
