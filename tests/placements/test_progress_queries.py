"""The progress page and plans_progress run a fixed number of queries at national scale:
pinned on the demo data, and equal after the data grew (more lines, projects, targets,
prognoses and realisations, a stock indicator among them), so a query per target or per
realisation shows up as a failure. Speed itself is measured by `make bench`, not here."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.selectors.progress import plans_progress
from programmes.models import ActionPlan, Prognosis, Target
from tests.test_selector_queries import grow

pytestmark = pytest.mark.django_db

# Session, user, plan and roles (4), the targets with their prognoses and the sums per
# lineage (3), the prognoses against their realisation (1), the corrections (1).
PROGRESS_PAGE_MAX = 12
PLANS_PROGRESS = 3  # targets, their prognoses, realised to date per lineage


def page_queries(client, plan) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("placements:progress", args=[plan.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def grown(plan: ActionPlan) -> None:
    """grow() (ten lines of three projects with targets and realisations), plus a prognosis
    on every new target: what progress reads per target."""
    grow(plan)
    for target in Target.objects.filter(plan=plan, project__title__startswith="Extra project"):
        Prognosis.objects.create(
            target=target, start_date=plan.start_date, end_date=plan.end_date, value=5
        )


@pytest.mark.parametrize(
    ("slug", "username"),
    [
        ("midden-gelderland", "programmamanager-midden-gelderland"),  # flows, revision forms
        ("haaglanden", "werkkamerlid-haaglanden"),  # a stock (banen) per sector
    ],
)
def test_progress_page_queries_are_pinned_and_do_not_grow(demo, client, slug, username):
    plan = ActionPlan.objects.filter(region__slug=slug).order_by("pk").first()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(reverse("placements:progress", args=[plan.pk]))  # warm the session
    before, _html = page_queries(client, plan)
    grown(plan)
    after, html = page_queries(client, plan)
    assert before <= PROGRESS_PAGE_MAX
    assert after == before
    assert "Extra project 9.2" in html  # the grown data is on the page


def test_plans_progress_queries_do_not_grow_with_plans_or_targets(demo):
    plans = list(ActionPlan.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as before:
        result = plans_progress(plans=plans)
    assert len(before) == PLANS_PROGRESS
    targets_before = sum(len(progress.targets) for progress in result.values())
    for plan in ActionPlan.objects.filter(region__slug__in=["midden-gelderland", "haaglanden"]):
        grown(plan)
    with CaptureQueriesContext(connection) as after:
        result = plans_progress(plans=plans)
    assert len(after) == PLANS_PROGRESS
    assert sum(len(progress.targets) for progress in result.values()) > targets_before
