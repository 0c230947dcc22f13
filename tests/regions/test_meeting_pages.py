"""The meeting pages from both sides: the list and the meeting page read by everyone of the
region, the agenda managed by its secretaris only, another region's user refused everywhere,
anonymous sent to login. And the agenda's rules: reorder, a proposal replaced, deletion
refused once decided."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.views.governance import MeetingViewSet
from regions import services
from regions.models import ActionItem, AgendaItem, Meeting, Proposal
from regions.selectors.meetings import with_meeting_counts

from ..otp import verified_login
from .governance_factories import (
    MeetingFactory,
    ProposalFactory,
    agenda_item,
    decision,
    region_plan,
)

pytestmark = pytest.mark.django_db

REGION = "gooi-en-vechtstreek"
SECRETARIS = f"secretaris-{REGION}"
MEMBER = f"werkkamerlid-{REGION}"
OTHER = "secretaris-haaglanden"


@pytest.fixture
def world(demo):
    """A meeting with a proposal on its agenda, a decision with an action item."""
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    recorded = decision(meeting, proposal=proposal)
    action = ActionItem.objects.create(
        decision=recorded, description="Vacature uitzetten", owner_role="programmamanager"
    )
    spare = agenda_item(meeting, title="Rondvraag")
    return {
        "meeting": meeting,
        "item": item,
        "decision": recorded,
        "action": action,
        "spare": spare,
    }


def read_urls(w):
    meeting = w["meeting"]
    return [
        reverse("regions:meeting-list", args=[REGION]),
        reverse("regions:meeting-detail", args=[REGION, meeting.pk]),
    ]


def form_urls(w):
    meeting = w["meeting"]
    return [
        reverse("regions:meeting-create", args=[REGION]),
        reverse("regions:meeting-update", args=[REGION, meeting.pk]),
        reverse("regions:agenda-item-create", args=[REGION, meeting.pk]),
        reverse("regions:agenda-item-update", args=[REGION, meeting.pk, w["spare"].pk]),
        reverse("regions:agenda-item-delete", args=[REGION, meeting.pk, w["spare"].pk]),
        reverse("regions:decision-create", args=[REGION, meeting.pk]),
        reverse("regions:decision-update", args=[REGION, meeting.pk, w["decision"].pk]),
        reverse("regions:action-item-create", args=[REGION, w["decision"].pk]),
    ]


def post_only_urls(w):
    meeting = w["meeting"]
    return [
        reverse("regions:agenda-item-move", args=[REGION, meeting.pk, w["spare"].pk]),
        reverse("regions:action-item-complete", args=[REGION, w["action"].pk]),
    ]


def test_the_secretaris_opens_every_page_and_form(client, world):
    client.login(username=SECRETARIS, password="demo")
    for url in read_urls(world) + form_urls(world):
        assert client.get(url).status_code == 200, url
    page = client.get(read_urls(world)[1]).content.decode()
    assert "Agendapunt toevoegen" in page and "Besluit vastleggen" in page


def test_a_member_reads_but_may_not_write(client, world):
    client.login(username=MEMBER, password="demo")
    for url in read_urls(world):
        assert client.get(url).status_code == 200, url
    page = client.get(read_urls(world)[1]).content.decode()
    assert "Vacature uitzetten" in page
    assert "Agendapunt toevoegen" not in page and "Afronden" not in page
    for url in form_urls(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    for url in post_only_urls(world):
        assert client.post(url, {"direction": "up", "revision": 1}).status_code == 403, url
    world["action"].refresh_from_db()
    assert world["action"].completed_on is None


def test_another_regions_user_gets_403_everywhere(client, world):
    client.login(username=OTHER, password="demo")
    for url in read_urls(world) + form_urls(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    for url in post_only_urls(world):
        assert client.post(url, {"direction": "up", "revision": 1}).status_code == 403, url


def test_anonymous_goes_to_login(client, world):
    for url in read_urls(world) + form_urls(world) + post_only_urls(world):
        response = client.post(url, {}) if url in post_only_urls(world) else client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"], url


def test_the_list_shows_upcoming_first_with_counts_in_fixed_queries(client, world):
    client.login(username=MEMBER, password="demo")
    body = world["meeting"].body
    today = timezone.localdate()
    past = MeetingFactory(body=body, date=today - timedelta(days=30))
    url = reverse("regions:meeting-list", args=[REGION])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    section = page.split(f'id="body-{body.pk}-heading"')[1]
    upcoming, earlier = section.split("<h3>Eerdere vergaderingen</h3>")[:2]
    assert world["meeting"].date.strftime("%d-%m-%Y") in upcoming
    assert past.date.strftime("%d-%m-%Y") in earlier.split("</section>")[0]
    for offset in range(5):
        agenda_item(MeetingFactory(body=body, date=today - timedelta(days=40 + offset)))
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_the_meeting_counts_have_one_home(world):
    """The list's counts and the API's meetings come from one helper
    (regions.selectors.meetings.with_meeting_counts): two agenda items and one decision,
    each counted once though both are joined in the one query."""
    meeting = world["meeting"]
    counted = with_meeting_counts(Meeting.objects.filter(pk=meeting.pk)).get()
    assert (counted.agenda_count, counted.decision_count) == (2, 1)
    in_api = MeetingViewSet().base_queryset().get(pk=meeting.pk)
    assert (in_api.agenda_count, in_api.decision_count) == (2, 1)


def test_the_meeting_page_runs_fixed_queries(client, world):
    client.login(username=MEMBER, password="demo")
    url = reverse("regions:meeting-detail", args=[REGION, world["meeting"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    plan = region_plan()
    for number in range(4):
        agenda_item(world["meeting"], plan=plan, title=f"Punt {number}")
        ActionItem.objects.create(
            decision=world["decision"], description=f"Actie {number}", owner_role="secretaris"
        )
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert len(more) == len(few)
    assert "Punt 3" in page and "Actie 3" in page and "ter besluitvorming" in page


def test_the_secretaris_adds_edits_and_reorders_agenda_items(client, world):
    client.login(username=SECRETARIS, password="demo")
    meeting = world["meeting"]
    proposal = ProposalFactory(body=meeting.body, subject="Tweede voorstel")
    response = client.post(
        reverse("regions:agenda-item-create", args=[REGION, meeting.pk]),
        {"title": "", "purpose": "bespreking", "proposal": proposal.pk},
    )
    assert response.status_code == 302
    added = AgendaItem.objects.get(meeting=meeting, proposal=proposal)
    assert (added.title, added.position) == ("Tweede voorstel", 3)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.GEAGENDEERD
    client.post(
        reverse("regions:agenda-item-move", args=[REGION, meeting.pk, added.pk]),
        {"direction": "up"},
    )
    order = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    assert order == [world["item"].pk, added.pk, world["spare"].pk]
    page = client.get(reverse("regions:meeting-detail", args=[REGION, meeting.pk])).content
    text = page.decode()
    assert text.index("Tweede voorstel") < text.index("Rondvraag")
    edit = client.post(
        reverse("regions:agenda-item-update", args=[REGION, meeting.pk, world["spare"].pk]),
        {
            "revision": AgendaItem.objects.get(pk=world["spare"].pk).revision,
            "title": "Rondvraag en sluiting",
            "purpose": "kennisname",
        },
    )
    assert edit.status_code == 302
    assert AgendaItem.objects.get(pk=world["spare"].pk).title == "Rondvraag en sluiting"


def test_only_this_regions_subjects_are_offered_and_accepted(client, world):
    client.login(username=SECRETARIS, password="demo")
    meeting = world["meeting"]
    foreign = region_plan(
        region=world["meeting"].body.region.__class__.objects.get(slug="haaglanden")
    )
    url = reverse("regions:agenda-item-create", args=[REGION, meeting.pk])
    response = client.post(url, {"title": "Plan", "purpose": "bespreking", "plan": foreign.pk})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting, plan=foreign).exists()


def test_changing_an_items_proposal_puts_the_first_back_to_concept(demo):
    first = ProposalFactory()
    second = ProposalFactory(body=first.body)
    meeting = MeetingFactory(body=first.body)
    item = agenda_item(meeting, proposal=first)
    item.proposal = second
    item.title = second.subject
    services.agenda_item_save(item=item, expected_revision=item.revision)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        Proposal.Status.CONCEPT,
        Proposal.Status.GEAGENDEERD,
    )


def test_a_replaced_proposal_on_another_agenda_stays_geagendeerd(demo):
    first = ProposalFactory()
    second = ProposalFactory(body=first.body)
    meeting = MeetingFactory(body=first.body)
    agenda_item(MeetingFactory(body=first.body), proposal=first)
    item = agenda_item(meeting, proposal=first)
    item.proposal = second
    services.agenda_item_save(item=item, expected_revision=item.revision)
    first.refresh_from_db()
    assert first.status == Proposal.Status.GEAGENDEERD


def test_deletion_is_refused_once_decided_and_allowed_before(client, world):
    client.login(username=SECRETARIS, password="demo")
    meeting = world["meeting"]
    decided = reverse("regions:agenda-item-delete", args=[REGION, meeting.pk, world["item"].pk])
    response = client.post(decided)
    assert response.status_code == 200
    assert "Over dit agendapunt is besloten" in response.content.decode()
    assert AgendaItem.objects.filter(pk=world["item"].pk).exists()
    proposal = ProposalFactory(body=meeting.body)
    open_item = agenda_item(meeting, proposal=proposal)
    url = reverse("regions:agenda-item-delete", args=[REGION, meeting.pk, open_item.pk])
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=open_item.pk).exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CONCEPT


def test_meeting_update_redirects_to_the_meeting_page(client, world):
    client.login(username=SECRETARIS, password="demo")
    meeting = world["meeting"]
    response = client.post(
        reverse("regions:meeting-update", args=[REGION, meeting.pk]),
        {
            "revision": meeting.revision,
            "body": meeting.body_id,
            "date": meeting.date.isoformat(),
            "start_time": "14:30",
            "location": "Bussum",
        },
    )
    assert response["Location"] == reverse("regions:meeting-detail", args=[REGION, meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert "14:30" in page and "Bussum" in page


def test_the_admin_shows_agenda_decisions_and_actions_read_only(client, world):
    """Decision 0006: the admin is no side door past the services."""
    verified_login(client, "beheerder")
    for obj in (world["item"], world["decision"], world["action"]):
        meta = obj._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        assert client.get(reverse(f"{prefix}_add")).status_code == 403
        assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
        assert client.post(reverse(f"{prefix}_change", args=[obj.pk]), {}).status_code == 403
        assert (
            client.post(reverse(f"{prefix}_delete", args=[obj.pk]), {"post": "yes"}).status_code
            == 403
        )
        assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("outcome", ["aangenomen", "aangehouden"])
def test_editing_a_decided_items_title_leaves_the_proposal_as_decided(client, demo, outcome):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    item = agenda_item(meeting, proposal=proposal)
    decision(meeting, proposal=proposal, outcome=outcome)
    client.login(username=SECRETARIS, password="demo")
    url = reverse("regions:agenda-item-update", args=[REGION, meeting.pk, item.pk])
    response = client.post(
        url,
        {
            "revision": item.revision,
            "title": "Projectleider (besloten)",
            "purpose": "besluitvorming",
            "proposal": proposal.pk,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == outcome
    assert AgendaItem.objects.get(pk=item.pk).title == "Projectleider (besloten)"


def test_an_aangehouden_proposal_taken_off_a_later_agenda_is_aangehouden_again(demo):
    proposal = ProposalFactory()
    first = MeetingFactory(body=proposal.body)
    agenda_item(first, proposal=proposal)
    decision(first, proposal=proposal, outcome="aangehouden")
    later = agenda_item(MeetingFactory(body=proposal.body), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.GEAGENDEERD
    services.agenda_item_delete(item=later)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AANGEHOUDEN


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(demo):
    meeting = MeetingFactory()
    one, two, three = (agenda_item(meeting, title=title) for title in ("Een", "Twee", "Drie"))

    def order():
        return list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position")
            .values_list("title", "position")
        )

    services.agenda_item_move(item=one, direction="up")
    assert order() == [("Een", 1), ("Twee", 2), ("Drie", 3)]
    services.agenda_item_move(item=three, direction="up")
    assert order() == [("Een", 1), ("Drie", 2), ("Twee", 3)]
    services.agenda_item_move(item=two, direction="down")
    assert order() == [("Een", 1), ("Drie", 2), ("Twee", 3)]
    with pytest.raises(services.GovernanceError):
        services.agenda_item_move(item=two, direction="sideways")


def test_a_stale_agenda_item_save_is_refused_on_the_form(client, world):
    client.login(username=SECRETARIS, password="demo")
    meeting, spare = world["meeting"], world["spare"]
    url = reverse("regions:agenda-item-update", args=[REGION, meeting.pk, spare.pk])
    data = {"revision": spare.revision, "title": "Rondvraag", "purpose": "bespreking"}
    assert client.post(url, {**data, "title": "Eerst"}).status_code == 302
    response = client.post(url, {**data, "title": "Later"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="Later"' in page
    assert AgendaItem.objects.get(pk=spare.pk).title == "Eerst"
