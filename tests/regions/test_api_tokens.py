"""The API token pages, from both sides: Midden-Gelderland's regiobeheerder makes, sees and
revokes the region's tokens and nothing of Haaglanden's; the other roles get 403, anonymous
users the login page; national tokens are the beheerder's. The secret is shown once and
stored hashed, a revoked token is refused by the API, and a token's use is recorded."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from regions.models import ApiToken, Region, RoleAssignment
from regions.services import api_token_create, api_token_revoke

from ..factories import UserFactory
from ..otp import verified_login

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'<code id="api-token-secret">([^<]+)</code>')


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def midden_gelderland(demo):
    return Region.objects.get(slug="midden-gelderland")


@pytest.fixture
def haaglanden(demo):
    return Region.objects.get(slug="haaglanden")


@pytest.fixture
def beheerder_mg(client, midden_gelderland):
    """The client signed in as Midden-Gelderland's regiobeheerder (the demo login)."""
    client.force_login(user("regiobeheerder-midden-gelderland"))
    return client


def list_url(region=None):
    return reverse("regions:api-tokens", args=[region.slug]) if region else reverse("api-tokens")


def create_url(region=None):
    if region is None:
        return reverse("api-token-create")
    return reverse("regions:api-token-create", args=[region.slug])


def revoke_url(token):
    if token.region is None:
        return reverse("api-token-revoke", args=[token.pk])
    return reverse("regions:api-token-revoke", args=[token.region.slug, token.pk])


def make(client, region=None, name="Power BI gemeente Arnhem", may_deliver=False):
    """Make a token on the page; the answer and the secret it shows."""
    data = {"name": name}
    if may_deliver:
        data["may_deliver"] = "on"
    response = client.post(create_url(region), data)
    assert response.status_code == 200, response.content[:500]
    found = SECRET.search(response.content.decode())
    assert found, "the secret is shown in the answer"
    return response, found[1]


def api(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_regiobeheerder_makes_a_token_and_sees_its_secret_once(beheerder_mg, midden_gelderland):
    response, secret = make(beheerder_mg, midden_gelderland)
    page = response.content.decode()
    assert "alleen nu getoond" in page
    assert f"Authorization: Bearer {secret}" in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Power BI gemeente Arnhem")
    assert token.region == midden_gelderland and not token.may_deliver
    assert token.created_by.username == "regiobeheerder-midden-gelderland"
    assert secret.startswith(token.prefix) and len(secret) == 40
    # Stored hashed: no column of the row holds the secret.
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM regions_apitoken WHERE id = %s", [token.pk])
        row = cursor.fetchone()
    assert all(secret not in str(value) for value in row)
    # Never again: not on the list, not in the session, not on the revoke page.
    listed = beheerder_mg.get(list_url(midden_gelderland)).content.decode()
    assert "Power BI gemeente Arnhem" in listed and f"{token.prefix}…" in listed
    assert secret not in listed
    assert secret not in beheerder_mg.get(revoke_url(token)).content.decode()
    assert secret not in str(dict(beheerder_mg.session.items()))


def test_a_read_token_is_read_only(beheerder_mg, midden_gelderland):
    make(beheerder_mg, midden_gelderland, name="Dashboard")
    token = ApiToken.objects.get(name="Dashboard")
    assert not token.may_deliver
    row = beheerder_mg.get(list_url(midden_gelderland)).content.decode()
    cells = re.search(
        rf'<tr class="utrecht-table__row" id="api-token-{token.pk}">(.*?)</tr>', row, re.S
    )
    assert ">lezen<" in cells[1] and "aanleveren" not in cells[1]


# --- The aanleveren scope: only from whoever may record realisations in the region ---------

NO_DELIVERY = "in deze regio legt u zelf geen realisaties vast"


def test_a_regiobeheerder_cannot_give_a_token_the_aanleveren_scope(beheerder_mg, midden_gelderland):
    form = beheerder_mg.get(create_url(midden_gelderland))
    field = form.context["form"]["may_deliver"]
    assert field.field.disabled
    html = form.content.decode()
    assert re.search(r'<input type="checkbox" name="may_deliver"[^>]* disabled', html)
    assert "U legt in deze regio zelf geen realisaties vast" in html
    # A tick sent all the same is ignored: the token only reads.
    make(beheerder_mg, midden_gelderland, name="Geprobeerd", may_deliver=True)
    assert not ApiToken.objects.get(name="Geprobeerd").may_deliver
    # and the service refuses it, beside the field.
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            name="Via de service",
            region=midden_gelderland,
            may_deliver=True,
            actor=user("regiobeheerder-midden-gelderland"),
        )
    assert NO_DELIVERY in refused.value.message_dict["may_deliver"][0]
    assert not ApiToken.objects.filter(name="Via de service").exists()


