"""Single sign-on in a real browser: the secretaris of Haaglanden clicks "Inloggen met je
organisatie-account" on the login page, signs in at a real OpenID provider on loopback
(oidc-provider run by node, tests/sso/provider.mjs: its own login and consent pages), and is
back on the product's home page with Haaglanden, where the role mapped from her groups claim
(secretaris) gives her the secretary's links. The login page with the button passes axe-core,
and the content security policy blocks nothing on the way."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from regions.models import ExternalIdentity, RoleAssignment
from tests.sso.provider import BACKEND, ROLE_MAPPING, SECRETARY_SUB, start_provider

from .test_accessibility import BLOCKING, axe_violations, describe


@pytest.fixture
def sso_site(fresh_demo_site, tmp_path, settings):
    """The demo in the live server, with single sign-on on against a provider whose client
    sends the browser back to this server's callback."""
    provider_run = start_provider(tmp_path, [f"{fresh_demo_site}/oidc/callback/"])
    provider = next(provider_run)
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ROLE_MAPPING = ROLE_MAPPING
    yield fresh_demo_site, provider
    provider_run.close()


def test_login_with_the_organisation_account_lands_on_the_region_with_the_mapped_role(
    page, sso_site
):
    base, provider = sso_site
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{base}/inloggen/")
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not violations, describe(violations, page.url)
    page.get_by_role("link", name="Inloggen met uw organisatie-account").click()

    # The provider's own pages: sign in (the login is the account's stable `sub`), consent.
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
    page.locator("input[name=login]").fill(SECRETARY_SUB)
    page.locator("input[name=password]").fill("wachtwoord-bij-de-provider")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{base}/")
    expect(page.get_by_text("Welkom, Janneke.")).to_be_visible()
    regions = page.locator("section[aria-labelledby=regions-heading]")
    expect(regions.get_by_role("link", name="Haaglanden")).to_be_visible()
    expect(regions.locator("tbody tr")).to_have_count(1)

    regions.get_by_role("link", name="Haaglanden").click()
    expect(page.get_by_role("link", name="Vergadering toevoegen")).to_be_visible()
    assert not blocked, blocked

    identity = ExternalIdentity.objects.get(issuer=provider.issuer, subject=SECRETARY_SUB)
    assert set(identity.user.role_assignments.values_list("region__code", "role", "source")) == {
        ("AM21", RoleAssignment.Role.SECRETARIS, RoleAssignment.Source.SSO)
    }

    # Logging out ends the product's session; the login page offers both ways in again.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{base}{reverse('login')}")
    expect(page.get_by_role("link", name="Inloggen met uw organisatie-account")).to_be_visible()
