"""The progress page on known figures (computed here by hand and checked against
placements.progress), flow against stock, the roll-up from projects to line and plan, the
prognose-vs-realisatie table, revising a target with its original value kept in sight,
permissions from both sides, and a pinned query count."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.progress import Status, Thresholds, progress_for
from programmes import services as programme_services
from programmes.models import ActionPlan, Prognosis, Project, Target

from .grid_helpers import (
    element_text,
    make_plan,
    progress_url,
    record,
    set_status,
    target,
    text_of,
)

pytestmark = pytest.mark.django_db

START, END = date(2019, 1, 1), date(2020, 12, 31)

RUNNING_ON = date(2019, 7, 15)


@pytest.fixture(autouse=True)
def the_plans_still_run(monkeypatch):
    """These tests judge the course of a plan while it runs (the thresholds): read on a day
    before the end of their 2019 plans, not today, when every one of them has ended and
    reads gehaald or niet gehaald (tested in test_ended.py)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: RUNNING_ON)


@pytest.fixture
def setup(world):
    """Matches: 100 for "Organiseren evenementen" with 20 in each of 2019-K1 and K2, 40 for
    "Jobhunting" with 10 in 2019-K2; the line states no target of its own. Jobs (a stock):
    50 for the plan, split by sector, 3 → 4 in the market and 2 → 5 in government."""
    plan = make_plan(world)
    line = plan.lines.get()
    events_project, jobhunting_project = line.projects.order_by("position")
    events = target(plan, world.matches, 100, project=events_project)
    jobhunting = target(plan, world.matches, 40, project=jobhunting_project)
    banen = target(plan, world.banen, 50)
    record(events, "2019-K1", 20)
    record(events, "2019-K2", 20)
    record(jobhunting, "2019-K2", 10)
    for code, market, government in (("2019-K1", 3, 2), ("2019-K2", 4, 5)):
        record(banen, code, market, sector="markt")
        record(banen, code, government, sector="overheid")
    return SimpleNamespace(
        world=world,
        plan=plan,
        line=line,
        events=events,
        jobhunting=jobhunting,
        banen=banen,
        manager=world.users["programmamanager"],
    )


def page_for(client, setup, username="programmamanager"):
    client.force_login(setup.world.users[username])
    response = client.get(progress_url(setup.plan))
    assert response.status_code == 200
    return response


def test_the_figures_of_a_project_target(client, setup):
    """Target 100 over 2019–2020, 20 + 20 by the end of June 2019."""
    expected = progress_for(
        value=100,
        start=START,
        end=END,
        realised=40,
        as_of=date(2019, 6, 30),
        thresholds=Thresholds(90, 70),
    )
    # By hand: 181 of 731 days have passed, so 100 × 181 / 731 = 24,8 → 25 expected;
    # 40 ≥ 90 % of 25: on course; the pace so far, 40 × 731 / 181 = 161,5 → 162 at the end.
    assert (expected.expected, expected.forecast, expected.status) == (25, 162, Status.OP_KOERS)
    assert expected.percentage == 40

    response = page_for(client, setup)
    row = element_text(response, f"project-{setup.events.project_id}-{setup.world.matches.pk}-")
    assert row == ("Organiseren evenementen Matches 100 40 40,0 % 25 op koers 162 30-06-2019")
    assert element_text(response, "as-of") == "30-06-2019"


def test_a_line_without_its_own_target_is_the_sum_of_its_projects(client, setup):
    response = page_for(client, setup)
    matches = setup.world.matches.pk
    # Jobhunting: 40 × 181 / 731 = 9,9 → 10 expected, 10 × 731 / 181 = 40,4 → 40 forecast.
    jobhunting = element_text(response, f"project-{setup.jobhunting.project_id}-{matches}-")
    assert jobhunting == "Jobhunting Matches 40 10 25,0 % 10 op koers 40 30-06-2019"
    # The line: 100 + 40 target, 40 + 10 realised, 25 + 10 expected, 162 + 40 forecast.
    line = element_text(response, f"line-{setup.line.pk}-{matches}-")
    assert line == (
        "Werkgeversdienstverlening (som van de projecten) Matches "
        "140 50 35,7 % 35 op koers 202 30-06-2019"
    )
    # And the plan, which states no matches target either: the sum of its lines.
    plan_row = element_text(response, f"plan-{matches}-")
    assert plan_row == "Matches (som van de lijnen) 140 50 35,7 % 35 op koers 202 30-06-2019"


