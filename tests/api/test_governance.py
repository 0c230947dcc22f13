"""The governance network read by the API: /organisations, /bodies, /meetings, /decisions and
/proposals. The figures are the pages' own, checked on the demo's worked examples against
the page that shows them (Haaglanden's 3-3-1 board, the 21 meetings of Zuid-Kennemerland en
IJmond's Stuurgroep RMT, Gooi en Vechtstreek's proposal 17.0001962 stating € 65.000 where
its cost line computes € 63.000, Haaglanden's plan adopted on 26-03-2015); every endpoint is
scoped from both sides (Haaglanden and Midden-Gelderland) and for a national token; filters,
pagination, query counts and problem details."""

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from regions.models import (
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Organisation,
    Proposal,
    Region,
)
from regions.selectors.bodies import body_composition, body_members, region_organisations
from regions.selectors.meetings import meeting_list
from tests.regions.governance_factories import MeetingFactory, ProposalFactory

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db

PLATFORM = "Bestuurlijk platform Regionaal Werkbedrijf Haaglanden"
MG_BODY = "Regionaal Werkbedrijf Midden-Gelderland"
STUURGROEP = "Stuurgroep RMT"
REFERENCE = "17.0001962"
RESOURCES = ["organisations", "bodies", "meetings", "decisions", "proposals"]


def region_client(slug: str):
    _token, secret = make_token(Region.objects.get(slug=slug))
    return token_client(secret)


def login(client, username: str):
    assert client.login(username=username, password="demo")
    return client


def all_rows(client, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    body = client.get(f"{path}{separator}pageSize=500").json()
    assert body["count"] == len(body["results"]), "more than one page"
    return body["results"]


def element_text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, flags=re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.fixture
def platform(haaglanden):
    return GoverningBody.objects.get(region=haaglanden, name=PLATFORM)


@pytest.fixture
def midden_gelderland_rows(midden_gelderland):
    """One row of Midden-Gelderland for every resource: the demo's body and organisations,
    and a meeting with an agenda item, a decision and a proposal made here."""
    body = GoverningBody.objects.get(region=midden_gelderland, name=MG_BODY)
    meeting = MeetingFactory(body=body, date=date(2030, 2, 14))
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Stand van zaken")
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        number=1,
        text="De Werkkamer neemt kennis van de stand.",
        outcome=Decision.Outcome.KENNISGENOMEN,
    )
    proposal = ProposalFactory(body=body)
    organisation = Organisation.objects.filter(region=midden_gelderland).first()
    assert organisation is not None
    return {
        "organisations": organisation.pk,
        "bodies": body.pk,
        "meetings": meeting.pk,
        "decisions": decision.pk,
        "proposals": proposal.pk,
    }


def haaglanden_rows(haaglanden) -> dict[str, int]:
    decision = Decision.objects.filter(meeting__body__region=haaglanden).first()
    assert decision is not None
    return {
        "organisations": Organisation.objects.filter(region=haaglanden).first().pk,
        "bodies": GoverningBody.objects.get(region=haaglanden, name=PLATFORM).pk,
        "meetings": decision.meeting_id,
        "decisions": decision.pk,
        "proposals": ProposalFactory(
            body=GoverningBody.objects.get(region=haaglanden, name=PLATFORM)
        ).pk,
    }


