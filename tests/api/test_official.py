"""/api/v1/official-counts and /api/v1/regions/{code}/reconciliation: the official figures
of the sample file loaded with the demo, read by each region for itself (a national token
reads all), and our count beside them as the dashboard shows it; scoping tested from both
sides (Haaglanden's token gets nothing of Gooi en Vechtstreek's or Midden-Gelderland's, and
theirs nothing of Haaglanden's)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.models import OfficialCount, Realisation
from placements.selectors.reconciliation import region_reconciliation
from programmes.models import Programme
from regions.models import Region
from tests.reporting.test_reconciliation_pages import add_official_counts

from .conftest import make_token, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


RECONCILIATION = "/api/v1/regions/{code}/reconciliation?programme=banenafspraak"


@pytest.fixture
def gooi(demo):
    return Region.objects.get(slug="gooi-en-vechtstreek")


@pytest.fixture
def midden_gelderland_api(midden_gelderland):
    _token, secret = make_token(midden_gelderland)
    return token_client(secret)


def queries_of(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


# --- /official-counts -------------------------------------------------------------------------


def test_a_region_reads_its_own_official_figures(demo, haaglanden_api, haaglanden, gooi):
    body = haaglanden_api.get("/api/v1/official-counts").json()
    assert body["count"] == 16  # eight quarters, two sectors
    assert {row["region"] for row in body["results"]} == {haaglanden.code}
    first, second = body["results"][:2]
    assert first == {
        "id": first["id"],
        "region": haaglanden.code,
        "peildatum": "2016-12-31",
        "quarter": "2016-K4",
        "sector": "markt",
        "extraJobs": 668,
        "source": first["source"],
    }
    assert (second["sector"], second["extraJobs"]) == ("overheid", 665)
    # Asking for another region's gives nothing, its detail is a 404.
    assert haaglanden_api.get(f"/api/v1/official-counts?region={gooi.code}").json()["count"] == 0
    theirs = OfficialCount.objects.filter(region=gooi).first()
    assert haaglanden_api.get(f"/api/v1/official-counts/{theirs.pk}").status_code == 404
    ours = OfficialCount.objects.filter(region=haaglanden).first()
    assert haaglanden_api.get(f"/api/v1/official-counts/{ours.pk}").json()["id"] == ours.pk


def test_another_region_reads_none_of_haaglanden(midden_gelderland_api, haaglanden):
    body = midden_gelderland_api.get("/api/v1/official-counts").json()
    assert haaglanden.code not in {row["region"] for row in body["results"]}
    ours = OfficialCount.objects.filter(region=haaglanden).first()
    assert midden_gelderland_api.get(f"/api/v1/official-counts/{ours.pk}").status_code == 404


def test_a_national_token_reads_every_region_and_filters(national_api, haaglanden, gooi):
    body = national_api.get("/api/v1/official-counts").json()
    assert {haaglanden.code, gooi.code} <= {row["region"] for row in body["results"]}
    assert body["count"] == OfficialCount.objects.count()
    body = national_api.get(
        f"/api/v1/official-counts?region={gooi.code}&since=2016-01-01&until=2016-06-30"
    ).json()
    assert [(row["peildatum"], row["sector"], row["extraJobs"]) for row in body["results"]] == [
        ("2016-06-30", "markt", 80),
        ("2016-06-30", "overheid", 55),
        ("2016-03-31", "markt", 72),
        ("2016-03-31", "overheid", 49),
    ]


def test_a_bad_date_is_a_problem_naming_the_key(national_api):
    response = national_api.get("/api/v1/official-counts?since=gisteren")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [param["name"] for param in response.json()["invalidParams"]] == ["since"]


def test_an_unknown_region_is_a_problem_naming_the_key(national_api):
    response = national_api.get("/api/v1/official-counts?region=AM99")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [param["name"] for param in response.json()["invalidParams"]] == ["region"]


def test_the_lists_queries_do_not_grow(national_api):
    url = "/api/v1/official-counts?pageSize=500"
    national_api.get(url)
    before, body = queries_of(national_api, url)
    regions = Region.objects.filter(official_counts__isnull=True).order_by("name")[:10]
    add_official_counts(
        {region.code: ([1, 2, 3, 4], [1, 2, 3, 4]) for region in regions},
        [date(2019, 3, 31), date(2019, 6, 30), date(2019, 9, 30), date(2019, 12, 31)],
    )
    after, grown = queries_of(national_api, url)
    assert grown["count"] == body["count"] + 80
    assert after == before


# --- /regions/{code}/reconciliation -------------------------------------------------------------


def test_haaglanden_reads_its_reconciliation(haaglanden_api, haaglanden):
    body = haaglanden_api.get(RECONCILIATION.format(code=haaglanden.code)).json()
    assert (body["region"], body["programme"], body["tolerance"]) == (
        haaglanden.code,
        "banenafspraak",
        5.0,
    )
    rows = body["results"]
    assert len(rows) == 24
    assert rows[:3] == [
        {
            "peildatum": "2016-12-31",
            "quarter": "2016-K4",
            "sector": "markt",
            "own": 652,
            "official": 668,
            "difference": -16,
            "percentage": -2.4,
            "flagged": False,
        },
        {
            "peildatum": "2016-12-31",
            "quarter": "2016-K4",
            "sector": "overheid",
            "own": 701,
            "official": 665,
            "difference": 36,
            "percentage": 5.4,
            "flagged": True,
        },
        {
            "peildatum": "2016-12-31",
            "quarter": "2016-K4",
            "sector": "",
            "own": 1353,
            "official": 1333,
            "difference": 20,
            "percentage": 1.5,
            "flagged": False,
        },
    ]
    # The selector's rows, the dashboard's figures, none recomputed.
    expected = region_reconciliation(
        region=haaglanden, programme=Programme.objects.get(code="banenafspraak")
    )
    assert [(row["own"], row["official"], row["flagged"]) for row in rows] == [
        (row.own, row.official, row.flagged) for row in expected
    ]


def test_a_percentage_of_any_size(haaglanden_api, haaglanden):
    """An official 3 against our 40.000 is 1.333.233,3 % over: the API shows the figure (no
    cap on the digits of a percentage)."""
    Realisation.objects.filter(
        target__plan__region=haaglanden,
        target__plan__programme__code="banenafspraak",
        period__code="2016-K4",
        sector="overheid",
    ).update(count=40000)
    OfficialCount.objects.filter(
        region=haaglanden, peildatum=date(2016, 12, 31), sector="overheid"
    ).update(extra_jobs=3)
    response = haaglanden_api.get(RECONCILIATION.format(code=haaglanden.code))
    assert response.status_code == 200, response.content[:500]
    overheid = response.json()["results"][1]
    assert (overheid["own"], overheid["official"], overheid["percentage"]) == (
        40000,
        3,
        1333233.3,
    )
    assert overheid["flagged"] is True


def test_the_reconciliation_is_scoped_from_both_sides(
    haaglanden_api, midden_gelderland_api, national_api, haaglanden, midden_gelderland, gooi
):
    for code in (midden_gelderland.code, gooi.code):
        response = haaglanden_api.get(RECONCILIATION.format(code=code))
        assert response.status_code == 404, code
        assert response["Content-Type"] == "application/problem+json"
    assert midden_gelderland_api.get(RECONCILIATION.format(code=haaglanden.code)).status_code == (
        404
    )
    # Midden-Gelderland reads its own official figures; it has no Banenafspraak plan, so
    # nothing of ours stands beside them and nothing is flagged.
    theirs = midden_gelderland_api.get(RECONCILIATION.format(code=midden_gelderland.code)).json()
    assert len(theirs["results"]) == 24
    assert {(row["own"], row["difference"], row["flagged"]) for row in theirs["results"]} == {
        (None, None, False)
    }
    assert all(row["official"] is not None for row in theirs["results"])
    body = national_api.get(RECONCILIATION.format(code=gooi.code)).json()
    assert body["results"][2]["official"] == 174  # Gooi en Vechtstreek's 2016-K4 total


def test_the_programme_is_asked_for_by_its_code(haaglanden_api, haaglanden):
    base = f"/api/v1/regions/{haaglanden.code}/reconciliation"
    for url in (base, f"{base}?programme=onbekend"):
        response = haaglanden_api.get(url)
        assert response.status_code == 400, url
        assert [param["name"] for param in response.json()["invalidParams"]] == ["programme"]
    assert haaglanden_api.get("/api/v1/regions/AM99/reconciliation?programme=x").status_code == (
        404
    )


def test_the_reconciliations_queries_do_not_grow(national_api, haaglanden):
    url = RECONCILIATION.format(code=haaglanden.code)
    national_api.get(url)
    before, _body = queries_of(national_api, url)
    add_official_counts(
        {haaglanden.code: ([700, 710, 720, 730], [710, 720, 730, 740])},
        [date(2017, 3, 31), date(2017, 6, 30), date(2017, 9, 30), date(2017, 12, 31)],
    )
    after, grown = queries_of(national_api, url)
    assert len(grown["results"]) == 36
    assert after == before


def test_the_openapi_document_names_both(national_api):
    paths = national_api.get("/api/v1/openapi.json").json()["paths"]
    assert "/official-counts" in paths
    assert "/regions/{code}/reconciliation" in paths
    parameters = {param["name"] for param in paths["/official-counts"]["get"]["parameters"]}
    assert {"region", "since", "until", "page", "pageSize"} <= parameters
