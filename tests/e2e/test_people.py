"""A region's people in a real browser: Midden-Gelderland's regiobeheerder finds "Mensen" in
the menu, invites someone as werkkamerlid; the invitee opens the link from the e-mail that
was sent, sets a password and lands signed in, with the role, on the region's page. The
pages pass axe-core's WCAG 2.1 A/AA checks."""

import re

from django.core import mail
from playwright.sync_api import expect

from regions.models import RoleAssignment

from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, describe

REGION = "midden-gelderland"
REGIOBEHEERDER = f"regiobeheerder-{REGION}"
EMAIL = "nieuwe.werkkamer@example.org"
PASSWORD = "een-goed-wachtwoord-42"
LINK = re.compile(r"https?://\S+/uitnodiging/[\w-]+/")


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def test_the_regiobeheerder_invites_and_the_invitee_lands_signed_in(
    page, browser, fresh_demo_site, settings
):
    base = fresh_demo_site
    settings.SITE_URL = base  # the link in the e-mail is on SITE_URL, never the request's Host
    problems = []
    login(page, base, REGIOBEHEERDER)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mensen").click()
    expect(page.get_by_role("heading", name="Mensen Midden-Gelderland", level=1)).to_be_visible()
    check_accessible(page, "people page", problems)

    page.get_by_role("link", name="Iemand uitnodigen").click()
    expect(
        page.get_by_role("heading", name="Iemand uitnodigen voor Midden-Gelderland")
    ).to_be_visible()
    check_accessible(page, "invitation form", problems)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Werkkamerlid").check()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"De uitnodiging is verstuurd aan {EMAIL}")
    expect(page.locator("#invitations")).to_contain_text(EMAIL)

    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    link = LINK.search(message.body)[0]
    assert link.startswith(base)

    # The invitee, in a browser of their own.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    invitee = context.new_page()
    try:
        invitee.goto(link)
        expect(
            invitee.get_by_role("heading", name="Uitnodiging voor Midden-Gelderland")
        ).to_be_visible()
        check_accessible(invitee, "invitation link", problems)
        invitee.locator("#id_password1").fill(PASSWORD)
        invitee.get_by_label("Wachtwoord nogmaals").fill(PASSWORD)
        invitee.get_by_role("button", name="Account maken en aannemen").click()
        expect(invitee.get_by_role("status")).to_contain_text(
            "Welkom bij Midden-Gelderland: u heeft nu de rol Werkkamerlid."
        )
        expect(
            invitee.get_by_role("heading", name=re.compile("^Midden-Gelderland"), level=1)
        ).to_be_visible()
        expect(invitee.locator(".site-header__user")).to_have_text(EMAIL)
        assert RoleAssignment.objects.filter(
            user__username=EMAIL, region__slug=REGION, role="werkkamerlid"
        ).exists()
    finally:
        context.close()

    page.reload()
    expect(page.locator("#people")).to_contain_text(EMAIL)
    expect(page.locator("#people-history")).to_contain_text("uitnodiging aangenomen")
    assert not problems, "\n\n".join(problems)
