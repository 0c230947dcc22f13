"""Phones and narrow screens (issue 15, WCAG 2.1 1.4.10 Reflow): at 375 × 812 px every main page
in every role is no wider than the screen; a wide table scrolls inside its own container (a
named, focusable region, the first column fixed) while the page does not; the menu folds
behind a "Menu" button that opens it, and without JavaScript the menu is simply there; the
charts scale to the width. Printed, the dashboard and the plan page show no navigation.

The pages are one list, PAGES: a page added later is one line there."""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect

from budgets import services as budget_services
from programmes.models import ActionPlan
from regions.models import GoverningBody, Meeting, Proposal
from reporting import services as reporting_services

from .conftest import TIMEOUT_MS, login

WIDTH = 375
PHONE = {"width": WIDTH, "height": 812}

MANAGER = "programmamanager-midden-gelderland"
ZK_MANAGER = "programmamanager-zuid-kennemerland-en-ijmond"
GV_MANAGER = "programmamanager-gooi-en-vechtstreek"
TREASURER = "penningmeester-zuid-kennemerland-en-ijmond"
SECRETARY = "secretaris-gooi-en-vechtstreek"
MEMBER = "werkkamerlid-haaglanden"
REGION_ADMIN = "regiobeheerder-midden-gelderland"
BEHEERDER = "beheerder"
ANONYMOUS = None


@dataclass(frozen=True)
class Page:
    """A page to check at 375 px: who looks (None: not signed in), its address (with
    {placeholders} from demo_ids: {mg} is /regios/midden-gelderland) and, if it has one, a
    table wider than the screen (a CSS selector) that must scroll inside its own container."""

    name: str
    user: str | None
    path: str
    wide_table: str | None = None


