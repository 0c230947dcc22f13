"""The proposal workflow and the decision list, through the services and the meeting page:
a proposal is geagendeerd on an agenda and decided only by a decision; a plan version is
adopted by a decision; a decision about a budget change must be the region's."""

import pytest
from django.urls import reverse

from programmes.models import ActionPlan
from regions import services
from regions.models import AgendaItem, Decision, Proposal
from regions.services import GovernanceError

from ..placements.grid_helpers import text_of
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

REGION = "gooi-en-vechtstreek"
Status = Proposal.Status
Outcome = Decision.Outcome


@pytest.fixture
def secretaris(client, demo):
    client.login(username=f"secretaris-{REGION}", password="demo")
    return client


def decide_url(meeting):
    return reverse("regions:decision-create", args=[REGION, meeting.pk])


def test_a_proposal_is_geagendeerd_on_an_agenda_and_decided_by_a_decision(demo):
    proposal = ProposalFactory()
    assert proposal.status == Status.CONCEPT
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.GEAGENDEERD
    assert item.title == proposal.subject
    assert item.purpose == AgendaItem.Purpose.BESLUITVORMING
    decision(meeting, proposal=proposal, outcome=Outcome.AANGENOMEN)
    proposal.refresh_from_db()
    assert proposal.status == Status.AANGENOMEN


def test_aangehouden_goes_on_a_later_agenda_and_a_final_one_does_not(demo):
    proposal = ProposalFactory()
    first = MeetingFactory(body=proposal.body)
    agenda_item(first, proposal=proposal)
    decision(first, proposal=proposal, outcome=Outcome.AANGEHOUDEN)
    later = MeetingFactory(body=proposal.body)
    agenda_item(later, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.GEAGENDEERD
    decision(later, proposal=proposal, outcome=Outcome.VERWORPEN)
    proposal.refresh_from_db()
    assert proposal.status == Status.VERWORPEN
    third = MeetingFactory(body=proposal.body)
    with pytest.raises(GovernanceError, match="al besloten"):
        agenda_item(third, proposal=proposal)


def test_a_decision_about_a_proposal_not_on_this_agenda_is_refused(secretaris):
    proposal = ProposalFactory(body=BodyFactory())
    elsewhere = MeetingFactory(body=proposal.body)
    agenda_item(elsewhere, proposal=proposal)
    meeting = MeetingFactory(body=proposal.body)
    with pytest.raises(GovernanceError, match="staat niet op de agenda"):
        decision(meeting, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.GEAGENDEERD


def test_the_page_records_a_decision_on_a_proposal_and_the_page_shows_it(secretaris):
    proposal = ProposalFactory(subject="Uitvoerend projectleider")
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.AANGENOMEN, "text": "Ingestemd."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.AANGENOMEN
    page = secretaris.get(reverse("regions:meeting-detail", args=[REGION, meeting.pk]))
    text = text_of(page)
    assert "Besluit 1" in text and "Ingestemd." in text
    # The decision names the proposal, linked to its page, and its status now.
    assert (
        f"Besloten over voorstel {proposal.reference}: Uitvoerend projectleider (nu aangenomen)"
        in text
    )
    proposal_url = reverse("regions:proposal-detail", args=[REGION, proposal.pk])
    assert f'href="{proposal_url}"' in page.content.decode()


def test_a_second_decision_on_a_decided_proposal_shows_the_refusal(secretaris):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    decision(meeting, proposal=proposal, agenda_item=item)
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.VERWORPEN, "text": "Toch niet."},
    )
    assert response.status_code == 200
    assert "al besloten" in response.content.decode()
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_kennisgenomen_of_a_proposal_is_refused_on_the_form(secretaris):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.KENNISGENOMEN, "text": "Gezien."},
    )
    assert response.status_code == 200
    assert "Over een voorstel wordt besloten" in response.content.decode()