def test_a_stock_counts_its_latest_level_not_the_sum(client, setup):
    response = page_for(client, setup)
    row = element_text(response, f"plan-{setup.world.banen.pk}-")
    # Latest levels 4 (market) + 5 (government) = 9, not 3 + 4 + 2 + 5 = 14. Expected from
    # the baseline (1 January 2019): 50 × 181 / 731 = 12,4 → 12; 9 is 75 % of that: at risk.
    # Forecast 9 × 731 / 181 = 36,3 → 36.
    assert row == "Banen (stand) 50 9 18,0 % 12 risico 36 30-06-2019"
    assert "14" not in row


def test_status_behind_and_no_data(client, world):
    plan = make_plan(world, title="Achter")
    events_project, jobhunting_project = plan.lines.get().projects.order_by("position")
    behind = target(plan, world.matches, 100, project=events_project)
    target(plan, world.matches, 40, project=jobhunting_project)
    record(behind, "2019-K1", 5)  # expected 100 × 90 / 731 = 12; 5 is 42 %: behind
    client.force_login(world.users["werkkamerlid"])
    response = client.get(progress_url(plan))
    matches = world.matches.pk
    row = element_text(response, f"project-{events_project.pk}-{matches}-")
    assert row == "Organiseren evenementen Matches 100 5 5,0 % 12 achter 41 31-03-2019"
    empty = element_text(response, f"project-{jobhunting_project.pk}-{matches}-")
    assert empty == "Jobhunting Matches 40 – – – geen gegevens – –"
    page = response.content.decode()
    assert 'class="progress-status progress-status--achter">achter<' in page
    assert 'class="progress-status progress-status--geen_gegevens">geen gegevens<' in page


def test_thresholds_come_from_the_programme(client, setup):
    programme = setup.plan.programme
    programme.on_course_from, programme.at_risk_from = 80, 60
    programme.save()
    response = page_for(client, setup)
    # Jobs: 9 of 12 expected is 75 %: below 80 % but above 60 % is at risk …
    row = element_text(response, f"plan-{setup.world.banen.pk}-")
    assert "risico" in row
    assert "op koers vanaf 80 % van verwacht, risico vanaf 60 %" in text_of(response)
    # … and on course when on course starts at 75 %.
    programme.on_course_from, programme.at_risk_from = 75, 60
    programme.save()
    row = element_text(page_for(client, setup), f"plan-{setup.world.banen.pk}-")
    assert "op koers" in row


def test_prognoses_against_realisation(client, world):
    """As SPT Drenthe reports: prognose 40, realised 39; prognose 90, realised 61."""
    plan = make_plan(world, title="Prognoses")
    project = plan.lines.get().projects.order_by("position").first()
    matches = target(plan, world.matches, 130, project=project)
    first = Prognosis.objects.create(
        target=matches, label="Jaar 1", start_date=START, end_date=date(2019, 12, 31), value=40
    )
    second = Prognosis.objects.create(
        target=matches, label="Jaar 2", start_date=date(2020, 1, 1), end_date=END, value=90
    )
    record(matches, "2019-K1", 20)
    record(matches, "2019-K3", 19)
    record(matches, "2020-K1", 61)
    client.force_login(world.users["secretaris"])
    response = client.get(progress_url(plan))
    assert element_text(response, f"prognosis-{first.pk}") == (
        "Matches, Organiseren evenementen Jaar 1: 01-01-2019 – 31-12-2019 40 39 97,5 %"
    )
    assert element_text(response, f"prognosis-{second.pk}") == (
        "Matches, Organiseren evenementen Jaar 2: 01-01-2020 – 31-12-2020 90 61 67,8 %"
    )


def test_corrections_are_shown(client, setup):
    period = setup.plan.periods.get(code="2019-K1")
    programme_services.period_close(period=period, actor=setup.manager)
    record(setup.events, "2019-K1", 22, reason="Dubbeltelling hersteld", actor=setup.manager)
    corrections = element_text(page_for(client, setup, "werkkamerlid"), "corrections")
    assert "20 22 Dubbeltelling hersteld" in corrections
    assert "programmamanager-test" in corrections


# Revising a target of an adopted plan


def revise_url(setup, target_obj):
    return reverse(
        "placements:target-revise",
        kwargs={"plan_pk": setup.plan.pk, "target_pk": target_obj.pk},
    )


@pytest.fixture
def adopted(setup):
    set_status(setup.plan, ActionPlan.Status.VASTGESTELD)
    return setup


