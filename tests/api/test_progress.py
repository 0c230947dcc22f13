"""/plans/{id}/progress and /progress against the Voortgang page, the region dashboard and the
selectors they read, on the worked examples of the demo data; region scoping from both sides;
filters; the queries of /progress do not grow with the number of plans on a page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.selectors.progress import plan_progress, plans_progress
from programmes import selectors as programme_selectors
from programmes.models import ActionPlan
from regions.models import RoleAssignment
from reporting.selectors.dashboard import region_dashboard
from tests.factories import DashboardPlanFactory, RegionFactory, TargetFactory, UserFactory
from tests.placements.progress_world import record

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db

MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
RMT = "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL en IJmond"
DWSRA = "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, 11-03-2019)"
SPT_DRENTHE = "Servicepunt techniek Drenthe"


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


def figures(progress) -> dict:
    """A Progress as the API writes it."""
    return {
        "value": progress.target,
        "realised": progress.realised,
        "percentage": None if progress.percentage is None else float(progress.percentage),
        "expected": progress.expected,
        "forecast": progress.forecast,
        "status": progress.status.value,
        "statusLabel": str(progress.status.label),
        "behind": progress.is_behind,
        "ended": progress.ended,
        "asOf": progress.as_of.isoformat() if progress.as_of else None,
    }


def totals_of(body) -> dict:
    """{(indicator, sector): progress} of an answer's plan totals."""
    return {(row["indicator"], row["sector"]): row["progress"] for row in body["totals"]}


def page_totals(result) -> dict:
    return {(row.indicator.code, row.sector or None): figures(row.progress) for row in result.plan}


def page_progress(client, plan_obj, region):
    """The Voortgang page's progress, as a Werkkamer member of `region` sees it."""
    client.force_login(UserFactory(role=(region, RoleAssignment.Role.WERKKAMERLID)))
    response = client.get(reverse("placements:progress", kwargs={"plan_pk": plan_obj.pk}))
    assert response.status_code == 200
    return response.context


# --- /plans/{id}/progress: the Voortgang page -------------------------------------------------


def test_haaglanden_markt_652_of_710_at_2016_k4(demo, client, haaglanden_api, haaglanden):
    plan_obj = plan(HAAGLANDEN)
    body = get_json(haaglanden_api, f"/api/v1/plans/{plan_obj.pk}/progress")
    assert body["peildatum"] == "2016-12-31"
    assert body["ended"] is True
    assert body["plan"]["id"] == plan_obj.pk and body["plan"]["region"] == haaglanden.code
    totals = totals_of(body)
    market = totals[("banen", "markt")]
    assert (market["value"], market["realised"], market["percentage"]) == (710, 652, 91.8)
    assert (market["status"], market["statusLabel"]) == ("niet_gehaald", "niet gehaald")
    government = totals[("banen", "overheid")]
    assert (government["realised"], government["percentage"], government["status"]) == (
        701,
        101.6,
        "gehaald",
    )
    total = totals[("banen", None)]
    assert (total["value"], total["realised"], total["percentage"]) == (1400, 1353, 96.6)
    # The page's figures, row for row.
    context = page_progress(client, plan_obj, haaglanden)
    assert totals == page_totals(context["progress"])
    assert body["peildatum"] == context["as_of"].isoformat()
    assert body["ended"] == context["plan_ended"]
    assert body["thresholds"] == {"onCourseFrom": 90, "atRiskFrom": 70}


