"""The entry grid: which rows and cells it offers, saving a cell (htmx) and the whole grid
(without JavaScript, all or nothing), refused input, concurrent edits, closed periods with
corrections, closing a period, permissions from both sides and a pinned query count."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from placements.models import Correction, Realisation
from placements.selectors.grid import grid_for
from programmes import services as programme_services
from programmes.models import ActionPlan, Project

from .grid_helpers import (
    cell_url,
    element_text,
    form_fields,
    grid_url,
    key,
    make_plan,
    period,
    record,
    set_status,
    target,
    text_of,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def setup(world):
    """A plan target and a line target for matches above two project targets (the second
    starting in July 2019), a stock of jobs split by sector, and participants per target group."""
    plan = make_plan(world)
    line = plan.lines.get()
    events, jobhunting = line.projects.order_by("position")
    return SimpleNamespace(
        world=world,
        plan=plan,
        line=line,
        plan_matches=target(plan, world.matches, 100),
        line_matches=target(plan, world.matches, 100, line=line),
        events=target(plan, world.matches, 60, project=events),
        jobhunting=target(plan, world.matches, 40, project=jobhunting, start=date(2019, 7, 1)),
        banen=target(plan, world.banen, 50),
        deelnemers=target(plan, world.deelnemers, 30, line=line),
        manager=world.users["programmamanager"],
    )


def as_manager(client, setup):
    client.force_login(setup.manager)
    return client


def post_cell(client, setup, target_obj, code, value, *, expected="", reason=None, **breakdown):
    cell = key(target_obj, code, **breakdown)
    data = {"cell": cell, f"c-{cell}": value, f"e-{cell}": expected}
    if reason is not None:
        data[f"r-{cell}"] = reason
    return client.post(cell_url(setup.plan), data, **HTMX)


def stored(target_obj, code, sector="", target_group="", source=""):
    realisation = Realisation.objects.filter(
        target=target_obj,
        period__code=code,
        sector=sector or target_obj.sector,
        target_group=target_group,
        source=source,
    ).first()
    return realisation.count if realisation else None


# What the grid offers


def test_grid_shows_leaf_targets_with_their_breakdown_rows(client, setup):
    response = as_manager(client, setup).get(grid_url(setup.plan))
    assert response.status_code == 200
    text = text_of(response)
    # Project targets are where matches are entered; the line and plan add them up.
    assert "Matches, Organiseren evenementen, 2019-K1" in text
    assert "Matches, Jobhunting, 2019-K3" in text
    assert "Matches, Werkgeversdienstverlening, 2019-K1" not in text
    assert "Matches, hele plan, 2019-K1" not in text
    # A stock without sector, split by sector: one row per sector.
    assert "Banen, hele plan, marktsector, 2019-K1" in text
    assert "Banen, hele plan, overheidssector, 2020-K4" in text
    # Per target group: one row per group.
    for group in ("Wsw-indicatie", "Wajong", "PrO/VSO-schoolverlaters", "overig"):
        assert f"Deelnemers, Werkgeversdienstverlening, {group}, 2019-K1" in text
    # Eight quarters as columns.
    assert [p.code for p in setup.plan.periods.order_by("start_date")][::7] == [
        "2019-K1",
        "2020-K4",
    ]
    assert "2020-K4 01-10-2020 – 31-12-2020" in text


def test_cells_outside_the_targets_period_are_not_offered(client, setup):
    response = as_manager(client, setup).get(grid_url(setup.plan))
    page = response.content.decode()
    assert f'name="c-{key(setup.jobhunting, "2019-K2")}"' not in page
    assert f'name="c-{key(setup.jobhunting, "2019-K3")}"' in page
    assert "buiten de looptijd van de doelstelling" in text_of(response)


def test_a_target_without_sector_beside_sector_targets_is_not_a_row(client, world):
    plan = make_plan(world, title="Banenafspraak test")
    target(plan, world.banen, 1400)
    target(plan, world.banen, 710, sector="markt")
    target(plan, world.banen, 690, sector="overheid")
    client.force_login(world.users["programmamanager"])
    text = text_of(client.get(grid_url(plan)))
    assert text.count("Banen, hele plan, marktsector, 2019-K1") == 1
    assert text.count("Banen, hele plan, overheidssector, 2019-K1") == 1
    assert "doel 710" in text and "doel 690" in text
    assert "doel 1.400" not in text


def test_imported_counts_are_hints_and_count_in_the_totals(client, setup):
    record(setup.events, "2019-K1", 5)
    record(setup.events, "2019-K1", 12, source="UWV")
    response = as_manager(client, setup).get(grid_url(setup.plan))
    cell = element_text(response, f"td-{key(setup.events, '2019-K1')}")
    assert "+12 UWV" in cell
    fields = form_fields(response)
    assert fields[f"c-{key(setup.events, '2019-K1')}"] == "5"  # only the grid's own count
    assert element_text(response, f"rt-{setup.events.pk}--") == "17"
    assert element_text(response, f"it-{setup.world.matches.pk}") == "17"


def test_a_stock_rows_total_is_its_latest_level(client, setup):
    record(setup.banen, "2019-K1", 3, sector="markt")
    record(setup.banen, "2019-K2", 4, sector="markt")
    response = as_manager(client, setup).get(grid_url(setup.plan))
    assert element_text(response, f"rt-{setup.banen.pk}-markt-") == "4"
    banen = setup.world.banen.pk
    assert element_text(response, f"ct-{banen}-{period(setup.plan, '2019-K1').pk}") == "3"
    assert element_text(response, f"it-{banen}") == "4"


# Saving one cell (htmx)


def test_entering_a_cell_stores_the_count_and_updates_the_totals(client, setup):
    as_manager(client, setup)
    record(setup.jobhunting, "2019-K3", 10)
    response = post_cell(client, setup, setup.events, "2019-K1", "5")
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") == 5
    realisation = Realisation.objects.get(target=setup.events)
    assert (realisation.source, realisation.recorded_by) == ("", setup.manager)
    html = response.content.decode()
    assert 'value="5"' in html and 'name="e-' in html
    row_total = f'id="rt-{setup.events.pk}--" class="numeric grid-total" data-hx-swap-oob="true"'
    assert f"{row_total}>5<" in html
    matches = setup.world.matches.pk
    k1 = period(setup.plan, "2019-K1").pk
    assert f'id="ct-{matches}-{k1}" class="numeric grid-total" data-hx-swap-oob="true">5<' in html
    assert f'id="it-{matches}" class="numeric grid-total" data-hx-swap-oob="true">15<' in html
    assert "Matches, Organiseren evenementen, 2019-K1: opgeslagen" in text_of(response)

    response = post_cell(client, setup, setup.events, "2019-K2", "7")
    html = response.content.decode()
    row_total = f'id="rt-{setup.events.pk}--" class="numeric grid-total" data-hx-swap-oob="true"'
    assert f"{row_total}>12<" in html
    assert f'id="it-{matches}" class="numeric grid-total" data-hx-swap-oob="true">22<' in html
    # The page shows the same after a reload.
    page = client.get(grid_url(setup.plan))
    assert form_fields(page)[f"c-{key(setup.events, '2019-K2')}"] == "7"
    assert element_text(page, f"rt-{setup.events.pk}--") == "12"


def test_a_breakdown_cell_stores_its_sector_or_group(client, setup):
    as_manager(client, setup)
    post_cell(client, setup, setup.banen, "2019-K1", "3", sector="markt")
    post_cell(client, setup, setup.deelnemers, "2019-K1", "2", target_group="wajong")
    assert stored(setup.banen, "2019-K1", sector="markt") == 3
    assert stored(setup.deelnemers, "2019-K1", target_group="wajong") == 2


def test_emptying_a_cell_clears_the_count(client, setup):
    record(setup.events, "2019-K1", 5)
    response = post_cell(
        as_manager(client, setup), setup, setup.events, "2019-K1", "", expected="5"
    )
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") is None


def test_dutch_thousands_are_accepted(client, setup):
    post_cell(as_manager(client, setup), setup, setup.events, "2019-K1", "1.400")
    assert stored(setup.events, "2019-K1") == 1400


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "Een aantal kan niet negatief zijn."),
        ("abc", "“abc” is geen aantal: vul een heel getal in (0 of meer)"),
        ("2,5", "“2,5” is geen aantal"),
    ],
)
def test_a_negative_or_non_numeric_count_is_refused_in_the_cell(client, setup, typed, message):
    record(setup.events, "2019-K1", 4)
    response = post_cell(
        as_manager(client, setup), setup, setup.events, "2019-K1", typed, expected="4"
    )
    assert response.status_code == 422
    cell = element_text(response, f"td-{key(setup.events, '2019-K1')}")
    assert message in cell
    assert f'value="{typed}"' in response.content.decode()  # the input is kept to correct
    assert 'aria-invalid="true"' in response.content.decode()
    assert stored(setup.events, "2019-K1") == 4


def test_a_concurrent_edit_is_refused_and_nothing_is_overwritten(client, setup):
    as_manager(client, setup)
    page = client.get(grid_url(setup.plan))
    cell = key(setup.events, "2019-K1")
    assert form_fields(page)[f"e-{cell}"] == ""
    # A colleague saves 7 after the page was loaded.
    record(setup.events, "2019-K1", 7, actor=setup.world.users["beheerder"])
    response = post_cell(client, setup, setup.events, "2019-K1", "5", expected="")
    assert response.status_code == 422
    text = element_text(response, f"td-{cell}")
    assert "Iemand anders heeft deze waarde intussen gewijzigd naar 7." in text
    assert "Uw invoer (5) is niet opgeslagen" in text
    assert stored(setup.events, "2019-K1") == 7
    html = response.content.decode()
    assert f'name="e-{cell}" value="7"' in html  # compared: saving again is allowed
    assert "Opnieuw opslaan" in text
    response = post_cell(client, setup, setup.events, "2019-K1", "5", expected="7")
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") == 5


def test_storing_what_a_colleague_stored_is_no_conflict(client, setup):
    record(setup.events, "2019-K1", 5)
    response = post_cell(as_manager(client, setup), setup, setup.events, "2019-K1", "5")
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") == 5


def test_an_unknown_cell_is_a_bad_request(client, setup):
    response = as_manager(client, setup).post(
        cell_url(setup.plan), {"cell": f"{setup.line_matches.pk}-1--"}, **HTMX
    )
    assert response.status_code == 400


# Closed periods and corrections


def close(setup, code):
    return programme_services.period_close(period=period(setup.plan, code), actor=setup.manager)


def test_a_closed_period_asks_a_reason_and_keeps_a_correction(client, setup):
    record(setup.events, "2019-K1", 4)
    close(setup, "2019-K1")
    as_manager(client, setup)
    cell = key(setup.events, "2019-K1")

    response = post_cell(client, setup, setup.events, "2019-K1", "6", expected="4")
    assert response.status_code == 422
    text = element_text(response, f"td-{cell}")
    assert "Periode 2019-K1 is afgesloten: geef een reden voor deze correctie." in text
    html = response.content.decode()
    assert f'<label for="r-{cell}">Reden van de correctie</label>' in html
    assert f'name="r-{cell}"' in html and "autofocus" in html
    assert "Correctie opslaan" in text
    assert stored(setup.events, "2019-K1") == 4
    assert not Correction.objects.filter(realisation__target__plan=setup.plan).exists()

    response = post_cell(
        client, setup, setup.events, "2019-K1", "6", expected="4", reason="Nagekomen lijst UWV"
    )
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") == 6
    correction = Correction.objects.get(realisation__target__plan=setup.plan)
    assert (correction.old_count, correction.new_count) == (4, 6)
    assert (correction.reason, correction.corrected_by) == ("Nagekomen lijst UWV", setup.manager)

    page = client.get(grid_url(setup.plan))
    corrections = element_text(page, "corrections")
    assert "Correcties" in corrections
    assert "programmamanager-test" in corrections
    assert "Matches, Organiseren evenementen 2019-K1" in corrections
    assert "4 6 Nagekomen lijst UWV" in corrections
    today = correction.corrected_at.astimezone().strftime("%d-%m-%Y")
    assert today in corrections
    header = element_text(page, f"p-{period(setup.plan, '2019-K1').pk}")
    assert f"afgesloten op {today} door programmamanager-test" in header


def test_a_closed_cell_is_described_as_closed(client, setup):
    close(setup, "2019-K1")
    page = as_manager(client, setup).get(grid_url(setup.plan)).content.decode()
    closed_id = f"closed-{period(setup.plan, '2019-K1').pk}"
    assert f'aria-describedby="{closed_id}"' in page
    assert 'Periode afsluiten<span class="visually-hidden"> 2019-K2' in page
    assert 'Periode afsluiten<span class="visually-hidden"> 2019-K1' not in page


# The whole grid as one form (no JavaScript)


def test_the_grid_form_saves_every_changed_cell(client, setup):
    record(setup.events, "2019-K1", 4)
    as_manager(client, setup)
    fields = form_fields(client.get(grid_url(setup.plan)))
    fields[f"c-{key(setup.events, '2019-K1')}"] = "9"
    fields[f"c-{key(setup.events, '2019-K2')}"] = "3"
    fields[f"c-{key(setup.banen, '2019-K1', sector='overheid')}"] = "2"
    response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 302
    assert response["Location"] == grid_url(setup.plan)
    assert stored(setup.events, "2019-K1") == 9
    assert stored(setup.events, "2019-K2") == 3
    assert stored(setup.banen, "2019-K1", sector="overheid") == 2
    assert Realisation.objects.filter(target__plan=setup.plan).count() == 3
    page = client.get(grid_url(setup.plan))
    assert "3 realisatie(s) opgeslagen." in text_of(page)
    assert element_text(page, f"rt-{setup.events.pk}--") == "12"


def test_the_grid_form_saves_nothing_when_one_cell_is_wrong(client, setup):
    as_manager(client, setup)
    fields = form_fields(client.get(grid_url(setup.plan)))
    fields[f"c-{key(setup.events, '2019-K1')}"] = "9"
    fields[f"c-{key(setup.events, '2019-K2')}"] = "-1"
    response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 422
    assert not Realisation.objects.filter(target__plan=setup.plan).exists()
    summary = element_text(response, "form-errors")
    assert "Er is niets opgeslagen" in summary
    assert (
        "Matches, Organiseren evenementen, 2019-K2: Een aantal kan niet negatief zijn." in summary
    )
    # What was typed stays in the form.
    fields_after = form_fields(response)
    assert fields_after[f"c-{key(setup.events, '2019-K1')}"] == "9"
    assert fields_after[f"c-{key(setup.events, '2019-K2')}"] == "-1"


def test_the_grid_form_saves_nothing_on_a_concurrent_edit(client, setup):
    as_manager(client, setup)
    fields = form_fields(client.get(grid_url(setup.plan)))
    record(setup.events, "2019-K2", 7)  # a colleague, after the page was loaded
    fields[f"c-{key(setup.events, '2019-K1')}"] = "9"
    fields[f"c-{key(setup.events, '2019-K2')}"] = "5"
    response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 422
    assert stored(setup.events, "2019-K1") is None
    assert stored(setup.events, "2019-K2") == 7
    assert "Iemand anders heeft deze waarde intussen gewijzigd naar 7." in text_of(response)
    # After comparing, posting again saves both.
    response = client.post(grid_url(setup.plan), form_fields(response))
    assert response.status_code == 302
    assert (stored(setup.events, "2019-K1"), stored(setup.events, "2019-K2")) == (9, 5)


def test_the_grid_form_corrects_a_closed_period_with_the_reason_given(client, setup):
    record(setup.events, "2019-K1", 4)
    close(setup, "2019-K1")
    as_manager(client, setup)
    fields = form_fields(client.get(grid_url(setup.plan)))
    fields[f"c-{key(setup.events, '2019-K1')}"] = "8"
    response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 422
    assert "Periode 2019-K1 is afgesloten: geef een reden" in text_of(response)
    assert stored(setup.events, "2019-K1") == 4

    fields = form_fields(response)
    fields["reason"] = "Herberekening gemeente"
    response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 302
    assert stored(setup.events, "2019-K1") == 8
    correction = Correction.objects.get(realisation__target__plan=setup.plan)
    assert (correction.old_count, correction.new_count, correction.reason) == (
        4,
        8,
        "Herberekening gemeente",
    )


def test_a_plain_post_to_the_cell_address_saves_like_the_grid_form(client, setup):
    as_manager(client, setup)
    cell = key(setup.events, "2019-K1")
    response = client.post(cell_url(setup.plan), {"cell": cell, f"c-{cell}": "4", f"e-{cell}": ""})
    assert response.status_code == 302
    assert stored(setup.events, "2019-K1") == 4


# Closing a period


def test_closing_a_period(client, setup):
    as_manager(client, setup)
    k1 = period(setup.plan, "2019-K1")
    close_url = reverse(
        "placements:period-close", kwargs={"plan_pk": setup.plan.pk, "period_pk": k1.pk}
    )
    grid = client.get(grid_url(setup.plan)).content.decode()
    assert f'href="{close_url}"' in grid
    confirm = client.get(close_url)
    assert confirm.status_code == 200
    assert "Periode 2019-K1 afsluiten" in text_of(confirm)
    assert "vraagt een reden" in text_of(confirm)
    response = client.post(close_url)
    assert response.status_code == 302
    k1.refresh_from_db()
    assert k1.is_closed and k1.closed_by == setup.manager
    page = client.get(grid_url(setup.plan))
    assert "Periode 2019-K1 is afgesloten." in text_of(page)
    assert "afgesloten op" in element_text(page, f"p-{k1.pk}")
    # Closing again changes nothing.
    closed_at = k1.closed_at
    client.post(close_url)
    k1.refresh_from_db()
    assert k1.closed_at == closed_at


def test_a_period_of_another_plan_cannot_be_closed_here(client, setup, world):
    other_plan = make_plan(world, title="Ander plan")
    other_period = period(other_plan, "2019-K1")
    response = as_manager(client, setup).post(
        reverse(
            "placements:period-close",
            kwargs={"plan_pk": setup.plan.pk, "period_pk": other_period.pk},
        )
    )
    assert response.status_code == 404
    other_period.refresh_from_db()
    assert not other_period.is_closed


# Permissions: programme manager (and beheerder) of the region, no one else.

REFUSED = ["werkkamerlid", "secretaris", "other_manager"]


def write_requests(setup):
    """(name, method, url, data, headers) of every way to write through the grid."""
    cell = key(setup.events, "2019-K1")
    k1 = period(setup.plan, "2019-K1")
    data = {"cell": cell, f"c-{cell}": "5", f"e-{cell}": ""}
    return [
        ("grid page", "get", grid_url(setup.plan), None, {}),
        ("grid form", "post", grid_url(setup.plan), data, {}),
        ("cell", "post", cell_url(setup.plan), data, HTMX),
        (
            "close period",
            "post",
            reverse(
                "placements:period-close",
                kwargs={"plan_pk": setup.plan.pk, "period_pk": k1.pk},
            ),
            {},
            {},
        ),
    ]


def nothing_changed(setup):
    return (
        not Realisation.objects.filter(target__plan=setup.plan).exists()
        and not setup.plan.periods.filter(closed_at__isnull=False).exists()
    )


@pytest.mark.parametrize("username", ["programmamanager", "beheerder"])
def test_the_programme_manager_and_beheerder_may_record(client, setup, username):
    client.force_login(setup.world.users[username])
    for name, method, url, data, headers in write_requests(setup):
        response = getattr(client, method)(url, data or {}, **headers)
        assert response.status_code in {200, 302}, name
    assert stored(setup.events, "2019-K1") == 5
    assert period(setup.plan, "2019-K1").is_closed


@pytest.mark.parametrize("username", REFUSED)
def test_others_may_not_record(client, setup, username):
    client.force_login(setup.world.users[username])
    for name, method, url, data, headers in write_requests(setup):
        response = getattr(client, method)(url, data or {}, **headers)
        assert response.status_code == 403, name
    assert nothing_changed(setup)


def test_anonymous_is_sent_to_login(client, setup):
    for name, method, url, data, headers in write_requests(setup):
        response = getattr(client, method)(url, data or {}, **headers)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    assert nothing_changed(setup)


def test_a_closed_plan_refuses_recording(client, setup):
    set_status(setup.plan, ActionPlan.Status.AFGESLOTEN)
    as_manager(client, setup)
    for name, method, url, data, headers in write_requests(setup):
        response = getattr(client, method)(url, data or {}, **headers)
        assert response.status_code == 403, name
    assert nothing_changed(setup)


def test_an_adopted_plan_accepts_realisations(client, setup):
    set_status(setup.plan, ActionPlan.Status.VASTGESTELD)
    response = post_cell(as_manager(client, setup), setup, setup.events, "2019-K1", "5")
    assert response.status_code == 200
    assert stored(setup.events, "2019-K1") == 5


def test_the_plan_page_links_to_the_grid_only_for_who_may_record(client, setup):
    plan_url = reverse("programmes:plan-detail", kwargs={"pk": setup.plan.pk})
    client.force_login(setup.manager)
    page = client.get(plan_url).content.decode()
    assert f'href="{grid_url(setup.plan)}"' in page
    assert "Voortgang" in page
    client.force_login(setup.world.users["werkkamerlid"])
    page = client.get(plan_url).content.decode()
    assert f'href="{grid_url(setup.plan)}"' not in page
    assert f'href="{reverse("placements:progress", kwargs={"plan_pk": setup.plan.pk})}"' in page


# Queries: a fixed number, whatever the number of targets, periods and realisations.

# Measured: session, user, plan and roles (4), the grid (6) and the corrections (1).
GRID_MAX = 11
# Measured: the grid read before and after the save (2 × 6), the save itself with its
# validation, history row and savepoints, and session, user, plan and roles.
CELL_MAX = 30


def grow(setup, projects=5):
    """More periods (the plan runs a year longer), targets and realisations."""
    plan = setup.plan
    ActionPlan.objects.filter(pk=plan.pk).update(end_date=date(2021, 12, 31))
    plan.refresh_from_db()
    programme_services.periods_sync(plan=plan)
    for number in range(projects):
        project = Project.objects.create(
            line=setup.line, position=10 + number, title=f"Extra {number}"
        )
        extra = target(plan, setup.world.matches, 10, project=project)
        for code in ("2019-K1", "2019-K2", "2020-K1", "2021-K4"):
            record(extra, code, number + 1)
            record(extra, code, 2, source="UWV")
        record(setup.banen, "2020-K4", number, sector="markt")
        record(setup.deelnemers, "2020-K4", number, target_group="wajong")
    programme_services.period_close(period=period(plan, "2019-K1"), actor=setup.manager)
    record(extra, "2019-K1", 9, reason="correctie")


def test_grid_query_count_does_not_grow(client, setup, django_assert_max_num_queries):
    as_manager(client, setup)
    record(setup.events, "2019-K1", 1)
    client.get(grid_url(setup.plan))
    with django_assert_max_num_queries(GRID_MAX) as before:
        assert client.get(grid_url(setup.plan)).status_code == 200
    grow(setup)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(grid_url(setup.plan))
    assert "Matches, Extra 4, 2021-K4" in text_of(response)
    assert "correctie" in element_text(response, "corrections")


def test_saving_a_cell_runs_a_fixed_number_of_queries(client, setup, django_assert_max_num_queries):
    as_manager(client, setup)
    post_cell(client, setup, setup.events, "2019-K1", "1")
    with django_assert_max_num_queries(CELL_MAX) as before:
        post_cell(client, setup, setup.events, "2019-K2", "1")
    grow(setup)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = post_cell(client, setup, setup.events, "2019-K3", "1")
    assert response.status_code == 200


def test_every_cell_posts_to_the_grids_one_url_and_swaps_its_own_cell(client, setup):
    """What the htmx save needs is on each cell or inherited from its tbody: the grid's one
    cell URL, the cell's key, and the closest td as what the answer replaces."""
    page = as_manager(client, setup).get(grid_url(setup.plan)).content.decode()
    inputs = re.findall(r'<input type="text" inputmode="numeric"[^>]*>', page)
    offered = [cell for row in grid_for(plan=setup.plan).rows for cell in row.cells]
    assert len(inputs) == sum(cell.in_target_period for cell in offered) > 0
    for markup in inputs:
        key_in_name = re.search(r'name="c-([^"]+)"', markup).group(1)
        assert f'data-hx-post="{cell_url(setup.plan)}"' in markup
        assert f'data-hx-vals=\'{{"cell": "{key_in_name}"}}\'' in markup
    for tbody in re.findall(r"<tbody [^>]*>", page):
        assert 'data-hx-target="closest td"' in tbody and 'data-hx-swap="outerHTML"' in tbody
    # The answer to a save is that cell again, ready to be saved once more.
    answer = post_cell(client, setup, setup.events, "2019-K1", "7").content.decode()
    assert answer.startswith(f'<td id="td-{key(setup.events, "2019-K1")}"')
    assert f'data-hx-post="{cell_url(setup.plan)}"' in answer and 'value="7"' in answer
