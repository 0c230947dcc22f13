"""Logging in with the organisation account, against a real OpenID provider on loopback
(tests/sso/provider.mjs): the user is matched on the stable claim, made on the first login,
given the roles of their groups when a mapping is configured; the local login stays; the
admin still asks its second factor; with single sign-on off there is nothing of it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from regions.models import ExternalIdentity, Region, RoleAssignment
from tests.factories import PASSWORD, UserFactory
from tests.sso.provider import ROLE_MAPPING, SECRETARY_SUB, log_in

pytestmark = pytest.mark.django_db
BUTTON = "Inloggen met uw organisatie-account"
FAILED = "Inloggen met uw organisatie-account is niet gelukt."
Role = RoleAssignment.Role


def linked_user(provider, sub=SECRETARY_SUB):
    return ExternalIdentity.objects.get(issuer=provider.issuer, subject=sub).user


def test_the_first_login_makes_the_user_and_lands_on_the_home_page(client, demo, oidc_on):
    users_before = get_user_model().objects.count()

    response = log_in(client)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = linked_user(oidc_on)
    assert get_user_model().objects.count() == users_before + 1
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "jdejong",
        "j.dejong@denhaag.example",
        "Janneke",
        "de Jong",
    )
    # No password: the local login is no way into an organisation account's user.
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Welkom, Janneke." in home.content.decode()
    # Roles stay managed in the product unless a mapping is configured: none yet.
    assert not user.role_assignments.exists()
    assert "U heeft nog geen rol in een arbeidsmarktregio" in home.content.decode()


def test_a_changed_email_address_is_still_the_same_user(client, demo, oidc_on):
    log_in(client)
    first = linked_user(oidc_on)
    client.logout()

    oidc_on.accounts[SECRETARY_SUB]["email"] = "janneke.dejong@haaglanden.example"
    oidc_on.save()
    response = log_in(client)

    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user.pk == first.pk
    first.refresh_from_db()
    assert first.email == "janneke.dejong@haaglanden.example"
    assert ExternalIdentity.objects.filter(user=first).count() == 1


def test_an_existing_users_email_address_does_not_open_their_account(client, demo, oidc_on):
    """Someone whose organisation account carries a local user's address (a provider may let
    people set it) gets a user of their own, not the local user's roles."""
    local = UserFactory(role=(Region.objects.get(code="AM21"), Role.PENNINGMEESTER))
    oidc_on.accounts[SECRETARY_SUB]["email"] = local.email
    oidc_on.save()

    log_in(client)

    user = linked_user(oidc_on)
    assert user.pk != local.pk
    assert not user.role_assignments.exists()


def test_the_groups_claim_gives_the_mapped_role_and_takes_it_away(client, demo, oidc_on, settings):
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ROLE_MAPPING = ROLE_MAPPING
    haaglanden = Region.objects.get(code="AM21")

    log_in(client)

    user = linked_user(oidc_on)
    assert set(user.role_assignments.values_list("region__code", "role", "source")) == {
        ("AM21", Role.SECRETARIS, RoleAssignment.Source.SSO)
    }
    home = client.get(reverse("home")).content.decode()
    assert "Haaglanden" in home and "Midden-Gelderland" not in home
    # The secretaris's links on the region page: the mapped role is a real role.
    region_page = client.get(haaglanden.get_absolute_url()).content.decode()
    assert reverse("regions:meeting-create", kwargs={"slug": haaglanden.slug}) in region_page

    # A role given in the product by hand, then the group leaves the account.
    RoleAssignment.objects.create(user=user, region=haaglanden, role=Role.PENNINGMEESTER)
    client.logout()
    oidc_on.accounts[SECRETARY_SUB]["groups"] = ["alle-medewerkers", "werkregio-werkkamer"]
    oidc_on.save()
    log_in(client)

    assert set(user.role_assignments.values_list("region__code", "role", "source")) == {
        ("AM21", Role.PENNINGMEESTER, RoleAssignment.Source.PRODUCT),
        ("AM21", Role.WERKKAMERLID, RoleAssignment.Source.SSO),
        ("AM07", Role.WERKKAMERLID, RoleAssignment.Source.SSO),
    }
    assert "Midden-Gelderland" in client.get(reverse("home")).content.decode()


