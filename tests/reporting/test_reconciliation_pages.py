"""Our count beside UWV's official figures on the pages: the region dashboard (a table per
programme that counts the Banenafspraak's jobs, newest peildatum first, flagged beyond the
programme's tolerance; a sentence when the region has none) and the national overview (the
official total and the difference % beside each region). Haaglanden's registration in the
demo (demo/worked_examples/haaglanden.py LEVELS) against the illustrative sample file
(placements/data/officiele-cijfers-banenafspraak-voorbeeld.csv, loaded with the demo)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import OfficialCount, OfficialCountImport
from programmes import selectors as programme_selectors
from programmes.models import Programme
from regions.models import Region
from tests.programmes.helpers import login
from tests.reporting.test_overview_queries import plans_in_more_regions
from tests.test_selector_queries import grow

pytestmark = pytest.mark.django_db


# region_reconciliation: the official figures, the lineages of the banen targets, their
# realisations summed at every peildatum (placements.selectors.reconciliation). The
# overview's overview_reconciliation costs the same three.
RECONCILIATION_QUERIES = 3


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, element_id: str) -> str:
    """The <section> with this id, as HTML."""
    match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', html, re.S)
    assert match, element_id
    return match.group(0)


def dashboard(client, slug: str, username: str) -> str:
    login(client, username)
    response = client.get(reverse("reporting:dashboard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_official_counts(figures: dict[str, tuple[list, list]], peildata: list[date]) -> None:
    """Official figures beside the sample file's, per region code: (markt, overheid) per
    peildatum, written as an import writes them."""
    upload = OfficialCountImport.objects.create(
        file_name="meer.csv", content=b"", status=OfficialCountImport.Status.VERWERKT
    )
    OfficialCount.objects.bulk_create(
        OfficialCount(
            region=Region.objects.get(code=code),
            peildatum=peildatum,
            sector=sector,
            extra_jobs=value,
            source="test",
            official_import=upload,
        )
        for code, per_sector in figures.items()
        for sector, values in zip(("markt", "overheid"), per_sector, strict=True)
        for peildatum, value in zip(peildata, values, strict=True)
    )


def more_official_figures() -> list[str]:
    """The official figures grown: a year more of Haaglanden's quarters (2017), and every
    quarter of 2019 for ten more regions. Returns those regions' names."""
    add_official_counts(
        {Region.objects.get(slug="haaglanden").code: ([700, 710, 720, 730], [710, 720, 730, 740])},
        [date(2017, 3, 31), date(2017, 6, 30), date(2017, 9, 30), date(2017, 12, 31)],
    )
    regions = list(Region.objects.filter(official_counts__isnull=True).order_by("name")[:10])
    add_official_counts(
        {region.code: ([10, 20, 30, 40], [5, 6, 7, 8]) for region in regions},
        [date(2019, 3, 31), date(2019, 6, 30), date(2019, 9, 30), date(2019, 12, 31)],
    )
    return [region.name for region in regions]


# --- the region dashboard --------------------------------------------------------------------


def test_haaglanden_dashboard_shows_own_official_difference_and_the_flag(client, demo):
    html = section(
        dashboard(client, "haaglanden", "werkkamerlid-haaglanden"), "reconciliation-banenafspraak"
    )
    text = text_of(html)
    assert text.startswith("Vergelijking met de officiële cijfers (UWV) Banenafspraak")
    assert "Een verschil van meer dan 5,0 % (de marge van het programma) wordt gemarkeerd." in text
    # 2016-K4: LEVELS 652 market and 701 government jobs (1.353) against the sample file's 668
    # and 665 (1.333). Government is 36 above, 5,4 % of 665: beyond the 5,0 % tolerance.
    assert (
        "2016-K4 31-12-2016 "
        "marktsector 652 668 -16 -2,4 % binnen de marge "
        "overheidssector 701 665 +36 +5,4 % Afwijking groter dan 5,0 % "
        "totaal 1.353 1.333 +20 +1,5 % binnen de marge"
    ) in text
    # 2016-K1: 517 market jobs against 559, 7,5 % short.
    assert "2016-K1 31-03-2016 marktsector 517 559 -42 -7,5 % Afwijking groter dan 5,0 %" in text
    assert "2015-K1 31-03-2015 marktsector 372 380 -8 -2,1 %" in text
    # Newest first, every quarter of the sample file (eight).
    quarters = re.findall(r"\b(20\d\d-K\d) \d\d-\d\d-20\d\d", text)
    assert quarters == [f"{year}-K{q}" for year in (2016, 2015) for q in (4, 3, 2, 1)]
    assert text.count("Afwijking groter dan 5,0 %") == 2
    # An accessible table: a caption, column headers, a row group per peildatum and a row
    # header per sector; the flag marked as a note, not only coloured.
    assert "<caption>" in html
    assert html.count('<th scope="col"') == 7
    assert html.count('<th scope="rowgroup" rowspan="3">') == 8
    assert html.count('<th scope="row">') == 24
    assert html.count('class="discrepancy" role="note"') == 2
    # In the page's table of contents too.
    assert 'href="#reconciliation-banenafspraak"' in dashboard(
        client, "haaglanden", "werkkamerlid-haaglanden"
    )


def test_a_region_without_official_figures_gets_a_sentence_and_no_table(client, demo):
    OfficialCount.objects.filter(region__slug="gooi-en-vechtstreek").delete()
    page = dashboard(client, "gooi-en-vechtstreek", "werkkamerlid-gooi-en-vechtstreek")
    html = section(page, "reconciliation-banenafspraak")
    assert "Voor Gooi en Vechtstreek zijn nog geen officiële cijfers ingelezen." in text_of(html)
    assert "<table" not in html
    assert 'id="reconciliation-banenafspraak-table"' not in page