# --- scoping, from both sides -------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_region_token_reads_its_own_rows_only(
    resource, haaglanden, midden_gelderland, midden_gelderland_rows
):
    ours = haaglanden_rows(haaglanden)
    theirs = midden_gelderland_rows
    for region, own, other in (
        (haaglanden, ours, theirs),
        (midden_gelderland, theirs, ours),
    ):
        client = region_client(region.slug)
        rows = all_rows(client, f"/api/v1/{resource}")
        ids = {row["id"] for row in rows}
        assert own[resource] in ids, (region, resource)
        assert other[resource] not in ids, (region, resource)
        # Every row is the region's own (an organisation may be national: region null).
        assert {row["region"] for row in rows} <= {region.code, None}, (region, resource)
        assert client.get(f"/api/v1/{resource}/{own[resource]}").status_code == 200
        refused = client.get(f"/api/v1/{resource}/{other[resource]}")
        assert refused.status_code == 404, (region, resource)
        assert refused["Content-Type"] == "application/problem+json"
        # Asking for the other region by name finds nothing either.
        other_region = midden_gelderland if region == haaglanden else haaglanden
        assert client.get(f"/api/v1/{resource}", {"region": other_region.code}).json() == {
            "count": 0,
            "next": None,
            "previous": None,
            "results": [],
        }


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_national_token_reads_both_regions(
    resource, national_api, haaglanden, midden_gelderland, midden_gelderland_rows
):
    ours = haaglanden_rows(haaglanden)
    ids = {row["id"] for row in all_rows(national_api, f"/api/v1/{resource}")}
    assert {ours[resource], midden_gelderland_rows[resource]} <= ids
    for row_id in (ours[resource], midden_gelderland_rows[resource]):
        assert national_api.get(f"/api/v1/{resource}/{row_id}").status_code == 200


@pytest.mark.parametrize("resource", RESOURCES)
def test_without_a_token_401_and_a_non_numeric_id_404(resource, haaglanden_api):
    assert APIClient().get(f"/api/v1/{resource}").status_code == 401
    response = haaglanden_api.get(f"/api/v1/{resource}/abc")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- organisations --------------------------------------------------------------------------


def test_organisations_are_the_organisations_page_of_the_region(haaglanden, haaglanden_api):
    today = timezone.localdate()
    page = [(o.name, o.region_id) for o in region_organisations(region=haaglanden, on=today)]
    rows = all_rows(haaglanden_api, "/api/v1/organisations")
    assert [(row["name"], row["region"]) for row in rows] == [
        (name, haaglanden.code if region_id else None) for name, region_id in page
    ]
    # National partners are in because they sit on a body of Haaglanden (FNV on the board's
    # werknemers seat); one that sits in no body of Haaglanden is not.
    assert ("FNV", None) in [(row["name"], row["region"]) for row in rows]
    Organisation.objects.create(name="Landelijk zonder zetel", kind="overig", region=None)
    names = {row["name"] for row in all_rows(haaglanden_api, "/api/v1/organisations")}
    assert "Landelijk zonder zetel" not in names
    assert rows == all_rows(haaglanden_api, f"/api/v1/organisations?region={haaglanden.code}")


def test_organisations_of_a_region_for_a_national_token(national_api, midden_gelderland):
    today = timezone.localdate()
    page = [o.name for o in region_organisations(region=midden_gelderland, on=today)]
    rows = all_rows(national_api, f"/api/v1/organisations?region={midden_gelderland.code}")
    assert [row["name"] for row in rows] == page


def test_organisations_by_kind(haaglanden_api, haaglanden):
    rows = all_rows(haaglanden_api, "/api/v1/organisations?kind=sw_bedrijf")
    assert [row["name"] for row in rows] == ["Haeghegroep", "Patijnenburg", "Werkse!"]
    assert {row["kind"] for row in rows} == {"sw_bedrijf"}


# --- bodies -----------------------------------------------------------------------------------