PAGES = [
    Page("login", ANONYMOUS, "/inloggen/"),
    Page("about", ANONYMOUS, "/over/"),
    Page("password reset", ANONYMOUS, "/wachtwoord-vergeten/"),
    Page("home", MANAGER, "/", wide_table="[aria-labelledby=plans-heading] table"),
    Page("plan list", MANAGER, "/plannen/", wide_table="#plan-table"),
    Page("plan detail", MANAGER, "/plannen/{mg_plan}/", wide_table="#plan-structure"),
    Page("plan history", MANAGER, "/plannen/{mg_plan}/historie/"),
    Page("realisations grid", MANAGER, "/plannen/{mg_plan}/realisaties/", wide_table="#grid"),
    Page("delivery import", MANAGER, "/plannen/{mg_plan}/realisaties/import/"),
    Page("progress", MANAGER, "/plannen/{mg_plan}/voortgang/", wide_table="#line-progress"),
    Page("dashboard", MANAGER, "{mg}/dashboard/", wide_table=".headline"),
    Page("region page", MANAGER, "{mg}/"),
    Page("report list", MANAGER, "{mg}/rapportages/"),
    Page("report deadlines", MANAGER, "{mg}/rapportages/termijnen/"),
    Page("report request", MANAGER, "{mg}/rapportages/aanvragen/"),
    Page("password change", MANAGER, "/wachtwoord/"),
    Page("national overview", MEMBER, "/overzicht/"),
    Page("national overview, one programme", MEMBER, "/overzicht/banenafspraak/"),
    Page("dashboard (Haaglanden)", MEMBER, "{hl}/dashboard/"),
    Page("money page", TREASURER, "/plannen/{zk_plan}/geld/", wide_table="#spending"),
    Page("money page, awaiting", TREASURER, "/plannen/{zk_plan}/geld/?status=ingediend"),
    Page("awaiting decision", TREASURER, "/te-beoordelen/", wide_table="#awaiting-expenditures"),
    Page("dashboard with spending", TREASURER, "{zk}/dashboard/"),
    Page("plan detail (staff costs)", TREASURER, "/plannen/{zk_plan}/", wide_table="#staff-costs"),
    Page("record an expense", ZK_MANAGER, "/plannen/{zk_plan}/geld/uitgaven/nieuw/"),
    Page("spending import", ZK_MANAGER, "/plannen/{zk_plan}/geld/uitgaven/import/"),
    Page("realisations grid (Zuid-Kennemerland)", ZK_MANAGER, "/plannen/{zk_plan}/realisaties/"),
    Page("budget change request", ZK_MANAGER, "/plannen/{zk_plan}/geld/begrotingswijziging/nieuw/"),
    Page("plan edit form", GV_MANAGER, "/plannen/{gv_concept}/bewerken/"),
    Page("target form", GV_MANAGER, "/plannen/{gv_concept}/doelen/nieuw/"),
    Page("budget line form", GV_MANAGER, "/plannen/{gv_concept}/begroting/nieuw/"),
    Page("region with proposals", SECRETARY, "{gv}/", wide_table="#proposals"),
    Page("meetings", SECRETARY, "{gv}/vergaderingen/"),
    Page("meeting", SECRETARY, "{gv}/vergaderingen/{gv_meeting}/"),
    Page("meeting form", SECRETARY, "{gv}/vergaderingen/nieuw/"),
    Page("proposals", SECRETARY, "{gv}/voorstellen/", wide_table="#proposals"),
    Page("proposal", SECRETARY, "{gv}/voorstellen/{gv_proposal}/", wide_table="#cost-lines"),
    Page("proposal form", SECRETARY, "{gv}/voorstellen/{gv_proposal}/bewerken/"),
    Page("decision form", SECRETARY, "{gv}/vergaderingen/{gv_meeting}/besluiten/nieuw/"),
    Page("dashboard with action items", SECRETARY, "{gv}/dashboard/"),
    Page("partner organisations", SECRETARY, "{gv}/organisaties/"),
    Page("governing body", SECRETARY, "{gv}/organen/{gv_body}/", wide_table="#current-members"),
    Page("seats form", SECRETARY, "{gv}/organen/{gv_body}/zetels/"),
    Page("region's api tokens", REGION_ADMIN, "{mg}/api-tokens/"),
    Page("new api token", REGION_ADMIN, "{mg}/api-tokens/nieuw/"),
    Page("region's people", REGION_ADMIN, "{mg}/mensen/"),
    Page("invite a person", REGION_ADMIN, "{mg}/mensen/uitnodigen/"),
    Page("notifications", TREASURER, "/meldingen/"),
    Page("notification settings", TREASURER, "/meldingen/instellingen/"),
    Page("official figures", BEHEERDER, "/officiele-cijfers/", wide_table="#imports"),
    Page("official figures import", BEHEERDER, "/officiele-cijfers/importeren/"),
    Page("national api tokens", BEHEERDER, "/api-tokens/"),
    Page("home (beheerder)", BEHEERDER, "/"),
]  # fmt: skip

USERS = list(dict.fromkeys(page.user for page in PAGES))


def demo_ids() -> dict[str, int | str]:
    """The regions' addresses and the demo objects the addresses in PAGES name."""
    gooi = "gooi-en-vechtstreek"
    return {
        "mg": "/regios/midden-gelderland",
        "zk": "/regios/zuid-kennemerland-en-ijmond",
        "gv": f"/regios/{gooi}",
        "hl": "/regios/haaglanden",
        "mg_plan": ActionPlan.objects.get(region__slug="midden-gelderland", version=1).pk,
        "zk_plan": ActionPlan.objects.get(region__slug="zuid-kennemerland-en-ijmond").pk,
        "gv_concept": ActionPlan.objects.get(region__slug=gooi, status="concept").pk,
        "gv_proposal": Proposal.objects.get(reference="17.0001962").pk,
        "gv_meeting": Meeting.objects.filter(body__region__slug=gooi).order_by("date").first().pk,
        "gv_body": GoverningBody.objects.filter(region__slug=gooi).order_by("pk").first().pk,
    }


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# What the page looks like from the script's side: its width, and each table and its
# scroll container (every table on a page must sit in one: {% table_region %}).
MEASURE = """() => {
  const root = document.documentElement;
  const tables = Array.from(document.querySelectorAll('main table')).map((table) => {
    const box = table.closest('.table-scroll');
    const ids = box && box.getAttribute('aria-labelledby');
    const named = box && (box.getAttribute('aria-label') ||
      (ids && ids.split(' ').map((id) => document.getElementById(id))
        .every((el) => el && el.textContent.trim())));
    return {
      table: table.id || table.className || table.outerHTML.slice(0, 60),
      boxed: !!box,
      region: !!box && box.getAttribute('role') === 'region',
      focusable: !!box && box.tabIndex === 0,
      named: !!named,
    };
  });
  return {width: root.scrollWidth, viewport: root.clientWidth, tables};
}"""


