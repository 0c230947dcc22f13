"""The services of a region's people (regions.services.people), from both sides: what a
regiobeheerder may do in their own region and what is refused, each change in the history
in the same transaction; invitations sent, expired, withdrawn and accepted; roles given and
taken (never one from single sign-on, never one's own); accounts deactivated only where all
of a person's roles are the actor's to manage; the SSO role sync in the history too."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from regions.models import Invitation, PeopleChange, Region, RoleAssignment
from regions.permissions import account_deactivation_refusal, can_manage_people
from regions.selectors import people as people_selectors
from regions.services import people as people_services
from regions.services.sso import sso_roles_sync

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

Role = RoleAssignment.Role
Kind = PeopleChange.Kind
LINK = re.compile(r"https?://\S+/uitnodiging/([\w-]+)/")


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def mg(demo):
    return Region.objects.get(slug="midden-gelderland")


@pytest.fixture
def haaglanden(demo):
    return Region.objects.get(slug="haaglanden")


@pytest.fixture
def rb(mg):
    return user("regiobeheerder-midden-gelderland")


def history(region, **filters):
    return list(
        PeopleChange.objects.filter(region=region, **filters)
        .order_by("pk")
        .values_list("kind", "role", "email")
    )


def send(region, actor, email="nieuw@example.org", roles=(Role.WERKKAMERLID,), **kwargs):
    return people_services.invitation_send(
        region=region,
        email=email,
        roles=roles,
        actor=actor,
        **kwargs,
    )


def secret_of(link):
    return LINK.search(link)[1]


# --- Invitations ---------------------------------------------------------------------------


def test_an_invitation_is_sent_with_its_link_and_expiry_in_dutch(mg, rb, settings):
    settings.INVITATION_VALID_DAYS = 7
    settings.SITE_URL = "https://werkregio.test"
    now = timezone.make_aware(timezone.datetime(2021, 8, 9, 10, 0))
    before = PeopleChange.objects.count()
    invitation, link = send(
        mg,
        rb,
        email="  Nieuw.Lid@Example.org ",
        roles=[Role.SECRETARIS, Role.WERKKAMERLID],
        now=now,
    )
    assert invitation.email == "nieuw.lid@example.org"
    assert invitation.roles == [Role.WERKKAMERLID, Role.SECRETARIS]  # in the order of Role
    assert invitation.expires_at == now + timedelta(days=7)
    assert invitation.invited_by == rb
    # Only the hash is kept.
    secret = secret_of(link)
    assert len(secret) == 40
    assert invitation.key_hash == Invitation.hash_of(secret) and secret not in invitation.key_hash
    assert link == f"https://werkregio.test/uitnodiging/{secret}/"
    [message] = mail.outbox
    assert message.to == ["nieuw.lid@example.org"]
    assert message.subject == "Uitnodiging voor Werkregio – Midden-Gelderland"
    assert link in message.body
    assert "geldig tot 16-08-2021" in message.body
    assert "met de rol Werkkamerlid en secretaris" in message.body
    assert "u " in message.body and " je " not in message.body
    assert PeopleChange.objects.count() == before + 2
    assert history(mg, email="nieuw.lid@example.org") == [
        (Kind.INVITED, Role.WERKKAMERLID, "nieuw.lid@example.org"),
        (Kind.INVITED, Role.SECRETARIS, "nieuw.lid@example.org"),
    ]


def test_the_link_points_at_site_url_without_a_request(mg, rb, settings):
    settings.SITE_URL = "https://werkregio.example.nl/"
    _invitation, link = people_services.invitation_send(
        region=mg, email="x@example.org", roles=[Role.WERKKAMERLID], actor=rb
    )
    assert link.startswith("https://werkregio.example.nl/uitnodiging/")


@pytest.mark.parametrize(
    "email, roles, field",
    [
        ("geen-adres", [Role.WERKKAMERLID], "email"),
        ("ok@example.org", [], "roles"),
        ("ok@example.org", ["beheerder"], "roles"),
        ("ok@example.org", ["superuser", Role.WERKKAMERLID], "roles"),
    ],
)
def test_an_invitation_is_refused_for_a_wrong_address_or_role(mg, rb, email, roles, field):
    before = (Invitation.objects.count(), PeopleChange.objects.count())
    with pytest.raises(ValidationError) as refused:
        send(mg, rb, email=email, roles=roles)
    assert field in refused.value.message_dict
    assert (Invitation.objects.count(), PeopleChange.objects.count()) == before
    assert not mail.outbox


def test_one_open_invitation_per_address_and_region(mg, rb, haaglanden):
    send(mg, rb, email="dubbel@example.org")
    with pytest.raises(ValidationError) as refused:
        send(mg, rb, email="DUBBEL@example.org")
    assert "heeft al een open uitnodiging" in refused.value.message_dict["email"][0]
    assert Invitation.objects.filter(email="dubbel@example.org").count() == 1
    # Another region's invitation is its own; an expired or withdrawn one does not count.
    send(haaglanden, user("beheerder"), email="dubbel@example.org")
    Invitation.objects.filter(region=mg, email="dubbel@example.org").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    send(mg, rb, email="dubbel@example.org")
    assert Invitation.objects.filter(email="dubbel@example.org").count() == 3


@pytest.mark.parametrize(
    "username",
    [
        "werkkamerlid-midden-gelderland",
        "programmamanager-midden-gelderland",
        "regiobeheerder-midden-gelderland",
    ],
)
def test_only_who_manages_the_regions_people_invites(haaglanden, mg, username):
    """Nobody of Midden-Gelderland invites into Haaglanden; its werkkamerlid and
    programmamanager not into their own region either."""
    region = haaglanden if username.startswith("regiobeheerder") else mg
    before = (Invitation.objects.count(), PeopleChange.objects.count())
    with pytest.raises(PermissionDenied):
        send(region, user(username))
    assert (Invitation.objects.count(), PeopleChange.objects.count()) == before
    assert not mail.outbox


def test_a_regiobeheerder_does_not_invite_their_own_address(mg, rb):
    rb.email = "rb@example.org"
    rb.save()
    with pytest.raises(ValidationError) as refused:
        send(mg, rb, email="RB@example.org", roles=[Role.PENNINGMEESTER])
    assert "uw eigen adres" in refused.value.message_dict["email"][0]


def test_a_new_person_accepts_sets_a_password_and_gets_the_roles(mg, rb):
    invitation, link = send(
        mg, rb, email="Nieuw.Teamlid@example.org", roles=[Role.SECRETARIS, Role.WERKKAMERLID]
    )
    person = people_services.invitation_accept(
        invitation=invitation, password="een-goed-wachtwoord-42"
    )
    assert person.username == person.email == "nieuw.teamlid@example.org"
    assert person.check_password("een-goed-wachtwoord-42") and person.is_active
    assert not person.is_staff and not person.is_superuser
    roles = RoleAssignment.objects.filter(user=person)
    assert {(a.region, a.role, a.granted_by, a.source) for a in roles} == {
        (mg, Role.WERKKAMERLID, rb, RoleAssignment.Source.PRODUCT),
        (mg, Role.SECRETARIS, rb, RoleAssignment.Source.PRODUCT),
    }
    invitation.refresh_from_db()
    assert invitation.accepted_by == person and invitation.accepted_at is not None
    assert history(mg, person=person) == [
        (Kind.ACCEPTED, "", person.email),
        (Kind.ROLE_GIVEN, Role.WERKKAMERLID, person.email),
        (Kind.ROLE_GIVEN, Role.SECRETARIS, person.email),
    ]
    given = PeopleChange.objects.filter(person=person, kind=Kind.ROLE_GIVEN)
    assert {change.actor for change in given} == {rb}


@pytest.mark.parametrize("password", ["", "kort", "12345678901234", "password123"])
def test_a_weak_password_is_refused_and_nothing_is_made(mg, rb, password):
    invitation, _link = send(mg, rb, email="zwak@example.org")
    with pytest.raises(ValidationError) as refused:
        people_services.invitation_accept(invitation=invitation, password=password)
    assert "password1" in refused.value.message_dict
    assert not get_user_model().objects.filter(username="zwak@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not PeopleChange.objects.filter(email="zwak@example.org", kind=Kind.ACCEPTED).exists()


def test_an_expired_link_is_refused_in_dutch(mg, rb):
    now = timezone.now()
    invitation, _link = send(mg, rb, email="laat@example.org", now=now - timedelta(days=8))
    problem = people_selectors.invitation_problem(invitation, now=now)
    assert problem.startswith("Deze uitnodiging is verlopen op ")
    assert "Vraag de regiobeheerder van Midden-Gelderland om een nieuwe uitnodiging" in problem
    with pytest.raises(ValidationError, match="verlopen"):
        people_services.invitation_accept(invitation=invitation, password="een-goed-wachtwoord-42")
    # The moment it expires, not a second later.
    invitation, _link = send(mg, rb, email="precies@example.org", now=now)
    assert not people_selectors.invitation_problem(
        invitation, now=invitation.expires_at - timedelta(seconds=1)
    )
    assert "verlopen" in people_selectors.invitation_problem(invitation, now=invitation.expires_at)
    assert not get_user_model().objects.filter(username__in=["laat@example.org"]).exists()


def test_a_link_works_once(mg, rb):
    invitation, _link = send(mg, rb, email="eenmaal@example.org")
    people_services.invitation_accept(invitation=invitation, password="een-goed-wachtwoord-42")
    with pytest.raises(ValidationError, match="al gebruikt"):
        people_services.invitation_accept(invitation=invitation, password="een-ander-wachtwoord-43")
    assert (
        get_user_model()
        .objects.get(username="eenmaal@example.org")
        .check_password("een-goed-wachtwoord-42")
    )


def test_a_withdrawn_link_is_refused_and_withdrawing_is_recorded(mg, rb):
    invitation, _link = send(mg, rb, email="weg@example.org", roles=[Role.PROGRAMMAMANAGER])
    people_services.invitation_withdraw(invitation=invitation, actor=rb)
    invitation.refresh_from_db()
    assert invitation.withdrawn_by == rb and not invitation.is_open
    assert history(mg, email="weg@example.org")[-1] == (
        Kind.INVITATION_WITHDRAWN,
        Role.PROGRAMMAMANAGER,
        "weg@example.org",
    )
    with pytest.raises(ValidationError, match="ingetrokken"):
        people_services.invitation_accept(invitation=invitation, password="een-goed-wachtwoord-42")
    with pytest.raises(ValidationError, match="ingetrokken"):
        people_services.invitation_withdraw(invitation=invitation, actor=rb)  # twice: refused
    assert (
        PeopleChange.objects.filter(kind=Kind.INVITATION_WITHDRAWN, email="weg@example.org").count()
        == 1
    )


def test_withdrawing_is_refused_outside_the_region(mg, rb, haaglanden):
    invitation, _link = send(haaglanden, user("beheerder"), email="hl@example.org")
    with pytest.raises(PermissionDenied):
        people_services.invitation_withdraw(invitation=invitation, actor=rb)
    invitation.refresh_from_db()
    assert invitation.is_open


def test_an_existing_account_must_be_signed_in_and_gets_the_roles_added(mg, rb, haaglanden):
    existing = UserFactory(email="bestaand@example.org", role=(haaglanden, Role.WERKKAMERLID))
    invitation, _link = send(mg, rb, email="Bestaand@Example.org", roles=[Role.PENNINGMEESTER])
    assert people_selectors.invitation_account(invitation) == existing
    with pytest.raises(ValidationError, match="voor het account met het e-mailadres bestaand@"):
        people_services.invitation_accept(invitation=invitation, password="een-goed-wachtwoord-42")
    someone_else = UserFactory()
    with pytest.raises(ValidationError, match="Log in met dat account"):
        people_services.invitation_accept(invitation=invitation, user=someone_else)
    assert people_services.invitation_accept(invitation=invitation, user=existing) == existing
    assert set(
        RoleAssignment.objects.filter(user=existing).values_list("region__slug", "role")
    ) == {
        ("haaglanden", Role.WERKKAMERLID),
        ("midden-gelderland", Role.PENNINGMEESTER),
    }
    assert existing.check_password("demo")  # the account's own password is untouched
    assert get_user_model().objects.filter(email__iexact="bestaand@example.org").count() == 1


def test_a_signed_in_other_user_cannot_take_an_invitation_for_a_new_address(mg, rb):
    invitation, _link = send(mg, rb, email="nog-geen-account@example.org")
    with pytest.raises(ValidationError, match="U bent ingelogd als"):
        people_services.invitation_accept(
            invitation=invitation,
            user=user("werkkamerlid-haaglanden"),
            password="een-goed-wachtwoord-42",
        )
    assert not RoleAssignment.objects.filter(
        user__username="werkkamerlid-haaglanden", region=mg
    ).exists()


def test_a_deactivated_account_cannot_accept(mg, rb):
    existing = UserFactory(email="slaapt@example.org", is_active=False)
    invitation, _link = send(mg, rb, email="slaapt@example.org")
    with pytest.raises(ValidationError, match="gedeactiveerd"):
        people_services.invitation_accept(invitation=invitation, user=existing)


def test_an_invitation_dies_with_its_senders_right(mg, rb):
    """A regiobeheerder who lost the role (or was deactivated): their open links no longer
    give roles."""
    invitation, _link = send(mg, rb, email="later@example.org")
    RoleAssignment.objects.filter(user=rb, region=mg, role=Role.REGIOBEHEERDER).delete()
    with pytest.raises(ValidationError, match="beheert de mensen van Midden-Gelderland niet meer"):
        people_services.invitation_accept(invitation=invitation, password="een-goed-wachtwoord-42")


# --- Roles ---------------------------------------------------------------------------------


def test_give_and_take_a_role_with_since_by_and_history(mg, rb):
    person = user("werkkamerlid-midden-gelderland")
    assignment = people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=rb)
    assert assignment.granted_by == rb and assignment.granted_at is not None
    with pytest.raises(ValidationError, match="heeft de rol secretaris al"):
        people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=rb)
    people_services.role_take(person=person, region=mg, role=Role.SECRETARIS, actor=rb)
    assert not RoleAssignment.objects.filter(user=person, region=mg, role=Role.SECRETARIS).exists()
    # Taken meanwhile (a stale form): refused, nothing else changes.
    with pytest.raises(ValidationError, match="niet \\(meer\\)"):
        people_services.role_take(person=person, region=mg, role=Role.SECRETARIS, actor=rb)
    assert history(mg, person=person) == [
        (Kind.ROLE_GIVEN, Role.SECRETARIS, person.email),
        (Kind.ROLE_TAKEN, Role.SECRETARIS, person.email),
    ]
    assert {c.actor for c in PeopleChange.objects.filter(person=person)} == {rb}


def test_roles_are_refused_in_another_region_and_to_other_roles(mg, haaglanden, rb):
    person = user("werkkamerlid-haaglanden")
    for call in (people_services.role_give, people_services.role_take):
        with pytest.raises(PermissionDenied):
            call(person=person, region=haaglanden, role=Role.WERKKAMERLID, actor=rb)
    for username in (
        "werkkamerlid-midden-gelderland",
        "programmamanager-midden-gelderland",
        "secretaris-midden-gelderland",
    ):
        with pytest.raises(PermissionDenied):
            people_services.role_give(
                person=user("penningmeester-midden-gelderland"),
                region=mg,
                role=Role.SECRETARIS,
                actor=user(username),
            )
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert not PeopleChange.objects.filter(person=person).exists()


def test_a_role_is_given_only_to_the_regions_own_people(mg, rb):
    """Someone without a role in the region is invited, not picked by id."""
    stranger = user("programmamanager-haaglanden")
    with pytest.raises(ValidationError, match="nodig iemand nieuw uit"):
        people_services.role_give(person=stranger, region=mg, role=Role.WERKKAMERLID, actor=rb)
    # The beheerder may.
    people_services.role_give(
        person=stranger, region=mg, role=Role.WERKKAMERLID, actor=user("beheerder")
    )


def test_a_regiobeheerder_never_changes_their_own_roles(mg, rb):
    """Decided: no one raises themselves, and the last regiobeheerder cannot lock the region
    out by taking their own role; another regiobeheerder or the beheerder does it."""
    with pytest.raises(ValidationError, match="Uw eigen rollen"):
        people_services.role_give(person=rb, region=mg, role=Role.PENNINGMEESTER, actor=rb)
    with pytest.raises(ValidationError, match="Uw eigen rollen"):
        people_services.role_take(person=rb, region=mg, role=Role.REGIOBEHEERDER, actor=rb)
    assert set(RoleAssignment.objects.filter(user=rb).values_list("role", flat=True)) == {
        Role.REGIOBEHEERDER
    }
    second = UserFactory(role=(mg, Role.REGIOBEHEERDER))
    people_services.role_take(person=rb, region=mg, role=Role.REGIOBEHEERDER, actor=second)
    assert not RoleAssignment.objects.filter(user=rb).exists()


def test_a_role_from_single_sign_on_is_not_taken_by_hand(mg, rb):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    RoleAssignment.objects.create(
        user=person, region=mg, role=Role.SECRETARIS, source=RoleAssignment.Source.SSO
    )
    with pytest.raises(ValidationError, match="via single sign-on"):
        people_services.role_take(person=person, region=mg, role=Role.SECRETARIS, actor=rb)
    assert RoleAssignment.objects.filter(user=person, role=Role.SECRETARIS).exists()
    with pytest.raises(ValidationError, match="al"):
        people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=rb)


def test_the_sso_role_sync_writes_the_history_without_an_actor(mg):
    person = UserFactory()
    mapping = {"werkkamer": frozenset({(mg.code, Role.WERKKAMERLID)})}
    sso_roles_sync(user=person, groups=["werkkamer"], mapping=mapping)
    sso_roles_sync(user=person, groups=[], mapping=mapping)
    changes = PeopleChange.objects.filter(person=person).order_by("pk")
    assert [(c.region, c.kind, c.role, c.actor) for c in changes] == [
        (mg, Kind.ROLE_GIVEN, Role.WERKKAMERLID, None),
        (mg, Kind.ROLE_TAKEN, Role.WERKKAMERLID, None),
    ]


# --- Accounts ------------------------------------------------------------------------------


def test_a_regiobeheerder_deactivates_and_reactivates_one_of_their_people(mg, rb):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    people_services.account_deactivate(person=person, actor=rb)
    person.refresh_from_db()
    assert not person.is_active
    assert RoleAssignment.objects.filter(user=person).exists()  # roles kept
    with pytest.raises(ValidationError, match="al gedeactiveerd"):
        people_services.account_deactivate(person=person, actor=rb)
    people_services.account_reactivate(person=person, actor=rb)
    person.refresh_from_db()
    assert person.is_active
    assert history(mg, person=person) == [
        (Kind.DEACTIVATED, "", person.email),
        (Kind.REACTIVATED, "", person.email),
    ]


def test_a_person_with_roles_elsewhere_is_the_beheerders_to_deactivate(mg, haaglanden, rb):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    RoleAssignment.objects.create(user=person, region=haaglanden, role=Role.WERKKAMERLID)
    with pytest.raises(ValidationError) as refused:
        people_services.account_deactivate(person=person, actor=rb)
    assert "heeft ook rollen in een andere regio; vraag de beheerder" in refused.value.messages[0]
    person.refresh_from_db()
    assert person.is_active and not PeopleChange.objects.filter(person=person).exists()
    people_services.account_deactivate(person=person, actor=user("beheerder"))
    # In the history of both regions it touches.
    assert set(PeopleChange.objects.filter(person=person).values_list("region__slug", "kind")) == {
        ("midden-gelderland", Kind.DEACTIVATED),
        ("haaglanden", Kind.DEACTIVATED),
    }


def test_deactivation_is_refused_for_oneself_a_beheerder_and_other_regions(mg, rb):
    cases = [
        (rb, rb, "Uw eigen account"),
        (user("beheerder"), rb, "beheerder"),
        (user("werkkamerlid-haaglanden"), rb, "niet wijzigen"),
        (rb, user("werkkamerlid-midden-gelderland"), "niet wijzigen"),
        (user("beheerder"), user("beheerder"), "Uw eigen account"),
    ]
    for person, actor, text in cases:
        with pytest.raises(ValidationError, match=text):
            people_services.account_deactivate(person=person, actor=actor)
        person.refresh_from_db()
        assert person.is_active
    assert not PeopleChange.objects.filter(kind=Kind.DEACTIVATED).exists()


def test_a_deactivated_regiobeheerders_invitations_and_rights_end(mg, rb):
    invitation, _link = send(mg, rb, email="na@example.org")
    people_services.account_deactivate(person=rb, actor=user("beheerder"))
    rb.refresh_from_db()
    with pytest.raises(PermissionDenied):
        send(mg, rb, email="nog-een@example.org")
    assert "niet meer" in people_selectors.invitation_problem(invitation)


def test_no_one_accepts_their_own_invitation(mg, rb):
    """An address that became the inviter's after it was sent: still not their own roles."""
    invitation, _link = send(mg, rb, email="later-van-mij@example.org", roles=[Role.PENNINGMEESTER])
    rb.email = "later-van-mij@example.org"
    rb.save()
    with pytest.raises(ValidationError, match="Uw eigen uitnodiging"):
        people_services.invitation_accept(invitation=invitation, user=rb)
    assert not RoleAssignment.objects.filter(user=rb, role=Role.PENNINGMEESTER).exists()