def test_gooi_en_vechtstreek_reads_its_own_figures(client, demo):
    html = section(
        dashboard(client, "gooi-en-vechtstreek", "werkkamerlid-gooi-en-vechtstreek"),
        "reconciliation-banenafspraak",
    )
    text = text_of(html)
    # The sample file's 112 market and 62 government jobs at 2016-K4 (174); not Haaglanden's.
    assert "2016-K4 31-12-2016 marktsector" in text and " 112 " in text and " 174 " in text
    assert "668" not in text and "1.333" not in text


def test_a_programme_that_counts_no_jobs_has_no_comparison(client, demo):
    """Perspectief op Werk counts matches: UWV publishes no figure to set beside them."""
    page = dashboard(client, "midden-gelderland", "werkkamerlid-midden-gelderland")
    assert "Vergelijking met de officiële cijfers" not in page
    assert 'id="reconciliation-' not in page


def test_the_dashboard_shows_the_newest_eight_quarters(client, demo):
    more_official_figures()
    text = text_of(
        section(
            dashboard(client, "haaglanden", "werkkamerlid-haaglanden"),
            "reconciliation-banenafspraak",
        )
    )
    quarters = re.findall(r"\b(20\d\d-K\d) \d\d-\d\d-20\d\d", text)
    assert quarters == [f"{year}-K{q}" for year in (2017, 2016) for q in (4, 3, 2, 1)]
    # No plan of Haaglanden runs in 2017: nothing of ours to compare, nothing flagged.
    assert "2017-K4 31-12-2017 marktsector – 730 – – –" in text


def test_the_dashboards_queries_are_the_selectors_three_more_and_do_not_grow(client, demo):
    """Haaglanden's dashboard runs region_reconciliation's three queries more than Midden-
    Gelderland's (which has no plan counting jobs), and neither grows with the plans or the
    official figures (more peildata, more regions)."""
    url = reverse("reporting:dashboard", args=["haaglanden"])
    other = reverse("reporting:dashboard", args=["midden-gelderland"])
    login(client, "beheerder")
    client.get(url)
    client.get(other)
    before, other_before = page_queries(client, url), page_queries(client, other)
    for slug in ("haaglanden", "midden-gelderland"):
        for plan in programme_selectors.active_plans(region=Region.objects.get(slug=slug)):
            grow(plan)
    more_official_figures()
    after, other_after = page_queries(client, url), page_queries(client, other)
    assert "Extra project 9.2" in client.get(url).content.decode()
    assert (after, other_after) == (before, other_before)
    # Midden-Gelderland's plans and Haaglanden's differ in nothing that costs a query but
    # the comparison.
    assert before == other_before + RECONCILIATION_QUERIES


# --- the national overview -------------------------------------------------------------------


def overview_rows(html: str) -> list[str]:
    body = re.search(r'id="overview-banen".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [text_of(row) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_overview_has_the_official_column_for_haaglanden(client, demo):
    login(client, "werkkamerlid-gooi-en-vechtstreek")
    html = client.get(reverse("reporting:overview", args=["banenafspraak"])).content.decode()
    header = re.search(r'id="overview-banen".*?</thead>', html, re.S).group(0)
    assert "Officieel (UWV)" in text_of(header) and "Verschil %" in text_of(header)
    assert overview_rows(html) == [
        # 161 of ours at 31-12-2016 against the sample file's 174: 7,5 % short, flagged.
        "Gooi en Vechtstreek (uw regio) 350 161 46,0 % niet gehaald 31-12-2016 "
        "174 31-12-2016 -7,5 % Afwijking groter dan 5,0 % "
        "Banenafspraak 2016 Gooi en Vechtstreek",
        # 1.353 of ours against 1.333: 1,5 % above, within the tolerance.
        "Haaglanden 1.400 1.353 96,6 % niet gehaald 31-12-2016 1.333 31-12-2016 +1,5 % "
        "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden",
    ]
    assert "Een verschil van meer dan 5,0 % (de marge van het programma)" in text_of(html)


def test_the_overview_flag_follows_the_programmes_tolerance(client, demo):
    Programme.objects.filter(code="banenafspraak").update(reconciliation_tolerance="1.0")
    login(client, "werkkamerlid-haaglanden")
    html = client.get(reverse("reporting:overview", args=["banenafspraak"])).content.decode()
    haaglanden = next(row for row in overview_rows(html) if row.startswith("Haaglanden"))
    assert "1.333 31-12-2016 +1,5 % Afwijking groter dan 1,0 %" in haaglanden


def test_an_overview_without_the_banen_indicator_has_no_official_column(client, demo):
    login(client, "werkkamerlid-midden-gelderland")
    html = client.get(reverse("reporting:overview", args=["pow"])).content.decode()
    assert "Officieel (UWV)" not in html


def test_the_overviews_queries_are_three_more_and_do_not_grow(client, demo):
    """overview_reconciliation's three queries, whatever the number of regions with plans
    and official figures."""
    login(client, "beheerder")
    url = reverse("reporting:overview", args=["banenafspraak"])
    client.get(url)
    before = page_queries(client, url)
    added = plans_in_more_regions("banenafspraak", "banen", "markt")
    with_figures = more_official_figures()
    after = page_queries(client, url)
    html = client.get(url).content.decode()
    assert after == before
    rows = overview_rows(html)
    # The grown regions are on the page, with their official figure where they have one.
    assert all(any(row.startswith(name) for row in rows) for name in added)
    assert any(name in with_figures for name in added)
    grown = next(row for row in rows if row.startswith(next(n for n in added if n in with_figures)))
    assert " 48 31-12-2019 " in grown  # 40 + 8 at 2019-K4
