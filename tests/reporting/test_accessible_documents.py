"""Accessible documents (issue 15 point 5, decision 0024): every PDF the product makes is
tagged and identified as PDF/UA-1, read back with pypdf as a screen reader and a checker
get it: marked, a structure tree with headings in order, tables with header cells and
captions, each chart a Figure with its figures in words, the document's language and title
(shown as the window's title) and pdfuaid:part 1 in the XMP; and the text a user reads is
still there."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from programmes.models import ActionPlan
from reporting import charts
from reporting.documents import LANGUAGE, freeze_figures, render_pdf
from reporting.documents.pdf import report_context
from reporting.models import MeetingPack
from tests.pdf import pdf_accessibility, pdf_text

from .governance_helpers import REGION, gv_proposal
from .test_documents import META, midden_gelderland_figures
from .test_meeting_pack import agenda, login, request_pack  # noqa: F401 (agenda: a fixture)
from .test_monthly_overview import october, region, rmt  # noqa: F401 (fixtures)
from .test_proposal_pdf import get_pdf

pytestmark = pytest.mark.django_db

DC_TITLE = "dc:title"
PDFUA_PART = "pdfuaid:part"


def assert_pdf_ua(pdf: bytes, *, title_starts: str):
    """What every PDF of the product has; returns what was read, for the document's own
    checks."""
    read = pdf_accessibility(pdf)
    assert read.marked  # /MarkInfo << /Marked true >>
    assert read.lang == "nl"  # the report's language (documents.LANGUAGE), from <html lang>
    assert read.display_doc_title  # /ViewerPreferences << /DisplayDocTitle true >>
    assert read.info_title and read.info_title.startswith(title_starts)
    assert read.xmp[DC_TITLE] == read.info_title
    assert read.xmp[PDFUA_PART] == "1"
    assert read.tree is not None and read.tree.children[0].tag == "Document"

    headings = read.headings()
    assert headings[0] == 1 and headings.count(1) == 1, headings  # one title, first
    # In order: never a level skipped on the way down (H2 → H4).
    steps = zip(headings, headings[1:], strict=False)
    assert all(later <= earlier + 1 for earlier, later in steps), headings

    tables = read.elements("Table")
    assert tables
    header_ids = set()
    for table in tables:
        cells = list(table.walk())
        headers = [cell for cell in cells if cell.tag == "TH"]
        assert headers, "a table without header cells"
        for header in headers:
            assert header.attributes["/O"] == "/Table"
            if "/Scope" in header.attributes:
                assert header.attributes["/Scope"] in ("/Row", "/Column", "/Both")
            assert header.id
            header_ids.add(header.id)
    # A data cell names its header cells (WeasyPrint: /Headers with the IDs of the TH
    # elements, column headers and, from <th scope="row">, row headers).
    data_cells = read.elements("TD")
    assert data_cells
    for cell in data_cells:
        named = cell.attributes.get("/Headers")
        if named:
            assert {str(name) for name in named} <= header_ids
    assert sum(1 for cell in data_cells if cell.attributes.get("/Headers")) > len(data_cells) / 2
    # Every table is named: as many captions as tables in the HTML (a table split over two
    # pages is two Table elements, its caption with one of them).
    assert read.elements("Caption")
    return read


def captions(read) -> int:
    return len(read.elements("Caption"))


def test_the_progress_report_is_tagged_pdf_ua(demo):
    figures = midden_gelderland_figures()
    pdf = render_pdf(figures, report_meta=META)

    read = assert_pdf_ua(pdf, title_starts="Voortgangsrapportage Midden-Gelderland")
    # Cover title, then the chapters (H2) and their sections (H3).
    assert read.headings()[:3] == [1, 2, 3]
    assert read.headings().count(2) == 5
    # Every table has its caption: the cover's facts, the summary, each line's, prognoses,
    # budget per year and per line, and activities (risks: none, a sentence). A table split
    # over two pages is two Table elements, and may carry its caption on both.
    with translation.override(LANGUAGE):
        template, context = report_context(figures, report_meta=META)
        html = render_to_string(f"{template}.html", context)
    assert captions(read) >= html.count("<table") == html.count("<caption") == 11
    # Each chart is a Figure whose text alternative gives its figures in words.
    figures = read.elements("Figure")
    assert len(figures) == 2
    matches, budget = (figure.alt for figure in figures)
    assert matches.startswith("Matches. Gerealiseerd tot en met 2020-K4: 376 matches.")
    assert "Het doelpad loopt naar 415 matches in 2020-K4." in matches
    assert budget.startswith("Begroting per jaar: begroot en besteed.")
    assert "2019: begroot € 1.000.000, besteed € 863.240" in budget
    # What a reader reads is still there, total included.
    text = pdf_text(pdf)
    assert "Totaal € 2.000.000" in text
    assert "Matches 415 376 90,6 %" in text


def test_every_demo_plans_report_is_tagged_pdf_ua(demo):
    """Plans with and without targets (a budget-led RMT plan), realisations, budget, risks,
    official figures or a region (a national plan): the same structure for each."""
    for each in ActionPlan.objects.select_related("region", "programme"):
        figures = freeze_figures(plan=each, start_date=each.start_date, end_date=each.end_date)
        read = assert_pdf_ua(
            render_pdf(figures, report_meta={}), title_starts="Voortgangsrapportage"
        )
        assert all(chart.alt for chart in read.elements("Figure")), each.title


def test_the_pdf_is_identified_as_pdf_ua_in_its_metadata(demo):
    """Read as a checker does: the XMP packet itself, the PDF version and the pages."""
    read = pdf_accessibility(render_pdf(midden_gelderland_figures(), report_meta=META))

    assert read.version == "1.7"
    assert (
        'pdfuaid:part="1"' in read.xmp_packet or "<pdfuaid:part>1</pdfuaid:part>" in read.xmp_packet
    )
    assert "<dc:title>" in read.xmp_packet
    # Each page's annotations in the order of the structure tree (/Tabs /S).
    assert set(read.page_tabs) == {"/S"}


def test_the_treasurers_monthly_overview_is_tagged_pdf_ua(october):  # noqa: F811
    meta = {"kenmerk": "AM96-2021-0101", "kind": "financieel"}
    pdf = render_pdf(october, report_meta=meta)

    read = assert_pdf_ua(pdf, title_starts="Maandoverzicht uitgaven")
    # Title, then the explanation under the table (and the budget lines needing attention).
    assert read.headings()[:2] == [1, 2]
    assert captions(read) == 2  # the facts and the overview table
    assert "Totaal" in pdf_text(pdf)


def test_the_proposal_pdf_is_tagged_pdf_ua(client, demo):
    response = get_pdf(client, gv_proposal())
    pdf = response.content

    read = assert_pdf_ua(pdf, title_starts="Voorstel")
    # The proposal's subject, then its sections: Algemeen, Voorstel … Uitvoering.
    assert read.headings() == [1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert captions(read) == 2  # Algemeen, Kosten
    assert "Totaal" in pdf_text(pdf)


def test_the_meeting_pack_is_tagged_pdf_ua_with_its_reports_under_its_title(
    client,
    agenda,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    login(client)
    request_pack(client, agenda["meeting"], django_capture_on_commit_callbacks)
    pack = MeetingPack.objects.get(meeting=agenda["meeting"])
    download = client.get(reverse("reporting:meeting-pack-file", args=[REGION, pack.pk]))
    pdf = b"".join(download.streaming_content)

    read = assert_pdf_ua(pdf, title_starts="Vergaderstukken Werkkamer Gooi en Vechtstreek")
    headings = read.headings()
    # The pack's title, its agenda, the proposal and the report as parts (H2) with their
    # sections one lower, and the decision list last: one outline, one H1.
    assert headings[:2] == [1, 2]
    assert headings[-1] == 2
    assert 4 in headings  # the report's sections, under its chapters (H3)
    text = pdf_text(pdf)
    assert "Besluitenlijst vorige vergadering" in text
    assert date(2017, 3, 9).strftime("%d-%m-%Y") in text


def test_a_charts_text_alternative_joins_its_description_to_its_title():
    """Only the PDF's copy: WeasyPrint's Figure /Alt is the SVG's own <title>; the visible
    title, the axis labels' <title>s and the description stay as they are."""
    svg = charts.budget_chart(
        title="Begroting & besteding",
        years=["2019"],
        planned=[Decimal(1000)],
        spent=[Decimal(500)],
    )
    alternative = charts.with_text_alternative(svg)

    chart_title = re.search(r'<title id="chart-[0-9a-f]+-title">([^<]*)</title>', alternative)
    assert chart_title[1] == (
        "Begroting &amp; besteding. Begroot en besteed per jaar. 2019: begroot € 1.000, "
        "besteed € 500."
    )
    assert alternative.count("<desc") == svg.count("<desc")
    assert alternative.count("<title") == svg.count("<title")
    assert (
        charts.with_text_alternative("<svg><title>x</title></svg>") == "<svg><title>x</title></svg>"
    )
