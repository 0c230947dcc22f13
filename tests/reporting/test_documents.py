"""What a report contains: figures frozen at the end of its period, and the PDF, XLSX and CSV
drawn from them. The PDF is read back as text, the way a reader or a screen reader gets it."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from budgets.models import BudgetLine
from placements.models import Realisation
from programmes.models import ActionPlan, Activity, Indicator, Prognosis, Risk, Target
from reporting.documents import (
    STYLESHEET,
    freeze_figures,
    local_fetcher,
    render_csv,
    render_pdf,
    render_xlsx,
)
from reporting.models import Report, ReportKind
from tests.factories import approved_expenditure
from tests.programmes.helpers import HAAGLANDEN, MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db

GOOI_2016 = "Banenafspraak 2016 Gooi en Vechtstreek"
PLAN_PERIOD = {"start_date": date(2019, 1, 1), "end_date": date(2020, 12, 31)}
META = {
    "kenmerk": "2000-2021-0007",
    "date": "16-08-2021",
    "contact_role": "programmamanager Regionaal Werkbedrijf",
    "kind": "voortgangsrapportage",
    "audience": "bestuur / Werkkamer",
}
# What freeze_figures costs, whatever the size of the plan: progress with its series (3 + 2:
# the series reads the targets progress read), structure (2), budget (5), budget against
# actual (1), region and programme (2), prognoses (1), risks (1), activities (1). An
# uitgavenoverzicht adds budget against actual at the end of the month before (1).
FREEZE_QUERIES = 18
# A plan that counts the Banenafspraak's jobs (banen targets) adds our count beside UWV's
# official figures (issue 14): placements.selectors.reconciliation.region_reconciliation's
# three queries (official figures, banen lineages, their sums), whatever the number of
# peildata. Other plans add none: whether to compare is read from the targets progress read.
RECONCILIATION_QUERIES = 3


def midden_gelderland_figures(**period) -> dict:
    return freeze_figures(plan=plan(MIDDEN_GELDERLAND), **(period or PLAN_PERIOD))


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def summary_row(figures: dict, indicator_code: str) -> dict:
    return next(row for row in figures["summary"] if row["indicator_code"] == indicator_code)


def boa_realisation(period_code: str) -> Realisation:
    return Realisation.objects.get(
        target__plan__title=MIDDEN_GELDERLAND,
        target__line__title="Branchegericht ontwikkelarrangement",
        target__project=None,
        period__code=period_code,
    )


# Freezing ----------------------------------------------------------------------------------


def test_frozen_figures_of_the_worked_example(demo):
    figures = midden_gelderland_figures()

    matches = summary_row(figures, "matches")
    assert (matches["target"], matches["realised"], matches["percentage"]) == (415, 376, "90.6")
    # The report is as of the plan's last day: the status is final (issue 9).
    assert (matches["status"], matches["status_label"]) == ("niet_gehaald", "niet gehaald")
    assert matches["ended"] is True
    assert matches["peildatum"] == "2020-12-31"
    assert figures["plan"]["region"] == "Midden-Gelderland"
    assert figures["budget"]["total"]["planned"] == "2000000.00"
    assert [year["year"] for year in figures["budget"]["years"]] == [2019, 2020]
    lines = {line["title"]: line for line in figures["lines"]}
    assert lines["Branchegericht ontwikkelarrangement"]["budget"] == "1030000.00"
    app = next(
        row
        for project in lines["De Ontmoeting"]["projects"]
        if project["title"] == "Digitale ontsluiting vraag en aanbod"
        for row in project["rows"]
    )
    assert (app["realised"], app["status_label"]) == (14, "niet gehaald")
    carrousel = [row for row in figures["prognoses"] if row["label"] == "2019"]
    assert [(row["prognosis"], row["realised"]) for row in carrousel] == [(45, 36)]
    series = next(s for s in figures["series"] if s["indicator_code"] == "matches")
    assert [point["realised"] for point in series["points"]][-1] == 376
    assert figures["activities"] and figures["activities"][0]["status_label"] == "gepland"


def test_figures_are_plain_json_and_fit_the_report_row(demo):
    figures = midden_gelderland_figures()

    assert json.loads(json.dumps(figures)) == figures
    report = Report.objects.create(plan=plan(MIDDEN_GELDERLAND), figures=figures, **PLAN_PERIOD)
    report.refresh_from_db()
    assert report.figures == figures


def test_figures_are_as_of_the_end_of_the_period(demo):
    """A report on 2019 counts 2019's matches only, though 2020 has been reported since."""
    figures = midden_gelderland_figures(start_date=date(2019, 1, 1), end_date=date(2019, 12, 31))

    matches = summary_row(figures, "matches")
    assert (matches["realised"], matches["peildatum"]) == (143, "2019-12-31")
    assert figures["peildatum"] == "2019-12-31"
    # The 2020 prognose was still running at the end of 2019: no realisation shown for it.
    prognoses = {row["label"]: row for row in figures["prognoses"]}
    assert prognoses["2019"]["realised"] == 36
    assert (prognoses["2020"]["realised"], prognoses["2020"]["finished"]) == (None, False)
    series = next(s for s in figures["series"] if s["indicator_code"] == "matches")
    assert [point["realised"] for point in series["points"]][3:5] == [60 + 83, None]