def test_a_beheerder_gives_a_token_the_aanleveren_scope(client, midden_gelderland):
    client.force_login(user("beheerder"))
    assert (
        not client.get(create_url(midden_gelderland)).context["form"]["may_deliver"].field.disabled
    )
    make(client, midden_gelderland, name="UWV-koppeling", may_deliver=True)
    assert ApiToken.objects.get(name="UWV-koppeling").may_deliver
    listed = client.get(list_url(midden_gelderland)).content.decode()
    assert "lezen + aanleveren" in listed
    national, _secret = api_token_create(
        name="Landelijk", region=None, may_deliver=True, actor=user("beheerder")
    )
    assert national.may_deliver


def test_a_regiobeheerder_who_is_also_programmamanager_gives_the_scope(client, midden_gelderland):
    both = UserFactory(role=(midden_gelderland, RoleAssignment.Role.REGIOBEHEERDER))
    RoleAssignment.objects.create(
        user=both, region=midden_gelderland, role=RoleAssignment.Role.PROGRAMMAMANAGER
    )
    client.force_login(both)
    assert (
        not client.get(create_url(midden_gelderland)).context["form"]["may_deliver"].field.disabled
    )
    make(client, midden_gelderland, name="Gemeentesysteem", may_deliver=True)
    assert ApiToken.objects.get(name="Gemeentesysteem").may_deliver


def test_the_scope_follows_the_region_where_one_records(client, midden_gelderland, haaglanden):
    """Programmamanager in Haaglanden, regiobeheerder in Midden-Gelderland: no aanleveren for
    Midden-Gelderland's tokens."""
    elsewhere = UserFactory(role=(midden_gelderland, RoleAssignment.Role.REGIOBEHEERDER))
    RoleAssignment.objects.create(
        user=elsewhere, region=haaglanden, role=RoleAssignment.Role.PROGRAMMAMANAGER
    )
    with pytest.raises(ValidationError):
        api_token_create(name="x", region=midden_gelderland, may_deliver=True, actor=elsewhere)
    assert not ApiToken.objects.filter(name="x").exists()


def test_a_name_is_required(beheerder_mg, midden_gelderland):
    before = ApiToken.objects.count()
    response = beheerder_mg.post(create_url(midden_gelderland), {"name": ""})
    assert response.status_code == 200
    assert "api-token-secret" not in response.content.decode()
    assert response.context["form"].errors["name"]
    assert ApiToken.objects.count() == before


def test_the_token_reads_the_api_and_its_use_is_recorded(beheerder_mg, midden_gelderland):
    _response, secret = make(beheerder_mg, midden_gelderland)
    token = ApiToken.objects.get(name="Power BI gemeente Arnhem")
    assert token.last_used_at is None
    listed = beheerder_mg.get(list_url(midden_gelderland)).content.decode()
    assert "nog nooit" in listed
    body = api(secret).get("/api/v1/regions").json()
    assert [row["code"] for row in body["results"]] == [midden_gelderland.code]
    token.refresh_from_db()
    assert token.last_used_at is not None
    listed = beheerder_mg.get(list_url(midden_gelderland)).content.decode()
    assert token.last_used_at.astimezone().strftime("%d-%m-%Y") in listed


