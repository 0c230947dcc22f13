"""The governance pages keep the goal every page has (issue 12, tests/test_page_queries.py): at
most twelve queries, and the same number when the region's governance grew a hundredfold —
the Werkkamer of Gooi en Vechtstreek with a hundred times its members, meetings, agenda items,
decisions, action items and proposals with cost lines (issue 13, "at scale")."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgets.models import StaffCost
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Organisation,
    Proposal,
    SeatRule,
)
from reporting.models import MeetingPack
from tests.test_page_queries import MAX_QUERIES, page_queries

pytestmark = pytest.mark.django_db

REGION = "gooi-en-vechtstreek"
WERKKAMER = "Werkkamer Gooi en Vechtstreek"
GROWTH = 100


def werkkamer() -> GoverningBody:
    return GoverningBody.objects.get(region__slug=REGION, name=WERKKAMER)


def grow(body: GoverningBody) -> None:
    """A hundred times the demo's Werkkamer: members (current and former) of every seat,
    meetings with agendas about proposals, decisions with action items, proposals with cost
    lines, and a pack per meeting."""
    organisation = Organisation.objects.filter(region=body.region).first()
    SeatRule.objects.get_or_create(body=body, seat_category="werkgevers", defaults={"seats": 3})
    Membership.objects.bulk_create(
        Membership(
            body=body,
            role_title=f"lid {number}",
            organisation=organisation,
            seat_category=["werkgevers", "overheid", "werknemers"][number % 3],
            function="lid",
            start_date=date(2015, 1, 1) + timedelta(days=number),
            end_date=None if number % 2 else date(2016, 1, 1) + timedelta(days=number),
        )
        for number in range(GROWTH)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            body=body,
            reference=f"GROEI-{number:04d}",
            date=date(2018, 1, 1) + timedelta(days=number),
            subject=f"Groeivoorstel {number}",
            decision_points="1. Vaststellen.",
            status=Proposal.Status.AANGENOMEN,
            stated_total=Decimal("1000"),
        )
        for number in range(GROWTH)
    )
    StaffCost.objects.bulk_create(
        StaffCost(
            proposal=proposal,
            role_title="projectleider",
            hours_per_week=Decimal("10"),
            weeks=Decimal("2"),
            hourly_rate=Decimal("50"),
        )
        for proposal in proposals
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(body=body, date=date(2018, 1, 1) + timedelta(days=7 * number))
        for number in range(GROWTH)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=1, title=proposal.subject, proposal=proposal)
        for meeting, proposal in zip(meetings, proposals, strict=True)
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            meeting=item.meeting,
            agenda_item=item,
            number=1,
            text="Aangenomen.",
            outcome=Decision.Outcome.AANGENOMEN,
            proposal=item.proposal,
        )
        for item in items
    )
    ActionItem.objects.bulk_create(
        ActionItem(decision=decision, description=f"actie {number}", owner_role="secretaris")
        for number, decision in enumerate(decisions)
    )
    MeetingPack.objects.bulk_create(MeetingPack(meeting=meeting) for meeting in meetings)


def pages(body: GoverningBody) -> dict[str, str]:
    """The pages, each on an object that the growth adds to (the body, its latest meeting,
    the demo proposal): what grows is on the page."""
    slug = body.region.slug
    meeting = Meeting.objects.filter(body=body).order_by("-date").first()
    proposal = Proposal.objects.get(reference="17.0001962")
    pack = MeetingPack.objects.filter(meeting=meeting).first() or MeetingPack.objects.create(
        meeting=meeting
    )
    return {
        "organisations": reverse("regions:organisations", args=[slug]),
        "body page": reverse("regions:body-detail", args=[slug, body.pk]),
        "meeting list": reverse("regions:meeting-list", args=[slug]),
        "meeting page": reverse("regions:meeting-detail", args=[slug, meeting.pk]),
        "proposal list": reverse("regions:proposal-list", args=[slug]),
        "proposal page": reverse("regions:proposal-detail", args=[slug, proposal.pk]),
        "meeting pack": reverse("reporting:meeting-pack", args=[slug, pack.pk]),
        "report archive": reverse("reporting:report-archive", args=[slug]),
    }


def counts(client, urls: dict[str, str]) -> dict[str, int]:
    for url in urls.values():
        client.get(url)  # warm up: what a first request caches is not the page's
    return {name: page_queries(client, url) for name, url in urls.items()}


def test_governance_pages_run_at_most_twelve_queries_also_a_hundredfold(demo, client):
    secretary = get_user_model().objects.get(username=f"secretaris-{REGION}")
    body = werkkamer()
    client.force_login(secretary)
    urls = pages(body)
    before = counts(client, urls)
    assert {name: n for name, n in before.items() if n > MAX_QUERIES} == {}

    grow(body)
    client.force_login(secretary)  # a fresh user: no roles cached on the old one
    grown = pages(body)
    assert grown["meeting page"] != urls["meeting page"]  # now on a grown meeting
    after = counts(client, grown)
    assert after == before

    # The growth is on the pages: the body's members and meetings, the proposals.
    assert "lid 99" in client.get(grown["body page"]).content.decode()
    assert "GROEI-0099" in client.get(grown["proposal list"]).content.decode()
    meeting_page = client.get(grown["meeting page"]).content.decode()
    assert "Groeivoorstel 99" in meeting_page and "actie 99" in meeting_page
