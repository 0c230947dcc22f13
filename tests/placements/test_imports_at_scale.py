"""Deliveries of tens of thousands of rows (docs/decisions/0018): recorded completely, with a
history row per count written, in the same few queries whatever the number of rows; the same
file again changes nothing; a grid edit while a delivery is committed is never lost."""

import threading
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tabular.results import SHOWN_ROWS
from placements import imports, services
from placements.models import Delivery, Realisation
from programmes.models import ActionPlan

from .grid_helpers import period
from .importfiles import EVENEMENTEN, MIDDEN_GELDERLAND, csv_bytes, row, upload
from .test_races import small_world

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-midden-gelderland"
History = Realisation.history.model
CODES = [f"{year}-K{quarter}" for year in (2019, 2020) for quarter in (1, 2, 3, 4)]


@pytest.fixture
def plan(demo):
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    plan.periods.update(closed_at=None, closed_by=None)
    return plan


@pytest.fixture
def manager(demo):
    return get_user_model().objects.get(username=MANAGER)


def delivery_rows(count: int, *, changed: int = 0) -> list[dict[str, str]]:
    """`count` rows for Organiseren evenementen: every quarter of the plan, from as many
    municipalities as it takes; the first `changed` rows with another count."""
    return [
        row(
            project=EVENEMENTEN,
            period=CODES[n % len(CODES)],
            count=str(n % 40 + (1 if n < changed else 0)),
            source=f"Gemeente {n // len(CODES)}",
        )
        for n in range(count)
    ]


def committed(plan, manager, rows, name="groot.csv"):
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=upload(csv_bytes(rows), name), actor=manager
    )
    return services.delivery_commit(delivery=delivery, actor=manager)


def test_a_delivery_above_the_old_limit_is_recorded_completely_with_history(plan, manager, client):
    rows = delivery_rows(21_000)
    delivery = committed(plan, manager, rows)
    assert delivery.status == Delivery.Status.VERWERKT
    assert delivery.result.summary["nieuw"] == 21_000
    written = Realisation.objects.filter(delivery=delivery)
    assert written.count() == 21_000
    assert sum(written.values_list("count", flat=True)) == sum(int(r["aantal"]) for r in rows)
    assert set(written.values_list("recorded_by", flat=True)) == {manager.pk}
    history = History.objects.filter(delivery_id=delivery.pk)
    assert history.filter(history_type="+", history_user=manager).count() == 21_000
    # The preview keeps SHOWN_ROWS rows and the totals of all of them.
    delivery.refresh_from_db()
    stored = imports.stored_result(delivery=delivery)
    assert len(stored.rows) == SHOWN_ROWS
    assert (stored.row_count, stored.summary["nieuw"], stored.error_count) == (21_000, 21_000, 0)
    client.force_login(manager)
    page = client.get(
        reverse("placements:import-preview", kwargs={"plan_pk": plan.pk, "pk": delivery.pk})
    ).content.decode()
    assert "21.000 rijen: 21.000 nieuw, 0 gewijzigd" in page
    assert "Hieronder staan 1.000 van de 21.000 rijen" in page
    assert page.count('class="import-row ') == SHOWN_ROWS


def test_the_same_large_file_again_is_all_unchanged_and_writes_nothing(plan, manager):
    rows = delivery_rows(21_000)
    first = committed(plan, manager, rows)
    history = History.objects.count()
    again = services.delivery_upload(
        plan=plan, uploaded_file=upload(csv_bytes(rows), "opnieuw.csv"), actor=manager
    )
    assert again.result.summary["ongewijzigd"] == 21_000
    services.delivery_commit(delivery=again, actor=manager)
    assert History.objects.count() == history
    assert Realisation.objects.filter(delivery=first).count() == 21_000


def test_changed_counts_of_a_large_file_replace_the_old_ones_with_history(plan, manager):
    first = committed(plan, manager, delivery_rows(21_000))
    second = committed(plan, manager, delivery_rows(21_000, changed=25), name="correctie.csv")
    assert (second.result.summary["gewijzigd"], second.result.summary["ongewijzigd"]) == (
        25,
        20_975,
    )
    changed = Realisation.objects.filter(delivery=second)
    assert changed.count() == 25
    assert Realisation.objects.filter(delivery=first).count() == 20_975
    assert History.objects.filter(delivery_id=second.pk, history_type="~").count() == 25
    # A changed count keeps who first recorded it and where (the first delivery's rows).
    [one] = changed.filter(period__code="2019-K1", source="Gemeente 0")
    assert (one.count, one.recorded_by) == (1, first.uploaded_by)


def commit_queries(plan, manager, count: int) -> tuple[int, int]:
    rows = delivery_rows(count)
    with CaptureQueriesContext(connection) as upload_queries:
        delivery = services.delivery_upload(
            plan=plan, uploaded_file=upload(csv_bytes(rows)), actor=manager
        )
    with CaptureQueriesContext(connection) as commit_queries_:
        services.delivery_commit(delivery=delivery, actor=manager)
    assert Realisation.objects.filter(delivery=delivery).count() == count
    Realisation.objects.filter(delivery=delivery).delete()
    return len(upload_queries), len(commit_queries_)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(plan, manager):
    few, many = commit_queries(plan, manager, 40), commit_queries(plan, manager, 400)
    assert few == many
    upload_queries, commit = many
    assert commit <= 16  # locks, the plan read once, the stored counts, the writes


# A grid edit while a delivery is committed (two connections) ---------------------------------


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two real connections")
@pytest.mark.django_db(transaction=True)
def test_a_grid_edit_during_an_import_commit_is_not_lost():
    """The commit locks the plan's lineages once; a grid edit of the same plan made while it
    writes waits for it, then is saved on top: neither is lost."""
    setup = small_world()
    content = csv_bytes(
        [
            row(
                line="Werkgeversdienstverlening",
                project="Organiseren evenementen",
                indicator=setup.world.matches.code,
                period="2019-K1",
                count=str(n),
                source=f"Gemeente {n}",
            )
            for n in range(1, 301)
        ]
    )
    delivery = services.delivery_upload(
        plan=setup.plan, uploaded_file=upload(content), actor=setup.manager
    )
    assert delivery.error_count == 0, delivery.result.problems
    locked = threading.Event()
    original = services.delivery_rows_record

    def record_slowly(**kwargs):
        locked.set()  # the locks are held: the grid edit now has to wait
        time.sleep(0.5)
        return original(**kwargs)

    outcomes = {}

    def commit():
        try:
            outcomes["import"] = services.delivery_commit(delivery=delivery, actor=setup.manager)
        except Exception as error:  # the outcome is what the test checks
            outcomes["import"] = error
        finally:
            connection.close()

    def grid_edit():
        locked.wait(10)
        try:
            outcomes["grid"] = services.realisation_record(
                target=setup.events,
                period=period(setup.plan, "2019-K1"),
                count=7,
                expected_count=None,
                actor=setup.manager,
            )
        except Exception as error:  # the outcome is what the test checks
            outcomes["grid"] = error
        finally:
            connection.close()

    with mock.patch.object(services, "delivery_rows_record", record_slowly):
        threads = [threading.Thread(target=commit), threading.Thread(target=grid_edit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert isinstance(outcomes["import"], Delivery), outcomes
    assert isinstance(outcomes["grid"], Realisation), outcomes
    cell = Realisation.objects.filter(target=setup.events, period__code="2019-K1")
    assert cell.filter(delivery=delivery).count() == 300
    assert list(cell.filter(source="").values_list("count", flat=True)) == [7]
    assert History.objects.filter(delivery_id=delivery.pk).count() == 300
