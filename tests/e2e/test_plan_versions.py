"""A new version in a real browser: the programme manager of Midden-Gelderland makes version 2
of the adopted plan, changes a target, puts it up for discussion and adopts it; the region
dashboard then shows version 2, still with the 376 matches recorded on version 1."""

import re

import pytest
from playwright.sync_api import expect

from programmes.models import ActionPlan

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"


def h1(page, name):
    return page.get_by_role("heading", name=name, level=1, exact=True)


def change_status(page, button, status):
    page.get_by_role("button", name=button, exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text=f"Status gewijzigd in: {status}.")
    ).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(status)


def test_version_2_keeps_the_matches_on_the_dashboard(page, fresh_demo_site):
    v1 = ActionPlan.objects.get(title=TITLE, status=ActionPlan.Status.VASTGESTELD)
    login(page, fresh_demo_site, "programmamanager-midden-gelderland")
    page.goto(f"{fresh_demo_site}/regios/midden-gelderland/dashboard/")
    # Targets the demo has no counts for (people in view, say) say so; no more than those.
    without_counts = page.locator(f"#plan-{v1.pk}").get_by_text("geen gegevens").count()
    page.goto(f"{fresh_demo_site}{v1.get_absolute_url()}")
    page.get_by_role("button", name="Nieuwe versie maken", exact=True).click()
    expect(page.get_by_text("Versie 2 is aangemaakt als concept.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("concept")
    v2 = ActionPlan.objects.get(previous_version=v1)
    assert page.url.split("#")[0].endswith(v2.get_absolute_url())

    # Change a target: the events project's 50 matches become 60.
    page.get_by_text("Doelstellingen bewerken", exact=True).click()
    page.get_by_role("link", name="Organiseren evenementen: 50 Matches", exact=True).click()
    page.get_by_role("textbox", name="Doel", exact=True).fill("60")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()

    change_status(page, "Ter bespreking aanbieden", "ter bespreking")
    change_status(page, "Vaststellen", "vastgesteld")

    # The comparison shows the changed target with what it realised, in both versions.
    page.get_by_role("link", name="Vergelijk met versie 1", exact=True).click()
    row = page.locator("#target-versions tr", has_text="Organiseren evenementen")
    expect(row.locator("td")).to_have_text(
        [
            re.compile("Organiseren evenementen"),
            "Matches",
            "50",
            re.compile(r"\d"),
            "60",
            re.compile(r"\d"),
            "gewijzigd",
        ]
    )

    page.goto(f"{fresh_demo_site}/regios/midden-gelderland/dashboard/")
    expect(page.locator(f"#plan-{v1.pk}")).to_have_count(0)
    figures = page.locator(f"#plan-{v2.pk}-figures")
    matches = figures.locator("tr", has=page.get_by_role("rowheader", name="Matches", exact=True))
    expect(matches.locator("td").nth(0)).to_have_text("415")
    expect(matches.locator("td").nth(1)).to_have_text("376")
    expect(page.locator(f"#plan-{v2.pk}").get_by_text("geen gegevens")).to_have_count(
        without_counts
    )
