"""Races answer like conflicts. Two people saving the same empty grid cell at once both find
it empty; the database lets only one insert through. The other gets the conflict screen a
filled cell gives (never an error page), an import commit caught in such a race, or any other
database error, writes nothing and says so, and a new row with a unique name created twice at
once is a conflict too.

The interleaving is made exactly, on SQLite and PostgreSQL alike: a colleague's row is
stored, and the service's own look-up is made blind to it, as if it ran just before the
colleague's commit (`colleague_saved_meanwhile`); the database's unique constraint then
refuses our insert, as it does in a real race. On PostgreSQL two real connections race in
threads as well."""

import contextlib
import threading
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test import Client

from core.concurrency import ConcurrentEditError
from placements import services
from placements.models import Delivery, Realisation
from programmes import services as programme_services
from regions.models import GoverningBody, Proposal
from regions.services import proposal_save

from .grid_helpers import (
    cell_url,
    element_text,
    form_fields,
    grid_url,
    key,
    make_plan,
    make_world,
    period,
    target,
    text_of,
)
from .importfiles import csv_bytes, upload

HTMX = {"HTTP_HX_REQUEST": "true"}


@contextmanager
def colleague_saved_meanwhile(rival, *blinds):
    """Store the colleague's `rival` row; inside the block, the service does not see it in
    its look-up or validation (`blinds`: what to patch), as if it looked just before the
    colleague's commit."""
    type(rival).objects.bulk_create([rival])
    with contextlib.ExitStack() as stack:
        for blind in blinds:
            stack.enter_context(blind)
        yield


def blind_cell_lookup():
    """The grid and import look a cell up with select_for_update: that finds nothing."""
    return mock.patch.object(
        Realisation.objects,
        "select_for_update",
        lambda *args, **kwargs: Realisation.objects.none(),
    )


def rival_count(setup, code, count, source=""):
    return Realisation(
        target=setup.events, period=period(setup.plan, code), count=count, source=source
    )


def stored(target_obj, code):
    found = Realisation.objects.filter(target=target_obj, period__code=code, source="")
    return [row.count for row in found]


def small_world():
    world = make_world()
    plan = make_plan(world)
    line = plan.lines.get()
    events = line.projects.order_by("position").first()
    return SimpleNamespace(
        world=world,
        plan=plan,
        events=target(plan, world.matches, 60, project=events),
        manager=world.users["programmamanager"],
    )


@pytest.fixture
def setup(db):
    return small_world()


# The service ---------------------------------------------------------------------------------


def test_first_save_of_an_empty_cell_that_a_colleague_just_saved_is_a_conflict(setup):
    rival = rival_count(setup, "2019-K1", 7)
    with (
        colleague_saved_meanwhile(rival, blind_cell_lookup()),
        pytest.raises(ConcurrentEditError) as error,
    ):
        services.realisation_record(
            target=setup.events,
            period=period(setup.plan, "2019-K1"),
            count=5,
            expected_count=None,
            actor=setup.manager,
        )
    assert error.value.current.count == 7  # what the conflict screen shows
    assert stored(setup.events, "2019-K1") == [7]
    # The transaction is still usable: the next save goes through.
    services.realisation_record(
        target=setup.events,
        period=period(setup.plan, "2019-K2"),
        count=3,
        expected_count=None,
    )
    assert stored(setup.events, "2019-K2") == [3]


def test_a_new_proposal_with_a_reference_just_taken_is_a_conflict(setup):
    body = GoverningBody.objects.create(
        region=setup.world.region, name="Werkkamer", kind="werkkamer"
    )
    fields = {"body": body, "reference": "99.0000002", "date": date(2017, 2, 8)}
    rival = Proposal(**fields, subject="Van een collega", decision_points="Instemmen")
    blind = mock.patch.object(Proposal, "validate_unique", lambda self, exclude=None: None)
    with colleague_saved_meanwhile(rival, blind), pytest.raises(ConcurrentEditError) as error:
        proposal_save(
            proposal=Proposal(**fields, subject="Projectleider", decision_points="Instemmen"),
            expected_revision=None,
        )
    assert error.value.current.subject == "Van een collega"
    same_reference = Proposal.objects.filter(reference=fields["reference"])
    assert list(same_reference.values_list("subject", flat=True)) == ["Van een collega"]


# The grid ------------------------------------------------------------------------------------


def test_htmx_cell_answers_a_colleagues_first_save_with_the_conflict(client, setup):
    client.force_login(setup.manager)
    cell = key(setup.events, "2019-K1")
    with colleague_saved_meanwhile(rival_count(setup, "2019-K1", 7), blind_cell_lookup()):
        response = client.post(
            cell_url(setup.plan), {"cell": cell, f"c-{cell}": "5", f"e-{cell}": ""}, **HTMX
        )
    assert response.status_code == 422
    text = element_text(response, f"td-{cell}")
    assert "Iemand anders heeft deze waarde intussen gewijzigd naar 7." in text
    assert "Uw invoer (5) is niet opgeslagen" in text
    assert f'name="e-{cell}" value="7"' in response.content.decode()  # compare, save again
    assert stored(setup.events, "2019-K1") == [7]


def test_grid_form_answers_a_colleagues_first_save_with_the_conflict(client, setup):
    client.force_login(setup.manager)
    fields = form_fields(client.get(grid_url(setup.plan)))
    fields[f"c-{key(setup.events, '2019-K1')}"] = "5"
    fields[f"c-{key(setup.events, '2019-K2')}"] = "9"
    with colleague_saved_meanwhile(rival_count(setup, "2019-K1", 7), blind_cell_lookup()):
        response = client.post(grid_url(setup.plan), fields)
    assert response.status_code == 422
    assert "Iemand anders heeft deze waarde intussen gewijzigd naar 7." in text_of(response)
    assert "Er is niets opgeslagen" in text_of(response)
    # All or nothing: the colleague's 7 stays, the other cell of the form is not saved.
    assert stored(setup.events, "2019-K1") == [7]
    assert stored(setup.events, "2019-K2") == []


