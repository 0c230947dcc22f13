"""regions.services.sso without a provider: the role synchronisation's rules one by one, the
mapping's format, and the start-up check that refuses a wrong mapping."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from regions.checks import role_mapping_check, username_claim_check
from regions.models import ExternalIdentity, Region, RoleAssignment
from regions.services.sso import role_mapping_parse, sso_link, sso_login, sso_roles_sync
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
Source = RoleAssignment.Source
MAPPING = role_mapping_parse(
    {
        "hgl-secretaris": "AM21:secretaris",
        "werkkamer": ["AM21:werkkamerlid", "am07:werkkamerlid"],
        "hgl-penningmeester": "AM21:penningmeester",
    }
)


def roles(user):
    return set(user.role_assignments.values_list("region__code", "role", "source"))


def test_mapped_groups_give_their_roles_and_other_groups_nothing(demo):
    user = UserFactory()
    changes = sso_roles_sync(user=user, groups=["werkkamer", "alle-medewerkers"], mapping=MAPPING)
    assert sorted(changes.given) == [("AM07", Role.WERKKAMERLID), ("AM21", Role.WERKKAMERLID)]
    assert roles(user) == {
        ("AM21", Role.WERKKAMERLID, Source.SSO),
        ("AM07", Role.WERKKAMERLID, Source.SSO),
    }


def test_a_role_whose_group_is_gone_is_taken_away_and_hand_made_roles_stay(demo):
    haaglanden = Region.objects.get(code="AM21")
    user = UserFactory(role=(haaglanden, Role.PROGRAMMAMANAGER))  # given in the product
    sso_roles_sync(user=user, groups=["hgl-secretaris", "werkkamer"], mapping=MAPPING)

    changes = sso_roles_sync(user=user, groups=["werkkamer"], mapping=MAPPING)

    assert changes.taken == [("AM21", Role.SECRETARIS)] and changes.given == []
    assert roles(user) == {
        ("AM21", Role.PROGRAMMAMANAGER, Source.PRODUCT),
        ("AM21", Role.WERKKAMERLID, Source.SSO),
        ("AM07", Role.WERKKAMERLID, Source.SSO),
    }
    sso_roles_sync(user=user, groups=[], mapping=MAPPING)
    assert roles(user) == {("AM21", Role.PROGRAMMAMANAGER, Source.PRODUCT)}


def test_a_role_held_by_hand_is_not_given_twice_nor_taken_by_a_leaving_group(demo):
    user = UserFactory(role=(Region.objects.get(code="AM21"), Role.PENNINGMEESTER))
    assert sso_roles_sync(user=user, groups=["hgl-penningmeester"], mapping=MAPPING).given == []
    assert sso_roles_sync(user=user, groups=[], mapping=MAPPING).taken == []
    assert roles(user) == {("AM21", Role.PENNINGMEESTER, Source.PRODUCT)}


def test_a_region_that_does_not_exist_is_skipped(demo):
    user = UserFactory()
    mapping = role_mapping_parse({"g": ["AM99:secretaris", "AM21:secretaris"]})
    assert sso_roles_sync(user=user, groups=["g"], mapping=mapping).given == [
        ("AM21", Role.SECRETARIS)
    ]


def test_no_groups_claim_at_a_login_takes_the_mapped_roles_away(demo):
    claims = {"sub": "s-1", "groups": ["hgl-secretaris"]}
    login = {"issuer": "https://idp.example", "subject": "s-1", "create_user": True}
    user = sso_login(claims=claims, groups_claim="groups", role_mapping=MAPPING, **login)
    assert roles(user) == {("AM21", Role.SECRETARIS, Source.SSO)}

    same = sso_login(claims={"sub": "s-1"}, groups_claim="groups", role_mapping=MAPPING, **login)

    assert same.pk == user.pk and roles(user) == set()
    assert ExternalIdentity.objects.filter(subject="s-1").count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"admins": "AM21:beheerder"}', "a beheerder is never given by a claim"),
        ('{"g": "Haaglanden:secretaris"}', "does not start with a region code"),
        ('{"g": []}', "must be 'AMxx:role' or a list"),
        ('["AM21:secretaris"]', "must be a JSON object"),
        ("{not json", "not valid JSON"),
    ],
)
def test_a_wrong_mapping_is_refused_at_start_up(settings, raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        role_mapping_parse(raw)
    settings.OIDC_ROLE_MAPPING = raw
    settings.OIDC_GROUPS_CLAIM = "groups"
    [error] = role_mapping_check(None)
    assert error.id == "regions.E001" and message in error.msg


def test_the_compact_and_the_list_form_read_the_same(settings):
    assert role_mapping_parse('{"w": "am21:werkkamerlid"}') == {
        "w": frozenset({("AM21", "werkkamerlid")})
    }
    settings.OIDC_ROLE_MAPPING = '{"w": ["AM21:werkkamerlid"]}'
    settings.OIDC_GROUPS_CLAIM = ""
    [warning] = role_mapping_check(None)
    assert warning.id == "regions.W001"


# --- Linking an existing user to an organisation account: the beheerder, through sso_link --

ISSUER = "https://login.example.nl/realms/werkregio"


def beheerder():
    return get_user_model().objects.get(username="beheerder")


def test_the_beheerder_links_a_user_who_then_logs_in_as_themselves(demo):
    haaglanden = Region.objects.get(code="AM21")
    jansen = UserFactory(username="jjansen", role=(haaglanden, Role.SECRETARIS))
    identity = sso_link(user=jansen, issuer=ISSUER, subject=" 5f0c ", actor=beheerder())
    assert (identity.issuer, identity.subject) == (ISSUER, "5f0c")
    assert sso_login(issuer=ISSUER, subject="5f0c", claims={}, create_user=False) == jansen
    assert ("AM21", Role.SECRETARIS, Source.PRODUCT) in roles(jansen)


def test_only_the_beheerder_links(demo):
    jansen = UserFactory()
    pm = get_user_model().objects.get(username="programmamanager-haaglanden")
    with pytest.raises(PermissionDenied):
        sso_link(user=jansen, issuer=ISSUER, subject="5f0c", actor=pm)
    with pytest.raises(PermissionDenied):
        sso_link(user=pm, issuer=ISSUER, subject="5f0c", actor=pm)  # not themselves either
    assert not ExternalIdentity.objects.filter(subject="5f0c").exists()


def test_a_superuser_is_never_linked(demo):
    with pytest.raises(ValidationError, match="logt lokaal in, met de tweede stap"):
        sso_link(user=beheerder(), issuer=ISSUER, subject="5f0c", actor=beheerder())
    assert not ExternalIdentity.objects.filter(subject="5f0c").exists()


def test_an_account_linked_to_someone_else_is_refused(demo):
    first, second = UserFactory(username="eerste"), UserFactory(username="tweede")
    sso_link(user=first, issuer=ISSUER, subject="5f0c", actor=beheerder())
    with pytest.raises(ValidationError, match="al gekoppeld aan eerste"):
        sso_link(user=second, issuer=ISSUER, subject="5f0c", actor=beheerder())
    with pytest.raises(ValidationError, match="van deze provider"):
        sso_link(user=first, issuer=ISSUER, subject="ander", actor=beheerder())
    assert list(ExternalIdentity.objects.filter(issuer=ISSUER).values_list("user__username")) == [
        ("eerste",)
    ]


def test_the_command_links_through_the_service(demo):
    UserFactory(username="jjansen")
    call_command(
        "link_organisation_account", "jjansen", issuer=ISSUER, subject="5f0c", by="beheerder"
    )
    assert ExternalIdentity.objects.get(issuer=ISSUER, subject="5f0c").user.username == "jjansen"
    with pytest.raises(CommandError, match="al gekoppeld aan jjansen"):
        call_command(
            "link_organisation_account",
            "programmamanager-haaglanden",
            issuer=ISSUER,
            subject="5f0c",
            by="beheerder",
        )
    with pytest.raises(CommandError, match="alleen de beheerder"):
        call_command(
            "link_organisation_account",
            "programmamanager-haaglanden",
            issuer=ISSUER,
            subject="ander",
            by="programmamanager-haaglanden",
        )
    with pytest.raises(CommandError, match="Gebruiker niemand bestaat niet"):
        call_command(
            "link_organisation_account", "niemand", issuer=ISSUER, subject="x", by="beheerder"
        )
    assert ExternalIdentity.objects.filter(issuer=ISSUER).count() == 1


@pytest.mark.parametrize("claim", ["email", "Email"])
def test_the_email_address_is_refused_as_the_username_claim(settings, claim):
    settings.OIDC_USERNAME_CLAIM = claim
    [error] = username_claim_check(None)
    assert error.id == "regions.E002" and "sub" in error.msg


@pytest.mark.parametrize("claim", ["sub", "oid"])
def test_a_stable_claim_passes_the_check(settings, claim):
    settings.OIDC_USERNAME_CLAIM = claim
    assert username_claim_check(None) == []
