"""The governance pages and the meeting pack in the bench (issue 13): which region, body,
meeting and proposal they are measured on, found by query (the pages' URLs are reversed
when measured)."""

import pytest

from bench import reports, web
from bench.table import Context

pytestmark = pytest.mark.django_db


def test_the_body_meeting_and_proposal_pages_are_measured_with_the_same_goals():
    pages = {page.key: page for page in web.PAGES if page.world == "governance"}
    assert set(pages) == {"body", "meeting", "proposal"}
    assert {page.p95_ms for page in pages.values()} == {web.P95_PAGE_MS}


def test_the_governance_world_is_the_demo_region_with_the_most_meetings(demo):
    world = web.governance_world(synthetic=False)
    assert world.region.slug == "zuid-kennemerland-en-ijmond"  # 21 steering-group meetings
    assert world.kind == "governance" and world.label == "1×"
    assert world.users and world.users[0].username.startswith("programmamanager-")


def test_the_meeting_packs_are_made_for_the_largest_meetings_one_per_region(demo):
    ctx = Context(database_url="", broker_url="", python="", scale=False, log=print)
    meetings = reports._meetings(ctx, synthetic=False)
    assert len(meetings) == reports.PACKS
    regions = {meeting.body.region_id for meeting in meetings}
    assert len(regions) == 3  # Haaglanden, Gooi en Vechtstreek, Zuid-Kennemerland en IJmond
    assert all(meeting.agenda_items.exists() for meeting in meetings)


def test_the_demos_proposal_page_is_counted_in_its_own_region(demo):
    """The demo's one proposal (17.0001962) is Gooi en Vechtstreek's, not in the region with
    the most meetings: its page is counted at 1× in the region that has it."""
    world = web.governance_world(synthetic=False, with_proposal=True)
    assert world.region.slug == "gooi-en-vechtstreek"
    assert "proposal" not in web.governance_world(synthetic=False).paths()
    proposal_path = world.paths()["proposal"]
    assert web.count_queries(world, keys={"proposal"}).keys() == {"proposal"}
    assert proposal_path.startswith("/regios/gooi-en-vechtstreek/voorstellen/")


def test_meetings_are_compared_on_the_same_shape(demo):
    """Of two sets of meetings, the largest of a shape both have: Zuid-Kennemerland's largest
    meeting has a budget change on its agenda, which no Haaglanden meeting has; the two
    compared have the same kinds of subjects and both a previous decision list."""
    from bench import shapes
    from regions.models import Meeting

    haaglanden = Meeting.objects.filter(body__region__slug="haaglanden")
    kennemerland = Meeting.objects.filter(body__region__slug="zuid-kennemerland-en-ijmond")
    largest = shapes.largest_of_each_shape(kennemerland, shapes.PACK_FEATURES)
    assert next(iter(largest)) == ("budget_change", "previous_decisions")
    found = shapes.matched_meetings(haaglanden, kennemerland, shapes.PACK_FEATURES)
    assert found.exact and found.shape == ("previous_decisions",)
    assert found.scaled != largest[("budget_change", "previous_decisions")]
    for meeting in (found.demo, found.scaled):
        assert not meeting.agenda_items.exclude(
            proposal=None, plan=None, budget_change=None, report=None
        ).exists()


def test_the_meeting_page_is_measured_on_the_matched_meeting(demo):
    world = web.governance_world(synthetic=False)
    other = web.governance_world(synthetic=False, with_proposal=True)
    ctx = Context(database_url="", broker_url="", python="", scale=False, log=print)
    web.match_meetings(ctx, world, other)
    assert world.meeting is not None and other.meeting is not None
    assert world.paths()["meeting"].endswith(f"/vergaderingen/{world.meeting.pk}/")
    # Both have a decision list: the action items' query runs on both pages.
    assert world.meeting.decisions.exists() and other.meeting.decisions.exists()


def test_the_pack_queries_are_counted_on_the_demos_largest_meeting_without_scale(demo):
    ctx = Context(database_url="", broker_url="", python="", scale=False, log=print)
    demo_meeting, scaled, _shape = reports._pack_query_meetings(ctx)
    assert demo_meeting is not None and scaled is None
