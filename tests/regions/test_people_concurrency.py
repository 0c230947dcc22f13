"""Two regiobeheerders at the same moment, each on their own database connection (PostgreSQL,
real threads): the same address invited twice, the same role taken twice, the same role
given twice, the same account deactivated twice, and two of them removing each other.
Exactly one goes through each time, the other is refused with a message, and the history
holds the change once. Also: an invitation whose mail is under way holds up nothing else of
its region, and two invitations to one new address accepted at once make one account."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from regions.models import Invitation, PeopleChange, RoleAssignment
from regions.services import people as people_services

from ..factories import RegionFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="SQLite serialises writers with a file lock: there is nothing concurrent",
    ),
    pytest.mark.django_db(transaction=True),
]

Role = RoleAssignment.Role
ROUNDS = 10


def at_once(*calls):
    """Run the calls in threads released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001  the refusal is the result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def world():
    region = RegionFactory()
    first = UserFactory(role=(region, Role.REGIOBEHEERDER))
    second = UserFactory(role=(region, Role.REGIOBEHEERDER))
    return region, first, second


def by_both(service, actors, **kwargs):
    """The same call by each of `actors`."""
    return [lambda actor=actor: service(actor=actor, **kwargs) for actor in actors]


def refused(results):
    return [r for r in results if isinstance(r, ValidationError)]


def test_one_address_invited_twice_at_once_gets_one_invitation(world):
    region, first, second = world
    for round_ in range(ROUNDS):
        email = f"tegelijk-{round_}@example.org"
        results = at_once(
            *by_both(
                people_services.invitation_send,
                (first, second),
                region=region,
                email=email,
                roles=[Role.WERKKAMERLID],
            )
        )
        assert len(refused(results)) == 1, results
        assert Invitation.objects.filter(email=email).count() == 1
        assert PeopleChange.objects.filter(email=email, kind="invited").count() == 1


def test_one_role_taken_or_given_twice_at_once_is_changed_once(world):
    region, first, second = world
    for _round in range(ROUNDS):
        person = UserFactory(role=(region, Role.WERKKAMERLID))
        RoleAssignment.objects.create(user=person, region=region, role=Role.SECRETARIS)
        results = at_once(
            *by_both(
                people_services.role_take,
                (first, second),
                person=person,
                region=region,
                role=Role.SECRETARIS,
            )
        )
        assert len(refused(results)) == 1, results
        assert PeopleChange.objects.filter(person=person, kind="role_taken").count() == 1
        results = at_once(
            *by_both(
                people_services.role_give,
                (first, second),
                person=person,
                region=region,
                role=Role.PENNINGMEESTER,
            )
        )
        assert len(refused(results)) == 1, results
        assert RoleAssignment.objects.filter(user=person, role=Role.PENNINGMEESTER).count() == 1
        assert PeopleChange.objects.filter(person=person, kind="role_given").count() == 1


def test_one_account_deactivated_twice_at_once_is_recorded_once(world):
    region, first, second = world
    for _round in range(ROUNDS):
        person = UserFactory(role=(region, Role.WERKKAMERLID))
        results = at_once(
            *by_both(people_services.account_deactivate, (first, second), person=person)
        )
        assert len(refused(results)) == 1, results
        assert PeopleChange.objects.filter(person=person, kind="deactivated").count() == 1


def test_two_regiobeheerders_removing_each_other_at_once_leave_one(world):
    """A deactivates B while B deactivates A; A takes B's regiobeheerder role while B takes
    A's. Both actor and person are locked and the actor's right read again: one wins."""
    region = world[0]
    for _round in range(ROUNDS):
        a = UserFactory(role=(region, Role.REGIOBEHEERDER))
        b = UserFactory(role=(region, Role.REGIOBEHEERDER))
        results = at_once(
            lambda a=a, b=b: people_services.account_deactivate(person=b, actor=a),
            lambda a=a, b=b: people_services.account_deactivate(person=a, actor=b),
        )
        assert len(refused(results)) == 1, results
        active = get_user_model().objects.filter(pk__in=[a.pk, b.pk], is_active=True)
        assert active.count() == 1
    for _round in range(ROUNDS):
        a = UserFactory(role=(region, Role.REGIOBEHEERDER))
        b = UserFactory(role=(region, Role.REGIOBEHEERDER))
        results = at_once(
            lambda a=a, b=b: people_services.role_take(
                person=b, region=region, role=Role.REGIOBEHEERDER, actor=a
            ),
            lambda a=a, b=b: people_services.role_take(
                person=a, region=region, role=Role.REGIOBEHEERDER, actor=b
            ),
        )
        assert len(refused(results)) == 1, results
        assert "niet meer" in refused(results)[0].messages[0]
        kept = RoleAssignment.objects.filter(
            user__in=[a, b], region=region, role=Role.REGIOBEHEERDER
        )
        assert kept.count() == 1


def test_an_invitation_being_mailed_holds_up_no_other_row_of_its_region(world, monkeypatch):
    """The mail is sent inside the invitation's transaction: while the mail server takes its
    time, a role given in the region (a row pointing to the region) goes in at once."""
    region, first, _second = world
    inside, release = threading.Event(), threading.Event()

    def slow_send_mail(**kwargs):
        inside.set()
        release.wait(10)

    monkeypatch.setattr(people_services, "send_mail", slow_send_mail)
    person = UserFactory()
    results = []

    def invite():
        try:
            results.append(
                people_services.invitation_send(
                    region=region, email="traag@example.org", roles=[Role.WERKKAMERLID], actor=first
                )
            )
        finally:
            connection.close()

    thread = threading.Thread(target=invite)
    thread.start()
    try:
        assert inside.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            RoleAssignment.objects.create(user=person, region=region, role=Role.WERKKAMERLID)
    finally:
        release.set()
        thread.join()
    assert results and Invitation.objects.filter(email="traag@example.org").exists()


def test_two_invitations_to_one_new_address_accepted_at_once_make_one_account(world):
    region, first, _second = world
    other = RegionFactory()
    other_rb = UserFactory(role=(other, Role.REGIOBEHEERDER))
    for round_ in range(ROUNDS):
        email = f"twee-regios-{round_}@example.org"
        invitations = [
            people_services.invitation_send(
                region=where, email=email, roles=[Role.WERKKAMERLID], actor=actor
            )[0]
            for where, actor in ((region, first), (other, other_rb))
        ]
        results = at_once(
            *[
                lambda invitation=invitation: people_services.invitation_accept(
                    invitation=invitation, password="een-goed-wachtwoord-42"
                )
                for invitation in invitations
            ]
        )
        # Never a 500 (an IntegrityError): the second is refused and told to sign in.
        assert len(refused(results)) == 1, results
        assert refused(results)[0].messages[0] in {
            "Er is intussen een account met dit e-mailadres; log in en open de link opnieuw.",
            f"Deze uitnodiging is voor het account met het e-mailadres {email}. Log in met "
            "dat account en open de link opnieuw.",
        }
        assert get_user_model().objects.filter(username=email).count() == 1
