"""A count exists once and follows the plan through its versions: version 2 of a plan shows
the realisations, corrections and closed periods of version 1 without copying them; typing or
importing a count in version 2 updates the row version 1 stored; a changed target keeps its
history and realisations, a dropped one keeps its realisations on version 1 and is shown as
dropped on the comparison page. A small world built in the test (grid_helpers), no demo data."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from placements import imports, services
from placements.imports import Outcome
from placements.models import Correction, Realisation
from placements.selectors import grid as placement_grid
from placements.selectors import progress as placement_progress
from placements.selectors import records as placement_records
from placements.selectors import series as placement_series
from programmes import services as programme_services
from programmes.models import ActionPlan, Target
from programmes.selectors import ChangeKind
from reporting.documents.freeze import freeze_figures
from tests.placements.grid_helpers import (
    element_text,
    grid_url,
    key,
    make_plan,
    make_world,
    period,
    progress_url,
    record,
    set_status,
    target,
    text_of,
)
from tests.placements.importfiles import csv_bytes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LINE = "Werkgeversdienstverlening"


@pytest.fixture
def v1():
    """An adopted plan 2019–2020 with matches on two projects and a stock of jobs per sector,
    realisations in 2019, and its first quarter closed and corrected."""
    world = make_world()
    plan = make_plan(world)
    line = plan.lines.get()
    events, jobhunting = line.projects.order_by("position")
    manager = world.users["programmamanager"]
    setup = SimpleNamespace(
        world=world,
        plan=plan,
        manager=manager,
        events=target(plan, world.matches, 60, project=events),
        jobhunting=target(plan, world.matches, 40, project=jobhunting),
        banen=target(plan, world.banen, 50),
    )
    for code, count in (("2019-K1", 5), ("2019-K2", 7), ("2019-K3", 8)):
        record(setup.events, code, count, actor=manager)
    record(setup.jobhunting, "2019-K1", 4, actor=manager)
    record(setup.jobhunting, "2019-K2", 6, source="UWV", actor=manager)
    record(setup.banen, "2019-K1", 10, sector="markt", actor=manager)
    record(setup.banen, "2019-K2", 12, sector="markt", actor=manager)
    programme_services.period_close(period=period(plan, "2019-K1"), actor=manager)
    record(setup.events, "2019-K1", 6, actor=manager, reason="Dubbel geteld evenement")
    set_status(plan, ActionPlan.Status.VASTGESTELD)
    return setup


def new_version(setup):
    plan, *_ = programme_services.plan_new_version(plan=setup.plan, actor=setup.manager)
    return plan


def same_in(plan, old_target) -> Target:
    return plan.targets.get(predecessor=old_target)


def matches_realised(plan) -> int | None:
    return placement_progress.plan_progress(plan=plan).plan_row("matches-test").progress.realised


# The link


def test_every_copied_target_continues_its_predecessor(v1):
    v2 = new_version(v1)
    pairs = {t.predecessor_id: t for t in v2.targets.all()}
    assert set(pairs) == {v1.events.pk, v1.jobhunting.pk, v1.banen.pk}
    for old in (v1.events, v1.jobhunting, v1.banen):
        assert pairs[old.pk].lineage_id == old.lineage_id
    # Targets of their own each start a lineage.
    assert len({v1.events.lineage_id, v1.jobhunting.lineage_id, v1.banen.lineage_id}) == 3


def test_no_count_is_copied(v1):
    before = Realisation.objects.count()
    new_version(v1)
    assert Realisation.objects.count() == before


# Every reader shows version 1's counts on version 2


def test_progress_of_version_2_shows_the_counts_of_version_1(v1):
    v2 = new_version(v1)
    assert matches_realised(v1.plan) == 6 + 7 + 8 + 4 + 6 == 31
    assert matches_realised(v2) == 31
    progress = placement_progress.plan_progress(plan=v2)
    assert progress.for_target(same_in(v2, v1.events).pk).realised == 21
    jobs = progress.plan_row("banen-test", "").progress
    assert (jobs.realised, jobs.as_of) == (12, date(2019, 6, 30))  # a stock: latest level


def test_the_progress_page_of_version_2_shows_the_realised_figures(client, v1):
    v2 = new_version(v1)
    client.force_login(v1.manager)
    page = text_of(client.get(progress_url(v2)))
    assert "geen gegevens" not in page
    assert "31" in page and "21" in page


def test_the_grid_of_version_2_holds_version_1s_counts(client, v1):
    v2 = new_version(v1)
    events = same_in(v2, v1.events)
    grid = placement_grid.grid_for(plan=v2)
    assert grid.counts[(events.pk, period(v2, "2019-K1").pk, "", "")] == 6
    assert grid.counts[(events.pk, period(v2, "2019-K3").pk, "", "")] == 8
    jobhunting = same_in(v2, v1.jobhunting)
    assert grid.others[(jobhunting.pk, period(v2, "2019-K2").pk, "", "")] == {"UWV": 6}
    totals = {row.key: row.total for row in grid.rows}
    assert totals[f"{events.pk}--"] == 21
    assert totals[f"{same_in(v2, v1.banen).pk}-markt-"] == 12

    client.force_login(v1.manager)
    response = client.get(grid_url(v2))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="c-{key(events, "2019-K3")}" name="c-{key(events, "2019-K3")}" value="8"' in page
    assert element_text(response, f"rt-{events.pk}--") == "21"


def test_the_chart_series_of_version_2_follows_version_1(v1):
    v2 = new_version(v1)
    series = placement_series.plans_series(plans=[v2.pk])[v2.pk]
    key_matches = (v1.world.matches.pk, "")
    points = {point.period_code: point.realised_to_date for point in series[key_matches]}
    assert points["2019-K1"] == 10 and points["2019-K2"] == 23 and points["2019-K3"] == 31
    assert points["2019-K4"] is None  # after the peildatum


def test_a_report_frozen_on_version_2_has_version_1s_figures(v1):
    v2 = new_version(v1)
    figures = freeze_figures(plan=v2, start_date=date(2019, 1, 1), end_date=date(2019, 12, 31))
    summary = {row["indicator_code"]: row for row in figures["summary"] if not row["sector"]}
    assert summary["matches-test"]["realised"] == 31
    assert figures["peildatum"] == "2019-09-30"


# Writing in version 2 updates the one row


def test_typing_in_version_2_updates_the_row_of_version_1(client, v1):
    v2 = new_version(v1)
    events = same_in(v2, v1.events)
    before = Realisation.objects.count()
    client.force_login(v1.manager)
    cell = key(events, "2019-K3")
    response = client.post(
        reverse("placements:grid-cell", kwargs={"plan_pk": v2.pk}),
        {"cell": cell, f"c-{cell}": "11", f"e-{cell}": "8"},
        **HTMX,
    )
    assert response.status_code == 200
    assert Realisation.objects.count() == before
    row = Realisation.objects.get(target__lineage=events.lineage, period__code="2019-K3")
    assert (row.target_id, row.count) == (v1.events.pk, 11)  # the row version 1 stored
    assert matches_realised(v2) == matches_realised(v1.plan) == 34


def test_a_stale_expected_count_in_version_2_is_a_conflict(client, v1):
    v2 = new_version(v1)
    events = same_in(v2, v1.events)
    client.force_login(v1.manager)
    cell = key(events, "2019-K3")
    response = client.post(
        reverse("placements:grid-cell", kwargs={"plan_pk": v2.pk}),
        {"cell": cell, f"c-{cell}": "11", f"e-{cell}": ""},  # saw an empty cell
        **HTMX,
    )
    assert "Iemand anders" in response.content.decode()
    assert Realisation.objects.get(target=v1.events, period__code="2019-K3").count == 8


def test_a_new_count_in_version_2_is_read_by_both_versions_once(v1):
    v2 = new_version(v1)
    events = same_in(v2, v1.events)
    record(events, "2019-K4", 3, actor=v1.manager)
    assert Realisation.objects.filter(target__lineage=events.lineage).count() == 4
    assert matches_realised(v2) == matches_realised(v1.plan) == 34


def test_an_import_into_version_2_replaces_the_count_of_version_1(v1):
    v2 = new_version(v1)
    set_status(v2, ActionPlan.Status.VASTGESTELD)
    rows = [
        {
            "lijn": LINE,
            "project": "Jobhunting",
            "indicator": "matches-test",
            "periode": "2019-K2",
            "aantal": "9",
            "bron": "uwv",
        }
    ]
    content = csv_bytes(rows)
    result = imports.validate(plan=v2, file_name="levering.csv", content=content)
    (row,) = result.rows
    assert (row.outcome, row.old_count) == (Outcome.CHANGED, 6)
    before = Realisation.objects.count()
    delivery = services.delivery_upload(
        plan=v2,
        uploaded_file=_upload("levering.csv", content),
        actor=v1.manager,
    )
    services.delivery_commit(delivery=delivery, actor=v1.manager)
    assert Realisation.objects.count() == before
    stored = Realisation.objects.get(target=v1.jobhunting, period__code="2019-K2")
    assert (stored.count, stored.source) == (9, "UWV")


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# Closed periods and corrections carry


def test_a_period_closed_in_version_1_is_closed_in_version_2(v1):
    v2 = new_version(v1)
    assert period(v2, "2019-K1").is_closed
    assert not period(v2, "2019-K2").is_closed
    events = same_in(v2, v1.events)
    with pytest.raises(services.PeriodClosedError):
        record(events, "2019-K1", 9, actor=v1.manager)
    record(events, "2019-K1", 9, actor=v1.manager, reason="Nagekomen opgave")
    correction = Correction.objects.order_by("-pk").first()
    assert correction.realisation.target_id == v1.events.pk
    assert (correction.old_count, correction.new_count) == (6, 9)


def test_closing_a_period_in_version_2_closes_it_in_version_1(v1):
    v2 = new_version(v1)
    programme_services.period_close(period=period(v2, "2019-K2"), actor=v1.manager)
    assert period(v1.plan, "2019-K2").is_closed
    with pytest.raises(services.PeriodClosedError):
        record(v1.events, "2019-K2", 1, actor=v1.manager)


def test_corrections_of_version_1_show_on_version_2(client, v1):
    v2 = new_version(v1)
    corrections = list(placement_records.corrections_for(plan=v2))
    assert [(c.old_count, c.new_count, c.reason) for c in corrections] == [
        (5, 6, "Dubbel geteld evenement")
    ]
    client.force_login(v1.manager)
    assert "Dubbel geteld evenement" in text_of(client.get(grid_url(v2)))


# Changed and dropped targets


def test_a_changed_target_keeps_its_history_and_realisations(v1):
    v2 = new_version(v1)
    events = same_in(v2, v1.events)
    events.value = 80
    programme_services.child_save(
        plan=v2, instance=events, expected_revision=events.revision, actor=v1.manager
    )
    progress = placement_progress.plan_progress(plan=v2).for_target(events.pk)
    assert (progress.target, progress.realised) == (80, 21)
    assert list(events.history.order_by("history_date").values_list("value", flat=True)) == [
        60,
        80,
    ]
    assert placement_progress.plan_progress(plan=v1.plan).for_target(v1.events.pk).target == 60


def test_a_dropped_target_keeps_its_realisations_on_version_1(client, v1):
    v2 = new_version(v1)
    dropped = same_in(v2, v1.jobhunting)
    programme_services.child_delete(plan=v2, instance=dropped, actor=v1.manager)
    assert matches_realised(v2) == 21
    assert matches_realised(v1.plan) == 31
    assert Realisation.objects.filter(target=v1.jobhunting).count() == 2

    events = same_in(v2, v1.events)
    events.value = 80
    programme_services.child_save(
        plan=v2, instance=events, expected_revision=events.revision, actor=v1.manager
    )
    client.force_login(v1.manager)
    response = client.get(reverse("programmes:plan-compare", kwargs={"pk": v2.pk}))
    assert response.status_code == 200
    rows = {
        (row.label, row.sector): (
            row.old.value if row.old else None,
            row.old_realised,
            row.new.value if row.new else None,
            row.new_realised,
            row.kind,
        )
        for row in response.context["target_rows"]
    }
    assert rows[(f"{LINE} › Jobhunting", "")] == (40, 10, None, None, ChangeKind.VERVALLEN)
    assert rows[(f"{LINE} › Organiseren evenementen", "")] == (60, 21, 80, 21, ChangeKind.GEWIJZIGD)
    assert rows[("hele plan", "")] == (50, 12, 50, 12, ChangeKind.ONGEWIJZIGD)
    table = element_text(response, "target-versions")
    assert "Jobhunting Matches 40 10 – – vervallen in deze versie" in table
    assert "Organiseren evenementen Matches 60 21 80 21 gewijzigd" in table


def test_a_target_added_in_version_2_starts_with_nothing(v1):
    v2 = new_version(v1)
    added = target(v2, v1.world.deelnemers, 30, line=v2.lines.get())
    assert added.predecessor is None
    assert added.lineage_id not in {t.lineage_id for t in v1.plan.targets.all()}
    assert placement_progress.plan_progress(plan=v2).for_target(added.pk).realised is None


def test_version_3_still_reads_version_1s_counts(v1):
    v2 = new_version(v1)
    set_status(v2, ActionPlan.Status.VASTGESTELD)
    v3, *_ = programme_services.plan_new_version(plan=v2, actor=v1.manager)
    assert matches_realised(v3) == 31
    assert period(v3, "2019-K1").is_closed
    programme_services.period_close(period=period(v1.plan, "2019-K3"), actor=v1.manager)
    assert period(v3, "2019-K3").is_closed and period(v2, "2019-K3").is_closed


def test_a_dashboard_of_both_versions_counts_each_once(v1):
    v2 = new_version(v1)
    progress = placement_progress.plans_progress(plans=[v1.plan.pk, v2.pk])
    assert progress[v1.plan.pk].plan_row("matches-test").progress.realised == 31
    assert progress[v2.pk].plan_row("matches-test").progress.realised == 31


def test_a_stock_level_reported_in_version_2_follows_version_1s_levels(v1):
    v2 = new_version(v1)
    banen = same_in(v2, v1.banen)
    record(banen, "2019-K3", 15, sector="markt", actor=v1.manager)
    for plan in (v1.plan, v2):
        jobs = placement_progress.plan_progress(plan=plan).plan_row("banen-test", "").progress
        assert (jobs.realised, jobs.as_of) == (15, date(2019, 9, 30))  # the latest level
    series = placement_series.plans_series(plans=[v2.pk])[v2.pk][(v1.world.banen.pk, "")]
    levels = {point.period_code: point.realised_to_date for point in series}
    assert (levels["2019-K1"], levels["2019-K2"], levels["2019-K3"]) == (10, 12, 15)


def test_the_grid_of_version_1_shows_a_count_typed_in_version_2(v1):
    v2 = new_version(v1)
    record(same_in(v2, v1.events), "2019-K4", 3, actor=v1.manager)
    grid = placement_grid.grid_for(plan=v1.plan)
    assert grid.counts[(v1.events.pk, period(v1.plan, "2019-K4").pk, "", "")] == 3