def test_an_invitation_whose_mail_fails_is_not_kept(mg, rb, monkeypatch):
    """The e-mail is sent inside the transaction: no invitation, no history without it."""

    def refuse(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(people_services, "send_mail", refuse)
    before = (Invitation.objects.count(), PeopleChange.objects.count())
    with pytest.raises(ValidationError, match="De e-mail kon niet worden verstuurd"):
        send(mg, rb, email="geen-post@example.org")
    assert (Invitation.objects.count(), PeopleChange.objects.count()) == before


def test_a_beheerders_deactivation_is_undone_by_the_beheerder_only(mg, rb):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    beheerder = user("beheerder")
    people_services.account_deactivate(person=person, actor=beheerder)
    with pytest.raises(ValidationError, match="alleen de beheerder kan het weer actief maken"):
        people_services.account_reactivate(person=person, actor=rb)
    person.refresh_from_db()
    assert not person.is_active
    people_services.account_reactivate(person=person, actor=beheerder)
    person.refresh_from_db()
    assert person.is_active
    # The latest deactivation decides: the regiobeheerder's own is theirs to undo again.
    people_services.account_deactivate(person=person, actor=rb)
    people_services.account_reactivate(person=person, actor=rb)
    person.refresh_from_db()
    assert person.is_active


def test_an_actor_changed_meanwhile_is_refused_under_the_lock(mg, rb):
    """The actor as the request read it (roles cached, still active) while, meanwhile, their
    account was deactivated or their regiobeheerder role taken: refused, nothing changed."""
    beheerder = user("beheerder")
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    other_rb = UserFactory(role=(mg, Role.REGIOBEHEERDER))
    stale = get_user_model().objects.get(pk=other_rb.pk)
    assert account_deactivation_refusal(stale, person, {mg.pk}) == ""
    people_services.role_take(person=other_rb, region=mg, role=Role.REGIOBEHEERDER, actor=rb)
    with pytest.raises(ValidationError, match="U beheert de mensen van .* niet meer"):
        people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=stale)
    with pytest.raises(ValidationError, match="U beheert de mensen van .* niet meer"):
        people_services.role_take(person=person, region=mg, role=Role.WERKKAMERLID, actor=stale)
    with pytest.raises(ValidationError):
        people_services.account_deactivate(person=person, actor=stale)
    # Deactivated meanwhile: the same.
    third = UserFactory(role=(mg, Role.REGIOBEHEERDER))
    stale_third = get_user_model().objects.get(pk=third.pk)
    assert can_manage_people(stale_third, mg)
    people_services.account_deactivate(person=third, actor=beheerder)
    with pytest.raises(ValidationError, match="niet meer"):
        people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=stale_third)
    with pytest.raises(ValidationError, match="U mag dit account niet wijzigen"):
        people_services.account_deactivate(person=person, actor=stale_third)
    person.refresh_from_db()
    assert person.is_active
    assert set(RoleAssignment.objects.filter(user=person).values_list("role", flat=True)) == {
        Role.WERKKAMERLID
    }
    # The other side: a regiobeheerder whose right still holds goes through.
    people_services.role_give(person=person, region=mg, role=Role.SECRETARIS, actor=rb)


