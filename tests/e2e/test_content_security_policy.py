"""The Content-Security-Policy in a real browser (decision 0020): on the dashboard, the plan
page, the grid (a cell saved in place by htmx) and the import page, Chromium reports no
violation and no other error in the console."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.placements.grid_helpers import grid_url

from .conftest import login
from .test_realisations_grid import MANAGER, cell, site  # noqa: F401  (the grid's fixture)


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught page error; a CSP violation is one of them
    ("Refused to execute inline script …"), and so is a securitypolicyviolation event."""
    errors: list[str] = []

    def on_console(message):
        where = message.location.get("url", "")
        # The favicon too: base.html links one (a 404 for it would be an error here).
        if message.type == "error":
            errors.append(f"{message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return errors


def test_the_main_pages_run_without_a_policy_violation(page, site, console_errors):  # noqa: F811
    login(page, site.url, MANAGER, password=PASSWORD)
    plan = site.plan
    pages = {
        "dashboard": reverse("reporting:dashboard", args=[plan.region.slug]),
        "plan page": reverse("programmes:plan-detail", args=[plan.pk]),
        "import page": reverse("placements:import-upload", kwargs={"plan_pk": plan.pk}),
    }
    seen = {}
    for name, url in pages.items():
        response = page.goto(site.url + url)
        assert response.status == 200, name
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        seen[name] = list(console_errors)

    page.goto(site.url + grid_url(plan))
    first = cell(page, "Matches, Organiseren evenementen, 2019-K1")
    first.fill("5")
    first.press("Tab")  # htmx posts the cell and swaps it in place
    expect(page.get_by_role("status").filter(has_text="2019-K1: opgeslagen")).to_have_count(1)
    expect(page.locator(f"#rt-{site.events.pk}--")).to_have_text("17")
    seen["grid"] = list(console_errors)

    assert console_errors == [], seen


def test_the_watcher_sees_a_violation(page, site, console_errors):  # noqa: F811
    """The test above can fail: an inline script added to a page is refused by the policy,
    and the refusal reaches `console_errors`."""
    page.goto(site.url + reverse("login"))
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan") is None
    assert any("CSP violation: script-src" in error for error in console_errors), console_errors
