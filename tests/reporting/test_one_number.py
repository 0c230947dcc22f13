"""One number, one rounding (issue 9, docs/decisions/0002-one-rounding.md): a worked
example's percentage reads the same on the dashboard, the progress page, in the PDF (read
back with pypdf), the XLSX (read back with openpyxl) and the CSV; and the ended plan's
final status is the same in all of them."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.documents import freeze_figures, render_csv, render_pdf, render_xlsx
from tests.programmes.helpers import MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db

HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page_text(client, username: str, url: str) -> str:
    client.login(username=username, password="demo")
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def documents(plan_obj):
    """The report on the whole plan: the PDF's text, the XLSX's summary rows by (indicator,
    sector), the CSV's summary rows by (indicator, sector)."""
    figures = freeze_figures(
        plan=plan_obj, start_date=plan_obj.start_date, end_date=plan_obj.end_date
    )
    pdf = PdfReader(io.BytesIO(render_pdf(figures, report_meta={})))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    sheet = load_workbook(io.BytesIO(render_xlsx(figures)))["Samenvatting"]
    cells = {(row[0].value, row[1].value or ""): row for row in sheet.iter_rows(min_row=3)}
    rows = csv.DictReader(io.StringIO(render_csv(figures).decode("utf-8-sig")), delimiter=";")
    lines = {(r["indicator"], r["sector"]): r for r in rows if r["sectie"] == "samenvatting"}
    return text, cells, lines


def xlsx_shows(cell) -> str:
    """What Excel-NL shows for a percentage cell: its value in its number format."""
    assert cell.number_format == "0.0%"  # one decimal, as the page
    shown = (Decimal(str(cell.value)) * 100).quantize(Decimal("0.1"))
    assert Decimal(str(cell.value)) * 100 == shown  # the cell holds the rounded figure
    return f"{shown} %".replace(".", ",")


def test_haaglanden_96_6_percent_and_niet_gehaald_everywhere(client, demo):
    plan_obj = plan(HAAGLANDEN)
    dashboard = page_text(
        client, "werkkamerlid-haaglanden", reverse("reporting:dashboard", args=["haaglanden"])
    )
    progress = page_text(
        client, "werkkamerlid-haaglanden", reverse("placements:progress", args=[plan_obj.pk])
    )
    text, cells, lines = documents(plan_obj)
    banen = "Banen (Banenafspraak)"
    expected = {
        # (sector label, page label): target, realised, percentage, status
        ("", ""): ("1.400", "1.353", "96,6 %", "niet gehaald"),
        ("marktsector", "marktsector"): ("710", "652", "91,8 %", "niet gehaald"),
        ("overheidssector", "overheidssector"): ("690", "701", "101,6 %", "gehaald"),
    }
    for (sector, _label), (target, realised, percentage, status) in expected.items():
        shown = f" ({sector})" if sector else ""
        baseline = "nulmeting 01-01-2013: 0"
        assert f"{banen}{shown} (stand) {target} {baseline} {realised} {percentage} {status}" in (
            dashboard
        )
        in_words = f"{sector} " if sector else ""
        assert f"{banen} (stand) {in_words}{target} {realised} {percentage} afgelopen {status}" in (
            progress
        )
        assert f"{banen}{shown} {target} {realised} {percentage} afgelopen {status}" in text
        key = (banen, sector)
        assert xlsx_shows(cells[key][5]) == percentage
        assert cells[key][7].value == status
        assert lines[key]["percentage"] == percentage.removesuffix(" %")
        assert lines[key]["status"] == status
    assert "Dit plan is afgelopen op 31-12-2016." in dashboard
    assert "Het plan is afgelopen op 31-12-2016" in progress
    assert "Het actieplan is afgelopen (01-01-2015 t/m 31-12-2016)." in text


def test_midden_gelderland_90_6_percent_everywhere(client, demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    user = "secretaris-midden-gelderland"
    dashboard = page_text(client, user, reverse("reporting:dashboard", args=["midden-gelderland"]))
    progress = page_text(client, user, reverse("placements:progress", args=[plan_obj.pk]))
    text, cells, lines = documents(plan_obj)
    assert "Matches 415 376 90,6 % niet gehaald" in dashboard
    assert "Matches 415 376 90,6 % afgelopen niet gehaald" in progress
    assert "Matches 415 376 90,6 % afgelopen niet gehaald 376 (eindstand)" in text
    assert "(91 %)" not in text and " 91 % " not in text
    assert xlsx_shows(cells[("Matches", "")][5]) == "90,6 %"
    assert lines[("Matches", "")]["percentage"] == "90,6"
    # Money in whole euros everywhere: € 1.030.000 on the page and in the PDF, 1030000 in
    # the CSV, and a whole-euro format in the XLSX.
    assert "€ 1.030.000" in text
    figures = freeze_figures(
        plan=plan_obj, start_date=plan_obj.start_date, end_date=plan_obj.end_date
    )
    budget = load_workbook(io.BytesIO(render_xlsx(figures)))["Begroting"]
    assert {row[2].number_format for row in budget.iter_rows(min_row=3)} == {'"€" #,##0'}
    boa = next(
        row
        for row in csv.DictReader(
            io.StringIO(render_csv(figures).decode("utf-8-sig")), delimiter=";"
        )
        if (row["sectie"], row["onderdeel"]) == ("begroting", "Branchegericht ontwikkelarrangement")
    )
    assert boa["begroot"] == "1030000"