def test_without_a_mapping_the_groups_change_nothing(client, demo, oidc_on, settings):
    settings.OIDC_GROUPS_CLAIM = "groups"  # the claim alone: roles stay the product's
    log_in(client)
    assert not linked_user(oidc_on).role_assignments.exists()


def test_no_claim_makes_a_superuser_and_the_admin_still_asks_its_code(client, demo, oidc_on):
    """Claims that name admin rights are only claims; and a beheerder linked to an
    organisation account still gives the admin's second factor (maykin-2fa)."""
    oidc_on.accounts[SECRETARY_SUB].update(is_superuser=True, is_staff=True, groups=["admins"])
    oidc_on.save()
    log_in(client)
    user = linked_user(oidc_on)
    assert not user.is_superuser and not user.is_staff
    client.logout()

    beheerder = get_user_model().objects.get(username="beheerder")
    ExternalIdentity.objects.create(user=beheerder, issuer=oidc_on.issuer, subject="beheer-1")
    oidc_on.accounts["beheer-1"] = {"email": "beheer@werkregio.example", "groups": []}
    oidc_on.save()
    response = log_in(client, sub="beheer-1")

    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "config.oidc.OrganisationAccountBackend"
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("admin:login"))


def test_without_oidc_create_user_an_unknown_account_is_refused(client, demo, oidc_on, settings):
    settings.OIDC_CREATE_USER = False
    users_before = get_user_model().objects.count()

    response = log_in(client)

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert get_user_model().objects.count() == users_before
    assert FAILED in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_token_of_another_issuer_is_refused(client, demo, oidc_on, settings):
    """The ID token's `iss` must be the configured issuer (the package does not check it)."""
    settings.OIDC_OP_ISSUER = "https://login.other.example"

    response = log_in(client)

    assert response["Location"] == reverse("login")
    assert not ExternalIdentity.objects.filter(subject=SECRETARY_SUB).exists()


def test_a_deactivated_user_cannot_log_in_nor_stay_logged_in(client, demo, oidc_on):
    log_in(client)
    user = linked_user(oidc_on)
    assert client.get(reverse("home")).status_code == 200

    user.is_active = False
    user.save()
    assert client.get(reverse("home")).status_code == 302  # the session no longer counts
    response = log_in(client)
    assert response["Location"] == reverse("login")


def test_next_is_kept_through_the_provider(client, demo, oidc_on, settings):
    response = log_in(client, next_url="/over/")
    assert response["Location"] == "/over/"


def test_the_login_page_offers_the_organisation_account_when_on(client, demo, oidc_on):
    page = client.get(reverse("login")).content.decode()
    assert BUTTON in page and 'href="/oidc/authenticate/"' in page


def test_the_local_login_keeps_working_with_single_sign_on_on(client, demo, oidc_on):
    local = UserFactory()
    response = client.post(reverse("login"), {"username": local.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_with_single_sign_on_off_there_is_no_button_and_no_route(client, demo, settings):
    settings.OIDC_ENABLED = False
    assert BUTTON not in client.get(reverse("login")).content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def address_failures(address="127.0.0.1"):
    return sum(
        AccessAttempt.objects.filter(ip_address=address).values_list(
            "failures_since_start", flat=True
        )
    )


def test_a_locked_out_address_cannot_log_in_with_the_organisation_account(
    client, demo, oidc_on, settings
):
    """django-axes' backend stays first: a lockout holds for every way in."""
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    for number in range(3):
        client.post(reverse("login"), {"username": f"niemand-{number}", "password": "fout"})

    response = log_in(client)

    assert response.status_code in {302, 429}
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.filter(subject=SECRETARY_SUB).exists()


def test_a_failed_organisation_login_counts_against_the_address(client, demo, oidc_on, settings):
    settings.OIDC_OP_ISSUER = "https://login.other.example"
    before = address_failures()
    log_in(client)
    assert address_failures() == before + 1


def test_claims_the_user_model_refuses_are_a_failed_login(client, demo, oidc_on):
    oidc_on.accounts[SECRETARY_SUB]["email"] = "geen e-mailadres"
    oidc_on.save()
    response = log_in(client)
    assert response["Location"] == reverse("login")
    assert not ExternalIdentity.objects.filter(subject=SECRETARY_SUB).exists()
