"""Review fixes of the governance rules: the agenda item's row is locked before its checks
(no check-then-act), a subject item gets one decision, the body of a meeting or proposal in
use stays, the seat rule is saved against the body's revision, an overlapping handover
leaves no vacancy, and the admin deletes no proposal."""

from datetime import date

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.concurrency import ConcurrentEditError, refuse_stale_save
from regions import services
from regions.forms import MeetingForm, ProposalForm
from regions.forms_bodies import SeatRulesForm
from regions.forms_meetings import DecisionForm
from regions.models import Decision, GoverningBody, Membership, Proposal, SeatRule
from regions.selectors.bodies import SeatEvent, seat_history
from regions.services import GovernanceError

from .governance_factories import (
    BodyFactory,
    MeetingFactory,
    ProposalFactory,
    agenda_item,
    budget_change,
    decision,
    demo_region,
    region_plan,
)

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
Seat = Membership.SeatCategory
ALREADY_DECIDED = "Over dit agendapunt is al besloten."


def _sql(queries):
    return [query["sql"] for query in queries]


def _first(sqls, predicate):
    return next((index for index, sql in enumerate(sqls) if predicate(sql)), None)


def _locks_item(sql):
    return 'FROM "regions_agendaitem"' in sql and "FOR UPDATE" in sql


def _reads_decisions(sql):
    return 'FROM "regions_decision"' in sql and "FOR UPDATE" not in sql


def messages_of(error):
    return error.value.message_dict if hasattr(error.value, "error_dict") else error.value.messages


# --- 1. the agenda item's row is locked before the checks ----------------------------------


def test_agenda_item_save_locks_the_item_before_it_checks_the_decisions(demo):
    meeting = MeetingFactory()
    item = agenda_item(meeting, title="Rondvraag")
    item.title = "Rondvraag en sluiting"
    with CaptureQueriesContext(connection) as queries:
        services.agenda_item_save(item=item, expected_revision=item.revision)
    sqls = _sql(queries)
    locked, checked = _first(sqls, _locks_item), _first(sqls, _reads_decisions)
    assert locked is not None and checked is not None and locked < checked


def test_agenda_item_delete_locks_the_item_before_it_checks_the_decisions(demo):
    item = agenda_item(MeetingFactory(), title="Rondvraag")
    with CaptureQueriesContext(connection) as queries:
        services.agenda_item_delete(item=item)
    sqls = _sql(queries)
    locked, checked = _first(sqls, _locks_item), _first(sqls, _reads_decisions)
    assert locked is not None and checked is not None and locked < checked


def test_decision_record_locks_the_agenda_item(demo):
    meeting = MeetingFactory()
    item = agenda_item(meeting, title="Rondvraag")
    with CaptureQueriesContext(connection) as queries:
        decision(meeting, agenda_item=item, outcome=Outcome.KENNISGENOMEN)
    assert any(_locks_item(sql) for sql in _sql(queries))


# --- 2. one decision per agenda item with a subject ----------------------------------------


def test_a_held_over_proposal_gets_no_second_decision_on_the_same_item(demo):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    decision(meeting, agenda_item=item, proposal=proposal, outcome=Outcome.AANGEHOUDEN)
    with pytest.raises(GovernanceError) as refused:
        decision(meeting, agenda_item=item, proposal=proposal, outcome=Outcome.AANGENOMEN)
    assert messages_of(refused) == {"agenda_item": [ALREADY_DECIDED]}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AANGEHOUDEN
    assert item.decisions.count() == 1


def test_a_budget_change_item_gets_one_decision(demo):
    meeting = MeetingFactory()
    change = budget_change(region_plan())
    item = agenda_item(meeting, budget_change=change, title="Wijziging")
    decision(meeting, agenda_item=item, budget_change=change)
    with pytest.raises(GovernanceError):
        decision(meeting, agenda_item=item, budget_change=change)
    assert item.decisions.count() == 1


def test_the_database_refuses_a_second_decision_on_a_subject_item(demo):
    meeting = MeetingFactory()
    change = budget_change(region_plan())
    item = agenda_item(meeting, budget_change=change, title="Wijziging")
    decision(meeting, agenda_item=item, budget_change=change)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            meeting=meeting, agenda_item=item, budget_change=change, number=9,
            text="Nogmaals.", outcome=Outcome.AANGENOMEN,
        )  # fmt: skip


def test_an_item_without_subject_carries_several_decisions(demo):
    meeting = MeetingFactory()
    item = agenda_item(meeting, title="Rondvraag")
    decision(meeting, agenda_item=item, outcome=Outcome.KENNISGENOMEN, text="Eerste.")
    decision(meeting, agenda_item=item, outcome=Outcome.KENNISGENOMEN, text="Tweede.")
    assert item.decisions.count() == 2