def test_a_revised_target_shows_its_original_value(client, adopted):
    setup = adopted
    client.force_login(setup.manager)
    page = client.get(progress_url(setup.plan))
    assert "Doel herzien" in text_of(page)
    response = client.post(
        revise_url(setup, setup.events),
        {"value": "120", "reason": "Besluit Werkkamer", "revision": setup.events.revision},
    )
    assert response.status_code == 302
    assert response["Location"] == progress_url(setup.plan)
    revised = Target.objects.get(pk=setup.events.pk)
    assert (revised.value, revised.original_value) == (120, 100)
    assert (revised.revision_reason, revised.revised_by) == ("Besluit Werkkamer", setup.manager)
    today = revised.revised_at.astimezone().strftime("%d-%m-%Y")

    response = client.get(progress_url(setup.plan))
    assert "Het doel is herzien: 120 (oorspronkelijk 100)." in text_of(response)
    row = element_text(response, f"project-{setup.events.project_id}-{setup.world.matches.pk}-")
    assert row.startswith(
        f"Organiseren evenementen Matches 120 (oorspronkelijk 100, herzien op {today}: "
        "Besluit Werkkamer) 40 33,3 %"
    )
    # The line adds up the revised value.
    line = element_text(response, f"line-{setup.line.pk}-{setup.world.matches.pk}-")
    assert " 160 50 " in line

    # The plan page shows it as well, for every reader.
    client.force_login(setup.world.users["werkkamerlid"])
    plan_page = text_of(client.get(setup.plan.get_absolute_url()))
    assert (
        f"Herzien: Organiseren evenementen, Matches: 120 (oorspronkelijk 100, herzien op "
        f"{today}: Besluit Werkkamer)"
    ) in plan_page


def test_a_revised_plan_target_shows_its_original_in_the_plan_table(client, adopted):
    setup = adopted
    programme_services.target_revise(
        target=setup.banen,
        value=60,
        reason="Meer plaatsen",
        actor=setup.manager,
        expected_revision=setup.banen.revision,
    )
    client.force_login(setup.world.users["werkkamerlid"])
    response = client.get(setup.plan.get_absolute_url())
    table = element_text(response, "plan-targets")
    assert "Banen 60 (oorspronkelijk 50, herzien op" in table
    progress = element_text(
        page_for(client, setup, "werkkamerlid"), f"plan-{setup.world.banen.pk}-"
    )
    assert progress.startswith("Banen (stand) 60 (oorspronkelijk 50, herzien op")


def test_a_revision_needs_a_reason(client, adopted):
    setup = adopted
    client.force_login(setup.manager)
    response = client.post(
        revise_url(setup, setup.events),
        {"value": "120", "reason": "", "revision": setup.events.revision},
    )
    assert response.status_code == 200
    assert "Reden van de herziening: Dit veld is verplicht." in text_of(response)
    assert Target.objects.get(pk=setup.events.pk).value == 100


def test_a_negative_target_is_refused(client, adopted):
    setup = adopted
    client.force_login(setup.manager)
    response = client.post(
        revise_url(setup, setup.events),
        {"value": "-5", "reason": "x", "revision": setup.events.revision},
    )
    assert "Nieuw doel: Een doel kan niet negatief zijn." in text_of(response)
    assert Target.objects.get(pk=setup.events.pk).value == 100


def test_a_stale_revision_is_refused(client, adopted):
    setup = adopted
    client.force_login(setup.manager)
    form = client.get(revise_url(setup, setup.events))
    assert form.status_code == 200
    assert 'name="revision" value="1"' in form.content.decode()
    programme_services.target_revise(
        target=Target.objects.get(pk=setup.events.pk),
        value=110,
        reason="Eerder besluit",
        actor=setup.world.users["beheerder"],
        expected_revision=1,
    )
    response = client.post(
        revise_url(setup, setup.events), {"value": "120", "reason": "Later", "revision": "1"}
    )
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in text_of(response)
    assert Target.objects.get(pk=setup.events.pk).value == 110
    # Saving again after comparing succeeds.
    response = client.post(
        revise_url(setup, setup.events), {"value": "120", "reason": "Later", "revision": "2"}
    )
    assert response.status_code == 302
    assert Target.objects.get(pk=setup.events.pk).value == 120


@pytest.mark.parametrize("username", ["programmamanager", "beheerder"])
def test_the_programme_manager_and_beheerder_may_revise(client, adopted, username):
    client.force_login(adopted.world.users[username])
    assert client.get(revise_url(adopted, adopted.events)).status_code == 200
    response = client.post(
        revise_url(adopted, adopted.events), {"value": "90", "reason": "x", "revision": "1"}
    )
    assert response.status_code == 302
    assert Target.objects.get(pk=adopted.events.pk).value == 90


