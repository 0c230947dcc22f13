"""/plans, /reporting-periods and /realisations on the worked examples of the demo data: the
figures the plan page shows (the same selectors), region scoping from both sides, filters,
pagination with a fixed number of queries, and a bad filter value as a 400 problem."""

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from placements.models import Realisation
from programmes.models import ActionPlan, ReportingPeriod
from programmes.selectors import plan_structure, plan_target_rollup
from programmes.services import plan_new_version
from regions.models import Region, RoleAssignment
from tests.factories import UserFactory

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db

MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
RMT = "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL en IJmond"
DWSRA = "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, 11-03-2019)"


def plan(title) -> ActionPlan:
    return ActionPlan.objects.get(title=title)


@pytest.fixture
def midden_gelderland_api(midden_gelderland):
    _token, secret = make_token(midden_gelderland)
    return token_client(secret)


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content[:500]
    return response.json()


def figures_of(rows, indicator):
    """{sector: (stated, computed, value, discrepancy)} of one indicator's figure rows."""
    return {
        row["sector"]: (row["stated"], row["computed"], row["value"], row["discrepancy"])
        for row in rows
        if row["indicator"] == indicator
    }


def page_rows(rollup, figures):
    """The plan page's rows (TargetRollup.rows) in the API's terms."""
    return [
        {
            "indicator": indicator.code,
            "sector": sector or None,
            "stated": figure.stated,
            "computed": figure.computed,
            "value": figure.value,
            "discrepancy": figure.is_discrepancy,
        }
        for indicator, sector, figure in rollup.rows(figures)
    ]


def api_rows(rows):
    keys = ("indicator", "sector", "stated", "computed", "value", "discrepancy")
    return [{key: row[key] for key in keys} for row in rows]


# --- /plans/{id}: the plan page's figures ---------------------------------------------------


def test_haaglanden_1400_is_710_markt_plus_690_overheid(demo, haaglanden_api, haaglanden):
    plan_obj = plan(HAAGLANDEN)
    body = get_json(haaglanden_api, f"/api/v1/plans/{plan_obj.pk}")
    assert (body["title"], body["region"], body["programme"]) == (
        HAAGLANDEN,
        haaglanden.code,
        "banenafspraak",
    )
    assert (body["status"], body["statusLabel"]) == ("vastgesteld", "vastgesteld")
    assert (body["startDate"], body["endDate"]) == ("2015-01-01", "2016-12-31")
    assert figures_of(body["figures"], "banen") == {
        None: (1400, None, 1400, False),
        "markt": (710, None, 710, False),
        "overheid": (690, None, 690, False),
    }
    assert api_rows(body["figures"]) == page_rows(
        plan_target_rollup(plan=plan_obj), plan_target_rollup(plan=plan_obj).plan
    )
    stated = {(row["sector"], row["value"]) for row in body["targets"]}
    assert stated == {(None, 1400), ("markt", 710), ("overheid", 690)}
    assert all(row["line"] is None and row["breakdown"] == "sector" for row in body["targets"])
    assert len(body["lines"]) == 7  # the seven ambitions, without targets of their own