def test_the_decision_form_offers_no_decided_subject_item(demo):
    meeting = MeetingFactory()
    change = budget_change(region_plan())
    decided = agenda_item(meeting, budget_change=change, title="Wijziging")
    decision(meeting, agenda_item=decided, budget_change=change)
    open_item = agenda_item(meeting, budget_change=budget_change(region_plan()), title="Open")
    rondvraag = agenda_item(meeting, title="Rondvraag")
    decision(meeting, agenda_item=rondvraag, outcome=Outcome.KENNISGENOMEN)
    offered = list(DecisionForm(meeting=meeting).fields["agenda_item"].queryset)
    assert offered == [open_item, rondvraag]


# --- 3. the body of a meeting or proposal in use stays -------------------------------------


def test_the_body_of_a_meeting_with_an_agenda_stays(demo):
    meeting = MeetingFactory()
    agenda_item(meeting, title="Opening")
    meeting.body = BodyFactory()
    with pytest.raises(GovernanceError) as refused:
        services.meeting_save(meeting=meeting, expected_revision=meeting.revision)
    assert list(messages_of(refused)) == ["body"]
    assert "orgaan" in messages_of(refused)["body"][0]


def test_the_body_of_an_empty_meeting_may_change(demo):
    meeting = MeetingFactory()
    other = BodyFactory()
    meeting.body = other
    services.meeting_save(meeting=meeting, expected_revision=meeting.revision)
    meeting.refresh_from_db()
    assert meeting.body == other


def test_the_meeting_form_shows_the_refusal_on_the_body_field(demo):
    meeting = MeetingFactory()
    agenda_item(meeting, title="Opening")
    other = BodyFactory()
    data = {"body": other.pk, "date": "2030-02-03", "revision": meeting.revision}
    form = MeetingForm(data=data, instance=meeting, region=meeting.body.region)
    assert not form.is_valid()
    assert "body" in form.errors


def test_the_body_of_a_proposal_on_an_agenda_stays(demo):
    proposal = ProposalFactory()
    agenda_item(MeetingFactory(body=proposal.body), proposal=proposal)
    proposal.refresh_from_db()
    original = proposal.body_id
    proposal.body = BodyFactory()
    with pytest.raises(GovernanceError) as refused:
        services.proposal_save(proposal=proposal, expected_revision=proposal.revision)
    assert list(messages_of(refused)) == ["body"]
    proposal.refresh_from_db()
    assert proposal.body_id == original


def test_the_body_of_a_concept_proposal_may_change_and_the_form_refuses_in_use(demo):
    proposal = ProposalFactory()
    other = BodyFactory()
    proposal.body = other
    services.proposal_save(proposal=proposal, expected_revision=proposal.revision)
    proposal.refresh_from_db()
    assert proposal.body == other
    agenda_item(MeetingFactory(body=other), proposal=proposal)
    proposal.refresh_from_db()
    data = {
        "body": BodyFactory().pk,
        "reference": proposal.reference,
        "date": "2030-01-01",
        "subject": proposal.subject,
        "decision_points": proposal.decision_points,
        "revision": proposal.revision,
    }
    form = ProposalForm(data=data, instance=proposal, region=demo_region())
    assert not form.is_valid()
    assert "body" in form.errors


# --- 4. the seat rule is saved against the body's revision ---------------------------------


def test_seat_rules_set_refuses_a_stale_revision_and_counts_the_body_up(demo):
    body = BodyFactory()
    loaded = body.revision
    services.seat_rules_set(body=body, seats={"werkgevers": 3}, expected_revision=loaded)
    body.refresh_from_db()
    assert body.revision == loaded + 1
    with pytest.raises(ConcurrentEditError):
        services.seat_rules_set(body=body, seats={"werkgevers": 2}, expected_revision=loaded)
    assert list(SeatRule.objects.filter(body=body).values_list("seats", flat=True)) == [3]


def test_the_seat_rule_keeps_its_history_with_the_author(demo, django_user_model):
    body = BodyFactory()
    secretary = django_user_model.objects.create_user("proefsecretaris")
    services.seat_rules_set(body=body, seats={"werkgevers": 3, "overheid": 3}, actor=secretary)
    services.seat_rules_set(body=body, seats={"werkgevers": 2, "overheid": 3}, actor=secretary)
    services.seat_rules_set(body=body, seats={"werkgevers": 2}, actor=secretary)
    werkgevers = SeatRule.objects.get(body=body, seat_category="werkgevers")
    assert [row.seats for row in werkgevers.history.order_by("history_date")] == [3, 2]
    gone = SeatRule.history.filter(body=body, seat_category="overheid")
    assert [row.history_type for row in gone.order_by("history_date")] == ["+", "-"]
    assert {row.history_user for row in SeatRule.history.filter(body=body)} == {secretary}