def test_haaglandens_board_is_331_with_its_members_as_on_its_page(client, haaglanden_api, platform):
    body = haaglanden_api.get(f"/api/v1/bodies/{platform.pk}").json()
    assert body["name"] == PLATFORM
    assert body["kind"] == "bestuurlijk_platform"
    assert body["seatRule"] == [
        {"seatCategory": "werkgevers", "seats": 3},
        {"seatCategory": "overheid", "seats": 3},
        {"seatCategory": "werknemers", "seats": 1},
    ]
    composition = body["composition"]
    assert composition["formation"] == "3-3-1"
    assert composition["date"] == timezone.localdate().isoformat()
    assert composition["fits"] is True and composition["vacant"] == 0
    assert composition["categories"] == [
        {"seatCategory": "werkgevers", "seats": 3, "seated": 3, "vacant": 0, "over": 0},
        {"seatCategory": "overheid", "seats": 3, "seated": 3, "vacant": 0, "over": 0},
        {"seatCategory": "werknemers", "seats": 1, "seated": 1, "vacant": 0, "over": 0},
    ]
    members = [
        (m["roleTitle"], m["organisation"]["name"], m["seatCategory"], m["function"])
        for m in body["members"]
    ]
    assert ("wethouder Den Haag", "Gemeente Den Haag", "overheid", "lid") in members
    assert ("bestuurder FNV", "FNV", "werknemers", "lid") in members
    assert ("directeur RPA Haaglanden", "RPA Haaglanden", "overig", "secretaris") in members
    westland = next(m for m in body["members"] if m["roleTitle"].endswith("Westland"))
    assert westland["roleTitle"] == "wethouder Werk en Economie Westland"  # the successor
    assert (westland["startDate"], westland["endDate"]) == ("2015-10-01", None)
    assert "wethouder Westland" not in [m[0] for m in members]  # left on 30-06-2015
    assert len(members) == 8  # seven seats and the secretary
    # The same as the body page shows: its rule, its current members in its order.
    today = timezone.localdate()
    shown = body_members(platform, on=today).current
    assert [m["id"] for m in body["members"]] == [m.pk for m in shown]
    assert body_composition(platform, on=today).formation == "3-3-1"
    html = login(client, "werkkamerlid-haaglanden").get(
        reverse("regions:body-detail", args=[platform.region.slug, platform.pk])
    )
    assert element_text(html.content.decode(), "formation") == (
        "3-3-1 (werkgevers 3, overheid 3, werknemers 1)"
    )
    table = html.content.decode().split('id="current-members"')[1].split("</table>")[0]
    for role_title, *_rest in members:
        assert role_title in table


def test_a_body_that_does_not_fit_its_rule_shows_vacant_and_over(haaglanden_api, platform):
    platform.memberships.filter(role_title="bestuurder FNV").update(end_date=date(2016, 1, 1))
    platform.memberships.create(
        role_title="extra wethouder", seat_category="overheid", start_date=date(2016, 1, 1)
    )
    composition = haaglanden_api.get(f"/api/v1/bodies/{platform.pk}").json()["composition"]
    assert composition["fits"] is False and composition["vacant"] == 1
    by_category = {c["seatCategory"]: c for c in composition["categories"]}
    assert by_category["werknemers"] == {
        "seatCategory": "werknemers", "seats": 1, "seated": 0, "vacant": 1, "over": 0,
    }  # fmt: skip
    assert by_category["overheid"]["seated"] == 4 and by_category["overheid"]["over"] == 1


def test_bodies_of_a_region(national_api, haaglanden):
    rows = all_rows(national_api, f"/api/v1/bodies?region={haaglanden.code}")
    assert [row["name"] for row in rows] == sorted(
        GoverningBody.objects.filter(region=haaglanden).values_list("name", flat=True)
    )
    rows = all_rows(national_api, "/api/v1/bodies?kind=stuurgroep")
    assert STUURGROEP in [row["name"] for row in rows]
    assert {row["kind"] for row in rows} == {"stuurgroep"}


# --- meetings ---------------------------------------------------------------------------------


def test_the_stuurgroep_rmt_has_its_21_meetings(national_api):
    stuurgroep = GoverningBody.objects.get(
        region__slug="zuid-kennemerland-en-ijmond", name=STUURGROEP
    )
    body = national_api.get("/api/v1/meetings", {"body": stuurgroep.pk, "pageSize": 50}).json()
    assert body["count"] == 21
    dates = [row["date"] for row in body["results"]]
    assert dates == sorted(dates, reverse=True)  # the latest first
    assert dates[-1] == "2021-09-01"  # the first, which adopts the plan of approach
    assert {row["body"]["name"] for row in body["results"]} == {STUURGROEP}
    # The meeting list page's group of the body.
    (group,) = [
        g
        for g in meeting_list(region=stuurgroep.region, today=timezone.localdate())
        if g.body == stuurgroep
    ]
    page = group.upcoming + group.past
    assert sorted(row["id"] for row in body["results"]) == sorted(m.pk for m in page)
    counts = {m.pk: (m.agenda_count, m.decision_count) for m in page}
    for row in body["results"]:
        assert (row["agendaCount"], row["decisionCount"]) == counts[row["id"]]
    # since and until bound the dates, both included.
    body = national_api.get(
        "/api/v1/meetings", {"body": stuurgroep.pk, "since": "2021-09-01", "until": "2021-12-31"}
    ).json()
    assert body["count"] == 9  # every two weeks from 1 September 2021
    assert min(row["date"] for row in body["results"]) == "2021-09-01"


