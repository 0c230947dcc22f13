"""One formatter (core.formatting): a worked example's amount and date read the same on the
page, in the PDF (read back with pypdf), in the XLSX (as Excel-NL shows the cell) and in
the CSV; in English the page uses English separators and the documents stay Dutch."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.documents import freeze_figures, render_csv, render_pdf, render_xlsx
from tests.programmes.helpers import MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db

BOA = "Branchegericht ontwikkelarrangement"
SECRETARIS = "secretaris-midden-gelderland"


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def page(client, url: str, language: str = "nl") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.login(username=SECRETARIS, password="demo")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def element(html: str, element_id: str) -> str:
    """The visible text of the element with this id (a table row or a single cell)."""
    match = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, element_id
    return visible_text(match.group(2))


def documents(plan_obj):
    """The whole plan's report, rendered while English is active (it is Dutch whoever asks):
    the PDF's text, the workbook and the CSV's rows."""
    figures = freeze_figures(
        plan=plan_obj, start_date=plan_obj.start_date, end_date=plan_obj.end_date
    )
    with translation.override("en"):
        pdf, xlsx, table = (
            render_pdf(figures, report_meta={}),
            render_xlsx(figures),
            render_csv(figures),
        )
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig")), delimiter=";"))
    return text, load_workbook(io.BytesIO(xlsx)), rows


def excel_nl_shows(cell) -> str:
    """What Excel-NL shows for an amount or a date cell: its value in its number format."""
    if cell.number_format == '"€" #,##0':
        return "€ " + f"{round(cell.value):,}".replace(",", ".")
    assert cell.number_format == "dd-mm-yyyy"
    return f"{cell.value:%d-%m-%Y}"


def test_a_line_budget_reads_1_030_000_euro_everywhere(client, demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    line = plan_obj.lines.get(title=BOA)
    url = reverse("programmes:plan-detail", args=[plan_obj.pk])
    text, workbook, rows = documents(plan_obj)

    assert element(page(client, url), f"line-{line.pk}").endswith("€ 1.030.000")
    assert f"{BOA} € 1.030.000" in text
    (cell,) = [row[2] for row in workbook["Begroting"].iter_rows(min_row=3) if row[0].value == BOA]
    assert excel_nl_shows(cell) == "€ 1.030.000"
    (budget,) = [row for row in rows if (row["sectie"], row["onderdeel"]) == ("begroting", BOA)]
    assert budget["begroot"] == "1030000"  # Excel-NL reads it as 1.030.000
    # The English page groups the English way; the report above stayed Dutch.
    assert element(page(client, url, "en"), f"line-{line.pk}").endswith("€ 1,030,000")


def test_the_peildatum_reads_31_12_2020_everywhere(client, demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    url = reverse("placements:progress", args=[plan_obj.pk])
    text, workbook, rows = documents(plan_obj)

    assert element(page(client, url), "as-of") == "31-12-2020"
    assert "Peildatum 31-12-2020" in text
    summary = workbook["Samenvatting"]
    assert summary.cell(row=2, column=10).value == "Peildatum"
    (matches,) = [row for row in summary.iter_rows(min_row=3) if row[0].value == "Matches"]
    assert excel_nl_shows(matches[9]) == "31-12-2020"
    assert rows[0]["peildatum"] == "31-12-2020"  # the plan's own row
    assert "01-01-2019 t/m 31-12-2020" in summary["A1"].value  # the period, as in the PDF
    assert "01-01-2019 t/m 31-12-2020" in text
    # Dates read the same in English.
    assert element(page(client, url, "en"), "as-of") == "31-12-2020"
