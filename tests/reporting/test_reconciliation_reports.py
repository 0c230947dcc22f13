"""Our count beside UWV's official figures in the reports: frozen with the other figures at
the newest peildata up to the report's period end (a report sent keeps them), the table
"Vergelijking met de officiële cijfers" in the PDF read back, a sheet in the XLSX and a
block in the CSV. Haaglanden's registration in the demo (demo/worked_examples/haaglanden.py
LEVELS) against the illustrative sample file loaded with the demo."""

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from placements.models import OfficialCount
from reporting import services
from reporting.documents import freeze_figures, render_csv, render_pdf, render_xlsx
from reporting.models import Report, ReportKind
from tests.pdf import pdf_text
from tests.programmes.helpers import HAAGLANDEN, MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db


GOOI_2016 = "Banenafspraak 2016 Gooi en Vechtstreek"
YEAR_2016 = {"start_date": date(2016, 1, 1), "end_date": date(2016, 12, 31)}


def haaglanden_figures(**period) -> dict:
    return freeze_figures(plan=plan(HAAGLANDEN), **(period or YEAR_2016))


def rows_of(figures: dict) -> list[tuple]:
    return [
        (
            row["quarter"],
            row["sector"],
            row["own"],
            row["official"],
            row["difference"],
            row["percentage"],
            row["flagged"],
        )
        for row in figures["reconciliation"]["rows"]
    ]


def test_the_freeze_holds_the_reconciliation_up_to_the_period_end(demo):
    figures = haaglanden_figures()
    assert json.loads(json.dumps(figures)) == figures  # plain JSON, as the report row keeps it
    assert figures["reconciliation"]["tolerance"] == "5.0"
    rows = rows_of(figures)
    assert len(rows) == 8 * 3  # every quarter of the sample file, each sector and the total
    assert rows[:3] == [
        ("2016-K4", "markt", 652, 668, -16, "-2.4", False),
        ("2016-K4", "overheid", 701, 665, 36, "5.4", True),
        ("2016-K4", "", 1353, 1333, 20, "1.5", False),
    ]
    assert rows[-3] == ("2015-K1", "markt", 372, 380, -8, "-2.1", False)
    assert figures["reconciliation"]["rows"][2]["sector_label"] == "totaal"
    # A report up to 30 June 2016 knows nothing of the quarters after it.
    halfway = rows_of(haaglanden_figures(start_date=date(2016, 1, 1), end_date=date(2016, 6, 30)))
    assert [row[0] for row in halfway[::3]] == ["2016-K2", "2016-K1"] + [
        f"2015-K{q}" for q in (4, 3, 2, 1)
    ]
    assert halfway[0] == ("2016-K2", "markt", 560, 571, -11, "-1.9", False)


def test_a_plan_that_counts_no_jobs_freezes_no_reconciliation(demo):
    figures = freeze_figures(
        plan=plan(MIDDEN_GELDERLAND), start_date=date(2019, 1, 1), end_date=date(2020, 12, 31)
    )
    assert figures["reconciliation"] is None
    assert "Officiële cijfers" not in load_workbook(io.BytesIO(render_xlsx(figures))).sheetnames
    assert "Vergelijking met de officiële cijfers" not in pdf_text(
        render_pdf(figures, report_meta={})
    )


def test_a_region_without_official_figures_has_no_table_in_its_report(demo):
    OfficialCount.objects.filter(region__slug="gooi-en-vechtstreek").delete()
    figures = freeze_figures(plan=plan(GOOI_2016), **YEAR_2016)
    assert figures["reconciliation"] == {"tolerance": "5.0", "rows": []}
    assert "Vergelijking met de officiële cijfers" not in pdf_text(
        render_pdf(figures, report_meta={})
    )
    assert "Officiële cijfers" not in load_workbook(io.BytesIO(render_xlsx(figures))).sheetnames


