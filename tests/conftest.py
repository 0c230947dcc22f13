"""Fixtures shared by the whole test suite.

The demo data is loaded once per test database (per xdist worker), when pytest-django sets
it up, and committed: every test that uses the database runs inside a transaction that is
rolled back, so it sees the demo data and leaves it as it was. Tests must therefore not
assume an empty database: they count their own objects and take unique names (factories).

Transactional tests (`transaction=True`, `transactional_db`, `live_server`) commit for real
and pytest-django empties every table after each one; it runs them after all the others. A
test that needs the demo data asks for `demo`, which puts it back when it is missing: from a
copy of the tables taken right after the one load (`DemoCopy`), in well under a second,
rather than by running the services' load again.
"""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from programmes.models import ActionPlan

# Small worlds of test data and the report fixtures, shared by several folders.
pytest_plugins = [
    "tests.admin_world",
    "tests.budgets.spending_world",
    "tests.placements.progress_world",
    "tests.programmes.plan_flow",
    "tests.reporting.report_fixtures",
]


def load_demo_data():
    call_command("load_demo_data", stdout=io.StringIO())


def demo_data_loaded() -> bool:
    # The command loads everything in one transaction, the DWSRA pilots last.
    return ActionPlan.objects.filter(programme__code="dwsra").exists()


class DemoCopy:
    """Every table's rows as the demo load left them, to put back after a transactional test
    has emptied the tables: the same rows, ids included, without the 4,000 queries of the
    services. PostgreSQL copies each table with COPY (its own text format round-trips every
    type); SQLite reads and inserts the rows. Foreign keys are checked at commit (Django
    makes them deferrable), so the tables go back in any order."""

    def __init__(self):
        self.tables = connection.introspection.django_table_names(only_existing=True)
        self.rows: dict[str, object] = {}
        # The stored columns (a generated column is computed again, never written).
        self.columns = {
            model._meta.db_table: ", ".join(
                connection.ops.quote_name(field.column)
                for field in model._meta.local_concrete_fields
                if not getattr(field, "generated", False)
            )
            for model in apps.get_models(include_auto_created=True)
        }
        with connection.cursor() as cursor:
            for table in self.tables:
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":  # COPY leaves generated columns out
                    with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                        self.rows[table] = b"".join(bytes(chunk) for chunk in copy)
                else:
                    cursor.execute(f"SELECT {self.columns[table]} FROM {name}")
                    self.rows[table] = cursor.fetchall()

    def restore(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            flush = connection.ops.sql_flush(no_style(), self.tables, allow_cascade=True)
            connection.ops.execute_sql_flush(flush)
            for table, rows in self.rows.items():
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
                        copy.write(rows)
                elif rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(
                        f"INSERT INTO {name} ({self.columns[table]}) VALUES ({marks})", rows
                    )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


_demo_copy: DemoCopy | None = None


def restore_demo_data() -> None:
    """Put the demo data back where a transactional test has emptied the tables."""
    if _demo_copy is None:
        load_demo_data()
    else:
        _demo_copy.restore()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the demo data loaded once and committed."""
    global _demo_copy
    with django_db_blocker.unblock():
        load_demo_data()
        _demo_copy = DemoCopy()


@pytest.fixture
def demo(db):
    """The full demo data set, loaded by the same command `make run` uses."""
    if not demo_data_loaded():
        restore_demo_data()


@pytest.fixture(autouse=True)
def _language_reset():
    """A page asked for in English leaves English active in the thread (LocaleMiddleware
    activates, nothing deactivates): the next test starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _password_reset_limit_reset():
    """Every test starts with no password-reset requests counted (regions.forms'
    within_reset_limit keeps them in the cache for an hour): otherwise a rerun, or two tests
    using one address, find the limit used up. Redis (CACHE_URL set) deletes only the
    limiter's keys; the in-memory cache, the suite's default and per process, is emptied,
    which costs next to nothing."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from regions.forms import RESET_LIMIT_PREFIX

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=backend.make_key(f"{RESET_LIMIT_PREFIX}*")))
        if keys:
            client.delete(*keys)
    else:
        backend.clear()
