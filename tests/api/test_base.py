"""What every API answer shares (the ADR core rules): the API-Version header, problem
details for errors, no trailing slashes, ETags, 401 without a token, region scoping."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from rest_framework import exceptions
from rest_framework.test import APIClient, APIRequestFactory

from api.problems import exception_handler
from regions.models import Region
from regions.services import api_token_create, api_token_revoke

from .conftest import make_token, token_client

pytestmark = pytest.mark.django_db


def test_every_answer_carries_the_api_version(haaglanden_api):
    for path in ("/api/v1/regions", "/api/v1/openapi.json", "/api/v1/nergens", "/api/x"):
        response = haaglanden_api.get(path)
        assert response["API-Version"] == "1.0.0", path


def test_without_a_token_401_in_problem_details():
    response = APIClient().get("/api/v1/regions")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["instance"] == "/api/v1/regions"


def test_a_wrong_or_revoked_token_is_refused(haaglanden):
    assert token_client("onzin").get("/api/v1/regions").status_code == 401
    token, secret = make_token(haaglanden)
    client = token_client(secret)
    assert client.get("/api/v1/regions").status_code == 200
    api_token_revoke(token=token, actor=token.created_by)
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]


def test_a_token_stops_working_when_its_makers_account_is_deactivated(haaglanden, regiobeheerder):
    _token, secret = api_token_create(
        name="Dashboard", region=haaglanden, may_deliver=False, actor=regiobeheerder
    )
    client = token_client(secret)
    # Losing the role alone does not stop it: the token's rights are its own.
    regiobeheerder.role_assignments.all().delete()
    assert client.get("/api/v1/regions").status_code == 200
    regiobeheerder.is_active = False
    regiobeheerder.save(update_fields=["is_active"])
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Onbekend of ingetrokken API-token."


def test_unknown_address_is_a_404_problem_and_no_slash_redirect(haaglanden_api):
    response = haaglanden_api.get("/api/v1/regions/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_region_token_reads_its_own_region_only(haaglanden_api, haaglanden):
    body = haaglanden_api.get("/api/v1/regions").json()
    assert [row["code"] for row in body["results"]] == [haaglanden.code]
    other = Region.objects.exclude(pk=haaglanden.pk).first()
    assert haaglanden_api.get(f"/api/v1/regions/{other.code}").status_code == 404
    assert haaglanden_api.get(f"/api/v1/regions/{haaglanden.code}").json()["name"] == "Haaglanden"


def test_a_national_token_reads_every_region(national_api):
    body = national_api.get("/api/v1/regions?pageSize=10").json()
    assert body["count"] == Region.objects.count()
    assert len(body["results"]) == 10
    assert body["next"].endswith("page=2&pageSize=10")
    codes = [row["code"] for row in body["results"]]
    assert codes == sorted(codes)


def test_etag_answers_304_when_unchanged(haaglanden_api):
    first = haaglanden_api.get("/api/v1/regions")
    etag = first["ETag"]
    assert etag
    again = haaglanden_api.get("/api/v1/regions", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["API-Version"] == "1.0.0"


def test_properties_in_camel_case(haaglanden_api, haaglanden):
    body = haaglanden_api.get(f"/api/v1/regions/{haaglanden.code}").json()
    assert body["centreMunicipality"] == "'s-Gravenhage"


@override_settings(API_REQUIRE_TLS=True)
def test_plain_http_refused_when_tls_is_required(haaglanden_api):
    response = haaglanden_api.get("/api/v1/regions")
    assert response.status_code == 403
    assert "HTTPS" in response.json()["detail"]
    assert haaglanden_api.get("/api/v1/regions", secure=True).status_code == 200


def test_openapi_document_at_its_well_known_address(haaglanden_api):
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200, response.content[:300]
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/regions" in document["paths"]
    assert document["servers"][0]["url"] == "/api/v1"


def test_options_tells_nothing_of_the_views(haaglanden_api):
    response = haaglanden_api.options("/api/v1/regions")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "Region" not in response.content.decode()
    assert response["Allow"] == "GET, HEAD"
    assert haaglanden_api.get("/api/v1/regions")["Allow"] == "GET, HEAD"


def test_a_django_permission_denied_keeps_its_message():
    """A service's PermissionDenied("…") reaches the client as the problem's detail; one
    without a message gets DRF's own."""
    request = APIRequestFactory().get("/api/v1/regions")
    said = exception_handler(
        PermissionDenied("U mag dit plan niet wijzigen."), {"request": request}
    )
    assert said.status_code == 403
    assert said.data["detail"] == "U mag dit plan niet wijzigen."
    bare = exception_handler(PermissionDenied(), {"request": request})
    assert bare.status_code == 403
    assert bare.data["detail"] == str(exceptions.PermissionDenied.default_detail)
