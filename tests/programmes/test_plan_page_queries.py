"""The plan page's queries, pinned on the demo data and again after the plan has grown
(tests/test_selector_queries.py's `grow`: ten lines of three projects with targets, budget,
approved spending, co-financing and realisations): the same number, whatever the size of the
plan. The goal of issue 12 is at most twelve; what the page still runs is listed below."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ActionPlan
from tests.test_selector_queries import grow

from .helpers import GOOI, MIDDEN_GELDERLAND, RMT, login, plan, url

pytestmark = pytest.mark.django_db

# Session, user, roles; the plan with its region, programme and both neighbouring versions
# (plan_detail); lines, projects; the target roll-up; the budget lines with their spending
# (plan_money: budget, budget as adopted, budget against actual); co-financing, staff costs;
# the targets; key figures, activities, risks; the meetings' decisions on the plan, its
# budget changes and the proposals paid from it ("besloten in", one read for all three). An
# editable plan shows no more (its edit list of budget lines is the same read); staff costs
# that name a proposal add the proposals. And the menu's count of unread notifications
# (issue 15).
PLAN_PAGE_QUERIES = 16
WITH_PROPOSALS = PLAN_PAGE_QUERIES + 1


def page_queries(client, plan_obj: ActionPlan) -> int:
    page = url("programmes:plan-detail", pk=plan_obj.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("title", "username", "pinned"),
    [
        (MIDDEN_GELDERLAND, "programmamanager-midden-gelderland", PLAN_PAGE_QUERIES),  # adopted
        (MIDDEN_GELDERLAND, "werkkamerlid-midden-gelderland", PLAN_PAGE_QUERIES),
        # Concept: with the edit lists; its staff costs name a proposal.
        (GOOI, "programmamanager-gooi-en-vechtstreek", WITH_PROPOSALS),
        (RMT, "programmamanager-zuid-kennemerland-en-ijmond", PLAN_PAGE_QUERIES),  # budget-led
    ],
)
def test_plan_page_queries_are_pinned_and_do_not_grow(client, demo, title, username, pinned):
    plan_obj = plan(title)
    if not plan_obj.lines.exists():
        # A plan without lines skips the query for their projects; start from one line.
        plan_obj.lines.create(title="Eerste lijn", position=1)
    login(client, username)
    client.get(url("programmes:plan-detail", pk=plan_obj.pk))  # warm up
    before = page_queries(client, plan_obj)
    grow(plan_obj)
    after = page_queries(client, plan_obj)
    page = client.get(url("programmes:plan-detail", pk=plan_obj.pk)).content.decode()
    assert "Extra project 9.2" in page  # the grown plan is on the page
    assert before <= pinned, f"{before} queries, pinned at {pinned}"
    assert after == before, f"{before} queries before, {after} after the plan grew"


def test_a_newer_version_is_read_with_the_plan(client, demo):
    """plan_detail reads the next version with the plan: the link to it costs no query."""
    older = plan(MIDDEN_GELDERLAND)
    login(client, "programmamanager-midden-gelderland")
    without = page_queries(client, older)
    newer = ActionPlan.objects.create(
        region=older.region,
        programme=older.programme,
        title=older.title,
        version=older.version + 1,
        previous_version=older,
        start_date=older.start_date,
        end_date=older.end_date,
    )
    assert page_queries(client, older) == without
    page = client.get(url("programmes:plan-detail", pk=older.pk)).content.decode()
    assert f'href="{newer.get_absolute_url()}"' in page
    assert f"Naar versie {newer.version}" in page