def test_midden_gelderland_line_totals_as_the_plan_page(demo, national_api):
    plan_obj = plan(MIDDEN_GELDERLAND)
    body = get_json(national_api, f"/api/v1/plans/{plan_obj.pk}")
    rollup = plan_target_rollup(plan=plan_obj)
    assert figures_of(body["figures"], "matches") == {None: (415, 415, 415, False)}
    assert api_rows(body["figures"]) == page_rows(rollup, rollup.plan)
    lines = {line["title"]: line for line in body["lines"]}
    assert figures_of(lines["Branchegericht ontwikkelarrangement"]["figures"], "matches") == {
        None: (200, None, 200, False)
    }
    assert figures_of(lines["De Ontmoeting"]["figures"], "matches") == {
        None: (165, 165, 165, False)  # events 50 + app 25 + carrousel 90
    }
    assert figures_of(lines["Verbeteren ketensamenwerking"]["figures"], "matches") == {
        None: (None, 50, 50, False)  # the line states none: its project's
    }
    for line in body["lines"]:
        assert api_rows(line["figures"]) == page_rows(rollup, rollup.lines.get(line["id"], {}))
        for project in line["projects"]:
            page = {
                (indicator.code, sector or None): value
                for indicator, sector, value in rollup.rows(rollup.projects.get(project["id"], {}))
            }
            assert {
                (row["indicator"], row["sector"]): row["value"] for row in project["figures"]
            } == page
    projects = {p["title"]: p for line in body["lines"] for p in line["projects"]}
    carrousel = {
        row["indicator"]: row["value"] for row in projects["De oriëntatiecarrousel"]["figures"]
    }
    assert carrousel == {"matches": 90, "deelnemers": 300}
    assert projects["Aanbod in beeld"]["accountableOrganisation"] == "UWV"


def test_rmt_lines_and_projects_in_the_plan_pages_order(demo, national_api):
    plan_obj = plan(RMT)
    body = get_json(national_api, f"/api/v1/plans/{plan_obj.pk}")
    structure = plan_structure(plan=plan_obj)
    assert (body["status"], body["statusLabel"]) == ("vastgesteld", "vastgesteld")
    assert body["status"] == plan_obj.status  # adopted by its steering group's decision
    assert body["version"] == 7
    assert [line["title"] for line in body["lines"]] == [line.title for line in structure]
    assert [[p["title"] for p in line["projects"]] for line in body["lines"]] == [
        [project.title for project in line.projects.all()] for line in structure
    ]
    assert body["figures"] == [] and body["targets"] == []  # the RMT states no targets


def test_dwsra_a_national_plan_is_read_by_every_token(demo, haaglanden_api, midden_gelderland_api):
    plan_obj = plan(DWSRA)
    for client in (haaglanden_api, midden_gelderland_api):
        body = get_json(client, f"/api/v1/plans/{plan_obj.pk}")
        assert body["region"] is None and body["programme"] == "dwsra"
        spt = [row for row in body["targets"] if row["indicator"] == "plaatsingen"]
        assert [(row["value"], row["startDate"], row["endDate"]) for row in spt] == [
            (130, "2017-09-01", "2019-06-30")
        ]
        listed = get_json(client, "/api/v1/plans?programme=dwsra")
        assert [row["id"] for row in listed["results"]] == [plan_obj.pk]


# --- /plans: scoping, filters, versions, pagination -------------------------------------------


