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