def check_width_and_tables(page, name: str) -> list[str]:
    problems = []
    measured = page.evaluate(MEASURE)
    if measured["width"] > WIDTH:
        problems.append(f"[{name}] the page is {measured['width']} px wide at {WIDTH} px")
    for table in measured["tables"]:
        missing = [key for key in ("boxed", "region", "focusable", "named") if not table[key]]
        if missing:
            problems.append(f"[{name}] table {table['table']!r} not {', '.join(missing)}")
    return problems


def check_wide_table(page, name: str, selector: str) -> list[str]:
    """The table is wider than its container, the container scrolls (the page does not), and
    its first column stays in view when it does."""
    table = page.locator(selector).first
    if not table.count():
        return [f"[{name}] no table {selector}"]
    box = table.locator("xpath=ancestor::div[contains(@class, 'table-scroll')][1]")
    sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if not sizes[0] > sizes[1]:
        return [f"[{name}] {selector} fits its container ({sizes}): not a wide table here"]
    first = table.locator("tbody tr > :first-child:not([colspan])").first
    before = first.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = 150; }")
    after = first.bounding_box()["x"]
    scrolled = box.evaluate("el => el.scrollLeft")
    box.evaluate("el => { el.scrollLeft = 0; }")
    problems = []
    if not scrolled:
        problems.append(f"[{name}] {selector}'s container does not scroll")
    if abs(after - before) > 1:
        problems.append(f"[{name}] {selector}'s first column moved {before} → {after}")
    if page.evaluate("document.documentElement.scrollWidth") > WIDTH:
        problems.append(f"[{name}] the page scrolls with {selector}")
    return problems


def check_menu(page, name: str) -> list[str]:
    """Folded behind its button; the button opens it and every menu link is then on screen."""
    button = page.get_by_role("button", name="Menu", exact=True)
    links = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    if not button.is_visible():
        return [f"[{name}] no visible Menu button"]
    problems = []
    if links.first.is_visible():
        problems.append(f"[{name}] the menu is open before the button is pressed")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    for link in links.all():
        box = link.bounding_box()
        if not link.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > WIDTH:
            problems.append(f"[{name}] menu link {link.inner_text()!r} not on screen: {box}")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    return problems


@pytest.mark.parametrize("user", USERS, ids=lambda user: user or "anonymous")
def test_every_page_fits_a_phone(phone, demo_site, user):
    """Per role, each of its pages: no wider than 375 px, every table in a named, focusable
    scroll container, the wide table scrolling in it, the menu behind its button."""
    if user:
        login(phone, demo_site, user)
    ids = demo_ids()
    problems = []
    for entry in (page for page in PAGES if page.user == user):
        url = demo_site + entry.path.format(**ids)
        response = phone.goto(url)
        assert response.status == 200, f"{entry.name}: {url} answered {response.status}"
        problems += check_width_and_tables(phone, entry.name)
        if entry.wide_table:
            problems += check_wide_table(phone, entry.name, entry.wide_table)
        problems += check_menu(phone, entry.name)
    assert not problems, "\n".join(problems)


