"""The Nu HTML Checker (vnu.jar, from npm's `vnu-jar`) over the main pages in every role, on
the demo data: zero errors (issue 15).

Each page in PAGES is asked for with Django's test client, as each of its users (logged in
with force_login), and the answer is written to a file; then vnu checks all the files in one
run, because the JVM takes seconds to start. The checker reads markup, not the DOM after
scripts ran, so the test client's answer is exactly what it needs: no browser, no live
server, and the demo data rolled back after the test like any other.

An htmx answer that is a fragment (a status part, a grid cell with its totals, a row edited in
place) is checked inside the page it is swapped into, where htmx puts it: its ids must be
unique there too.

A page another part adds is one line in PAGES. Run alone:
    .venv/bin/pytest -n 0 tests/test_html_validity.py
The checker alone over one file: java -jar node_modules/vnu-jar/build/dist/vnu.jar page.html
"""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets import services as budget_services
from budgets.models import BudgetLine, Expenditure
from budgets.services import changes as change_services
from programmes.models import ActionPlan, Target
from regions.models import AgendaItem, Decision, GoverningBody, Meeting, Proposal
from regions.services import tokens as token_services
from reporting import services as reporting_services
from tests.budgets import spending_files
from tests.placements import importfiles

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMX = {"HTTP_HX_REQUEST": "true"}

MG = "midden-gelderland"
MG_PLAN = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
GV = "gooi-en-vechtstreek"
ZK = "zuid-kennemerland-en-ijmond"
HL = "haaglanden"