def grow(target_plan) -> None:
    """Five more lines, each with two projects carrying targets, prognoses, realisations in
    every period, budget and spending, risks and activities."""
    indicator = Indicator.objects.get(code="matches")
    periods = list(target_plan.periods.all())
    for number in range(5):
        line = target_plan.lines.create(title=f"Extra lijn {number}", position=100 + number)
        for project_number in range(2):
            project = line.projects.create(title=f"Extra project {number}.{project_number}")
            target = Target.objects.create(
                plan=target_plan,
                line=line,
                project=project,
                indicator=indicator,
                value=40,
                start_date=target_plan.start_date,
                end_date=target_plan.end_date,
            )
            Prognosis.objects.create(
                target=target,
                label="2019",
                start_date=date(2019, 1, 1),
                end_date=date(2019, 12, 31),
                value=20,
            )
            Realisation.objects.bulk_create(
                Realisation(target=target, period=period, count=3) for period in periods
            )
            budget_line = BudgetLine.objects.create(
                plan=target_plan, line=line, project=project, year=2019, amount=Decimal("1000")
            )
            approved_expenditure(
                budget_line=budget_line,
                date=date(2019, 6, 1),
                amount=Decimal("250"),
                description="Zaalhuur",
            )
            Activity.objects.create(
                plan=target_plan, project=project, description="Bijeenkomst", owner_role="WSP"
            )
        Risk.objects.create(plan=target_plan, description=f"Risico {number}")


def test_freezing_takes_a_fixed_number_of_queries(demo):
    target_plan = plan(MIDDEN_GELDERLAND)

    def queries(kind=ReportKind.VOORTGANG) -> int:
        fresh = plan(MIDDEN_GELDERLAND)  # nothing cached on the instance
        with CaptureQueriesContext(connection) as captured:
            freeze_figures(plan=fresh, kind=kind, **PLAN_PERIOD)
        return len(captured)

    assert queries() == FREEZE_QUERIES
    assert queries(ReportKind.FINANCIEEL) == FREEZE_QUERIES + 1
    grow(target_plan)
    assert queries() == FREEZE_QUERIES
    assert queries(ReportKind.FINANCIEEL) == FREEZE_QUERIES + 1
    assert len(midden_gelderland_figures()["lines"]) == 5 + 5


def test_freezing_a_plan_compared_with_official_figures_takes_three_queries_more(demo):
    """Haaglanden's Banenafspraak plan against Midden-Gelderland's (no banen targets), each
    over its own period; equal again after both grew."""

    def queries(title: str) -> int:
        fresh = plan(title)
        with CaptureQueriesContext(connection) as captured:
            freeze_figures(plan=fresh, start_date=fresh.start_date, end_date=fresh.end_date)
        return len(captured)

    compared, other = queries(HAAGLANDEN), queries(MIDDEN_GELDERLAND)
    assert compared == other + RECONCILIATION_QUERIES
    grow(plan(HAAGLANDEN))
    grow(plan(MIDDEN_GELDERLAND))
    assert (queries(HAAGLANDEN), queries(MIDDEN_GELDERLAND)) == (compared, other)


