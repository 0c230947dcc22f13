"""regions.services.sso without a provider: the role synchronisation's rules one by one, the
mapping's format, and the start-up check that refuses a wrong mapping."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from regions.checks import role_mapping_check
from regions.models import ExternalIdentity, Region, RoleAssignment
from regions.services.sso import role_mapping_parse, sso_login, sso_roles_sync
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