def test_midden_gelderland_lines_and_projects_roll_up_to_376_of_415(demo, client, national_api):
    plan_obj = plan(MIDDEN_GELDERLAND)
    body = get_json(national_api, f"/api/v1/plans/{plan_obj.pk}/progress")
    result = plan_progress(plan=plan_obj, today=timezone.localdate())
    matches = totals_of(body)[("matches", None)]
    assert (matches["value"], matches["realised"], matches["percentage"]) == (415, 376, 90.6)
    assert totals_of(body) == page_totals(result)
    lines = {line["title"]: line for line in body["lines"]}
    ontmoeting = {row["indicator"]: row for row in lines["De Ontmoeting"]["totals"]}["matches"]
    assert (ontmoeting["progress"]["realised"], ontmoeting["progress"]["percentage"]) == (138, 83.6)
    assert ontmoeting["target"] is not None  # the line states 165 itself
    keten = lines["Verbeteren ketensamenwerking"]["totals"][0]
    assert keten["target"] is None  # no target of its own: its project's
    assert (keten["progress"]["value"], keten["progress"]["realised"]) == (50, 52)
    projects = {p["title"]: p for line in body["lines"] for p in line["projects"]}
    carrousel = {row["indicator"]: row for row in projects["De oriëntatiecarrousel"]["targets"]}
    assert carrousel["matches"]["progress"]["realised"] == 83
    # The tree as the page has it: lines, their totals, their projects' targets.
    context = page_progress(client, plan_obj, plan_obj.region)
    assert [line["title"] for line in body["lines"]] == [
        line.line.title for line in context["lines"]
    ]
    for api_line, page_line in zip(body["lines"], context["lines"], strict=True):
        assert {(r["indicator"], r["sector"]): r["progress"] for r in api_line["totals"]} == {
            (r.indicator.code, r.sector or None): figures(r.progress) for r in page_line.rows
        }
        for api_project, page_project in zip(api_line["projects"], page_line.projects, strict=True):
            assert [r["target"] for r in api_project["targets"]] == [
                r.target.pk for r in page_project.rows
            ]
            assert [r["progress"] for r in api_project["targets"]] == [
                figures(r.progress) for r in page_project.rows
            ]
    assert {row["target"]: row["progress"] for row in body["targets"]} == {
        row.target.pk: figures(row.progress) for row in result.targets
    }
    behind = {row["target"] for row in body["targets"] if row["progress"]["behind"]}
    assert behind == {row.target.pk for row in result.behind}


def test_servicepunt_techniek_drenthe_prognosis_40_against_39_and_90_against_61(
    demo, client, haaglanden_api, haaglanden
):
    plan_obj = plan(DWSRA)  # a national plan: a Haaglanden token reads it
    body = get_json(haaglanden_api, f"/api/v1/plans/{plan_obj.pk}/progress")
    assert [
        (row["label"], row["prognosis"], row["realised"], row["percentage"])
        for row in body["prognoses"]
    ] == [("Jaar 1 (10 maanden)", 40, 39, 97.5), ("Jaar 2", 90, 61, 67.8)]
    context = page_progress(client, plan_obj, haaglanden)
    assert [(row["id"], row["prognosis"], row["realised"]) for row in body["prognoses"]] == [
        (row.pk, row.value, row.realised) for row in context["prognoses"]
    ]
    projects = {p["title"]: p for line in body["lines"] for p in line["projects"]}
    (spt,) = projects[SPT_DRENTHE]["targets"]
    assert (spt["progress"]["value"], spt["progress"]["realised"]) == (130, 100)
    assert spt["progress"]["status"] == "niet_gehaald"


def test_rmt_without_targets_has_no_figures(demo, national_api):
    plan_obj = plan(RMT)
    body = get_json(national_api, f"/api/v1/plans/{plan_obj.pk}/progress")
    assert body["peildatum"] is None
    assert (body["totals"], body["lines"], body["targets"], body["prognoses"]) == ([], [], [], [])
    assert body["thresholds"] == {
        "onCourseFrom": plan_obj.programme.on_course_from,
        "atRiskFrom": plan_obj.programme.at_risk_from,
    }


def test_plan_progress_scoped_from_both_sides(demo, haaglanden_api, midden_gelderland_api):
    mg, hl = plan(MIDDEN_GELDERLAND), plan(HAAGLANDEN)
    response = haaglanden_api.get(f"/api/v1/plans/{mg.pk}/progress")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert midden_gelderland_api.get(f"/api/v1/plans/{hl.pk}/progress").status_code == 404
    assert midden_gelderland_api.get(f"/api/v1/plans/{mg.pk}/progress").status_code == 200
    assert haaglanden_api.get("/api/v1/plans/999999/progress").status_code == 404


def queries_for(client, path) -> int:
    client.get("/api/v1/regions")  # the token's first use records last_used_at
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_plan_progress_queries_do_not_grow_with_the_plan(demo, national_api):
    small = queries_for(national_api, f"/api/v1/plans/{plan(HAAGLANDEN).pk}/progress")
    large = queries_for(national_api, f"/api/v1/plans/{plan(MIDDEN_GELDERLAND).pk}/progress")
    assert small == large


