"""Two regiobeheerders at the same moment, each on their own database connection (PostgreSQL,
real threads): the same address invited twice, the same role taken twice, the same role
given twice, the same account deactivated twice. Exactly one goes through each time, the
other is refused with a message, and the history holds the change once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

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