def test_revoking_asks_first_then_the_api_refuses_the_token(beheerder_mg, midden_gelderland):
    _response, secret = make(beheerder_mg, midden_gelderland)
    token = ApiToken.objects.get(name="Power BI gemeente Arnhem")
    assert api(secret).get("/api/v1/regions").status_code == 200
    confirm = beheerder_mg.get(revoke_url(token))
    assert confirm.status_code == 200
    assert "Token intrekken" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET revokes nothing
    response = beheerder_mg.post(revoke_url(token), follow=True)
    assert response.redirect_chain[-1][0] == list_url(midden_gelderland)
    assert "is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by.username == "regiobeheerder-midden-gelderland"
    refused = api(secret).get("/api/v1/regions")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    # Revoked stays revoked: a second POST says so and changes nothing.
    again = beheerder_mg.post(revoke_url(token), follow=True)
    assert "al ingetrokken" in again.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at == token.revoked_at


def test_another_regions_tokens_are_out_of_reach(beheerder_mg, haaglanden, midden_gelderland):
    theirs, _secret = api_token_create(
        name="Haaglanden BI", region=haaglanden, may_deliver=False, actor=user("beheerder")
    )
    assert beheerder_mg.get(list_url(haaglanden)).status_code == 403
    assert beheerder_mg.get(create_url(haaglanden)).status_code == 403
    assert beheerder_mg.post(create_url(haaglanden), {"name": "x"}).status_code == 403
    assert beheerder_mg.get(revoke_url(theirs)).status_code == 403
    assert beheerder_mg.post(revoke_url(theirs)).status_code == 403
    # Through its own region's address: not there (404), and not on its own list.
    own_address = reverse("regions:api-token-revoke", args=[midden_gelderland.slug, theirs.pk])
    assert beheerder_mg.get(own_address).status_code == 404
    assert beheerder_mg.post(own_address).status_code == 404
    assert "Haaglanden BI" not in beheerder_mg.get(list_url(midden_gelderland)).content.decode()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert not ApiToken.objects.filter(name="x").exists()


@pytest.mark.parametrize(
    "role", ["programmamanager", "werkkamerlid", "secretaris", "penningmeester"]
)
def test_the_regions_other_roles_get_403(client, midden_gelderland, role):
    token, _secret = api_token_create(
        name="MG", region=midden_gelderland, may_deliver=False, actor=user("beheerder")
    )
    client.force_login(user(f"{role}-midden-gelderland"))
    for url in (list_url(midden_gelderland), create_url(midden_gelderland), revoke_url(token)):
        assert client.get(url).status_code == 403, url
    assert client.post(create_url(midden_gelderland), {"name": "x"}).status_code == 403
    assert client.post(revoke_url(token)).status_code == 403
    assert not ApiToken.objects.filter(name="x").exists()
    # and the region page does not offer the link
    page = client.get(midden_gelderland.get_absolute_url()).content.decode()
    assert 'id="api-tokens-link"' not in page


def test_the_region_page_links_to_the_tokens_for_who_may_manage(beheerder_mg, midden_gelderland):
    page = beheerder_mg.get(midden_gelderland.get_absolute_url()).content.decode()
    assert f'href="{list_url(midden_gelderland)}" id="api-tokens-link"' in page


def test_anonymous_goes_to_the_login_page(client, midden_gelderland):
    token, _secret = api_token_create(
        name="MG", region=midden_gelderland, may_deliver=False, actor=user("beheerder")
    )
    for url in (
        list_url(midden_gelderland),
        create_url(midden_gelderland),
        revoke_url(token),
        list_url(),
        create_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), url
    assert client.post(create_url(midden_gelderland), {"name": "x"}).status_code == 302
    assert not ApiToken.objects.filter(name="x").exists()