# PDF ---------------------------------------------------------------------------------------


def test_pdf_shows_the_worked_example(demo):
    pdf = render_pdf(midden_gelderland_figures(), report_meta=META)
    pages = pdf_pages(pdf)
    text = " ".join(pages)

    assert pdf.startswith(b"%PDF")
    assert 3 <= len(pages) <= 15
    cover = pages[0]
    for fact in (
        "Midden-Gelderland",
        MIDDEN_GELDERLAND,
        "01-01-2019 t/m 31-12-2020",
        "2000-2021-0007",
        "16-08-2021",
        "programmamanager Regionaal Werkbedrijf",
        "Voortgangsrapportage".upper(),
    ):
        assert fact in cover, fact
    # Every page numbered "pagina X van Y"; header (region — plan) and footer (kenmerk, date)
    # on the pages after the cover.
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in page
        assert "Kenmerk 2000-2021-0007 · 16-08-2021" in page
    assert all(f"Midden-Gelderland — {MIDDEN_GELDERLAND}" in page for page in pages[1:])
    assert f"Midden-Gelderland — {MIDDEN_GELDERLAND}" not in pages[0]
    # The summary row: target, realised, percentage (one decimal, as on the page: issue 9,
    # was 91 %), the final status in words and the final figure, peildatum.
    assert re.search(
        r"Matches 415 376 90,6 % afgelopen niet gehaald 376 \(eindstand\) 31-12-2020", text
    )
    assert "€ 2.000.000" in text
    assert "€ 1.030.000" in text  # the BOA line's budget
    # Per line and project, the status is written out, not only coloured.
    assert re.search(
        r"Digitale ontsluiting vraag en aanbod Matches 25 14 56,0 % niet gehaald", text
    )
    assert re.search(r"Organiseren evenementen Matches 50 41 82,0 % niet gehaald", text)
    # The chart's caption and the prognose table.
    assert "Matches: 376 gerealiseerd van 415 (90,6 %) tot en met 31-12-2020" in text
    assert re.search(r"De Ontmoeting › De oriëntatiecarrousel Matches 2019 .{0,40}45 36 -9", text)
    # Activities (the plan names no risks).
    assert "Oriëntatiecarrousel organiseren" in text
    assert "Het actieplan noemt geen risico's." in text


def test_pdf_of_gooi_en_vechtstreek_2016_shows_46_percent_behind(demo):
    figures = freeze_figures(
        plan=plan(GOOI_2016), start_date=date(2016, 1, 1), end_date=date(2016, 12, 31)
    )
    text = " ".join(pdf_pages(render_pdf(figures, report_meta={"kenmerk": "1700-2017-0001"})))

    assert re.search(r"Banen \(Banenafspraak\) 350 161 46,0 % afgelopen niet gehaald", text)
    assert "Gooi en Vechtstreek" in text
    # Without a period from the pipeline, the cover takes it from the figures.
    assert "01-01-2016 t/m 31-12-2016" in text


def test_a_report_keeps_the_figures_it_was_frozen_with(demo):
    """Later edits do not change a report already sent: it is drawn from its frozen dict."""
    figures = json.loads(json.dumps(midden_gelderland_figures()))
    realisation = boa_realisation("2020-K4")
    realisation.count += 100
    realisation.save()

    assert summary_row(midden_gelderland_figures(), "matches")["realised"] == 476
    text = " ".join(pdf_pages(render_pdf(figures, report_meta=META)))
    assert "Matches 415 376 90,6 %" in text
    assert "476" not in text


def test_every_demo_plan_makes_a_report(demo):
    """Plans with and without realisations, budget, risks or a region (a national plan)."""
    for each in ActionPlan.objects.select_related("region", "programme"):
        figures = freeze_figures(plan=each, start_date=each.start_date, end_date=each.end_date)
        pages = pdf_pages(render_pdf(figures, report_meta={}))
        assert 3 <= len(pages) <= 15, each.title
        assert (each.region.name if each.region else "landelijk") in pages[0], each.title
        assert f"pagina 1 van {len(pages)}" in pages[0]
        assert load_workbook(io.BytesIO(render_xlsx(figures))).sheetnames[0] == "Samenvatting"
        assert render_csv(figures).decode("utf-8-sig").startswith("sectie;")