def test_the_proposal_form_cannot_set_the_status(secretaris):
    proposal = ProposalFactory()
    url = reverse("regions:proposal-update", args=[REGION, proposal.pk])
    data = {
        "revision": proposal.revision,
        "body": proposal.body_id,
        "reference": proposal.reference,
        "date": "2030-01-01",
        "subject": proposal.subject,
        "decision_points": proposal.decision_points,
        "status": "aangenomen",
    }
    assert secretaris.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.CONCEPT


def test_a_decision_adopts_a_plan_version_ter_bespreking(secretaris):
    plan = region_plan(status=ActionPlan.Status.TER_BESPREKING)
    meeting = MeetingFactory()
    item = agenda_item(meeting, plan=plan, title="Actieplan vaststellen")
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.AANGENOMEN, "text": "Vastgesteld."},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.VASTGESTELD
    assert Decision.objects.get(meeting=meeting).plan_id == plan.pk


def test_a_decision_adopting_a_concept_plan_is_refused_with_the_message(secretaris):
    plan = region_plan()
    meeting = MeetingFactory()
    item = agenda_item(meeting, plan=plan, title="Actieplan vaststellen")
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.AANGENOMEN, "text": "Vastgesteld."},
    )
    assert response.status_code == 200
    assert "Dit plan is nog een concept" in response.content.decode()
    assert not Decision.objects.filter(meeting=meeting).exists()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CONCEPT


def test_a_decision_on_an_adopted_plan_is_only_linked(secretaris):
    plan = region_plan(status=ActionPlan.Status.VASTGESTELD)
    meeting = MeetingFactory()
    item = agenda_item(meeting, plan=plan, title="Actieplan")
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.AANGENOMEN, "text": "Bevestigd."},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.VASTGESTELD
    assert Decision.objects.get(meeting=meeting).plan_id == plan.pk


def test_a_decision_is_linked_to_a_budget_change_of_the_region(secretaris):
    change = budget_change(region_plan())
    meeting = MeetingFactory()
    item = agenda_item(meeting, budget_change=change, title="Begrotingswijziging")
    response = secretaris.post(
        decide_url(meeting),
        {"agenda_item": item.pk, "outcome": Outcome.AANGENOMEN, "text": "Akkoord."},
    )
    assert response.status_code == 302
    assert Decision.objects.get(meeting=meeting).budget_change_id == change.pk
    page = secretaris.get(reverse("regions:meeting-detail", args=[REGION, meeting.pk]))
    assert "Besloten over begrotingswijziging" in page.content.decode()


def test_a_budget_change_of_another_region_is_refused(secretaris):
    change = budget_change(region_plan(region=demo_region("haaglanden")))
    meeting = MeetingFactory()
    with pytest.raises(GovernanceError.__mro__[1]):  # ValidationError from the model
        agenda_item(meeting, budget_change=change, title="Wijziging")
    with pytest.raises(GovernanceError.__mro__[1], match="andere regio"):
        decision(meeting, budget_change=change, outcome=Outcome.AANGENOMEN)
    # and the page does not even offer it
    page = secretaris.get(reverse("regions:agenda-item-create", args=[REGION, meeting.pk]))
    assert f'value="{change.pk}"' not in page.content.decode().split('name="budget_change"')[1]


def test_a_decision_text_is_corrected_but_its_outcome_stands(secretaris):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    agenda_item(meeting, proposal=proposal)
    recorded = decision(meeting, proposal=proposal, text="Ingestemd")
    url = reverse("regions:decision-update", args=[REGION, meeting.pk, recorded.pk])
    response = secretaris.post(url, {"revision": recorded.revision, "text": "Ingestemd, met dank."})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.text, recorded.outcome) == ("Ingestemd, met dank.", Outcome.AANGENOMEN)
    stale = secretaris.post(url, {"revision": 1, "text": "Nog eens"})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    recorded.outcome = Outcome.VERWORPEN
    with pytest.raises(GovernanceError):
        services.decision_update(decision=recorded, expected_revision=recorded.revision, actor=None)
