"""API tokens in a real browser: Midden-Gelderland's regiobeheerder signs in, finds the API
tokens on the region page, makes a token and sees its secret once, reads /api/v1/regions
with it (a plain HTTP client against the live server, as another system would), revokes it,
and the next call is refused with 401. Every token page passes axe-core's WCAG 2.1 A/AA
checks (the form with its errors too)."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from regions.models import ApiToken, Region

from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, describe

REGION = "midden-gelderland"
REGIOBEHEERDER = f"regiobeheerder-{REGION}"
NAME = "Power BI centrumgemeente Arnhem"


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def call_api(base, path, secret):
    """GET `path` with the token; (status, JSON body)."""
    request = urllib.request.Request(
        f"{base}{path}", headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_regiobeheerder_makes_uses_and_revokes_a_token(page, fresh_demo_site):
    base = fresh_demo_site
    region = Region.objects.get(slug=REGION)
    problems = []
    login(page, base, REGIOBEHEERDER)

    page.goto(f"{base}/regios/{REGION}/")
    page.get_by_role("link", name="API-tokens: andere systemen toegang geven").click()
    expect(
        page.get_by_role("heading", name="API-tokens Midden-Gelderland", level=1)
    ).to_be_visible()
    expect(page.get_by_text("Nog geen tokens.")).to_be_visible()
    check_accessible(page, "token list (empty)", problems)

    page.get_by_role("link", name="Nieuw token maken").click()
    expect(
        page.get_by_role("heading", name="Nieuw API-token voor Midden-Gelderland")
    ).to_be_visible()
    check_accessible(page, "token form", problems)
    page.get_by_role("button", name="Opslaan", exact=True).click()  # without a name
    expect(page.get_by_role("alert")).to_be_visible()
    check_accessible(page, "token form with errors", problems)
    page.get_by_label("Naam").fill(NAME)
    # The regiobeheerder records no realisations, so gives no aanleveren scope: read only.
    expect(page.get_by_label("Mag ook aanleveren")).not_to_be_checked()
    expect(page.get_by_label("Mag ook aanleveren")).to_be_disabled()
    expect(page.get_by_text("U legt in deze regio zelf geen realisaties vast")).to_be_visible()
    page.get_by_role("button", name="Opslaan", exact=True).click()

    expect(page.get_by_role("heading", name=f"Token {NAME} is gemaakt")).to_be_visible()
    expect(page.locator("#secret-warning")).to_contain_text("alleen nu getoond")
    secret = page.locator("#api-token-secret").inner_text().strip()
    assert len(secret) == 40
    check_accessible(page, "token made (the secret shown once)", problems)

    # Shown once: the list, where the page links back to, does not show it again.
    page.get_by_role("link", name="Terug naar de tokens").click()
    row = page.locator("#api-tokens tbody tr").filter(has_text=NAME)
    expect(row).to_contain_text(f"{secret[:8]}…")
    expect(row).to_contain_text("nog nooit")
    assert secret not in page.content()
    check_accessible(page, "token list", problems)

    # Another system reads the region with it; the use is on record.
    status, body = call_api(base, "/api/v1/regions", secret)
    assert status == 200
    assert [row["code"] for row in body["results"]] == [region.code]
    assert ApiToken.objects.get(name=NAME).last_used_at is not None
    page.reload()
    expect(row).not_to_contain_text("nog nooit")

    row.get_by_role("link", name="Intrekken").click()
    expect(page.get_by_role("heading", name=f"Token {NAME} intrekken")).to_be_visible()
    check_accessible(page, "revoke confirmation", problems)
    page.get_by_role("button", name="Token intrekken").click()
    expect(page.get_by_role("status")).to_contain_text("is ingetrokken")
    expect(row).to_contain_text(REGIOBEHEERDER)
    expect(row.get_by_role("link", name="Intrekken")).to_have_count(0)
    check_accessible(page, "token list with a revoked token", problems)

    status, body = call_api(base, "/api/v1/regions", secret)
    assert status == 401
    assert body["status"] == 401 and "ingetrokken" in body["detail"]

    assert not problems, "\n\n".join(problems)
