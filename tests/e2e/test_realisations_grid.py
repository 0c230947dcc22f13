"""The entry grid in a real browser: a programme manager types a count (fill + Tab), sees the
totals change without a reload, and finds the value stored after reloading; a closed
period's cell asks for a reason with the keyboard; the grid and progress pages pass axe."""

from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from placements.models import Correction, Realisation
from programmes import services as programme_services
from programmes.models import ActionPlan, Prognosis
from tests.factories import PASSWORD  # of grid_helpers.make_world's users
from tests.placements.grid_helpers import (
    grid_url,
    make_plan,
    make_world,
    period,
    progress_url,
    record,
    set_status,
    target,
)

from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, check_styles_loaded, describe

MANAGER = "programmamanager-test"


@pytest.fixture
def site(live_server, transactional_db):
    """An adopted plan 2019–2020 per quarter: matches on two projects (the second from July
    2019), jobs per sector, participants per target group, an import from UWV."""
    world = make_world()
    plan = make_plan(world)
    line = plan.lines.get()
    events_project, jobhunting_project = line.projects.order_by("position")
    events = target(plan, world.matches, 60, project=events_project)
    jobhunting = target(plan, world.matches, 40, project=jobhunting_project, start=date(2019, 7, 1))
    banen = target(plan, world.banen, 50)
    target(plan, world.deelnemers, 30, line=line)
    Prognosis.objects.create(
        target=events,
        label="2019",
        start_date=date(2019, 1, 1),
        end_date=date(2019, 12, 31),
        value=25,
    )
    record(events, "2019-K2", 12, source="UWV")
    record(jobhunting, "2019-K3", 3)
    record(banen, "2019-K1", 4, sector="markt")
    set_status(plan, ActionPlan.Status.VASTGESTELD)
    return SimpleNamespace(
        url=live_server.url, world=world, plan=plan, events=events, jobhunting=jobhunting
    )


def cell(page, label):
    return page.get_by_role("textbox", name=label, exact=True)


def test_a_count_typed_in_the_grid_is_saved_and_the_totals_follow(page, site):
    login(page, site.url, MANAGER, password=PASSWORD)
    page.goto(site.url + grid_url(site.plan))
    expect(page.get_by_role("heading", name="Realisaties invoeren", level=1)).to_be_visible()
    row_total = page.locator(f"#rt-{site.events.pk}--")
    matches_total = page.locator(f"#it-{site.world.matches.pk}")
    k1_total = page.locator(f"#ct-{site.world.matches.pk}-{period(site.plan, '2019-K1').pk}")
    expect(row_total).to_have_text("12")  # the UWV import
    expect(matches_total).to_have_text("15")
    expect(
        page.locator(f"#td-{site.events.pk}-{period(site.plan, '2019-K2').pk}--")
    ).to_contain_text("+12 UWV")

    first = cell(page, "Matches, Organiseren evenementen, 2019-K1")
    first.fill("5")
    first.press("Tab")
    # Saved in place: the totals change without a reload, and focus moved on to the next cell.
    expect(row_total).to_have_text("17")
    expect(k1_total).to_have_text("5")
    expect(matches_total).to_have_text("20")
    expect(cell(page, "Matches, Organiseren evenementen, 2019-K2")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="2019-K1: opgeslagen")).to_have_count(1)

    page.keyboard.type("1.400")
    page.keyboard.press("Tab")
    expect(row_total).to_have_text("1.417")

    # A wrong value is explained in the cell and not saved.
    third = cell(page, "Matches, Organiseren evenementen, 2019-K3")
    third.fill("-2")
    third.press("Tab")
    expect(
        page.locator(f"#td-{site.events.pk}-{period(site.plan, '2019-K3').pk}--")
    ).to_contain_text("Een aantal kan niet negatief zijn.")
    expect(row_total).to_have_text("1.417")

    page.reload()
    expect(cell(page, "Matches, Organiseren evenementen, 2019-K1")).to_have_value("5")
    expect(cell(page, "Matches, Organiseren evenementen, 2019-K2")).to_have_value("1400")
    expect(cell(page, "Matches, Organiseren evenementen, 2019-K3")).to_have_value("")
    expect(row_total).to_have_text("1.417")
    assert Realisation.objects.get(target=site.events, period__code="2019-K1").count == 5


def test_a_closed_period_asks_a_reason_with_the_keyboard(page, site):
    login(page, site.url, MANAGER, password=PASSWORD)
    page.goto(site.url + grid_url(site.plan))
    page.get_by_role("link", name="Periode afsluiten 2019-K3", exact=True).click()
    expect(page.get_by_role("heading", name="Periode 2019-K3 afsluiten", level=1)).to_be_visible()
    page.get_by_role("button", name="Periode 2019-K3 afsluiten", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="Periode 2019-K3 is afgesloten.")
    ).to_be_visible()
    expect(page.locator(f"#p-{period(site.plan, '2019-K3').pk}")).to_contain_text("afgesloten op")

    closed = cell(page, "Matches, Jobhunting, 2019-K3")
    expect(closed).to_have_value("3")
    closed.fill("4")
    closed.press("Tab")
    reason = page.get_by_role("textbox", name="Reden van de correctie", exact=True)
    expect(reason).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Periode 2019-K3 is afgesloten")
    page.keyboard.type("Nagekomen plaatsing")
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("button", name="Correctie opslaan Matches, Jobhunting, 2019-K3")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Reden van de correctie", exact=True)).to_have_count(0)
    expect(closed).to_have_value("4")
    correction = Correction.objects.get()
    assert (correction.old_count, correction.new_count, correction.reason) == (
        3,
        4,
        "Nagekomen plaatsing",
    )
    page.reload()
    expect(page.locator("#corrections")).to_contain_text("Nagekomen plaatsing")


def test_grid_and_progress_pages_are_accessible(page, site):
    programme_services.period_close(
        period=period(site.plan, "2019-K1"), actor=site.world.users["programmamanager"]
    )
    record(site.jobhunting, "2019-K3", 5)
    record(site.events, "2019-K1", 7, reason="Herstel", actor=site.world.users["programmamanager"])
    login(page, site.url, MANAGER, password=PASSWORD)
    check_styles_loaded(page)
    problems = []
    for name, url in [
        ("grid", grid_url(site.plan)),
        ("progress", progress_url(site.plan)),
        (
            "period close",
            f"{grid_url(site.plan)}perioden/{period(site.plan, '2019-K2').pk}/afsluiten/",
        ),
        ("target revision", f"{progress_url(site.plan)}doelen/{site.events.pk}/herzien/"),
    ]:
        response = page.goto(site.url + url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"[{name}] " + describe(blocking, url))

    # The grid with a cell error and a closed-period reason field open.
    page.goto(site.url + grid_url(site.plan))
    wrong = cell(page, "Matches, Organiseren evenementen, 2019-K2")
    wrong.fill("abc")
    wrong.press("Tab")
    expect(page.get_by_text("“abc” is geen aantal")).to_be_visible()
    closed = cell(page, "Matches, Organiseren evenementen, 2019-K1")
    closed.fill("8")
    closed.press("Tab")
    expect(page.get_by_role("textbox", name="Reden van de correctie", exact=True)).to_be_visible()
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append("[grid with errors] " + describe(blocking, page.url))

    # The progress page with a revision form open.
    page.goto(site.url + progress_url(site.plan))
    page.get_by_text("Doel herzien Matches, Organiseren evenementen").click()
    expect(page.locator(f"#id_target{site.events.pk}_value")).to_be_visible()
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append("[progress with revision form] " + describe(blocking, page.url))
    assert not problems, "\n\n".join(problems)