def test_pages_with_made_data_fit_a_phone(phone, fresh_demo_site, worker_queue):
    """The pages the demo has no data for: a report's page (a report asked for here) and the
    comparison of two versions (a new version made as its button makes it)."""
    plan = ActionPlan.objects.get(region__slug="midden-gelderland", version=1)
    manager = plan.region.role_assignments.get(user__username=MANAGER).user
    concept = budget_services.plan_new_version_with_budget(plan=plan, actor=manager)
    report = reporting_services.report_request(
        plan=plan,
        actor=None,
        kind="voortgang",
        start_date=date(2019, 1, 1),
        end_date=date(2019, 12, 31),
    )
    login(phone, fresh_demo_site, MANAGER)
    problems = []
    for name, path in [
        ("report", f"/rapportages/{report.pk}/"),
        ("report list with a report", "/regios/midden-gelderland/rapportages/"),
        ("version comparison", f"/plannen/{concept.pk}/vergelijken/"),
        ("concept plan with edit controls", f"/plannen/{concept.pk}/"),
    ]:
        response = phone.goto(fresh_demo_site + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        problems += check_width_and_tables(phone, name) + check_menu(phone, name)
    assert not problems, "\n".join(problems)


def test_the_menu_by_keyboard(phone, demo_site):
    """Tab to the button, Enter opens the menu, Tab reaches its first link, Escape folds it
    and gives the focus back to the button."""
    login(phone, demo_site, MANAGER)
    button = phone.get_by_role("button", name="Menu", exact=True)
    for _ in range(5):
        phone.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    expect(button).to_be_focused()
    phone.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    phone.keyboard.press("Tab")
    first = phone.get_by_role("navigation", name="Hoofdmenu").get_by_role("link").first
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()
    phone.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(first).to_be_hidden()
    # After a boosted (htmx) page change the new header's button works the same.
    phone.goto(f"{demo_site}/plannen/")
    button.click()
    phone.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Overzicht", exact=True
    ).click()
    expect(phone.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(first).to_be_visible()


def test_without_javascript_the_menu_is_open(browser, demo_site):
    """No script: no button (it would do nothing), the menu shown as a list, the page still
    no wider than the screen."""
    context = browser.new_context(locale="nl-NL", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, demo_site, MANAGER)
        page.goto(f"{demo_site}/regios/midden-gelderland/dashboard/")
        expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
        links = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
        for link in links.all():
            expect(link).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()


def test_charts_scale_to_the_phone(phone, demo_site):
    login(phone, demo_site, MANAGER)
    phone.goto(f"{demo_site}/regios/midden-gelderland/dashboard/")
    charts = phone.locator("svg.chart")
    assert charts.count()
    for chart in charts.all():
        box = chart.bounding_box()
        assert box["width"] > 250 and box["x"] + box["width"] <= WIDTH, box


@pytest.mark.parametrize(
    ("user", "path"),
    [
        (MANAGER, "{mg}/dashboard/"),
        (MANAGER, "/plannen/{mg_plan}/"),
    ],
    ids=["dashboard", "plan page"],
)
def test_printed_without_navigation_buttons_or_scroll_containers(page, demo_site, user, path):
    login(page, demo_site, user)
    page.goto(demo_site + path.format(**demo_ids()))
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("footer.site-footer")).to_be_hidden()
    assert not page.locator("main nav:visible").count()
    assert not page.locator("main button:visible").count()
    expect(page.locator("main table").first).to_be_visible()
    overflow = page.locator(".table-scroll").evaluate_all(
        "boxes => boxes.map(box => getComputedStyle(box).overflowX)"
    )
    assert overflow and set(overflow) == {"visible"}, overflow
    # A link's address is printed after it.
    after = page.evaluate(
        """() => {
          const link = Array.from(document.querySelectorAll('main a[href^="/"]'))
            .find((a) => a.offsetParent !== null && !a.closest('table'));
          return link ? getComputedStyle(link, '::after').content : null;
        }"""
    )
    assert re.search(r"attr\(href\)|/", after), after
    page.emulate_media(media="screen")
    expect(page.locator("header.site-header")).to_be_visible()
