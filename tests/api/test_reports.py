"""Reports in the API: the archive's metadata with links to the files, the files served to a
token that may read the plan's region (the same files as the report pages' downloads), a
report not finished answered 409, the region scoping from both sides, filters and query
counts that do not grow with the page size."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reporting import documents, services
from reporting.models import Report
from tests.pdf import pdf_text
from tests.programmes.helpers import DWSRA, HAAGLANDEN, MIDDEN_GELDERLAND, plan

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db
MG_PERIOD = {"start_date": date(2019, 1, 1), "end_date": date(2020, 12, 31)}
HAAGLANDEN_PERIOD = {"start_date": date(2016, 1, 1), "end_date": date(2016, 12, 31)}
DWSRA_PERIOD = {"start_date": date(2019, 4, 1), "end_date": date(2019, 6, 30)}


def requested(title: str, period: dict, kind: str = "voortgang") -> Report:
    return services.report_request(plan=plan(title), actor=None, kind=kind, **period)


def finished(title: str, period: dict, kind: str = "voortgang") -> Report:
    return services.report_build(report=requested(title, period, kind))


@pytest.fixture
def mg_api(midden_gelderland):
    return token_client(make_token(midden_gelderland)[1])


def content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_a_finished_report_s_pdf_read_back_by_token(demo, media_root, mg_api):
    report = finished(MIDDEN_GELDERLAND, MG_PERIOD)
    body = mg_api.get(f"/api/v1/reports/{report.pk}").json()
    assert body["status"] == "klaar" and body["kind"] == "voortgang"
    assert (body["startDate"], body["endDate"]) == ("2019-01-01", "2020-12-31")
    assert body["reference"] == report.kenmerk and body["region"] == "AM07"
    assert body["plan"] == report.plan_id and body["builtAt"]
    assert body["links"]["pdf"] == f"http://testserver/api/v1/reports/{report.pk}/pdf"

    response = mg_api.get(body["links"]["pdf"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{report.kenmerk}.pdf"' in response["Content-Disposition"]
    pdf = content(response)
    with report.file.open("rb") as stored:
        assert pdf == stored.read()  # the PDF as it was made
    text = pdf_text(pdf)
    assert report.kenmerk in text
    assert "01-01-2019 t/m 31-12-2020" in text
    assert "Matches 415 376 90,6 %" in text
    assert "€ 2.000.000" in text and "€ 1.030.000" in text


def test_xlsx_and_csv_are_drawn_from_the_frozen_figures(demo, fake_pdf, mg_api):
    report = finished(MIDDEN_GELDERLAND, MG_PERIOD)
    report.refresh_from_db()
    response = mg_api.get(f"/api/v1/reports/{report.pk}/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    expected = load_workbook(io.BytesIO(documents.render_xlsx(report.figures)))
    assert workbook.sheetnames == expected.sheetnames
    for name in workbook.sheetnames:
        assert [[cell.value for cell in row] for row in workbook[name].iter_rows()] == [
            [cell.value for cell in row] for row in expected[name].iter_rows()
        ]
    response = mg_api.get(f"/api/v1/reports/{report.pk}/csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == documents.render_csv(report.figures)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert any("415" in row for row in rows)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_a_report_not_finished_has_no_file_yet(demo, fake_pdf, mg_api, fmt):
    queued = requested(MIDDEN_GELDERLAND, MG_PERIOD)
    assert mg_api.get(f"/api/v1/reports/{queued.pk}").json()["links"] is None
    response = mg_api.get(f"/api/v1/reports/{queued.pk}/{fmt}")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["reportStatus"] == "wachtrij"
    assert body["detail"] == (
        "Deze rapportage is nog niet klaar (in de wachtrij): er is nog geen bestand."
    )
    Report.objects.filter(pk=queued.pk).update(status=Report.Status.MISLUKT)
    assert mg_api.get(f"/api/v1/reports/{queued.pk}/{fmt}").status_code == 409


def test_haaglanden_gets_nothing_of_midden_gelderland(demo, fake_pdf, haaglanden_api, mg_api):
    mg = finished(MIDDEN_GELDERLAND, MG_PERIOD)
    haaglanden = finished(HAAGLANDEN, HAAGLANDEN_PERIOD)
    national = finished(DWSRA, DWSRA_PERIOD)
    for client, own, other in ((haaglanden_api, haaglanden, mg), (mg_api, mg, haaglanden)):
        listed = {row["id"] for row in client.get("/api/v1/reports").json()["results"]}
        # Its own region's report and the national plan's, never the other region's.
        assert listed == {own.pk, national.pk}
        assert client.get(f"/api/v1/reports?plan={other.plan_id}").json()["count"] == 0
        assert client.get(f"/api/v1/reports?region={other.plan.region.code}").json()["count"] == 0
        for suffix in ("", "/pdf", "/xlsx", "/csv"):
            response = client.get(f"/api/v1/reports/{other.pk}{suffix}")
            assert response.status_code == 404, suffix
            assert response["Content-Type"] == "application/problem+json"
            assert client.get(f"/api/v1/reports/{own.pk}{suffix}").status_code == 200, suffix
            assert client.get(f"/api/v1/reports/{national.pk}{suffix}").status_code == 200


def test_a_national_token_reads_both(demo, fake_pdf, national_api):
    mg = finished(MIDDEN_GELDERLAND, MG_PERIOD)
    haaglanden = finished(HAAGLANDEN, HAAGLANDEN_PERIOD)
    listed = {row["id"] for row in national_api.get("/api/v1/reports").json()["results"]}
    assert {mg.pk, haaglanden.pk} <= listed
    for report in (mg, haaglanden):
        assert national_api.get(f"/api/v1/reports/{report.pk}/pdf").status_code == 200


def test_filters_and_order(demo, fake_pdf, national_api):
    done = finished(MIDDEN_GELDERLAND, MG_PERIOD)
    money = requested(MIDDEN_GELDERLAND, MG_PERIOD, kind="financieel")
    other = requested(HAAGLANDEN, HAAGLANDEN_PERIOD)

    def ids(query: str) -> list[int]:
        response = national_api.get(f"/api/v1/reports?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    # Newest request first, the id breaking ties.
    assert ids("") == [other.pk, money.pk, done.pk]
    assert ids(f"plan={done.plan_id}") == [money.pk, done.pk]
    assert ids("region=AM07") == [money.pk, done.pk]
    assert ids("kind=financieel") == [money.pk]
    assert ids("status=klaar") == [done.pk]
    assert ids("status=wachtrij&region=AM07") == [money.pk]
    response = national_api.get("/api/v1/reports?status=af&kind=nieuws")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {param["name"] for param in response.json()["invalidParams"]} == {"status", "kind"}
    # An unknown region is a 400 too, as on every list (not an empty one).
    response = national_api.get("/api/v1/reports?region=AM99")
    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalidParams"]] == ["region"]


def test_report_queries_do_not_grow_with_the_page_size(demo, fake_pdf, national_api):
    finished(MIDDEN_GELDERLAND, MG_PERIOD)
    requested(MIDDEN_GELDERLAND, MG_PERIOD, kind="financieel")
    finished(HAAGLANDEN, HAAGLANDEN_PERIOD)
    finished(DWSRA, DWSRA_PERIOD)

    def count(path: str) -> int:
        national_api.get(path)  # the token's last use is written on the first request
        with CaptureQueriesContext(connection) as captured:
            assert national_api.get(path).status_code == 200
        return len(captured)

    assert len(national_api.get("/api/v1/reports?pageSize=50").json()["results"]) == 4
    assert count("/api/v1/reports?pageSize=1") == count("/api/v1/reports?pageSize=50")