def test_the_beheerder_makes_a_national_token(client, demo):
    client.force_login(user("beheerder"))
    assert client.get(list_url()).status_code == 200
    response, secret = make(client, None, name="Ministerie SZW")
    assert "alle regio's (landelijk)" in response.content.decode()
    token = ApiToken.objects.get(name="Ministerie SZW")
    assert token.region is None
    body = api(secret).get("/api/v1/regions?pageSize=1").json()
    assert body["count"] == Region.objects.count()
    listed = client.get(list_url()).content.decode()
    assert "Ministerie SZW" in listed and secret not in listed
    client.post(revoke_url(token))
    assert api(secret).get("/api/v1/regions").status_code == 401


def test_a_beheerder_manages_a_regions_tokens_too(client, midden_gelderland):
    client.force_login(user("beheerder"))
    make(client, midden_gelderland, name="Door de beheerder")
    assert ApiToken.objects.get(name="Door de beheerder").region == midden_gelderland


def test_a_regiobeheerder_cannot_make_a_national_token(beheerder_mg):
    assert beheerder_mg.get(list_url()).status_code == 403
    assert beheerder_mg.get(create_url()).status_code == 403
    assert beheerder_mg.post(create_url(), {"name": "Landelijk"}).status_code == 403
    national, _secret = api_token_create(
        name="Landelijk BI", region=None, may_deliver=False, actor=user("beheerder")
    )
    assert beheerder_mg.post(revoke_url(national)).status_code == 403
    national.refresh_from_db()
    assert national.revoked_at is None
    assert not ApiToken.objects.filter(name="Landelijk").exists()


def test_the_list_runs_a_fixed_number_of_queries(beheerder_mg, midden_gelderland):
    maker = user("regiobeheerder-midden-gelderland")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert beheerder_mg.get(list_url(midden_gelderland)).status_code == 200
        return len(captured)

    api_token_create(name="een", region=midden_gelderland, may_deliver=False, actor=maker)
    few = queries()
    for n in range(8):
        deliver = n % 2 == 0  # the aanleveren scope is the beheerder's to give
        token, _secret = api_token_create(
            name=f"token {n}",
            region=midden_gelderland,
            may_deliver=deliver,
            actor=user("beheerder") if deliver else maker,
        )
        if n % 3 == 0:
            api_token_revoke(token=token, actor=user("beheerder"))
    assert queries() == few
    assert few <= 8


# --- The admin: read-only, no add or delete, a revoke action through the service ----------


def admin_url(name, *args):
    return reverse(f"admin:regions_apitoken_{name}", args=args)


def test_the_admin_lists_tokens_read_only_and_revokes_them(client, midden_gelderland):
    token, secret = api_token_create(
        name="Admin-proef", region=midden_gelderland, may_deliver=True, actor=user("beheerder")
    )
    done, _other = api_token_create(
        name="Al weg", region=midden_gelderland, may_deliver=False, actor=user("beheerder")
    )
    api_token_revoke(token=done, actor=user("beheerder"))
    verified_login(client, "beheerder")
    listed = client.get(admin_url("changelist")).content.decode()
    assert "Admin-proef" in listed and token.prefix in listed and "lezen + aanleveren" in listed
    assert secret not in listed
    assert client.get(admin_url("add")).status_code == 403
    assert client.get(admin_url("delete", token.pk)).status_code == 403
    detail = client.get(admin_url("change", token.pk))
    assert detail.status_code == 200
    assert 'name="name"' not in detail.content.decode()  # no field to edit
    response = client.post(
        admin_url("changelist"),
        {"action": "revoke", "_selected_action": [token.pk, done.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 token ingetrokken." in page and "1 al ingetrokken, overgeslagen." in page
    token.refresh_from_db()
    assert token.revoked_by.username == "beheerder"
    assert api(secret).get("/api/v1/regions").status_code == 401
    assert "delete_selected" not in client.get(admin_url("changelist")).content.decode()
