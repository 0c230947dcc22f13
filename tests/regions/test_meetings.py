"""Meetings and proposals: the secretaris records them for the region's bodies; others may
read them but not change them; a decided proposal names the meeting that decided it. The
meeting's own page (agenda, decision list) is tests/regions/test_meeting_pages.py's."""

import pytest
from django.urls import reverse

from regions.models import GoverningBody, Meeting, Proposal

from .governance_factories import undecided

pytestmark = pytest.mark.django_db

REGION = "gooi-en-vechtstreek"


def werkkamer():
    return GoverningBody.objects.get(region__slug=REGION, name="Werkkamer Gooi en Vechtstreek")


def meeting_data(**overrides):
    return {
        "body": werkkamer().pk,
        "date": "2017-03-09",
        "location": "Hilversum",
        "notes": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("secretaris-gooi-en-vechtstreek", True),
        ("beheerder", True),
        ("programmamanager-gooi-en-vechtstreek", False),
        ("werkkamerlid-gooi-en-vechtstreek", False),
        ("secretaris-haaglanden", False),
    ],
)
def test_only_the_regions_secretaris_records_meetings(client, demo, username, allowed):
    client.login(username=username, password="demo")
    before = Meeting.objects.count()
    url = reverse("regions:meeting-create", args=[REGION])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, meeting_data())
    if allowed:
        assert response.status_code == 302
        assert Meeting.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert Meeting.objects.count() == before
    page = client.get(reverse("regions:detail", args=[REGION])).content.decode()
    assert ("Vergadering toevoegen" in page) is allowed


def test_a_proposal_form_never_sets_the_status(client, demo):
    """The status moves through a meeting's agenda and decision list, not the form: a posted
    status is ignored. The demo's proposal as it was before the Werkkamer decided it (a decided
    one is read-only): a concept."""
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    proposal = undecided(Proposal.objects.get(reference="17.0001962"))
    before = proposal.status
    assert before == Proposal.Status.CONCEPT
    url = reverse("regions:proposal-update", args=[REGION, proposal.pk])
    data = {
        "revision": proposal.revision,
        "body": proposal.body_id,
        "reference": proposal.reference,
        "date": "2017-02-08",
        "contact_role": proposal.contact_role,
        "subject": proposal.subject,
        "decision_points": proposal.decision_points,
        "stated_total": "65.000",
        "status": "aangenomen",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.stated_total) == (before, 65000)


def test_meetings_of_another_region_cannot_be_chosen(client, demo):
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    other_body = GoverningBody.objects.filter(region__slug="haaglanden").first()
    before = Meeting.objects.filter(body=other_body).count()  # the demo's year of meetings
    response = client.post(
        reverse("regions:meeting-create", args=[REGION]), meeting_data(body=other_body.pk)
    )
    assert response.status_code == 200
    assert Meeting.objects.filter(body=other_body).count() == before


def test_a_stale_meeting_save_is_refused_and_keeps_the_input(client, demo):
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    meeting = Meeting.objects.create(body=werkkamer(), date="2017-03-09", location="Hilversum")
    url = reverse("regions:meeting-update", args=[REGION, meeting.pk])
    first = client.post(url, meeting_data(revision=1, location="Huizen"))
    assert first.status_code == 302
    second = client.post(url, meeting_data(revision=1, location="Bussum"))
    page = second.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="Bussum"' in page
    meeting.refresh_from_db()
    assert meeting.location == "Huizen"


def test_the_region_page_links_to_the_meetings_and_the_edit_form_moved(client, demo):
    """The meeting's page is /vergaderingen/<pk>/; its edit form moved to .../bewerken/ and
    returns to the meeting's page after saving."""
    client.login(username="werkkamerlid-gooi-en-vechtstreek", password="demo")
    meeting = Meeting.objects.filter(body=werkkamer()).first()
    page = client.get(reverse("regions:detail", args=[REGION])).content.decode()
    assert reverse("regions:meeting-list", args=[REGION]) in page
    assert reverse("regions:meeting-detail", args=[REGION, meeting.pk]) in page
    assert reverse("regions:meeting-update", args=[REGION, meeting.pk]).endswith("/bewerken/")
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    response = client.post(
        reverse("regions:meeting-update", args=[REGION, meeting.pk]),
        meeting_data(revision=meeting.revision, date=meeting.date.isoformat()),
    )
    assert response["Location"] == reverse("regions:meeting-detail", args=[REGION, meeting.pk])
