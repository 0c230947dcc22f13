"""Action items from decisions: added on the meeting page by the secretaris, shown on the
region's dashboard (overdue ones marked in words) until someone marks them done."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import ActionItem
from regions.selectors.meetings import open_action_items

from .governance_factories import MeetingFactory, ProposalFactory, agenda_item, decision

pytestmark = pytest.mark.django_db

REGION = "gooi-en-vechtstreek"


@pytest.fixture
def recorded(demo):
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body, date=date(2030, 3, 9))
    agenda_item(meeting, proposal=proposal)
    return decision(meeting, proposal=proposal, text="Ingestemd met de projectleider.")


def dashboard(client):
    return client.get(reverse("reporting:dashboard", args=[REGION])).content.decode()


def test_an_action_item_is_on_the_dashboard_until_done(client, recorded):
    client.login(username=f"secretaris-{REGION}", password="demo")
    url = reverse("regions:action-item-create", args=[REGION, recorded.pk])
    due = timezone.localdate() - timedelta(days=3)
    response = client.post(
        url,
        {
            "description": "Vacature projectleider uitzetten",
            "owner_role": "programmamanager",
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(decision=recorded)
    page = dashboard(client)
    row = page.split(f'id="open-action-{item.pk}"')[1].split("</tr>")[0]
    assert "Vacature projectleider uitzetten" in row
    assert "programmamanager" in row
    assert due.strftime("%d-%m-%Y") in row
    assert "te laat" in row  # in words, not only colour
    assert "09-03-2030" in row  # from which meeting
    done = client.post(
        reverse("regions:action-item-complete", args=[REGION, item.pk]),
        {"revision": item.revision, "return_to": "dashboard"},
    )
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("reporting:dashboard", args=[REGION]))
    item.refresh_from_db()
    assert item.completed_on == timezone.localdate()
    assert f'id="open-action-{item.pk}"' not in dashboard(client)
    meeting_page = client.get(
        reverse("regions:meeting-detail", args=[REGION, recorded.meeting_id])
    ).content.decode()
    assert "Vacature projectleider uitzetten" in meeting_page and "afgerond op" in meeting_page


def test_a_stale_completion_is_refused(client, recorded):
    client.login(username=f"secretaris-{REGION}", password="demo")
    item = ActionItem.objects.create(decision=recorded, description="Actie", owner_role="x")
    ActionItem.objects.filter(pk=item.pk).update(revision=5)
    response = client.post(
        reverse("regions:action-item-complete", args=[REGION, item.pk]),
        {"revision": 1},
        follow=True,
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    item.refresh_from_db()
    assert item.completed_on is None


@pytest.mark.parametrize("return_to", ["dashboard", ""])
@pytest.mark.parametrize("revision", [None, "", "twee"])
def test_a_completion_without_a_revision_says_so(client, recorded, return_to, revision):
    """An incomplete form (no revision posted, or not a number) completes nothing and says
    why, on the page the button returns to (the dashboard or the meeting page)."""
    client.login(username=f"secretaris-{REGION}", password="demo")
    item = ActionItem.objects.create(decision=recorded, description="Actie", owner_role="x")
    data = (
        {"return_to": return_to}
        if revision is None
        else {"return_to": return_to, "revision": revision}
    )
    response = client.post(
        reverse("regions:action-item-complete", args=[REGION, item.pk]), data, follow=True
    )
    landed = response.redirect_chain[-1][0]
    if return_to:
        assert landed.startswith(reverse("reporting:dashboard", args=[REGION]))
    else:
        assert landed.startswith(
            reverse("regions:meeting-detail", args=[REGION, recorded.meeting_id])
        )
    assert response.status_code == 200
    assert "Het actiepunt is niet afgerond: het formulier was onvolledig." in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert item.completed_on is None


def test_members_see_open_actions_but_not_the_button(client, recorded):
    ActionItem.objects.create(
        decision=recorded, description="Begroting bijwerken", owner_role="penningmeester"
    )
    client.login(username=f"werkkamerlid-{REGION}", password="demo")
    page = dashboard(client)
    assert "Begroting bijwerken" in page
    assert "Afronden" not in page.split('id="actions"')[1].split("</section>")[0]


def test_another_region_does_not_see_them(client, recorded):
    ActionItem.objects.create(decision=recorded, description="Geheim actiepunt", owner_role="x")
    client.login(username="werkkamerlid-haaglanden", password="demo")
    page = client.get(reverse("reporting:dashboard", args=["haaglanden"])).content.decode()
    assert "Geheim actiepunt" not in page


def test_open_action_items_is_one_query(recorded, django_assert_num_queries):
    for number in range(3):
        ActionItem.objects.create(decision=recorded, description=f"A{number}", owner_role="x")
    ActionItem.objects.create(
        decision=recorded, description="klaar", owner_role="x", completed_on=date(2030, 1, 1)
    )
    region = recorded.meeting.body.region
    with django_assert_num_queries(1):
        items = open_action_items(region)
        assert [item.decision.meeting.body.name for item in items]
    assert "klaar" not in [item.description for item in items]
