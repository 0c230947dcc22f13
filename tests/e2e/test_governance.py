"""The secretary's work in a real browser: the secretaris of Gooi en Vechtstreek gives the
Werkkamer a meeting frequency, plans the first proposed meeting, puts proposal 17.0001962 on
its agenda, records the Werkkamer's decision with an action item, and then the proposal, the
2017 plan's budget and the region's dashboard show it. A Werkkamer member of another region
gets 403 on every one of those pages and on the forms. The pages pass axe-core's WCAG 2.1 A/AA
checks.

The demo shows the proposal already decided in March 2017; this test replays that decision as
the secretary would, so its set-up first takes the demo's decision back out
(tests.regions.governance_factories.undecided)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import ActionPlan
from regions.models import Decision, GoverningBody, Meeting, Proposal
from tests.pdf import pdf_text
from tests.regions.governance_factories import undecided

from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, describe

REGION = "gooi-en-vechtstreek"
SECRETARY = f"secretaris-{REGION}"
OUTSIDER = "werkkamerlid-midden-gelderland"
REFERENCE = "17.0001962"
WERKKAMER = "Werkkamer Gooi en Vechtstreek"
PLAN_2017 = "Actieplan Banenafspraak 2017 Gooi en Vechtstreek"
ACTION = "Projectleider voorstellen in de eerstvolgende Werkkamer"


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def test_secretary_plans_a_meeting_and_decides_the_proposal(page, fresh_demo_site):
    base = fresh_demo_site
    proposal = Proposal.objects.get(reference=REFERENCE)
    undecided(proposal)
    werkkamer = GoverningBody.objects.get(region__slug=REGION, name=WERKKAMER)
    plan = ActionPlan.objects.get(region__slug=REGION, title=PLAN_2017)
    meetings_before = set(Meeting.objects.filter(body=werkkamer).values_list("pk", flat=True))
    problems = []

    login(page, base, SECRETARY)
    # The body page: no frequency yet, so no proposed dates; the secretary sets one.
    page.goto(f"{base}{reverse('regions:body-detail', args=[REGION, werkkamer.pk])}")
    expect(page.get_by_role("heading", name=WERKKAMER, level=1)).to_be_visible()
    check_accessible(page, "body page", problems)
    page.get_by_role("link", name="Orgaan bewerken").click()
    page.get_by_label("Vergaderfrequentie").select_option(label="maandelijks")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()

    # Plan the first proposed meeting: it is after today, on the body's frequency.
    expect(page.locator("#planning-form")).to_be_visible()
    check_accessible(page, "body page with proposed dates", problems)
    first_date = page.get_by_label("Datum voorstel 1").input_value()
    page.get_by_label("Voorstel 1 plannen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aangevinkte data plannen").click()
    (meeting,) = Meeting.objects.filter(body=werkkamer).exclude(pk__in=meetings_before)
    assert meeting.date.isoformat() == first_date
    assert meeting.date > timezone.localdate()
    assert meeting.date <= timezone.localdate() + timedelta(days=62)
    shown_date = meeting.date.strftime("%d-%m-%Y")

    # The meeting page: put the proposal on the agenda.
    page.get_by_role("link", name=re.compile(shown_date)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown_date)
    page.get_by_role("link", name="Agendapunt toevoegen").click()
    check_accessible(page, "agenda item form", problems)
    choice = page.get_by_label("Voorstel", exact=True)
    choice.select_option(choice.locator("option", has_text=REFERENCE).get_attribute("value"))
    page.get_by_role("button", name="Opslaan").click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text(REFERENCE)
    expect(agenda).to_contain_text("geagendeerd")

    # Record the decision on that item, then an action item from it.
    page.get_by_role("link", name=re.compile("besluit vastleggen")).first.click()
    check_accessible(page, "decision form", problems)
    page.get_by_label("Uitkomst").select_option(label="aangenomen")
    page.get_by_role("textbox", name="Besluit", exact=True).fill(
        "De Werkkamer stelt het voorstel vast en stelt € 65.000 uit het budget van de "
        "Werkkamer beschikbaar."
    )
    page.get_by_role("button", name="Opslaan").click()
    decisions = page.locator("#decisions-heading ~ section.decision")
    expect(decisions.first).to_contain_text("aangenomen")
    expect(decisions.first).to_contain_text(REFERENCE)
    page.get_by_role("link", name=re.compile("actiepunt toevoegen")).first.click()
    page.get_by_label("Actie").fill(ACTION)
    page.get_by_label("Wie (functie)").fill("secretaris Werkkamer")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("table.action-items")).to_contain_text(ACTION)
    check_accessible(page, "meeting page with agenda and decision", problems)

    # The meeting pack from the meeting page: its status page, then its PDF read back.
    page.get_by_role("button", name="Vergaderstukken maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vergaderstukken")
    download = page.get_by_role("link", name="Vergaderstukken downloaden (PDF)")
    expect(download).to_be_visible()
    check_accessible(page, "meeting pack status page", problems)
    pack = pdf_text(page.request.get(f"{base}{download.get_attribute('href')}").body())
    for text in (shown_date, "Agenda", REFERENCE, "Kernboodschap", "€ 63.000", "€ 65.000"):
        assert text in pack, f"the meeting pack lacks {text!r}"
    page.go_back()

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AANGENOMEN
    decided_in = f"aangenomen in {WERKKAMER}, {shown_date}"

    # The proposal page: its status and where it was decided, with 63.000 against 65.000.
    page.goto(f"{base}{reverse('regions:proposal-detail', args=[REGION, proposal.pk])}")
    expect(page.locator("#status-history")).to_contain_text(decided_in)
    expect(page.locator("#read-only")).to_be_visible()
    expect(page.locator("main")).to_contain_text("€ 63.000")
    expect(page.locator("main")).to_contain_text("€ 65.000")
    check_accessible(page, "proposal page", problems)

    # The budget: the Werkkamer budget line's money is committed by that decision.
    page.goto(f"{base}{reverse('budgets:plan-money', args=[plan.pk])}")
    commitments = page.locator("#proposal-commitments")
    expect(commitments).to_contain_text(f"€ 65.000 toegezegd aan voorstel {REFERENCE}")
    expect(commitments).to_contain_text(decided_in)

    # The dashboard: the open action item, until someone marks it done.
    page.goto(f"{base}{reverse('reporting:dashboard', args=[REGION])}")
    expect(page.locator("main")).to_contain_text(ACTION)
    assert not problems, "\n".join(problems)

    # A member of another region: 403 on every page and form of it.
    decision = Decision.objects.get(proposal=proposal)
    refused = [
        reverse("regions:body-detail", args=[REGION, werkkamer.pk]),
        reverse("regions:body-update", args=[REGION, werkkamer.pk]),
        reverse("regions:meeting-list", args=[REGION]),
        reverse("regions:meeting-detail", args=[REGION, meeting.pk]),
        reverse("regions:agenda-item-create", args=[REGION, meeting.pk]),
        reverse("regions:decision-create", args=[REGION, meeting.pk]),
        reverse("regions:decision-update", args=[REGION, meeting.pk, decision.pk]),
        reverse("regions:proposal-list", args=[REGION]),
        reverse("regions:proposal-detail", args=[REGION, proposal.pk]),
        reverse("regions:proposal-update", args=[REGION, proposal.pk]),
        reverse("reporting:proposal-pdf", args=[REGION, proposal.pk]),
        reverse("regions:organisations", args=[REGION]),
    ]
    outsider = page.context.browser.new_context(locale="nl-NL")
    other = outsider.new_page()
    login(other, base, OUTSIDER)
    answers = {url: other.goto(f"{base}{url}").status for url in refused}
    outsider.close()
    assert answers == dict.fromkeys(refused, 403)