@pytest.mark.parametrize("username", ["werkkamerlid", "secretaris", "other_manager"])
def test_others_may_not_revise(client, adopted, username):
    client.force_login(adopted.world.users[username])
    assert client.get(revise_url(adopted, adopted.events)).status_code == 403
    response = client.post(
        revise_url(adopted, adopted.events), {"value": "90", "reason": "x", "revision": "1"}
    )
    assert response.status_code == 403
    assert Target.objects.get(pk=adopted.events.pk).value == 100
    if username != "other_manager":
        assert "Doel herzien" not in text_of(client.get(progress_url(adopted.plan)))


def test_anonymous_is_sent_to_login_to_revise(client, adopted):
    response = client.post(
        revise_url(adopted, adopted.events), {"value": "90", "reason": "x", "revision": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Target.objects.get(pk=adopted.events.pk).value == 100


@pytest.mark.parametrize("status", [ActionPlan.Status.CONCEPT, ActionPlan.Status.AFGESLOTEN])
def test_only_an_adopted_plans_target_can_be_revised(client, setup, status):
    set_status(setup.plan, status)
    client.force_login(setup.manager)
    response = client.post(
        revise_url(setup, setup.events), {"value": "90", "reason": "x", "revision": "1"}
    )
    assert response.status_code == 403
    assert Target.objects.get(pk=setup.events.pk).value == 100
    assert "Doel herzien" not in text_of(client.get(progress_url(setup.plan)))


def test_a_target_of_another_plan_is_not_found(client, adopted, world):
    other = make_plan(world, title="Ander plan")
    other_target = target(other, world.matches, 5)
    client.force_login(adopted.manager)
    response = client.post(
        revise_url(adopted, other_target), {"value": "90", "reason": "x", "revision": "1"}
    )
    assert response.status_code == 404
    assert Target.objects.get(pk=other_target.pk).value == 5


# Who may read the progress page


@pytest.mark.parametrize(
    "username", ["programmamanager", "werkkamerlid", "secretaris", "beheerder"]
)
def test_everyone_of_the_region_reads_progress(client, setup, username):
    response = page_for(client, setup, username)
    grid_link = f'href="{reverse("placements:grid", kwargs={"plan_pk": setup.plan.pk})}"'
    may_record = username in {"programmamanager", "beheerder"}
    assert (grid_link in response.content.decode()) is may_record


def test_another_regions_manager_may_not_read_progress(client, setup):
    client.force_login(setup.world.users["other_manager"])
    assert client.get(progress_url(setup.plan)).status_code == 403


def test_anonymous_is_sent_to_login_for_progress(client, setup):
    response = client.get(progress_url(setup.plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Queries: a fixed number, whatever the number of targets, periods and realisations.

# Measured: session, user, plan and roles (4), plan_progress (5), the prognoses with
# their realisation (1) and the corrections (1).
PROGRESS_MAX = 11


def grow(setup, projects=6):
    plan = setup.plan
    ActionPlan.objects.filter(pk=plan.pk).update(end_date=date(2021, 12, 31))
    plan.refresh_from_db()
    programme_services.periods_sync(plan=plan)
    for number in range(projects):
        project = Project.objects.create(
            line=setup.line, position=10 + number, title=f"Extra {number}"
        )
        extra = target(plan, setup.world.matches, 10, project=project)
        Prognosis.objects.create(
            target=extra, start_date=plan.start_date, end_date=date(2019, 12, 31), value=4
        )
        Prognosis.objects.create(
            target=extra, start_date=date(2020, 1, 1), end_date=date(2021, 12, 31), value=6
        )
        for code in ("2019-K1", "2019-K4", "2020-K2", "2021-K3"):
            record(extra, code, number + 1)
            record(extra, code, 1, source="WSP")
    programme_services.period_close(period=plan.periods.get(code="2019-K1"), actor=setup.manager)
    record(extra, "2019-K1", 9, reason="correctie", actor=setup.manager)


@pytest.mark.parametrize("username", ["programmamanager", "werkkamerlid"])
def test_progress_query_count_does_not_grow(client, setup, django_assert_max_num_queries, username):
    client.force_login(setup.world.users[username])
    set_status(setup.plan, ActionPlan.Status.VASTGESTELD)  # with the revision forms
    client.get(progress_url(setup.plan))
    with django_assert_max_num_queries(PROGRESS_MAX) as before:
        assert client.get(progress_url(setup.plan)).status_code == 200
    grow(setup)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(progress_url(setup.plan))
    assert "Extra 5" in text_of(response)
    assert "correctie" in element_text(response, "corrections")
