"""Counts delivered by machine (POST /api/v1/plans/{id}/deliveries) into the Haaglanden plan
(worked example 2: banen per sector, 2015-K1..2016-K4, recorded by "UWV doelgroepregister"),
as JSON, CSV and XLSX: the same checks and messages as the import page, all or nothing, an
Idempotency-Key that applies a retried delivery once, a reason for closed periods, and who
may deliver. The deliveries' list and detail, and the import page, show what was done."""

import threading
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import IdempotencyRecord
from placements.models import Correction, Delivery, Realisation
from programmes.models import ActionPlan, Target
from programmes.services import period_close

from ..placements.importfiles import csv_bytes, xlsx_bytes
from ..programmes.helpers import HAAGLANDEN, login
from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE = "API-testbron"  # no demo realisation has it: the counts here are the tests' own


@pytest.fixture
def plan(demo):
    return ActionPlan.objects.get(title=HAAGLANDEN)


@pytest.fixture
def token_and_client(haaglanden):
    token, secret = make_token(haaglanden, may_deliver=True, name="UWV-koppeling")
    return token, token_client(secret)


@pytest.fixture
def api(token_and_client):
    return token_and_client[1]


def item(sector="markt", period="2016-K4", count=12, source=SOURCE, **extra):
    return {
        "lijn": "",
        "project": "",
        "indicator": "banen",
        "sector": sector,
        "doelgroep": "",
        "periode": period,
        "aantal": count,
        "bron": source,
        **extra,
    }


def deliveries_url(plan):
    return f"/api/v1/plans/{plan.pk}/deliveries"


