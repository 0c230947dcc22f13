"""The language switch in the header: English and back to Dutch."""

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.usefixtures("translations")


def h1(page, name):
    return page.get_by_role("heading", name=name, level=1, exact=True)


def switch_to_english(page, demo_site):
    login(page, demo_site, "werkkamerlid-haaglanden")
    page.goto(f"{demo_site}/plannen/")
    expect(h1(page, "Actieplannen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="English", exact=True).click()
    expect(h1(page, "Action plans")).to_be_visible()


def test_header_button_switches_to_english_and_back(page, demo_site):
    switch_to_english(page, demo_site)
    # The same page, now in English: content, menu, title and the switch itself.
    expect(page).to_have_url(f"{demo_site}/plannen/")
    expect(page).to_have_title("Action plans – Werkregio")
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Nederlands", exact=True)).to_have_attribute(
        "lang", "nl"
    )

    # The choice sticks on the next page …
    nav.get_by_role("link", name="Overview", exact=True).click()
    expect(h1(page, "Overview")).to_be_visible()

    # … and switching back works the same way.
    page.get_by_role("button", name="Nederlands", exact=True).click()
    expect(h1(page, "Overzicht")).to_be_visible()
    expect(page).to_have_title("Overzicht – Werkregio")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_english_page_after_reload_is_marked_english(page, demo_site):
    """A page loaded in full while English is chosen says so (WCAG 3.1.1)."""
    switch_to_english(page, demo_site)
    page.reload()
    expect(h1(page, "Action plans")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_page_language_follows_the_switch(page, demo_site):
    switch_to_english(page, demo_site)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=2_000)