def test_a_region_token_lists_its_own_and_national_plans_only(demo, haaglanden_api, haaglanden):
    body = get_json(haaglanden_api, "/api/v1/plans?pageSize=500")
    expected = (
        ActionPlan.objects.filter(region=haaglanden).count()
        + ActionPlan.objects.filter(region__isnull=True).count()
    )
    assert body["count"] == expected == len(body["results"])
    assert {row["region"] for row in body["results"]} == {haaglanden.code, None}
    other = plan(MIDDEN_GELDERLAND)
    response = haaglanden_api.get(f"/api/v1/plans/{other.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert MIDDEN_GELDERLAND not in response.content.decode()
    # Asking for the other region by name gives nothing, not its plans.
    mg = Region.objects.get(slug="midden-gelderland")
    assert get_json(haaglanden_api, f"/api/v1/plans?region={mg.code}")["count"] == 0


def test_a_signed_in_person_reads_with_their_own_rights(demo, client, haaglanden):
    """The browsable API: a session's user is the principal, with their roles' regions."""
    client.force_login(UserFactory(role=(haaglanden, RoleAssignment.Role.WERKKAMERLID)))
    body = get_json(client, "/api/v1/plans?pageSize=500")
    assert {row["region"] for row in body["results"]} == {haaglanden.code, None}
    assert client.get(f"/api/v1/plans/{plan(MIDDEN_GELDERLAND).pk}").status_code == 404
    page = client.get("/api/v1/plans", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert HAAGLANDEN in page.content.decode()


def test_the_other_side_sees_nothing_of_haaglanden(demo, midden_gelderland_api, haaglanden):
    body = get_json(midden_gelderland_api, "/api/v1/plans?pageSize=500")
    assert haaglanden.code not in {row["region"] for row in body["results"]}
    assert midden_gelderland_api.get(f"/api/v1/plans/{plan(HAAGLANDEN).pk}").status_code == 404


def test_a_national_token_lists_every_plan_in_a_stable_order(demo, national_api):
    body = get_json(national_api, "/api/v1/plans?pageSize=500")
    assert body["count"] == ActionPlan.objects.count()
    ids = [row["id"] for row in body["results"]]
    assert len(set(ids)) == len(ids)
    pages = []
    for page in range(1, body["count"] + 1):
        pages += [
            row["id"]
            for row in get_json(national_api, f"/api/v1/plans?pageSize=1&page={page}")["results"]
        ]
    assert pages == ids


def test_filters_region_programme_status(demo, national_api, haaglanden):
    body = get_json(national_api, f"/api/v1/plans?region={haaglanden.code}&programme=banenafspraak")
    assert [row["title"] for row in body["results"]] == [HAAGLANDEN]
    body = get_json(national_api, "/api/v1/plans?status=vastgesteld&pageSize=500")
    assert {RMT, HAAGLANDEN, MIDDEN_GELDERLAND} <= {row["title"] for row in body["results"]}
    assert {row["status"] for row in body["results"]} == {"vastgesteld"}
    assert body["count"] == ActionPlan.objects.filter(status="vastgesteld").count()
    closed = get_json(national_api, "/api/v1/plans?status=afgesloten&pageSize=500")
    assert closed["count"] == ActionPlan.objects.filter(status="afgesloten").count()
    assert HAAGLANDEN not in {row["title"] for row in closed["results"]}


def test_versions_and_current(demo, national_api):
    old = plan(HAAGLANDEN)
    new, _lines, _projects = plan_new_version(plan=old, actor=None)
    body = get_json(national_api, f"/api/v1/plans/{old.pk}")
    assert (body["previousVersion"], body["nextVersion"]) == (None, new.pk)
    body = get_json(national_api, f"/api/v1/plans/{new.pk}")
    assert (body["previousVersion"], body["nextVersion"], body["version"]) == (old.pk, None, 2)
    current = get_json(national_api, "/api/v1/plans?current=true&pageSize=500")
    ids = {row["id"] for row in current["results"]}
    assert new.pk in ids and old.pk not in ids
    assert current["count"] == ActionPlan.objects.count() - 1
    superseded = get_json(national_api, "/api/v1/plans?current=false")
    assert [row["id"] for row in superseded["results"]] == [old.pk]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("status=onzin", "status"),
        ("region=AM99", "region"),
        ("programme=geen-programma", "programme"),
        ("current=ja", "current"),
    ],
)
def test_a_bad_filter_value_is_a_400_problem(demo, national_api, query, name):
    response = national_api.get(f"/api/v1/plans?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert [param["name"] for param in body["invalidParams"]] == [name]
    assert body["invalidParams"][0]["reason"]


def queries_for(client, path) -> int:
    """The queries of one request, the token's first use (it records last_used_at, at most
    once a minute) made before."""
    client.get("/api/v1/regions")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans?",
        "/api/v1/plans?programme=banenafspraak&status=afgesloten&current=true&",
        "/api/v1/reporting-periods?region=AM21&",
        "/api/v1/realisations?",
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(demo, national_api, path):
    small = queries_for(national_api, f"{path}pageSize=1")
    large = queries_for(national_api, f"{path}pageSize=50")
    assert small == large
    # The token, the count and the page, and one look-up per region or programme filter.
    assert large <= 6


def test_plan_detail_queries_do_not_grow_with_the_plan(demo, national_api):
    small = queries_for(national_api, f"/api/v1/plans/{plan(HAAGLANDEN).pk}")
    large = queries_for(national_api, f"/api/v1/plans/{plan(MIDDEN_GELDERLAND).pk}")
    assert small == large


def test_plan_detail_etag(demo, haaglanden_api):
    path = f"/api/v1/plans/{plan(HAAGLANDEN).pk}"
    etag = haaglanden_api.get(path)["ETag"]
    assert haaglanden_api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- /reporting-periods -----------------------------------------------------------------------


def test_haaglanden_reporting_periods_are_its_eight_quarters(demo, haaglanden_api):
    plan_obj = plan(HAAGLANDEN)
    body = get_json(haaglanden_api, f"/api/v1/reporting-periods?plan={plan_obj.pk}")
    assert [row["code"] for row in body["results"]] == [
        f"{year}-K{quarter}" for year in (2015, 2016) for quarter in (1, 2, 3, 4)
    ]
    last = body["results"][-1]
    assert (last["startDate"], last["endDate"], last["plan"]) == (
        "2016-10-01",
        "2016-12-31",
        plan_obj.pk,
    )
    closed = set(plan_obj.periods.filter(closed_at__isnull=False).values_list("code", flat=True))
    assert {row["code"] for row in body["results"] if row["closed"]} == closed


def test_midden_gelderland_2019_is_closed(demo, national_api):
    plan_obj = plan(MIDDEN_GELDERLAND)
    closed = get_json(national_api, f"/api/v1/reporting-periods?plan={plan_obj.pk}&status=closed")
    assert [row["code"] for row in closed["results"]] == [f"2019-K{q}" for q in (1, 2, 3, 4)]
    assert all(row["closedAt"] for row in closed["results"])
    still_open = get_json(national_api, f"/api/v1/reporting-periods?plan={plan_obj.pk}&status=open")
    assert [row["code"] for row in still_open["results"]] == [f"2020-K{q}" for q in (1, 2, 3, 4)]
    assert not any(row["closed"] for row in still_open["results"])


def test_reporting_periods_of_a_region(demo, haaglanden_api, haaglanden):
    body = get_json(
        haaglanden_api, f"/api/v1/reporting-periods?region={haaglanden.code}&pageSize=500"
    )
    assert body["count"] == ReportingPeriod.objects.filter(plan__region=haaglanden).count() > 0
    assert {row["plan"] for row in body["results"]} <= set(
        ActionPlan.objects.filter(region=haaglanden).values_list("pk", flat=True)
    )


def test_reporting_periods_need_a_plan_or_a_region(demo, haaglanden_api):
    response = haaglanden_api.get("/api/v1/reporting-periods")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    (param,) = response.json()["invalidParams"]
    assert (param["name"], param["code"]) == ("plan", "required")
    assert param["reason"] == "Geef een plan of een regio op."
    bad = haaglanden_api.get(f"/api/v1/reporting-periods?plan={plan(HAAGLANDEN).pk}&status=dicht")
    assert bad.status_code == 400
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["status"]


def test_reporting_periods_scoped_from_both_sides(demo, haaglanden_api, midden_gelderland_api):
    mg, hl = plan(MIDDEN_GELDERLAND), plan(HAAGLANDEN)
    assert get_json(haaglanden_api, f"/api/v1/reporting-periods?plan={mg.pk}")["count"] == 0
    assert get_json(midden_gelderland_api, f"/api/v1/reporting-periods?plan={hl.pk}")["count"] == 0
    assert get_json(midden_gelderland_api, f"/api/v1/reporting-periods?plan={mg.pk}")["count"] == 8
    period = mg.periods.first()
    assert haaglanden_api.get(f"/api/v1/reporting-periods/{period.pk}").status_code == 404
    assert get_json(midden_gelderland_api, f"/api/v1/reporting-periods/{period.pk}")["code"] == (
        period.code
    )
    dwsra = plan(DWSRA)
    codes = [
        row["code"]
        for row in get_json(haaglanden_api, f"/api/v1/reporting-periods?plan={dwsra.pk}")["results"]
    ]
    assert codes == ["SPT jaar 1 (10 maanden)", "SPT jaar 2"]


# --- /realisations ----------------------------------------------------------------------------


def test_haaglanden_2016_k4_levels_652_markt_701_overheid(demo, haaglanden_api):
    plan_obj = plan(HAAGLANDEN)
    body = get_json(haaglanden_api, f"/api/v1/realisations?plan={plan_obj.pk}&period=2016-K4")
    counts = {row["sector"]: row["count"] for row in body["results"]}
    assert counts == {"markt": 652, "overheid": 701}
    row = body["results"][0]
    assert set(row) == {
        "id", "target", "plan", "indicator", "period", "periodStart", "periodEnd", "count",
        "sector", "targetGroup", "source", "recordedAt",
    }  # fmt: skip
    assert (row["indicator"], row["source"], row["period"], row["periodEnd"]) == (
        "banen",
        "UWV doelgroepregister",
        "2016-K4",
        "2016-12-31",
    )
    every = get_json(haaglanden_api, f"/api/v1/realisations?plan={plan_obj.pk}&pageSize=500")
    assert every["count"] == 16  # eight quarters, two sectors
    market = sum(row["count"] for row in every["results"] if row["sector"] == "markt")
    assert market == 4029  # the levels added up: what progress must not do (a stock)


def test_realisations_filters(demo, national_api, midden_gelderland):
    plan_obj = plan(MIDDEN_GELDERLAND)
    body = get_json(national_api, f"/api/v1/realisations?plan={plan_obj.pk}&pageSize=500")
    assert sum(row["count"] for row in body["results"]) == 376
    assert body["count"] == Realisation.objects.filter(target__plan=plan_obj).count()
    by_region = get_json(national_api, f"/api/v1/realisations?region={midden_gelderland.code}")
    assert (
        by_region["count"]
        == Realisation.objects.filter(target__plan__region=midden_gelderland).count()
    )
    source = get_json(
        national_api, "/api/v1/realisations?source=Monitor RWB Midden-Gelderland&period=2019-K4"
    )
    expected = Realisation.objects.filter(
        source="Monitor RWB Midden-Gelderland", period__code="2019-K4"
    ).aggregate(total=Sum("count"))["total"]
    assert sum(row["count"] for row in source["results"]) == expected == 60
    assert get_json(national_api, "/api/v1/realisations?source=niemand")["count"] == 0
    bad = national_api.get("/api/v1/realisations?plan=een")
    assert bad.status_code == 400
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["plan"]


def test_realisations_scoped_from_both_sides(
    demo, haaglanden_api, midden_gelderland_api, haaglanden, midden_gelderland
):
    mg, hl = plan(MIDDEN_GELDERLAND), plan(HAAGLANDEN)
    assert get_json(haaglanden_api, f"/api/v1/realisations?plan={mg.pk}")["count"] == 0
    assert (
        get_json(haaglanden_api, f"/api/v1/realisations?region={midden_gelderland.code}")["count"]
        == 0
    )
    assert get_json(midden_gelderland_api, f"/api/v1/realisations?plan={hl.pk}")["count"] == 0
    everything = get_json(haaglanden_api, "/api/v1/realisations?pageSize=500")
    plans = {row["plan"] for row in everything["results"]}
    assert plans <= set(
        ActionPlan.objects.filter(region=haaglanden).values_list("pk", flat=True)
    ) | set(ActionPlan.objects.filter(region__isnull=True).values_list("pk", flat=True))
    one = Realisation.objects.filter(target__plan=mg).first()
    assert haaglanden_api.get(f"/api/v1/realisations/{one.pk}").status_code == 404
    assert get_json(midden_gelderland_api, f"/api/v1/realisations/{one.pk}")["count"] == one.count
    # The national plan's counts (SPT Drenthe) are every token's.
    spt = get_json(haaglanden_api, f"/api/v1/realisations?plan={plan(DWSRA).pk}")
    assert sorted(row["count"] for row in spt["results"]) == [39, 61]