# --- Weighty roles told --------------------------------------------------------------------


def test_a_weighty_role_is_told_to_the_regions_other_regiobeheerders_and_the_beheerder(
    mg, rb, haaglanden
):
    other = UserFactory(username="tweede-regiobeheerder")
    RoleAssignment.objects.create(user=other, region=mg, role=Role.REGIOBEHEERDER)
    elsewhere = UserFactory(username="regiobeheerder-elders")
    RoleAssignment.objects.create(user=elsewhere, region=haaglanden, role=Role.REGIOBEHEERDER)
    invitation, _link = send(
        mg, rb, email="tweede.account@example.org", roles=[Role.PENNINGMEESTER]
    )
    person = people_services.invitation_accept(
        invitation=invitation, password="een-goed-wachtwoord-42"
    )
    told = Notification.objects.filter(kind=Notification.Kind.ROLE_GIVEN)
    recipients = set(told.values_list("recipient__username", flat=True))
    beheerders = set(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .values_list("username", flat=True)
    )
    assert beheerders and recipients == {other.username, *beheerders}
    assert rb.username not in recipients and person.username not in recipients  # nor elsewhere
    [to_other] = told.filter(recipient=other)
    assert to_other.region == mg and to_other.link == f"/regios/{mg.slug}/mensen/"
    assert to_other.text.startswith("Rol gegeven: penningmeester")
    assert person.username in to_other.subject and rb.username in to_other.subject
    # An ordinary role tells nobody; giving the weighty one again is refused, so no second.
    before = told.count()
    people_services.role_give(person=person, region=mg, role=Role.WERKKAMERLID, actor=rb)
    assert told.count() == before