# The import ----------------------------------------------------------------------------------


def _delivery(setup, *rows):
    content = csv_bytes(
        [
            {
                "lijn": "Werkgeversdienstverlening",
                "project": "Organiseren evenementen",
                "indicator": "matches-test",
                "periode": code,
                "aantal": count,
                "bron": "UWV",
            }
            for code, count in rows
        ]
    )
    delivery = services.delivery_upload(
        plan=setup.plan, uploaded_file=upload(content), actor=setup.manager
    )
    assert delivery.error_count == 0, delivery.result.problems
    return delivery


def test_import_commit_caught_in_a_race_writes_nothing_and_says_so(setup):
    delivery = _delivery(setup, ("2019-K1", "4"), ("2019-K2", "6"))
    rival = rival_count(setup, "2019-K2", 7, source="UWV")
    with (
        colleague_saved_meanwhile(rival, blind_cell_lookup()),
        pytest.raises(ValidationError) as error,
    ):
        services.delivery_commit(delivery=delivery, actor=setup.manager)
    assert "Iemand anders heeft tijdens het verwerken een realisatie" in error.value.messages[0]
    own = Realisation.objects.filter(target__plan=setup.plan)
    assert list(own.values_list("count", flat=True)) == [7]  # the colleague's
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.VOORBEELD  # may be committed again
    services.delivery_commit(delivery=delivery, actor=setup.manager)
    # Committed again: the import replaces the count of its own source, the colleague's too.
    assert sorted(own.values_list("count", flat=True)) == [4, 6]


def test_a_database_error_during_an_import_commit_writes_nothing_and_says_so(setup):
    delivery = _delivery(setup, ("2019-K1", "4"), ("2019-K2", "6"))

    def failing_history(rows, *args):
        raise OperationalError("could not obtain lock")

    # The rows are written in bulk, then their history: that write fails.
    with (
        mock.patch.object(services, "_realisations_history", failing_history),
        pytest.raises(ValidationError) as error,
    ):
        services.delivery_commit(delivery=delivery, actor=setup.manager)
    [message] = error.value.messages
    assert message.startswith(
        "De database gaf een fout tijdens het verwerken van levering.csv; daarom is geen "
        "enkele rij ervan vastgelegd."
    )
    # The rows written before it were rolled back with the rest.
    assert not Realisation.objects.filter(target__plan=setup.plan).exists()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.VOORBEELD


# Two real connections (PostgreSQL) ----------------------------------------------------------


def race(work, count=2):
    """Run `work(i)` in `count` threads, each on its own database connection, all let go at
    once just before they look the cell up. Returns what each returned or raised."""
    barrier = threading.Barrier(count, timeout=10)
    original = services._stored_count

    def stored_count(**kwargs):
        barrier.wait()  # every thread is about to look at the empty cell
        return original(**kwargs)

    outcomes = [None] * count

    def run(index):
        try:
            outcomes[index] = work(index)
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    with mock.patch.object(services, "_stored_count", stored_count):
        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    return outcomes


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite serialises writers with a file lock; the interleaving tests above cover it",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_one_empty_cell_at_once():
    setup = small_world()
    the_period = period(setup.plan, "2019-K1")

    def save(index):
        return services.realisation_record(
            target=setup.events, period=the_period, count=5 + index, expected_count=None
        )

    outcomes = race(save)
    saved = [o for o in outcomes if isinstance(o, Realisation)]
    conflicts = [o for o in outcomes if isinstance(o, ConcurrentEditError)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    assert conflicts[0].current.count == saved[0].count
    assert stored(setup.events, "2019-K1") == [saved[0].count]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_empty_cell_through_the_grid_at_once():
    setup = small_world()
    cell = key(setup.events, "2019-K1")
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(setup.manager)

    def post(index):
        data = {"cell": cell, f"c-{cell}": str(5 + index), f"e-{cell}": ""}
        return clients[index].post(cell_url(setup.plan), data, **HTMX)

    responses = race(post)
    assert sorted(r.status_code for r in responses) == [200, 422], responses
    refused = next(r for r in responses if r.status_code == 422)
    [count] = stored(setup.events, "2019-K1")
    assert f"Iemand anders heeft deze waarde intussen gewijzigd naar {count}." in element_text(
        refused, f"td-{cell}"
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_new_versions_of_one_plan_at_once():
    """Two clicks on "Nieuwe versie": one version 2, and the other is told it exists."""
    setup = small_world()
    actor = setup.manager
    for status in ("ter_bespreking", "vastgesteld"):
        setup.plan.refresh_from_db()
        programme_services.plan_change_status(
            plan=setup.plan, actor=actor, new_status=status, expected_revision=setup.plan.revision
        )
    barrier = threading.Barrier(2, timeout=10)
    outcomes = [None, None]

    def new_version(index):
        try:
            barrier.wait()
            outcomes[index] = programme_services.plan_new_version(plan=setup.plan, actor=actor)[0]
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=new_version, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [o for o in outcomes if isinstance(o, programme_services.StatusTransitionError)]
    assert len(refused) == 1, outcomes
    assert str(refused[0]) == "Van deze versie bestaat al een nieuwere versie."
    assert setup.plan.next_versions.count() == 1