# XLSX and CSV ------------------------------------------------------------------------------


def test_xlsx_holds_the_same_figures_as_numbers(demo):
    workbook = load_workbook(io.BytesIO(render_xlsx(midden_gelderland_figures())))

    assert workbook.sheetnames == [
        "Samenvatting",
        "Doelstellingen",
        "Prognose-realisatie",
        "Begroting",
        "Risico's",
        "Activiteiten",
    ]
    summary = workbook["Samenvatting"]
    assert MIDDEN_GELDERLAND in summary["A1"].value
    headers = [cell.value for cell in summary[2]]
    assert headers[:6] == [
        "Indicator",
        "Sector",
        "Doel",
        "Oorspronkelijk doel",
        "Gerealiseerd",
        "Percentage van doel",
    ]
    assert all(cell.font.bold for cell in summary[2])
    assert summary.freeze_panes == "A3"
    matches = next(row for row in summary.iter_rows(min_row=3) if row[0].value == "Matches")
    assert (matches[2].value, matches[4].value) == (415, 376)
    assert matches[5].value == pytest.approx(0.906)
    # One decimal, as the page shows it (issue 9): Excel shows 90,6%.
    assert (matches[2].number_format, matches[5].number_format) == ("#,##0", "0.0%")
    assert matches[7].value == "niet gehaald"
    assert matches[9].value.date() == date(2020, 12, 31)

    budget = workbook["Begroting"]
    rows = {(row[0].value, row[1].value): row for row in budget.iter_rows(min_row=3)}
    assert rows[("hele plan", "totaal")][2].value == 2_000_000
    # A year is a number (shown as 2019, without a thousands separator), the total a word.
    assert rows[("hele plan", 2019)][2].value + rows[("hele plan", 2020)][2].value == 2_000_000
    assert rows[("hele plan", 2019)][1].number_format == "0"
    assert rows[("hele plan", "totaal")][2].number_format == '"€" #,##0'
    assert rows[("Branchegericht ontwikkelarrangement", "looptijd")][2].value == 1_030_000

    targets = workbook["Doelstellingen"]
    levels = [row[0].value for row in targets.iter_rows(min_row=3)]
    assert {"actieplan", "lijn", "project"} <= set(levels)
    activities = workbook["Activiteiten"]
    assert activities.max_row - 2 == Activity.objects.filter(plan=plan(MIDDEN_GELDERLAND)).count()


def test_csv_holds_the_same_figures_for_excel_nl(demo):
    content = render_csv(midden_gelderland_figures())

    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert {row["sectie"] for row in rows} >= {
        "plan",
        "samenvatting",
        "lijn",
        "project",
        "prognose",
        "begroting",
        "activiteit",
    }
    matches = next(r for r in rows if r["sectie"] == "samenvatting" and r["indicator"] == "Matches")
    assert (matches["doel"], matches["gerealiseerd"], matches["percentage"]) == (
        "415",
        "376",
        "90,6",
    )
    assert (matches["status"], matches["peildatum"]) == ("niet gehaald", "31-12-2020")
    budget = {
        row["periode"]: Decimal(row["begroot"].replace(",", "."))
        for row in rows
        if row["sectie"] == "begroting" and row["onderdeel"] == "hele plan"
    }
    assert budget["totaal"] == Decimal("2000000") == budget["2019"] + budget["2020"]
    plan_row = next(row for row in rows if row["sectie"] == "plan")
    assert plan_row["periode"] == "01-01-2019 t/m 31-12-2020"


def test_rendering_fetches_nothing_from_the_network():
    """Stylesheet and fonts come from disk; a URL in a chart or text is never fetched."""
    fetcher = local_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://kozea.github.io/pygal.js/2.0.x/pygal-tooltips.min.js")
    response = fetcher.fetch(STYLESHEET.as_uri())
    assert response.read().startswith(b"/* Print stylesheet")
    response.close()