def test_the_pdf_of_a_haaglanden_report_shows_the_comparison(demo, media_root):
    """A report asked for and built as the worker builds it, its PDF read back."""
    report = services.report_request(
        plan=plan(HAAGLANDEN), actor=None, kind=ReportKind.VOORTGANG, **YEAR_2016
    )
    built = services.report_build(report=report)
    built.refresh_from_db()
    assert built.status == Report.Status.KLAAR
    text = pdf_text(built.file.read())
    assert "Vergelijking met de officiële cijfers" in text
    assert "Een verschil van meer dan 5,0 % (de marge van het programma) is gemarkeerd." in text
    assert (
        "2016-K4 31-12-2016 marktsector 652 668 -16 -2,4 % binnen de marge "
        "overheidssector 701 665 +36 +5,4 % Afwijking groter dan 5,0 % "
        "totaal 1.353 1.333 +20 +1,5 % binnen de marge"
    ) in text
    assert "2016-K1 31-03-2016 marktsector 517 559 -42 -7,5 % Afwijking groter dan 5,0 %" in text


def test_a_report_sent_keeps_the_official_figures_it_was_frozen_with(demo, media_root):
    report = services.report_request(
        plan=plan(HAAGLANDEN), actor=None, kind=ReportKind.VOORTGANG, **YEAR_2016
    )
    services.report_build(report=report)
    # UWV corrects 2016-K4 later: the report already made does not change.
    OfficialCount.objects.filter(
        region__slug="haaglanden", peildatum=date(2016, 12, 31), sector="overheid"
    ).update(extra_jobs=700)
    report.refresh_from_db()
    assert rows_of(report.figures)[1] == ("2016-K4", "overheid", 701, 665, 36, "5.4", True)
    text = pdf_text(render_pdf(report.figures, report_meta={}))
    assert "overheidssector 701 665 +36 +5,4 % Afwijking groter dan 5,0 %" in text
    # A new freeze has the corrected figure.
    assert rows_of(haaglanden_figures())[1] == ("2016-K4", "overheid", 701, 700, 1, "0.1", False)


def test_the_xlsx_has_a_sheet_of_the_official_figures(demo):
    workbook = load_workbook(io.BytesIO(render_xlsx(haaglanden_figures())))
    assert workbook.sheetnames[-1] == "Officiële cijfers"
    sheet = workbook["Officiële cijfers"]
    assert "Haaglanden" in sheet["A1"].value
    assert [cell.value for cell in sheet[2]] == [
        "Kwartaal",
        "Peildatum",
        "Sector",
        "Eigen telling",
        "Officieel",
        "Verschil",
        "Verschil %",
        "Signaal",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 24
    market, government, total = rows[:3]
    assert market[0] == "2016-K4" and market[1].date() == date(2016, 12, 31)
    assert market[2:6] == ["marktsector", 652, 668, -16]
    assert market[6] == pytest.approx(-0.024) and market[7] == "binnen de marge"
    assert government[2:6] == ["overheidssector", 701, 665, 36]
    assert government[6] == pytest.approx(0.054)
    assert government[7] == "Afwijking groter dan 5,0 %"
    assert total[2:6] == ["totaal", 1353, 1333, 20]
    # Numbers with the page's formats, no formulas anywhere.
    cells = list(sheet.iter_rows(min_row=3, max_row=3))[0]
    assert [cell.number_format for cell in cells[3:7]] == [
        "#,##0",
        "#,##0",
        "+#,##0;-#,##0;0",
        "0.0%",
    ]
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=")
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_csv_has_a_block_of_the_official_figures(demo):
    content = render_csv(haaglanden_figures()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    official = [row for row in rows if row["sectie"] == "officiële cijfers"]
    assert len(official) == 24
    market, government = official[:2]
    # A shortfall is a plain negative number, not escaped as a formula would be.
    assert (market["verschil"], market["verschil %"]) == ("-16", "-2,4")
    assert (
        government["onderdeel"],
        government["periode"],
        government["peildatum"],
        government["sector"],
        government["gerealiseerd"],
        government["officieel"],
        government["verschil"],
        government["verschil %"],
        government["signaal"],
    ) == (
        "Haaglanden",
        "2016-K4",
        "31-12-2016",
        "overheidssector",
        "701",
        "665",
        "36",
        "5,4",
        "Afwijking groter dan 5,0 %",
    )
