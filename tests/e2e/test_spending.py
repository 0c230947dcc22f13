"""Spending in a real browser, the four-eyes rule end to end: the programme manager of the RMT
Zuid-Kennemerland en IJmond records an expense with a receipt on the plan's money page, finds
no approve button on it, and the region's penningmeester approves it; then it counts as spent
and the receipt comes back as it was uploaded. The money page and the forms pass axe-core's
WCAG 2.1 A/AA checks."""

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from budgets import selectors
from budgets.models import Expenditure
from programmes.models import ActionPlan
from regions.models import RoleAssignment

from ..factories import UserFactory
from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, describe

MANAGER = "programmamanager-zuid-kennemerland-en-ijmond"
DESCRIPTION = "E2E zaalhuur werkgeversbijeenkomst"


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def spent_2021(plan) -> Decimal:
    return selectors.plan_spending(plan=plan)[2021]["spent"]


def test_record_with_a_receipt_then_the_penningmeester_approves(
    page, fresh_demo_site, tmp_path, receipts
):
    plan = ActionPlan.objects.get(region__slug="zuid-kennemerland-en-ijmond")
    treasurer = UserFactory(
        first_name="Pim",
        last_name="Penning",
        role=(plan.region, RoleAssignment.Role.PENNINGMEESTER),
    )
    spent_before = spent_2021(plan)
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "white").save(buffer, format="PNG")
    receipt = tmp_path / "bon zaalhuur.png"
    receipt.write_bytes(buffer.getvalue())
    money = f"{fresh_demo_site}{reverse('budgets:plan-money', args=[plan.pk])}"
    problems = []

    login(page, fresh_demo_site, MANAGER)
    page.goto(money)
    page.get_by_role("link", name="Uitgave vastleggen").click()
    expect(page.get_by_role("heading", name="Uitgave vastleggen", level=1)).to_be_visible()
    check_accessible(page, "form", problems)
    page.get_by_label("Begrotingsregel").select_option(index=1)  # the first of the plan's lines
    page.get_by_label("Datum").fill(date(2021, 10, 15).isoformat())
    page.get_by_label("Bedrag").fill("1.250,50")
    page.get_by_label("Omschrijving").fill(DESCRIPTION)
    page.get_by_label("Factuur- of referentienummer").fill("F-2021-118")
    page.get_by_label("Bon of factuur").set_input_files(str(receipt))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("wacht op goedkeuring door een ander")).to_be_visible()
    row = page.locator("#spending tr", has_text=DESCRIPTION)
    expect(row).to_contain_text("€ 1.250,50")
    expect(row).to_contain_text("wacht op goedkeuring")
    expect(row.get_by_role("button", name="Goedkeuren")).to_have_count(0)  # not the recorder
    check_accessible(page, "money page", problems)
    assert spent_2021(plan) == spent_before

    page.context.clear_cookies()
    login(page, fresh_demo_site, treasurer.username)
    page.goto(money)
    row = page.locator("#spending tr", has_text=DESCRIPTION)
    row.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("goedgekeurd; zij telt nu als besteed")).to_be_visible()
    row = page.locator("#spending tr", has_text=DESCRIPTION)
    expect(row).to_contain_text("goedgekeurd")
    expect(row).to_contain_text("Pim Penning")
    entry = Expenditure.objects.get(description=DESCRIPTION)
    assert entry.is_approved and entry.decided_by == treasurer
    assert spent_2021(plan) == spent_before + Decimal("1250.50")

    # The receipt link, fetched with the penningmeester's session: the bytes as uploaded,
    # as an attachment with its original name, never sniffed into something else.
    link = row.get_by_role("link", name="bon zaalhuur.png")
    response = page.request.get(fresh_demo_site + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == 'attachment; filename="bon zaalhuur.png"'
    assert response.body() == receipt.read_bytes()
    assert not problems, "\n".join(problems)