def test_the_seat_rules_form_carries_the_revision(demo):
    body = BodyFactory()
    form = SeatRulesForm(rules={}, revision=body.revision)
    assert form.fields["revision"].initial == body.revision
    form = SeatRulesForm(data={"werkgevers": "2", "revision": "7"}, rules={})
    assert form.is_valid() and form.expected_revision == 7


def test_a_stale_seat_rule_shows_the_message_and_takes_the_current_revision(demo):
    body = BodyFactory()
    loaded = body.revision
    services.seat_rules_set(body=body, seats={"werkgevers": 3}, expected_revision=loaded)
    form = SeatRulesForm(data={"werkgevers": "2", "revision": str(loaded)}, rules={})
    assert form.is_valid()
    with pytest.raises(ConcurrentEditError) as stale:
        services.seat_rules_set(
            body=body, seats=form.seats, expected_revision=form.expected_revision
        )
    refuse_stale_save(form, stale.value)
    assert "Iemand anders heeft dit intussen gewijzigd" in form.non_field_errors()[0]
    assert form.data["revision"] == str(loaded + 1) and form.data["werkgevers"] == "2"


# --- 5. an overlapping handover leaves no vacancy ------------------------------------------


def test_a_successor_who_starts_before_the_end_takes_the_seat_over(demo):
    body = GoverningBody.objects.create(region=demo_region(), name="Overdracht", kind="werkkamer")
    Membership.objects.create(
        body=body, role_title="wethouder oud", seat_category=Seat.OVERHEID,
        end_date=date(2019, 3, 31),
    )  # fmt: skip
    Membership.objects.create(
        body=body, role_title="wethouder nieuw", seat_category=Seat.OVERHEID,
        start_date=date(2019, 3, 1),
    )  # fmt: skip
    assert seat_history(body, on=date(2026, 1, 1)) == []


def test_an_overlap_already_ended_does_not_hide_a_later_vacancy(demo):
    body = GoverningBody.objects.create(region=demo_region(), name="Kort", kind="werkkamer")
    Membership.objects.create(
        body=body, role_title="vast lid", seat_category=Seat.OVERHEID, end_date=date(2020, 6, 30)
    )
    Membership.objects.create(
        body=body, role_title="tijdelijk lid", seat_category=Seat.OVERHEID,
        start_date=date(2019, 1, 1), end_date=date(2019, 12, 31),
    )  # fmt: skip
    events = seat_history(body, on=date(2026, 1, 1))
    assert [(event.on, event.kind, event.membership.role_title) for event in events] == [
        (date(2020, 7, 1), SeatEvent.VACANT, "vast lid"),
        (date(2020, 1, 1), SeatEvent.VACANT, "tijdelijk lid"),
    ]


# --- 6. the admin deletes no proposal ------------------------------------------------------


def test_the_proposal_admin_deletes_nothing(demo, rf, django_user_model):
    admin = admin_site._registry[Proposal]
    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("proefbeheer", password="x")
    assert admin.has_delete_permission(request) is False
    assert admin.has_delete_permission(request, ProposalFactory()) is False


def test_two_secretaries_on_the_seats_page_the_second_is_shown_the_first(client, demo):
    """The seats page passes the body's revision as loaded: a second save on a stale page is
    refused with the message, keeps the input, and saves after comparing."""
    body = GoverningBody.objects.get(region__slug="haaglanden", kind="bestuurlijk_platform")
    client.login(username="secretaris-haaglanden", password="demo")
    url = reverse("regions:seat-rules", args=["haaglanden", body.pk])
    page = client.get(url)
    loaded = page.context["form"]["revision"].value()
    assert str(loaded) == str(body.revision)
    seats = {"werkgevers": 3, "overheid": 3, "werknemers": 1, "onderwijs": 0, "overig": 0}
    first = client.post(url, {**seats, "onderwijs": 1, "revision": loaded})
    assert first.status_code == 302
    stale = client.post(url, {**seats, "overig": 2, "revision": loaded})
    assert stale.status_code == 200
    assert "Intussen" in stale.content.decode() or "intussen" in stale.content.decode()
    rules = dict(SeatRule.objects.filter(body=body).values_list("seat_category", "seats"))
    assert rules == {"werkgevers": 3, "overheid": 3, "werknemers": 1, "onderwijs": 1}
    again = client.post(
        url, {**seats, "overig": 2, "revision": stale.context["form"].data["revision"]}
    )
    assert again.status_code == 302
    rules = dict(SeatRule.objects.filter(body=body).values_list("seat_category", "seats"))
    assert rules == {"werkgevers": 3, "overheid": 3, "werknemers": 1, "overig": 2}