def test_a_meeting_with_its_agenda_and_the_plan_it_adopted(client, haaglanden, haaglanden_api):
    platform = GoverningBody.objects.get(region=haaglanden, name=PLATFORM)
    spring = Meeting.objects.get(body=platform, date=date(2015, 3, 26))
    body = haaglanden_api.get(f"/api/v1/meetings/{spring.pk}").json()
    assert body["date"] == "2015-03-26" and body["region"] == haaglanden.code
    assert (body["agendaCount"], body["decisionCount"]) == (4, 2)
    agenda = body["agenda"]
    assert [item["position"] for item in agenda] == [1, 2, 3, 4]
    item = agenda[1]
    assert item["title"] == "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf"
    assert item["purpose"] == "besluitvorming" and item["decided"] is True
    plan = AgendaItem.objects.get(pk=item["id"]).plan
    assert item["subject"] == {"type": "plan", "id": plan.pk, "label": str(plan)}
    assert agenda[0]["subject"] is None and agenda[0]["decided"] is False


def test_the_haaglanden_plan_adopted_on_26_03_2015_by_decision(client, haaglanden, haaglanden_api):
    rows = all_rows(
        haaglanden_api, f"/api/v1/decisions?region={haaglanden.code}&outcome=aangenomen"
    )
    assert {row["outcome"] for row in rows} == {"aangenomen"}
    (adopted,) = [row for row in rows if row["subject"] and row["subject"]["type"] == "plan"]
    assert adopted["meetingDate"] == "2015-03-26"
    assert adopted["body"]["name"] == PLATFORM
    assert adopted["number"] == 1
    assert adopted["text"].startswith("Het bestuurlijk platform stelt het marktbewerkingsplan")
    assert adopted["meeting"] == Meeting.objects.get(body__name=PLATFORM, date=date(2015, 3, 26)).pk
    # The plan page says the same: adopted in the platform, 26-03-2015.
    page = login(client, "werkkamerlid-haaglanden").get(
        reverse("programmes:plan-detail", args=[adopted["subject"]["id"]])
    )
    decided_in = element_text(page.content.decode(), "plan-decided-in")
    assert PLATFORM in decided_in and "26-03-2015" in decided_in
    # And by meeting: that meeting's besluitenlijst in number order.
    rows = all_rows(haaglanden_api, f"/api/v1/decisions?meeting={adopted['meeting']}")
    assert [row["number"] for row in rows] == [1, 2]


# --- proposals ----------------------------------------------------------------------------


def test_proposal_17_0001962_states_65000_and_computes_63000(client):
    gooi = Region.objects.get(slug="gooi-en-vechtstreek")
    proposal = Proposal.objects.get(reference=REFERENCE)
    api = region_client(gooi.slug)
    costs = {"stated": 65000.0, "computed": 63000.0, "difference": 2000.0, "discrepancy": True}
    body = api.get(f"/api/v1/proposals/{proposal.pk}").json()
    assert body["reference"] == REFERENCE and body["status"] == "aangenomen"
    assert body["region"] == gooi.code
    assert body["costs"] == costs
    (line,) = body["costLines"]
    assert (line["hoursPerWeek"], line["weeks"], line["hourlyRate"]) == (36.0, 35.0, 50.0)
    assert line["figure"] == costs
    (row,) = [r for r in all_rows(api, "/api/v1/proposals") if r["reference"] == REFERENCE]
    assert row["costs"] == costs
    # The proposal page's totals.
    html = (
        login(client, "werkkamerlid-gooi-en-vechtstreek")
        .get(reverse("regions:proposal-detail", args=[gooi.slug, proposal.pk]))
        .content.decode()
    )
    assert element_text(html, "computed-total") == "€ 63.000"
    assert element_text(html, "stated-total") == "€ 65.000"


