"""Spending in a real browser, the four-eyes rule end to end: the programme manager of the RMT
Zuid-Kennemerland en IJmond records an expense with a receipt on the plan's money page, finds
no approve button on it, and the region's penningmeester finds it under Te beoordelen and
approves it; then it counts as spent, the receipt comes back as it was uploaded, the region's
dashboard shows it in the approved spending, and the monthly overview for the kassier the
penningmeester asks for shows it in its month. The pages pass axe-core's WCAG 2.1 A/AA
checks."""

import io
import re
from datetime import date
from decimal import Decimal

from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from budgets import selectors
from budgets.models import Expenditure
from core.formatting import euro
from programmes.models import ActionPlan
from reporting.models import Report

from .conftest import BUILD_TIMEOUT_MS, login, run_worker
from .test_accessibility import BLOCKING, axe_violations, describe

MANAGER = "programmamanager-zuid-kennemerland-en-ijmond"
TREASURER = "penningmeester-zuid-kennemerland-en-ijmond"
DESCRIPTION = "E2E zaalhuur werkgeversbijeenkomst"


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def spent_2021(plan) -> Decimal:
    return selectors.plan_actuals(plan=plan).per_year[2021].approved


def test_record_with_a_receipt_then_the_penningmeester_approves(
    page, fresh_demo_site, tmp_path, receipts, worker_queue, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = ActionPlan.objects.get(region__slug="zuid-kennemerland-en-ijmond")
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
    login(page, fresh_demo_site, TREASURER)
    page.goto(f"{fresh_demo_site}{reverse('awaiting-decision')}")
    check_accessible(page, "te beoordelen", problems)
    page.locator("#awaiting-expenditures tr", has_text=DESCRIPTION).get_by_role(
        "link", name=plan.title
    ).click()
    row = page.locator("#spending tr", has_text=DESCRIPTION)
    row.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("goedgekeurd; zij telt nu als besteed")).to_be_visible()
    row = page.locator("#spending tr", has_text=DESCRIPTION)
    expect(row).to_contain_text("goedgekeurd")
    expect(row).to_contain_text("Penningmeester")
    entry = Expenditure.objects.get(description=DESCRIPTION)
    assert entry.is_approved and entry.decided_by.username == TREASURER
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

    # The region's dashboard: the approved spending of 2021's budget now holds the entry.
    page.goto(f"{fresh_demo_site}{reverse('reporting:dashboard', args=[plan.region.slug])}")
    approved_2021 = selectors.plan_actuals(plan=plan).per_year[2021].approved
    expect(page.locator(f"#plan-{plan.pk}-budget tr", has_text="2021")).to_contain_text(
        euro(approved_2021)
    )
    check_accessible(page, "dashboard", problems)

    # The monthly overview for the kassier, October 2021: the month's approved spending,
    # with the entry in it, on the report's page.
    page.goto(f"{fresh_demo_site}/regios/{plan.region.slug}/rapportages/")
    page.get_by_role("link", name="Rapportage aanvragen").click()
    page.get_by_label("Actieplan").select_option(value=str(plan.pk))
    page.get_by_label("Soort rapportage").select_option(label="uitgavenoverzicht")
    page.get_by_label("Periode van").fill("2021-10-01")
    page.get_by_label("Periode tot en met").fill("2021-10-31")
    page.get_by_role("button", name="Rapportage maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Rapportage AM\d+-"))
    run_worker(worker_queue)
    # The status page shows the downloads when the report is made; the table is on the page
    # as it is opened once the report is ready.
    expect(page.get_by_role("link", name=re.compile("^PDF"))).to_be_visible(
        timeout=BUILD_TIMEOUT_MS
    )
    page.reload()
    overview = page.locator("#monthly-overview")
    expect(overview).to_be_visible(timeout=BUILD_TIMEOUT_MS)
    october = selectors.period_overview(
        plan=plan, start_date=date(2021, 10, 1), end_date=date(2021, 10, 31)
    )
    october_entries = Expenditure.objects.filter(
        budget_line=entry.budget_line,
        status=entry.status,
        date__range=(date(2021, 10, 1), date(2021, 10, 31)),
    )
    assert entry in october_entries
    assert october.per_budget_line[entry.budget_line_id].approved_in_period == sum(
        october_entries.values_list("amount", flat=True)
    )
    line_row = overview.locator("tbody tr", has_text=entry.budget_line.description[:40])
    expect(line_row.first).to_contain_text(
        euro(october.per_budget_line[entry.budget_line_id].approved_in_period)
    )
    expect(overview.locator("tfoot")).to_contain_text(euro(october.plan.approved_in_period))
    report = Report.objects.get(
        plan=plan, start_date=date(2021, 10, 1), requested_by=entry.decided_by
    )
    assert report.is_ready and report.kind == "financieel"
    check_accessible(page, "monthly overview", problems)
    assert not problems, "\n".join(problems)
