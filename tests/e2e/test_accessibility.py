"""WCAG 2.1 A/AA checks with axe-core on the main pages, and keyboard use of the login page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from playwright.sync_api import expect

from budgets import services as budget_services
from budgets.models import BudgetLine, Expenditure
from programmes.models import ActionPlan, Target
from regions.models import ActionItem, Meeting, Proposal
from tests.regions.governance_factories import (
    MeetingFactory,
    ProposalFactory,
    agenda_item,
    decision,
    region_plan,
)

from .conftest import login

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
MANAGER = "programmamanager-midden-gelderland"


def axe_violations(page):
    """Run axe-core on the current page; the violations of the WCAG 2.0/2.1 A and AA rules."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make static` (it copies axe-core from npm).")
    if page.url.startswith("http"):
        # From the site's static files, as a <script src>: the site's Content-Security-Policy
        # refuses an inline script, which add_script_tag(path=…) inserts (decision 0020).
        page.add_script_tag(url=static("vendor/axe.min.js"))
    else:  # a page set with set_content (no site, no policy)
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: tags, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def describe(violations, url):
    lines = [f"axe found {len(violations)} serious/critical WCAG violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.append(f"    at {target}" + (f": {summary[-1].strip()}" if summary else ""))
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        print(describe(blocking, page.url))
    assert not blocking, describe(blocking, page.url)


@pytest.fixture
def midden_gelderland(fresh_demo_site):
    """The adopted Midden-Gelderland demo plan and a new (concept, editable) version of it,
    made the way the "Nieuwe versie maken" button makes it, so edit controls are shown."""
    adopted = ActionPlan.objects.get(title=MIDDEN_GELDERLAND, version=1)
    manager = adopted.region.role_assignments.get(user__username=MANAGER).user
    concept = budget_services.plan_new_version_with_budget(plan=adopted, actor=manager)
    return adopted, concept


def _pages(adopted, concept):
    """(name, address) of the pages checked as the region's programme manager."""
    target = Target.objects.filter(plan=concept).order_by("pk").first()
    budget_line = BudgetLine.objects.filter(plan=concept).order_by("pk").first()
    return [
        ("home", "/"),
        ("plan list", "/plannen/"),
        ("plan detail (adopted, read-only)", f"/plannen/{adopted.pk}/"),
        ("plan detail (concept, with edit controls)", f"/plannen/{concept.pk}/"),
        ("plan edit form", f"/plannen/{concept.pk}/bewerken/"),
        ("new plan form", "/plannen/nieuw/"),
        ("target form (new)", f"/plannen/{concept.pk}/doelen/nieuw/"),
        ("target form (edit, with prognoses)", f"/plannen/{concept.pk}/doelen/{target.pk}/"),
        ("budget line form (new)", f"/plannen/{concept.pk}/begroting/nieuw/"),
        ("funding form (new)", f"/plannen/{concept.pk}/financiering/nieuw/"),
        ("staff cost form (new)", f"/plannen/{concept.pk}/personeel/nieuw/"),
        ("line form (new)", f"/plannen/{concept.pk}/lijnen/nieuw/"),
        ("project form (new)", f"/plannen/{concept.pk}/projecten/nieuw/"),
        ("activity form (new)", f"/plannen/{concept.pk}/activiteiten/nieuw/"),
        ("risk form (new)", f"/plannen/{concept.pk}/risicos/nieuw/"),
        ("delete confirmation", f"/plannen/{concept.pk}/doelen/{target.pk}/verwijderen/"),
        ("budget line form (edit)", f"/plannen/{concept.pk}/begroting/{budget_line.pk}/"),
        ("history", f"/plannen/{adopted.pk}/historie/"),
        ("version comparison", f"/plannen/{concept.pk}/vergelijken/"),
        ("region", f"/regios/{adopted.region.slug}/"),
        ("about", "/over/"),
    ]


def check_styles_loaded(page):
    """Contrast checks mean nothing without the CSS: every stylesheet must have loaded."""
    sheets = page.evaluate(
        """() => Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(link => {
               let rules = 0;
               try { rules = link.sheet ? link.sheet.cssRules.length : 0; } catch (e) {}
               return [link.href, rules];
           })"""
    )
    empty = [href for href, rules in sheets if not rules]
    assert sheets and not empty, f"stylesheets not served: {empty}"


def test_login_page_is_accessible(page, demo_site):
    page.goto(f"{demo_site}/inloggen/")
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    check_styles_loaded(page)
    assert_accessible(page)
    # And with the error shown after a failed attempt.
    page.get_by_label("Gebruikersnaam").fill(MANAGER)
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_main_pages_are_accessible(page, midden_gelderland, fresh_demo_site):
    """All pages in one browser session (one login, one demo load) to keep this quick; every
    page is checked before the test fails, and the report names each page's violations."""
    login(page, fresh_demo_site, MANAGER)
    check_styles_loaded(page)
    problems = []
    for name, url in _pages(*midden_gelderland):
        response = page.goto(f"{fresh_demo_site}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if name == "plan detail (concept, with edit controls)":
            expect(page.get_by_role("link", name="Plan bewerken", exact=True)).to_be_visible()
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"[{name}] " + describe(blocking, url))

    # A form sent back with errors (the error summary and the invalid fields).
    concept = midden_gelderland[1]
    page.goto(f"{fresh_demo_site}/plannen/{concept.pk}/begroting/nieuw/")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Het formulier is nog niet in orde")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append("[budget line form with errors] " + describe(blocking, page.url))

    # The 403 page.
    page.goto(f"{fresh_demo_site}/plannen/{midden_gelderland[0].pk}/bewerken/")
    expect(page.get_by_role("heading", name="Geen toegang", level=1)).to_be_visible()
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append("[403 page] " + describe(blocking, page.url))

    if problems:
        print("\n\n".join(problems))
    assert not problems, "\n\n".join(problems)


def test_secretaris_pages_are_accessible(page, demo_site):
    """The region page with proposals and meetings, the proposal list and page (with its
    cost-line form), the partner organisations, the Werkkamer's page with its members and seats,
    and the forms, as the secretaris (the page with proposed dates: test_governance)."""
    login(page, demo_site, "secretaris-gooi-en-vechtstreek")
    problems = []
    proposal = Proposal.objects.get(reference="17.0001962")
    meeting = Meeting.objects.filter(body=proposal.body).order_by("date").first()
    body = proposal.body
    for name, url in [
        ("region with proposals", "/regios/gooi-en-vechtstreek/"),
        ("meeting form", "/regios/gooi-en-vechtstreek/vergaderingen/nieuw/"),
        ("meeting list", "/regios/gooi-en-vechtstreek/vergaderingen/"),
        ("meeting page", f"/regios/gooi-en-vechtstreek/vergaderingen/{meeting.pk}/"),
        (
            "agenda item form",
            f"/regios/gooi-en-vechtstreek/vergaderingen/{meeting.pk}/agenda/nieuw/",
        ),
        (
            "decision form",
            f"/regios/gooi-en-vechtstreek/vergaderingen/{meeting.pk}/besluiten/nieuw/",
        ),
        ("dashboard with action items", "/regios/gooi-en-vechtstreek/dashboard/"),
        ("proposal list", "/regios/gooi-en-vechtstreek/voorstellen/"),
        ("proposal page", f"/regios/gooi-en-vechtstreek/voorstellen/{proposal.pk}/"),
        ("proposal form", f"/regios/gooi-en-vechtstreek/voorstellen/{proposal.pk}/bewerken/"),
        ("partner organisations", "/regios/gooi-en-vechtstreek/organisaties/"),
        ("body page", f"/regios/gooi-en-vechtstreek/organen/{body.pk}/"),
        ("body form", f"/regios/gooi-en-vechtstreek/organen/{body.pk}/bewerken/"),
        ("member form", f"/regios/gooi-en-vechtstreek/organen/{body.pk}/leden/nieuw/"),
        ("seats form", f"/regios/gooi-en-vechtstreek/organen/{body.pk}/zetels/"),
    ]:
        response = page.goto(f"{demo_site}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"[{name}] " + describe(blocking, url))
    assert not problems, "\n\n".join(problems)


def test_money_pages_are_accessible(page, demo_site):
    """The RMT's money pages with the demo's spending (approved, awaiting, rejected): as the
    programmamanager who records and imports, and as the penningmeester who decides (the
    monthly overview's page is checked in test_spending)."""
    plan = ActionPlan.objects.get(region__slug="zuid-kennemerland-en-ijmond")
    awaiting = Expenditure.objects.filter(budget_line__plan=plan, status="ingediend").first()
    assert awaiting is not None, "the demo has entries awaiting approval"
    money = f"/plannen/{plan.pk}/geld/"
    pages = {
        "programmamanager-zuid-kennemerland-en-ijmond": [
            ("money page (records)", money),
            ("money page, awaiting only", f"{money}?status=ingediend"),
            ("record an expense", f"{money}uitgaven/nieuw/"),
            ("spending import", f"{money}uitgaven/import/"),
            ("budget change request", f"{money}begrotingswijziging/nieuw/"),
        ],
        "penningmeester-zuid-kennemerland-en-ijmond": [
            ("money page (decides)", money),
            ("te beoordelen", "/te-beoordelen/"),
            ("reject an expense", f"{money}uitgaven/{awaiting.pk}/afkeuren/"),
            ("dashboard with spending", "/regios/zuid-kennemerland-en-ijmond/dashboard/"),
        ],
    }
    problems = []
    for username, urls in pages.items():
        page.context.clear_cookies()
        login(page, demo_site, username)
        for name, url in urls:
            response = page.goto(f"{demo_site}{url}")
            assert response.status == 200, f"{name}: {url} answered {response.status}"
            blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
            if blocking:
                problems.append(f"[{name}] " + describe(blocking, url))
    assert not problems, "\n\n".join(problems)


def _focused(page):
    return page.evaluate(
        "() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null"
    )


def test_login_tab_order_starts_with_the_skip_link(page, demo_site):
    page.goto(f"{demo_site}/inloggen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud", exact=True)
    assert skip.evaluate("el => el === document.activeElement"), (
        f"first Tab focused {_focused(page)}, not the skip link"
    )
    expect(skip).to_be_visible()  # visible on focus
    # Then, past the header, the form in order.
    username = page.get_by_label("Gebruikersnaam")
    for _ in range(15):
        page.keyboard.press("Tab")
        if username.evaluate("el => el === document.activeElement"):
            break
    expect(username).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_focused()


def test_login_with_the_keyboard(page, demo_site):
    """User name, Tab, password, Tab to the button (nothing else in between), Enter."""
    page.goto(f"{demo_site}/inloggen/")
    username = page.get_by_label("Gebruikersnaam")
    if not username.evaluate("el => el === document.activeElement"):
        # Without autofocus: Tab from the top of the page until the field has focus, and
        # nothing else in <main> may come before it.
        for _ in range(15):
            page.keyboard.press("Tab")
            if username.evaluate("el => el === document.activeElement"):
                break
            assert not page.evaluate("() => !!document.activeElement.closest('main')"), (
                f"focus went to {_focused(page)} before the user name field"
            )
    expect(username).to_be_focused()
    page.keyboard.type(MANAGER)
    page.keyboard.press("Tab")
    password = page.get_by_label("Wachtwoord")
    expect(password).to_be_focused()
    page.keyboard.type("demo")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(password).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text(MANAGER, exact=True)).to_be_visible()  # the header shows who


def test_axe_check_finds_a_known_violation(page):
    """The harness itself: a page with an image without alt text must fail the check."""
    page.set_content('<html lang="nl"><body><main><img src="data:,"></main></body></html>')
    violations = axe_violations(page)
    assert any(v["id"] == "image-alt" and v["impact"] in BLOCKING for v in violations)


def test_a_full_meeting_page_is_accessible(page, fresh_demo_site):
    """A meeting with an agenda (proposal, plan version), a decision and an action item, as
    the secretaris sees it (with the edit links and the move and done buttons), and the
    dashboard listing the open action item."""
    proposal = ProposalFactory()
    meeting = MeetingFactory(body=proposal.body)
    agenda_item(meeting, proposal=proposal)
    agenda_item(meeting, plan=region_plan(), title="Actieplan ter bespreking")
    recorded = decision(meeting, proposal=proposal, text="Ingestemd.")
    ActionItem.objects.create(
        decision=recorded, description="Vacature uitzetten", owner_role="programmamanager"
    )
    login(page, fresh_demo_site, "secretaris-gooi-en-vechtstreek")
    problems = []
    for name, url in [
        (
            "meeting page with agenda and decisions",
            f"/regios/gooi-en-vechtstreek/vergaderingen/{meeting.pk}/",
        ),
        ("dashboard with an open action item", "/regios/gooi-en-vechtstreek/dashboard/"),
    ]:
        response = page.goto(f"{fresh_demo_site}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        expect(page.get_by_role("cell", name="Vacature uitzetten", exact=True)).to_be_visible()
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"[{name}] " + describe(blocking, url))
    assert not problems, "\n\n".join(problems)
