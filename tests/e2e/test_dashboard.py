"""The dashboard and the national overview in a real browser: no serious WCAG violations
(axe-core), the charts are drawn at a readable size with their table alternative, and the
overview sorts by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login
from .test_accessibility import assert_accessible

SORT_BY_PERCENTAGE = re.compile(r"^Realisatie\W+sorteren$")


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("werkkamerlid-midden-gelderland", "/regios/midden-gelderland/dashboard/"),
        ("secretaris-haaglanden", "/regios/haaglanden/dashboard/"),
        ("werkkamerlid-gooi-en-vechtstreek", "/regios/gooi-en-vechtstreek/dashboard/"),
        ("werkkamerlid-haaglanden", "/overzicht/"),
        ("werkkamerlid-haaglanden", "/overzicht/banenafspraak/"),
        ("werkkamerlid-haaglanden", "/overzicht/banenafspraak/?sort=-percentage"),
    ],
)
def test_dashboard_and_overview_pass_axe(page, demo_site, username, path):
    login(page, demo_site, username)
    page.goto(f"{demo_site}{path}")
    assert_accessible(page)
    # With the tables behind the charts opened as well.
    for summary in page.locator("details > summary").all():
        summary.click()
    assert_accessible(page)


def test_dashboard_chart_scales_and_has_its_table(page, demo_site):
    login(page, demo_site, "werkkamerlid-midden-gelderland")
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{demo_site}/regios/midden-gelderland/dashboard/")
    chart = page.locator("svg.chart").first
    expect(chart).to_have_attribute("role", "img")
    box = chart.bounding_box()
    assert 300 < box["width"] <= 800  # scaled to the column, not overflowing
    page.get_by_text("Tabel bij de grafiek: Matches per periode").click()
    table = page.locator("table.chart-table").first
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="2020-K4")).to_contain_text("376")
    expect(table.get_by_role("row", name="2020-K4")).to_contain_text("415")


def test_overview_sorts_by_keyboard_and_marks_own_region(page, demo_site):
    login(page, demo_site, "werkkamerlid-haaglanden")
    page.goto(f"{demo_site}/overzicht/banenafspraak/")
    own = page.locator("tr.own-region")
    expect(own).to_contain_text("Haaglanden")
    expect(own).to_contain_text("(uw regio)")
    link = page.get_by_role("link", name=SORT_BY_PERCENTAGE)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=percentage")
    header = page.get_by_role("columnheader", name="Realisatie")
    expect(header).to_have_attribute("aria-sort", "ascending")
    rows = page.locator("table.overview tbody tr")
    expect(rows.first).to_contain_text("Gooi en Vechtstreek")  # 46,0 % before 96,6 %
    page.get_by_role("link", name=SORT_BY_PERCENTAGE).click()
    page.wait_for_url("**sort=-percentage")
    expect(rows.first).to_contain_text("Haaglanden")
