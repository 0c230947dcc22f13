"""A secretary asks for a report in a real browser, watches it go from the queue to done
(htmx polls the status every 2 s) and downloads the PDF; a Werkkamer member of another region
is refused the report's page and file. The report pages pass the axe WCAG checks."""

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from programmes.models import ActionPlan
from reporting import services
from reporting.models import Report

from .conftest import BUILD_TIMEOUT_MS, login, run_worker
from .test_accessibility import assert_accessible

SECRETARY = "secretaris-midden-gelderland"
OTHER_REGION_MEMBER = "werkkamerlid-haaglanden"
PLAN = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"


def test_secretary_requests_a_report_and_downloads_the_pdf(
    page, browser, fresh_demo_site, worker_queue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, fresh_demo_site, SECRETARY)
    page.goto(f"{fresh_demo_site}/regios/midden-gelderland/rapportages/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages Midden-Gelderland")
    assert_accessible(page)
    page.get_by_role("link", name="Termijnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termijnen rapportages")
    assert_accessible(page)

    page.get_by_role("link", name="Rapportage aanvragen").click()
    expect(page.get_by_role("heading", name="Rapportage aanvragen", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Actieplan").select_option(label=f"{PLAN} (v1)")
    page.get_by_label("Soort rapportage").select_option(label="voortgangsrapportage")
    page.get_by_label("Periode van").fill("2019-01-01")
    page.get_by_label("Periode tot en met").fill("2019-12-31")
    page.get_by_role("button", name="Rapportage maken").click()

    # Queued: the status page says so and keeps asking.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Rapportage AM07-\d{4}-\d{4}")
    )
    report = Report.objects.get()
    expect(page.get_by_text(f"De rapportage {report.kenmerk} is aangevraagd.")).to_be_visible()
    steps = page.locator("ol.report-steps")
    expect(steps.locator('[aria-current="step"]')).to_have_text("In de wachtrij")
    expect(page.get_by_role("link", name=re.compile("^PDF"))).to_have_count(0)
    assert_accessible(page)

    # The worker makes it; the page shows it done, with the downloads, without a reload.
    run_worker(worker_queue)
    pdf_link = page.get_by_role("link", name=f"PDF {report.kenmerk}")
    expect(pdf_link).to_be_visible(timeout=BUILD_TIMEOUT_MS)
    expect(steps.locator('[aria-current="step"]')).to_have_text("Klaar")
    expect(page.get_by_text(re.compile(r"Klaar op \d\d-\d\d-\d{4}"))).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename == f"{report.kenmerk}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # The archive lists it, with who asked for it.
    page.goto(f"{fresh_demo_site}/regios/midden-gelderland/rapportages/")
    row = page.locator("#report-table tbody tr").filter(has_text=report.kenmerk)
    expect(row).to_contain_text(report.requested_by.get_full_name() or SECRETARY)
    expect(row).to_contain_text("klaar")

    # A Werkkamer member of another region cannot open the report or its file.
    context = browser.new_context(locale="nl-NL")
    other = context.new_page()
    try:
        login(other, fresh_demo_site, OTHER_REGION_MEMBER)
        for path in (f"/rapportages/{report.pk}/", f"/rapportages/{report.pk}/pdf/"):
            response = other.goto(f"{fresh_demo_site}{path}")
            assert response.status == 403, path
        expect(other.get_by_text(report.kenmerk)).to_have_count(0)
    finally:
        context.close()


def test_failed_report_page_says_what_to_do_and_passes_axe(page, fresh_demo_site, worker_queue):
    """A report whose build failed: the reason, the next step and the retry button."""
    plan = ActionPlan.objects.filter(title=PLAN).order_by("-version").first()
    report = services.report_request(
        plan=plan,
        actor=None,
        kind="voortgang",
        start_date=date(2019, 1, 1),
        end_date=date(2019, 12, 31),
    )
    Report.objects.filter(pk=report.pk).update(attempts=1)
    services.report_fail(report=report, reason="de PDF-opmaak liep vast")
    login(page, fresh_demo_site, SECRETARY)
    page.goto(f"{fresh_demo_site}/rapportages/{report.pk}/")
    alert = page.locator(".utrecht-alert--error")
    expect(alert).to_contain_text("mislukt na 1 poging.")
    expect(alert).to_contain_text("Reden: de PDF-opmaak liep vast")
    expect(alert).to_contain_text("Probeer het opnieuw.")
    expect(page.get_by_role("button", name="Opnieuw proberen")).to_be_visible()
    assert_accessible(page)


def test_secretary_makes_an_overdue_report_from_its_deadline(
    page, fresh_demo_site, worker_queue, settings, tmp_path
):
    """A deadline that passed without a report has a "Nu maken" button on the deadlines
    page: the secretary presses it, lands on the report, and the worker finishes it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, fresh_demo_site, "secretaris-zuid-kennemerland-en-ijmond")
    page.goto(f"{fresh_demo_site}/regios/zuid-kennemerland-en-ijmond/rapportages/termijnen/")
    late = (
        page.locator("tbody tr")
        .filter(has_text="te laat")
        .filter(has=page.get_by_role("button", name=re.compile("^Nu maken")))
    )
    expect(late.first).to_be_visible()
    before = Report.objects.count()
    late.first.get_by_role("button", name=re.compile("^Nu maken")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Rapportage AM37-\d{4}-\d{4}")
    )
    assert Report.objects.count() == before + 1
    report = Report.objects.order_by("-pk").first()
    assert report.schedule is not None  # the schedule's own report for that period
    expect(
        page.get_by_text(re.compile(f"De rapportage {report.kenmerk} over .* wordt gemaakt"))
    ).to_be_visible()
    run_worker(worker_queue)
    expect(page.get_by_role("link", name=f"PDF {report.kenmerk}")).to_be_visible(
        timeout=BUILD_TIMEOUT_MS
    )
    assert_accessible(page)

    # Its row on the deadlines page now links the report instead of offering the button.
    page.goto(f"{fresh_demo_site}/regios/zuid-kennemerland-en-ijmond/rapportages/termijnen/")
    expect(page.get_by_role("link", name=re.compile(report.kenmerk))).to_be_visible()