# --- /progress: every active plan, the dashboard's rule ---------------------------------------


def test_progress_of_a_region_is_its_dashboard(demo, haaglanden_api, haaglanden):
    body = get_json(haaglanden_api, "/api/v1/progress")
    dashboards = region_dashboard(region=haaglanden)
    assert [row["plan"]["id"] for row in body["results"]] == [d.plan.pk for d in dashboards]
    assert body["count"] == len(dashboards) > 0
    for row, dashboard in zip(body["results"], dashboards, strict=True):
        assert totals_of(row) == {
            (r.indicator.code, r.sector or None): figures(r.progress) for r in dashboard.headline
        }
        assert "prognoses" not in row
    by_id = {row["plan"]["id"]: row for row in body["results"]}
    market = totals_of(by_id[plan(HAAGLANDEN).pk])[("banen", "markt")]
    assert (market["realised"], market["percentage"]) == (652, 91.8)


def test_progress_national_token_every_active_plan(demo, national_api):
    body = get_json(national_api, "/api/v1/progress?pageSize=500")
    active = list(programme_selectors.active_plans())
    assert [row["plan"]["id"] for row in body["results"]] == [p.pk for p in active]
    # National plans are on no dashboard (active_plans leaves them out).
    assert plan(DWSRA).pk not in {row["plan"]["id"] for row in body["results"]}
    progress = plans_progress(plans=[p.pk for p in active], today=timezone.localdate())
    for row in body["results"]:
        result = progress.get(row["plan"]["id"])  # None: a plan without targets
        assert totals_of(row) == (page_totals(result) if result else {})


def test_progress_scoped_from_both_sides(
    demo, haaglanden_api, midden_gelderland_api, haaglanden, midden_gelderland
):
    hl = get_json(haaglanden_api, "/api/v1/progress")["results"]
    assert {row["plan"]["region"] for row in hl} == {haaglanden.code}
    assert HAAGLANDEN in {row["plan"]["title"] for row in hl}
    mg = get_json(midden_gelderland_api, "/api/v1/progress")["results"]
    assert {row["plan"]["region"] for row in mg} == {midden_gelderland.code}
    assert MIDDEN_GELDERLAND in {row["plan"]["title"] for row in mg}
    assert HAAGLANDEN not in {row["plan"]["title"] for row in mg}
    assert get_json(haaglanden_api, "/api/v1/progress?programme=pow")["count"] == 0


def test_progress_filters(demo, national_api, haaglanden):
    body = get_json(national_api, f"/api/v1/progress?region={haaglanden.code}")
    assert {row["plan"]["region"] for row in body["results"]} == {haaglanden.code}
    pow_plans = get_json(national_api, "/api/v1/progress?programme=pow")["results"]
    assert [row["plan"]["title"] for row in pow_plans] == [MIDDEN_GELDERLAND]
    assert {row["plan"]["programme"] for row in pow_plans} == {"pow"}
    for query, name in (("programme=onbekend", "programme"), ("region=AM99", "region")):
        response = national_api.get(f"/api/v1/progress?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert [param["name"] for param in response.json()["invalidParams"]] == [name]


def test_progress_queries_do_not_grow_with_the_plans_on_the_page(demo, national_api):
    # Ten more active plans, each in a region of its own, with a target and counts.
    for _ in range(10):
        plan_obj = DashboardPlanFactory(
            region=RegionFactory(),
            start_date=date(2024, 1, 1),
            end_date=date(2024, 12, 31),
            period_length=ActionPlan.PeriodLength.KWARTAAL,
        )
        record(TargetFactory(plan=plan_obj, value=100), [10, 20, 30])
    one = queries_for(national_api, "/api/v1/progress?pageSize=1")
    many = queries_for(national_api, "/api/v1/progress?pageSize=50")
    assert one == many
    body = get_json(national_api, "/api/v1/progress?pageSize=50")
    assert len(body["results"]) >= 11
    made = [row for row in body["results"] if row["plan"]["title"] == "Proefplan"]
    assert len(made) == 10
    assert {row["totals"][0]["progress"]["realised"] for row in made} == {60}