def test_proposals_by_status(national_api, midden_gelderland_rows):
    rows = all_rows(national_api, "/api/v1/proposals?status=concept")
    assert midden_gelderland_rows["proposals"] in [row["id"] for row in rows]
    assert {row["status"] for row in rows} == {"concept"}
    assert REFERENCE not in [row["reference"] for row in rows]


# --- problems, pagination, query counts ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/organisations?kind=bakkerij", "kind"),
        ("/api/v1/organisations?region=AM99", "region"),
        ("/api/v1/bodies?region=Haaglanden", "region"),
        ("/api/v1/meetings?since=26-03-2015", "since"),
        ("/api/v1/meetings?until=morgen", "until"),
        ("/api/v1/meetings?body=platform", "body"),
        ("/api/v1/decisions?outcome=misschien", "outcome"),
        ("/api/v1/decisions?meeting=x", "meeting"),
        ("/api/v1/proposals?status=klaar", "status"),
    ],
)
def test_a_bad_filter_value_is_a_400_problem_naming_it(haaglanden_api, path, name):
    response = haaglanden_api.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["instance"] == path
    assert [param["name"] for param in body["invalidParams"]] == [name]
    assert body["invalidParams"][0]["reason"]


def test_lists_page_in_a_stable_order(national_api):
    whole = [row["id"] for row in all_rows(national_api, "/api/v1/meetings")]
    assert len(whole) > 20
    first = national_api.get("/api/v1/meetings", {"pageSize": 10}).json()
    second = national_api.get(first["next"]).json()
    assert first["count"] == len(whole)
    assert [row["id"] for row in first["results"] + second["results"]] == whole[:20]
    assert second["previous"] is not None


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_takes_the_same_queries_for_1_row_and_50(resource, national_api, platform):
    for _number in range(3):  # the demo has one proposal
        ProposalFactory(body=platform)
    national_api.get(f"/api/v1/{resource}")  # the token's last use is recorded once
    counted = []
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = national_api.get(f"/api/v1/{resource}", {"pageSize": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"])
        counted.append(len(queries.captured_queries))
    assert response.json()["count"] > 1, "too few rows to show an N+1"
    assert counted[0] == counted[1], resource


def test_detail_pages_take_a_fixed_number_of_queries(national_api, platform):
    national_api.get("/api/v1/bodies")
    spring = Meeting.objects.get(body=platform, date=date(2015, 3, 26))
    proposal = Proposal.objects.get(reference=REFERENCE)
    # The token and its maker (api.authentication), then the row and what its selector reads:
    # a body's memberships and seat rules, a meeting's agenda, a proposal's cost lines.
    for path, most in (
        (f"/api/v1/bodies/{platform.pk}", 5),
        (f"/api/v1/meetings/{spring.pk}", 4),
        (f"/api/v1/proposals/{proposal.pk}", 4),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert national_api.get(path).status_code == 200
        assert len(queries.captured_queries) <= most, (
            path,
            [q["sql"][:80] for q in queries.captured_queries],
        )


def test_a_list_answers_304_to_its_etag(haaglanden_api):
    first = haaglanden_api.get("/api/v1/bodies")
    again = haaglanden_api.get("/api/v1/bodies", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_openapi_document_describes_the_resources_without_warnings(tmp_path):
    target = tmp_path / "openapi.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
        "--file", str(target),
    )  # fmt: skip
    document = json.loads(target.read_text())
    for resource in RESOURCES:
        operation = document["paths"][f"/{resource}"]["get"]
        assert [p["name"] for p in operation["parameters"] if p["name"] == "region"] == ["region"]
        assert document["paths"][f"/{resource}/{{id}}"]["get"]["parameters"][0]["schema"] == {
            "type": "integer"
        }
    costs = document["components"]["schemas"]["Figure"]["properties"]
    assert costs["stated"]["type"] == "number"  # euros as numbers, not strings