def roles(region: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{name}-{region}" for name in names)


# Every role of a region (the demo has one login per role; the regiobeheerder only in
# Midden-Gelderland), and the national beheerder.
EVERYONE = (
    *roles(MG, "programmamanager", "werkkamerlid", "secretaris", "penningmeester"),
    f"regiobeheerder-{MG}",
    "beheerder",
)
MANAGER = (f"programmamanager-{MG}", "beheerder")
ANONYMOUS = ("",)


@dataclass(frozen=True)
class Page:
    name: str
    url: str  # formatted with the demo objects' ids (demo_ids)
    users: tuple[str, ...]  # usernames; "" is not logged in
    status: int = 200
    htmx: bool = False  # asked for as htmx does (HX-Request)
    post: dict[str, str] = field(default_factory=dict)  # posted (formatted like url) if given
    language: str = ""  # another language than Dutch, as the language menu chooses it
    # An htmx answer that is a fragment: the page (address, element id) whose element it
    # replaces, as htmx's outerHTML swap does; that page is checked with the fragment in place.
    swap_into: tuple[str, str] = ("", "")


PAGES = [
    # Pages every role reads.
    Page("home", "/", EVERYONE),
    Page("about", "/over/", (*EVERYONE, "")),
    Page("plan list", "/plannen/", EVERYONE),
    Page("plan page (adopted)", "/plannen/{plan}/", EVERYONE),
    Page("progress", "/plannen/{plan}/voortgang/", EVERYONE),
    Page("money page", "/plannen/{plan}/geld/", EVERYONE),
    Page("region page", f"/regios/{MG}/", EVERYONE),
    Page("dashboard", f"/regios/{MG}/dashboard/", EVERYONE),
    Page("national overview index", "/overzicht/", EVERYONE),
    Page("national overview", "/overzicht/pow/", EVERYONE),
    *(
        Page(f"national overview {code}", f"/overzicht/{code}/", (f"werkkamerlid-{MG}",))
        for code in ("banenafspraak", "rmt", "dwsra")
    ),
    Page("meetings", f"/regios/{MG}/vergaderingen/", EVERYONE),
    Page("proposals", f"/regios/{MG}/voorstellen/", EVERYONE),
    Page("organisations", f"/regios/{MG}/organisaties/", EVERYONE),
    Page("report archive", f"/regios/{MG}/rapportages/", EVERYONE),
    Page("password change", "/wachtwoord/", EVERYONE),
    Page(
        "password change refused",
        "/wachtwoord/",
        (f"werkkamerlid-{MG}",),
        post={"old_password": "fout", "new_password1": "kort", "new_password2": "anders"},
    ),
    Page("password changed", "/wachtwoord/gewijzigd/", (f"werkkamerlid-{MG}",)),
    Page("not found", "/bestaat-niet/", (f"werkkamerlid-{MG}", ""), status=404),
    Page("no access", "/plannen/{plan}/bewerken/", (f"werkkamerlid-{MG}",), status=403),
    # In English (translations may carry markup of their own).
    *(
        Page(f"{name} in English", address, users, language="en")
        for name, address, users in [
            ("home", "/", MANAGER[:1]),
            ("plan page", "/plannen/{plan}/", MANAGER[:1]),
            ("dashboard", f"/regios/{MG}/dashboard/", MANAGER[:1]),
            ("realisations grid", "/plannen/{plan}/realisaties/", MANAGER[:1]),
            ("money page", "/plannen/{zk_plan}/geld/", roles(ZK, "penningmeester")),
            ("meeting page", f"/regios/{GV}/vergaderingen/{{meeting}}/", roles(GV, "secretaris")),
            ("login", "/inloggen/", ANONYMOUS),
        ]
    ),
    # Not logged in.
    Page("login", "/inloggen/", ANONYMOUS),
    Page(
        "login refused",
        "/inloggen/",
        ANONYMOUS,
        post={"username": f"werkkamerlid-{MG}", "password": "fout"},
    ),
    # The programme manager's plan pages, on a concept version (with the edit controls).
    Page("plan page (concept)", "/plannen/{concept}/", MANAGER),
    Page("plan form", "/plannen/{concept}/bewerken/", MANAGER),
    Page("new plan form", "/plannen/nieuw/", MANAGER),
    Page("target form", "/plannen/{concept}/doelen/{target}/", MANAGER),
    Page("new target form", "/plannen/{concept}/doelen/nieuw/", MANAGER[:1]),
    Page("line form", "/plannen/{concept}/lijnen/nieuw/", MANAGER[:1]),
    Page("project form", "/plannen/{concept}/projecten/nieuw/", MANAGER[:1]),
    Page("activity form", "/plannen/{concept}/activiteiten/nieuw/", MANAGER[:1]),
    Page("risk form", "/plannen/{concept}/risicos/nieuw/", MANAGER[:1]),
    Page("funding form", "/plannen/{concept}/financiering/nieuw/", MANAGER[:1]),
    Page("staff cost form", "/plannen/{concept}/personeel/nieuw/", MANAGER[:1]),
    Page("delete confirmation", "/plannen/{concept}/doelen/{target}/verwijderen/", MANAGER[:1]),
    Page("budget line form", "/plannen/{concept}/begroting/{budget_line}/", MANAGER),
    Page(
        "budget line edited in place (htmx)",
        "/plannen/{concept}/begroting/{budget_line}/?inline=1",
        MANAGER[:1],
        htmx=True,
        swap_into=("/plannen/{concept}/", "budgetline-{budget_line}"),
    ),
    Page(
        "budget line edited in place, with errors (htmx)",
        "/plannen/{concept}/begroting/{budget_line}/?inline=1",
        MANAGER[:1],
        post={"year": "", "description": "", "amount": "veel"},
        htmx=True,
        swap_into=("/plannen/{concept}/", "budgetline-{budget_line}"),
    ),
    Page("plan history", "/plannen/{plan}/historie/", MANAGER),
    Page("version comparison", "/plannen/{concept}/vergelijken/", MANAGER),
    Page("realisations grid", "/plannen/{plan}/realisaties/", MANAGER),
    Page("import upload", "/plannen/{plan}/realisaties/import/", MANAGER),
    Page("period close", "/plannen/{plan}/realisaties/perioden/{period}/afsluiten/", MANAGER[:1]),
    Page("target revision", "/plannen/{plan}/voortgang/doelen/{plan_target}/herzien/", MANAGER[:1]),
    Page(
        "grid cell refused (htmx)",
        "/plannen/{plan}/realisaties/cel/",
        MANAGER[:1],
        status=422,
        post={"cell": "{cell}", "c-{cell}": "geen getal", "e-{cell}": "{cell_expected}"},
        htmx=True,
        swap_into=("/plannen/{plan}/realisaties/", "td-{cell}"),
    ),
    Page(
        "budget line form with errors",
        "/plannen/{concept}/begroting/nieuw/",
        MANAGER[:1],
        post={"description": ""},
    ),
    Page(
        "import preview",
        "/plannen/{plan}/realisaties/import/{delivery}/",
        MANAGER[:1],
    ),
    Page(
        "import preview with errors",
        "/plannen/{plan}/realisaties/import/{delivery_with_errors}/",
        MANAGER[:1],
    ),
    # The other regions' plans: sectors (Haaglanden), stock indicators, the RMT, the pilots.
    *(
        Page(f"{what} {slug}", f"{{{slug}}}{address}", roles(slug, "programmamanager"))
        for slug in (HL, GV, ZK)
        for what, address in [
            ("plan page", "/"),
            ("progress", "/voortgang/"),
            ("realisations grid", "/realisaties/"),
        ]
    ),
    *(
        Page(f"{what} {slug}", f"/regios/{slug}/{address}", roles(slug, "werkkamerlid"))
        for slug in (HL, GV, ZK)
        for what, address in [("region page", ""), ("dashboard", "dashboard/")]
    ),
    Page("pilot plan page", "{dwsra}/", ("beheerder",)),
    # Money: records and decisions.
    Page("money page (records)", "/plannen/{zk_plan}/geld/", roles(ZK, "programmamanager")),
    Page(
        "record an expense",
        "/plannen/{zk_plan}/geld/uitgaven/nieuw/",
        roles(ZK, "programmamanager"),
    ),
    Page(
        "spending import", "/plannen/{zk_plan}/geld/uitgaven/import/", roles(ZK, "programmamanager")
    ),
    Page(
        "budget change request",
        "/plannen/{zk_plan}/geld/begrotingswijziging/nieuw/",
        roles(ZK, "programmamanager"),
    ),
    Page(
        "correct an expense",
        "/plannen/{zk_plan}/geld/uitgaven/{approved}/corrigeren/",
        roles(ZK, "programmamanager"),
    ),
    Page(
        "spending import preview with errors",
        "/plannen/{zk_plan}/geld/uitgaven/import/{spending_import}/",
        roles(ZK, "programmamanager"),
    ),
    Page("money page (decides)", "/plannen/{zk_plan}/geld/", roles(ZK, "penningmeester")),
    Page("awaiting decision", "/te-beoordelen/", roles(ZK, "penningmeester")),
    Page(
        "reject an expense",
        "/plannen/{zk_plan}/geld/uitgaven/{awaiting}/afkeuren/",
        roles(ZK, "penningmeester"),
    ),
    Page(
        "reject a budget change",
        "/plannen/{zk_plan}/geld/begrotingswijziging/{budget_change}/afkeuren/",
        roles(ZK, "penningmeester"),
    ),
    Page("dashboard with spending", f"/regios/{ZK}/dashboard/", roles(ZK, "penningmeester")),
    # Governance: the secretaris of Gooi en Vechtstreek (meetings, decisions, proposals).
    Page("meetings (secretaris)", f"/regios/{GV}/vergaderingen/", roles(GV, "secretaris")),
    Page(
        "meeting page",
        f"/regios/{GV}/vergaderingen/{{meeting}}/",
        roles(GV, "secretaris", "werkkamerlid"),
    ),
    Page("meeting form", f"/regios/{GV}/vergaderingen/nieuw/", roles(GV, "secretaris")),
    Page(
        "meeting edit form",
        f"/regios/{GV}/vergaderingen/{{meeting}}/bewerken/",
        roles(GV, "secretaris"),
    ),
    Page(
        "agenda item form",
        f"/regios/{GV}/vergaderingen/{{meeting}}/agenda/nieuw/",
        roles(GV, "secretaris"),
    ),
    Page(
        "decision form",
        f"/regios/{GV}/vergaderingen/{{meeting}}/besluiten/nieuw/",
        roles(GV, "secretaris"),
    ),
    Page(
        "decision edit form",
        f"/regios/{GV}/vergaderingen/{{decision_meeting}}/besluiten/{{decision}}/",
        roles(GV, "secretaris"),
    ),
    Page(
        "action item form",
        f"/regios/{GV}/besluiten/{{decision}}/acties/nieuw/",
        roles(GV, "secretaris"),
    ),
    Page(
        "meeting pack",
        f"/regios/{GV}/vergaderstukken/{{meeting_pack}}/",
        roles(GV, "secretaris"),
    ),
    Page(
        "meeting pack status (htmx)",
        f"/regios/{GV}/vergaderstukken/{{meeting_pack}}/",
        roles(GV, "secretaris"),
        htmx=True,
        swap_into=(f"/regios/{GV}/vergaderstukken/{{meeting_pack}}/", "pack-status"),
    ),
    Page(
        "agenda item delete confirmation",
        f"/regios/{GV}/vergaderingen/{{agenda_meeting}}/agenda/{{agenda_item}}/verwijderen/",
        roles(GV, "secretaris"),
    ),
    Page("proposals (secretaris)", f"/regios/{GV}/voorstellen/", roles(GV, "secretaris")),
    Page(
        "proposal page",
        f"/regios/{GV}/voorstellen/{{proposal}}/",
        roles(GV, "secretaris", "werkkamerlid"),
    ),
    Page(
        "proposal form", f"/regios/{GV}/voorstellen/{{proposal}}/bewerken/", roles(GV, "secretaris")
    ),
    Page("new proposal form", f"/regios/{GV}/voorstellen/nieuw/", roles(GV, "secretaris")),
    Page("body page", f"/regios/{GV}/organen/{{body}}/", roles(GV, "secretaris", "werkkamerlid")),
    Page("body form", f"/regios/{GV}/organen/{{body}}/bewerken/", roles(GV, "secretaris")),
    Page("member form", f"/regios/{GV}/organen/{{body}}/leden/nieuw/", roles(GV, "secretaris")),
    Page("new body form", f"/regios/{GV}/organen/nieuw/", roles(GV, "secretaris")),
    Page("seats form", f"/regios/{GV}/organen/{{body}}/zetels/", roles(GV, "secretaris")),
    Page("dashboard (governance)", f"/regios/{GV}/dashboard/", roles(GV, "secretaris")),
    # Reports.
    Page("report page", "/rapportages/{report}/", (f"secretaris-{MG}", "beheerder")),
    Page("report page (queued)", "/rapportages/{queued_report}/", (f"secretaris-{MG}",)),
    Page(
        "report status (htmx)",
        "/rapportages/{queued_report}/",
        (f"secretaris-{MG}",),
        htmx=True,
        swap_into=("/rapportages/{queued_report}/", "report-status"),
    ),
    Page("report request", f"/regios/{MG}/rapportages/aanvragen/", (f"secretaris-{MG}",)),
    Page("report deadlines", f"/regios/{MG}/rapportages/termijnen/", (f"secretaris-{MG}",)),
    # API tokens: the region's regiobeheerder, the national ones the beheerder's.
    Page("region API tokens", f"/regios/{MG}/api-tokens/", (f"regiobeheerder-{MG}", "beheerder")),
    Page("new API token", f"/regios/{MG}/api-tokens/nieuw/", (f"regiobeheerder-{MG}",)),
    Page(
        "new API token shown once",
        f"/regios/{MG}/api-tokens/nieuw/",
        (f"regiobeheerder-{MG}",),
        post={"name": "Proefkoppeling"},
    ),
    Page(
        "revoke an API token",
        f"/regios/{MG}/api-tokens/{{api_token}}/intrekken/",
        (f"regiobeheerder-{MG}",),
    ),
    Page("national API tokens", "/api-tokens/", ("beheerder",)),
    Page("official figures", "/officiele-cijfers/", ("beheerder",)),
    Page("official figures import", "/officiele-cijfers/importeren/", ("beheerder",)),
    Page("people", f"/regios/{MG}/mensen/", (f"regiobeheerder-{MG}", "beheerder")),
    Page("people index", "/mensen/", (f"regiobeheerder-{MG}",), status=302),
    Page("people index (beheerder)", "/mensen/", ("beheerder",)),
    Page("invite", f"/regios/{MG}/mensen/uitnodigen/", (f"regiobeheerder-{MG}",)),
    Page(
        "invite refused",
        f"/regios/{MG}/mensen/uitnodigen/",
        (f"regiobeheerder-{MG}",),
        post={"email": "geen-adres"},
    ),
    Page("person", f"/regios/{MG}/mensen/{{person}}/", (f"regiobeheerder-{MG}",)),
    Page("password reset", "/wachtwoord-vergeten/", ANONYMOUS),
    Page("password reset sent", "/wachtwoord-vergeten/verstuurd/", ANONYMOUS),
    Page("notifications", "/meldingen/", EVERYONE),
    Page("notification settings", "/meldingen/instellingen/", EVERYONE),
    # A redirect (status=302) is checked for its status only: it has no page.
]


def first(queryset):
    """The first (by pk) of what the demo data must have."""
    found = queryset.order_by("pk").first()
    assert found is not None, f"the demo data has no {queryset.model.__name__} here"
    return found


def demo_ids() -> dict[str, object]:
    """The ids the addresses in PAGES are formatted with ({haaglanden} and the other region
    slugs: the address of that region's first plan)."""
    users = get_user_model().objects
    plan = ActionPlan.objects.get(title=MG_PLAN, version=1)
    # A concept version, made the way "Nieuwe versie maken" makes it: the edit controls show.
    concept = budget_services.plan_new_version_with_budget(
        plan=plan, actor=users.get(username=f"programmamanager-{MG}")
    )
    zk_plan = first(ActionPlan.objects.filter(region__slug=ZK))
    proposal = Proposal.objects.get(reference="17.0001962")
    meeting = first(Meeting.objects.filter(body=proposal.body))
    decided = first(Decision.objects.filter(meeting__body__region__slug=GV))
    pack = reporting_services.meeting_pack_request(
        meeting=meeting, actor=users.get(username=f"secretaris-{GV}")
    )
    # A report made (with a stand-in PDF: the fake_pdf fixture) and one still in the queue.
    period = first(plan.periods)
    request = {
        "plan": plan,
        "actor": users.get(username=f"secretaris-{MG}"),
        "kind": "voortgang",
        "start_date": period.start_date,
        "end_date": period.end_date,
    }
    token, _secret = token_services.api_token_create(
        name="Proefkoppeling",
        region=plan.region,
        may_deliver=False,
        actor=users.get(username="beheerder"),
    )
    # A budget change awaiting the penningmeester (the demo's was rejected).
    zk_lines = list(BudgetLine.objects.filter(plan=zk_plan).order_by("pk")[:2])
    change = change_services.budget_change_request(
        plan=zk_plan,
        actor=users.get(username=f"programmamanager-{ZK}"),
        reason="Proef: geld verschuiven",
        lines=[(zk_lines[0], Decimal("-10")), (zk_lines[1], Decimal("10"))],
    )
    agenda_item = first(AgendaItem.objects.filter(meeting__body__region__slug=GV))
    ready = reporting_services.report_build(report=reporting_services.report_request(**request))
    queued = reporting_services.report_request(**request)
    return {
        **{
            slug: f"/plannen/{first(ActionPlan.objects.filter(region__slug=slug)).pk}"
            for slug in (HL, GV, ZK)
        },
        "dwsra": f"/plannen/{first(ActionPlan.objects.filter(programme__code='dwsra')).pk}",
        "plan": plan.pk,
        "person": users.get(username=f"werkkamerlid-{MG}").pk,
        "period": period.pk,
        "plan_target": first(Target.objects.filter(plan=plan)).pk,
        "concept": concept.pk,
        "target": first(Target.objects.filter(plan=concept)).pk,
        "budget_line": first(BudgetLine.objects.filter(plan=concept)).pk,
        "zk_plan": zk_plan.pk,
        "awaiting": first(
            Expenditure.objects.filter(budget_line__plan=zk_plan, status="ingediend")
        ).pk,
        "approved": first(
            Expenditure.objects.filter(
                budget_line__plan=zk_plan, status="goedgekeurd", corrects=None
            )
        ).pk,
        "proposal": proposal.pk,
        "meeting": meeting.pk,
        "decision": decided.pk,
        "decision_meeting": decided.meeting_id,
        "meeting_pack": pack.pk,
        "budget_change": change.pk,
        "api_token": token.pk,
        "agenda_item": agenda_item.pk,
        "agenda_meeting": agenda_item.meeting_id,
        "body": first(GoverningBody.objects.filter(region__slug=GV)).pk,
        "report": ready.pk,
        "queued_report": queued.pk,
    }


def spending_import(client, ids) -> dict[str, int]:
    """A spending file uploaded to the Zuid-Kennemerland plan whose rows name budget lines it
    does not have: its preview with the errors."""
    client.force_login(get_user_model().objects.get(username=f"programmamanager-{ZK}"))
    content = spending_files.csv_bytes(spending_files.honest_rows())
    response = client.post(
        f"/plannen/{ids['zk_plan']}/geld/uitgaven/import/",
        {"file": SimpleUploadedFile("uitgaven.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return {"spending_import": int(response["Location"].rstrip("/").rsplit("/", 1)[-1])}


def deliveries(client, ids) -> dict[str, int]:
    """Two uploaded deliveries of the Midden-Gelderland plan to preview: one in order, one with
    errors (by row and column)."""
    client.force_login(get_user_model().objects.get(username=MANAGER[0]))
    previews = {}
    for name, rows in [
        ("delivery", [importfiles.row()]),
        ("delivery_with_errors", [importfiles.row(count="-2"), importfiles.row(line="Onbekend")]),
    ]:
        address = f"/plannen/{ids['plan']}/realisaties/import/"
        response = client.post(address, {"file": importfiles.csv_upload(rows)})
        assert response.status_code == 302, response.content.decode()[:2000]
        previews[name] = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    return previews


def grid_cell(client, ids) -> dict[str, str]:
    """The first cell of the grid (its key and the count it shows), as the grid's page has it."""
    client.force_login(get_user_model().objects.get(username=MANAGER[0]))
    page = client.get(f"/plannen/{ids['plan']}/realisaties/").content.decode()
    match = re.search(r'name="c-([^"]+)"[^>]*value="([^"]*)"', page)
    assert match, "the grid has a cell"
    return {"cell": match.group(1), "cell_expected": match.group(2)}


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the checker; without java or the jar a failure in CI (CI=true),
    a skip elsewhere."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} (npm install: package.json's vnu-jar)")
    if missing:
        message = "The Nu HTML Checker cannot run: missing " + " and ".join(missing) + "."
        if os.environ.get("CI"):
            pytest.fail(f"{message} CI must install them (.ci/run does).", pytrace=False)
        pytest.skip(message)
    # One short run: the JIT's top tier and a parallel collector do not pay off (half the CPU
    # time without them); the quick tier's code needs a deeper stack than the default for the
    # checker's HTML schema (it stops with a StackOverflowError), hence -Xss.
    return [java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR)]


def outer(document: str, element_id: str) -> tuple[int, int]:
    """Where the element with that id starts and ends (its closing tag included)."""
    start = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"', document)
    assert start, f"no element #{element_id}"
    depth = 0
    for tag in re.finditer(rf"<(/?){start.group(1)}\b[^>]*>", document[start.start() :]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start.start(), start.start() + tag.end()
    raise AssertionError(f"#{element_id} is not closed")


def swapped(document: str, element_id: str, fragment: str) -> str:
    """The document after htmx's outerHTML swap of the fragment into #element_id, and of
    the fragment's out-of-band elements (data-hx-swap-oob) into the elements of their ids."""
    oob = re.compile(r'<\w+\b[^>]*\bid="([^"]+)"[^>]*\bdata-hx-swap-oob="true"')
    while found := oob.search(fragment):
        start, end = outer(fragment, found.group(1))
        piece, fragment = fragment[start:end], fragment[:start] + fragment[end:]
        into_start, into_end = outer(document, found.group(1))
        document = document[:into_start] + piece + document[into_end:]
    start, end = outer(document, element_id)
    return document[:start] + fragment + document[end:]


def render(client, page: Page, ids, username: str) -> tuple[bytes, str]:
    """The page's markup (a fragment swapped into its page; nothing for a redirect, which has
    no page to check), and what is wrong with its status."""
    user_model = get_user_model()
    client.logout()
    if username:
        client.force_login(user_model.objects.get(username=username))
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    if page.language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = page.language
    url = page.url.format(**ids)
    headers = HTMX if page.htmx else {}
    if page.post:
        data = {key.format(**ids): value.format(**ids) for key, value in page.post.items()}
        response = client.post(url, data, **headers)
    else:
        response = client.get(url, **headers)
    wrong = ""
    if response.status_code != page.status:
        who = username or "not logged in"
        wrong = f"{page.name} ({url}, {who}) answered {response.status_code}, not {page.status}"
    if response.status_code in {301, 302, 303}:
        return b"", wrong
    address, element_id = (part.format(**ids) for part in page.swap_into)
    if address:
        client_page = client.get(address).content.decode()
        return swapped(client_page, element_id, response.content.decode()).encode(), wrong
    return response.content, wrong


def run_vnu(command: list[str], files: list[Path]) -> list[dict]:
    """One run of the checker over all files: its error messages."""
    result = subprocess.run(
        [*command, "--format", "json", "--errors-only", "--skip-non-html", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return [message for message in report["messages"] if message.get("type") != "info"]


def describe(error: dict, where: str) -> str:
    """One checker message: the page, line, column, message and the markup it points at."""
    column = error.get("firstColumn", error.get("lastColumn"))
    extract = " ".join(error.get("extract", "").split())[:160]
    line = error.get("lastLine")
    return f"- {where}, line {line}, column {column}: {error['message']}\n    {extract}"


def test_main_pages_are_valid_html(vnu, client, demo, fake_pdf, tmp_path):
    """Every page of PAGES as each of its users: the answer it should give, and zero errors
    from the Nu HTML Checker. The failure lists every error of every page at once."""
    ids = demo_ids()
    ids |= grid_cell(client, ids) | deliveries(client, ids) | spending_import(client, ids)
    written: dict[str, str] = {}  # file name → the page, its address and user
    problems = []
    for number, page in enumerate(PAGES):
        for user_number, username in enumerate(page.users):
            path = tmp_path / f"{number:03d}-{user_number}.html"
            content, wrong = render(client, page, ids, username)
            if wrong:
                problems.append(f"- {wrong}")
            if content:
                path.write_bytes(content)
                where = f"{page.name} ({page.url.format(**ids)}, {username or 'not logged in'})"
                written[path.name] = where

    errors = run_vnu(vnu, [tmp_path / name for name in written])

    for error in errors:
        name = error.get("url", "").rsplit("/", 1)[-1]
        problems.append(describe(error, written.get(name, name)))
    assert not problems, (
        f"{len(errors)} error(s) from the Nu HTML Checker in {len(written)} pages:\n"
        + "\n".join(problems)
    )


def test_the_checker_reports_what_is_wrong(vnu, tmp_path):
    """The harness itself: htmx's attributes without data-, a duplicate id and a list in a p
    are reported, with the line they are on."""
    page = tmp_path / "wrong.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="nl"><head><title>Fout</title></head><body>\n'
        '<div id="a" hx-get="/"></div><div id="a"></div>\n'
        "<p><ul><li>punt</li></ul></p>\n"
        "</body></html>\n"
    )
    errors = run_vnu(vnu, [page])
    found = {(error["lastLine"], error["message"]) for error in errors}
    assert (3, "Attribute “hx-get” not allowed on element “div” at this point.") in found
    assert (3, "Duplicate ID “a”.") in found
    assert (4, "No “p” element in scope but a “p” end tag seen.") in found