def post(client, plan, body, key=None, content_type="application/json", query="", **headers):
    key = key or str(uuid.uuid4())
    path = deliveries_url(plan) + query
    if content_type == "application/json":
        return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **headers)
    return client.generic(
        "POST", path, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def stored(plan, sector, period, source=SOURCE):
    found = Realisation.objects.filter(
        target__plan=plan, sector=sector, period__code=period, source=source
    )
    return found.get().count if found.exists() else None


def written_for(plan):
    """What a delivery could have written: the plan's realisations and their history."""
    realisations = Realisation.objects.filter(target__plan=plan)
    return (
        realisations.count(),
        Realisation.history.filter(target__plan=plan).count(),
        Correction.objects.filter(realisation__target__plan=plan).count(),
    )


def test_a_json_delivery_records_the_counts_and_answers_with_the_outcome(
    api, plan, token_and_client
):
    token = token_and_client[0]
    uwv = "UWV doelgroepregister"  # the demo's own source: 652 and 701 in 2016-K4
    body = {
        "rows": [
            item(count=20),  # new (this source has nothing yet)
            item("overheid", count=21),  # new
            item("markt", count=660, source=uwv),  # changed: 652 → 660
            item("overheid", count=701, source=uwv),  # unchanged
        ]
    }
    response = post(api, plan, body)
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert (answer["new"], answer["changed"], answer["unchanged"], answer["skipped"]) == (
        2,
        1,
        1,
        0,
    )
    assert answer["rows"] == 4 and answer["errors"] == 0
    assert answer["status"] == "verwerkt" and answer["tokenName"] == "UWV-koppeling"
    assert answer["fileName"] == "api-aanlevering.csv" and answer["plan"] == plan.pk
    assert response["Location"] == f"http://testserver/api/v1/deliveries/{answer['id']}"
    assert (stored(plan, "markt", "2016-K4"), stored(plan, "overheid", "2016-K4")) == (20, 21)
    assert stored(plan, "markt", "2016-K4", uwv) == 660

    delivery = Delivery.objects.get(pk=answer["id"])
    assert delivery.api_token == token and delivery.uploaded_by == token.created_by
    assert bytes(delivery.content).startswith(b"lijn;project;indicator;sector;doelgroep")
    new = Realisation.objects.get(target__plan=plan, sector="markt", source=SOURCE)
    assert new.recorded_by == token.created_by and new.delivery == delivery

    detail = api.get(response["Location"])
    assert detail.status_code == 200 and detail.json() == answer
    listed = api.get(deliveries_url(plan)).json()
    assert listed["results"][0] == answer


def test_the_pages_show_what_the_api_delivered(api, plan, client):
    login(client, "programmamanager-haaglanden")
    progress_url = reverse("placements:progress", kwargs={"plan_pk": plan.pk})
    before = client.get(progress_url).content.decode()
    assert "1.353" in before and "1.361" not in before  # 652 + 701 in 2016-K4
    uwv = "UWV doelgroepregister"
    response = post(api, plan, [item(count=660, source=uwv)], key="uwv-2016-K4")
    assert response.status_code == 201 and response.json()["changed"] == 1
    after = client.get(progress_url).content.decode()
    assert "1.361" in after and "1.353" not in after  # 660 + 701
    html = client.get(reverse("placements:import-upload", kwargs={"plan_pk": plan.pk}))
    html = html.content.decode()
    assert "api-aanlevering.csv" in html and "(API-token UWV-koppeling)" in html


def test_the_same_post_twice_with_one_key_applies_once(api, plan):
    body = {"rows": [item(count=40), item("overheid", count=41)]}
    first = post(api, plan, body, key="levering-2016-K4-1")
    before = written_for(plan)
    again = post(api, plan, body, key="levering-2016-K4-1")
    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert written_for(plan) == before
    assert Delivery.objects.filter(plan=plan, file_name="api-aanlevering.csv").count() == 1
    # A new key is a new delivery: the same counts again, so nothing changes.
    third = post(api, plan, body, key="levering-2016-K4-2")
    assert third.status_code == 201 and third.json()["unchanged"] == 2


def test_the_same_key_with_another_body_is_refused(api, plan):
    assert post(api, plan, [item(count=50)], key="k-1").status_code == 201
    before = written_for(plan)
    response = post(api, plan, [item(count=51)], key="k-1")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "al gebruikt voor een andere aanvraag" in response.json()["detail"]
    assert written_for(plan) == before and stored(plan, "markt", "2016-K4") == 50
    # The key is the token's: another token may use the same one.
    _token, secret = make_token(plan.region, may_deliver=True)
    assert post(token_client(secret), plan, [item(count=51)], key="k-1").status_code == 201


def test_without_an_idempotency_key_400(api, plan):
    response = api.post(deliveries_url(plan), [item()], format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "Idempotency-Key"
    assert stored(plan, "markt", "2016-K4") is None


def test_a_bad_delivery_writes_nothing_and_names_row_and_field_of_each(api, plan):
    before = written_for(plan)
    rows = [
        item(count=5),  # good
        item(lijn="Geen lijn"),  # unknown line
        item("overheid", count="12a"),
        item(source="=1+1"),
        item(count=6),  # a duplicate of item 1
    ]
    response = post(api, plan, {"rows": rows})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errorCount"] == 4 and "niets vastgelegd" in body["detail"]
    found = {(param["row"], param["field"]): param["reason"] for param in body["invalidParams"]}
    assert set(found) == {(2, "lijn"), (3, "aantal"), (4, "bron"), (5, "")}
    assert found[(2, "lijn")] == "Rij 2, kolom lijn: Lijn 'Geen lijn' bestaat niet in dit plan."
    assert found[(3, "aantal")].startswith("Rij 3, kolom aantal: ")
    assert "12a" in found[(3, "aantal")]
    assert "als formule" in found[(4, "bron")]
    # The duplicate names the first item as the caller numbers it, not the file's row 2.
    assert found[(5, "")] == (
        "Rij 5: Dubbele rij: dezelfde doelstelling, periode, uitsplitsing en bron als rij 1."
    )
    assert written_for(plan) == before
    delivery = Delivery.objects.get(pk=body["delivery"])
    assert delivery.status == Delivery.Status.AFGEKEURD and delivery.error_count == 4


def test_a_missing_column_refuses_the_delivery_as_a_whole(api, plan):
    rows = [{key: value for key, value in item().items() if key != "bron"}]
    deliveries = Delivery.objects.count()
    response = post(api, plan, rows)
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert (param["row"], param["field"], param["name"]) == (None, "bron", "bron")
    assert param["reason"].startswith("Deze kolom ontbreekt in de kopregel.")
    assert Delivery.objects.count() == deliveries  # refused as a whole: nothing kept


def test_a_json_body_of_the_wrong_shape_is_a_400(api, plan):
    response = post(api, plan, {"regels": []})
    assert response.status_code == 400
    assert {param["name"] for param in response.json()["invalidParams"]} == {"rows", "regels"}
    response = post(api, plan, [item(aantal=[1])])
    assert response.json()["invalidParams"][0]["reason"] == (
        "Rij 1, kolom aantal: geef tekst of een getal."
    )


def test_a_csv_delivery_numbers_rows_as_the_file(api, plan):
    content = csv_bytes([item(count="7"), item("overheid", count="x")])
    response = post(api, plan, content, content_type="text/csv; charset=utf-8")
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert (param["row"], param["field"]) == (3, "aantal")  # header = row 1, as on the page
    content = csv_bytes([item(count="7"), item("overheid", count="8")])
    response = post(
        api,
        plan,
        content,
        content_type="text/csv",
        HTTP_CONTENT_DISPOSITION='attachment; filename="uwv-2016-K4.csv"',
    )
    assert response.status_code == 201
    assert response.json()["fileName"] == "uwv-2016-K4.csv" and response.json()["new"] == 2
    assert (stored(plan, "markt", "2016-K4"), stored(plan, "overheid", "2016-K4")) == (7, 8)


def test_an_xlsx_delivery(api, plan):
    content = xlsx_bytes([item(count="9", period="2016-K3")])
    response = post(api, plan, content, content_type=XLSX)
    assert response.status_code == 201, response.json()
    assert response.json()["fileName"] == "api-aanlevering.xlsx"
    assert stored(plan, "markt", "2016-K3") == 9


def test_another_media_type_is_415(api, plan):
    response = post(api, plan, b"lijn=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"


def test_a_closed_period_needs_a_reason_and_becomes_a_correction(api, plan):
    period_close(period=plan.periods.get(code="2016-K3"), actor=None)
    before = written_for(plan)
    rows = [item(period="2016-K3", count=11)]
    refused = post(api, plan, {"rows": rows})
    assert refused.status_code == 400
    body = refused.json()
    assert body["closedPeriods"] == ["2016-K3"]
    assert body["invalidParams"][0]["name"] == "reason"
    assert "2016-K3" in body["detail"] and "reden" in body["detail"]
    assert written_for(plan) == before

    csv_refused = post(
        api, plan, csv_bytes([item(period="2016-K3", count="11")]), "k-csv", content_type="text/csv"
    )
    assert csv_refused.status_code == 400
    done = post(api, plan, {"rows": rows, "reason": "Nalevering UWV"})
    assert done.status_code == 201 and done.json()["closedPeriods"] == ["2016-K3"]
    correction = Correction.objects.get(realisation__target__plan=plan, realisation__source=SOURCE)
    assert (correction.old_count, correction.new_count) == (0, 11)
    assert correction.reason == "Nalevering UWV"
    by_query = post(
        api,
        plan,
        csv_bytes([item("overheid", period="2016-K3", count="12")]),
        content_type="text/csv",
        query="?reason=Nalevering%20WSP",
    )
    assert by_query.status_code == 201
    assert Correction.objects.filter(reason="Nalevering WSP", new_count=12).exists()


def test_a_read_only_token_403_another_region_404_no_token_401(plan, midden_gelderland):
    _token, secret = make_token(plan.region)  # read-only
    response = post(token_client(secret), plan, [item()])
    assert response.status_code == 403
    assert "scope aanleveren" in response.json()["detail"]
    assert token_client(secret).get(deliveries_url(plan)).status_code == 403
    _token, other = make_token(midden_gelderland, may_deliver=True)
    assert post(token_client(other), plan, [item()]).status_code == 404
    assert token_client(other).get(deliveries_url(plan)).status_code == 404
    assert post(APIClient(), plan, [item()]).status_code == 401
    assert stored(plan, "markt", "2016-K4") is None


def test_a_regional_token_cannot_deliver_into_a_national_plan(api, plan):
    """It has the scope; the plan takes deliveries of a national token only, and says so."""
    ActionPlan.objects.filter(pk=plan.pk).update(region=None)
    response = post(api, plan, [item()])
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Een landelijk plan neemt alleen aanleveringen van een landelijk token aan."
    )
    assert stored(plan, "markt", "2016-K4") is None
    _token, national = make_token(None, may_deliver=True)
    assert post(token_client(national), plan, [item()]).status_code == 201
    assert stored(plan, "markt", "2016-K4") == 12


def test_another_regions_delivery_is_not_found(api, plan, midden_gelderland):
    delivery_id = post(api, plan, [item()]).json()["id"]
    _token, other = make_token(midden_gelderland, may_deliver=True)
    assert token_client(other).get(f"/api/v1/deliveries/{delivery_id}").status_code == 404
    _token, national = make_token(None, may_deliver=True)
    assert token_client(national).get(f"/api/v1/deliveries/{delivery_id}").status_code == 200


def test_a_signed_in_programme_manager_delivers_in_the_browsable_api(plan, client):
    login(client, "programmamanager-haaglanden")
    response = client.post(
        deliveries_url(plan),
        data=csv_bytes([item(count="3")]),
        content_type="text/csv",
        HTTP_IDEMPOTENCY_KEY="sessie-1",
    )
    assert response.status_code == 201, response.content
    assert response.json()["tokenName"] is None
    assert stored(plan, "markt", "2016-K4") == 3
    page = client.get(deliveries_url(plan), HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "api-aanlevering.csv" in page.content.decode()
    login(client, "werkkamerlid-haaglanden")
    response = client.post(
        deliveries_url(plan),
        data=csv_bytes([item(count="4")]),
        content_type="text/csv",
        HTTP_IDEMPOTENCY_KEY="sessie-2",
    )
    assert response.status_code == 403
    assert stored(plan, "markt", "2016-K4") == 3


def test_the_list_costs_the_same_queries_for_few_and_many(api, plan):
    post(api, plan, [item(count=1)])
    with CaptureQueriesContext(connection) as few:
        assert api.get(deliveries_url(plan)).json()["count"] == 1
    for count in range(2, 7):
        post(api, plan, [item(count=count)])
    with CaptureQueriesContext(connection) as many:
        assert api.get(deliveries_url(plan)).json()["count"] == 6
    assert len(many) == len(few) <= 6


def test_the_request_size_allowance_is_the_import_files(settings):
    from config.security import allowed_request_bytes

    assert allowed_request_bytes("/api/v1/plans/1/deliveries") == (
        settings.REALISATION_IMPORT_MAX_BYTES + settings.REQUEST_FORM_OVERHEAD_BYTES
    )


def test_a_body_past_the_limit_is_a_413_problem(api, plan, settings):
    settings.REQUEST_MAX_BYTES = 1000
    settings.REALISATION_IMPORT_MAX_BYTES = 1000
    settings.REQUEST_FORM_OVERHEAD_BYTES = 0
    content = csv_bytes([item(count=str(count)) for count in range(50)])
    assert len(content) > 1000
    response = post(api, plan, content, content_type="text/csv")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0" and response.json()["status"] == 413
    assert stored(plan, "markt", "2016-K4") is None


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_with_one_key_apply_once(demo, haaglanden):
    plan = ActionPlan.objects.get(title=HAAGLANDEN)
    _token, secret = make_token(haaglanden, may_deliver=True)
    body = {"rows": [item(count=70), item("overheid", count=71)]}
    barrier = threading.Barrier(2)
    answers = []

    def deliver():
        try:
            barrier.wait()
            answers.append(post(token_client(secret), plan, body, key="samen-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Delivery.objects.filter(plan=plan, api_token__isnull=False).count() == 1
    assert Realisation.objects.filter(target__plan=plan, source=SOURCE).count() == 2
    assert Realisation.history.filter(target__plan=plan, source=SOURCE).count() == 2
    assert IdempotencyRecord.objects.filter(key="samen-1").count() == 1
    assert Target.objects.filter(plan=plan).exists()
