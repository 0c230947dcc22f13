"""On the embedded default (SQLite) two saves at the same moment queue instead of one failing
with "database is locked": with SQLite's default (deferred) transactions, the second writer
finds the first holding the write lock and SQLite refuses it at once, a 500 in the grid. With
the project's SQLITE_OPTIONS a transaction takes the lock when it begins, so the second waits,
then finds the first one's row, which the grid shows as a conflict."""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler


def race(path, options) -> dict[str, str]:
    """Writer A looks, inserts and holds its transaction a moment; writer B starts while A
    holds it, looks and inserts only when the cell is still empty. What each ends with."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}}
    )
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE cell (key INTEGER UNIQUE, count INTEGER)")
    setup.close()
    a_has_looked, outcome = threading.Event(), {}

    def save(name, count, hold):
        connection = handler["default"]  # one connection per thread
        try:
            connection.ensure_connection()
            # What transaction.atomic() runs first on SQLite: BEGIN in the configured mode.
            connection._start_transaction_under_autocommit()
            with connection.cursor() as cursor:
                cursor.execute("SELECT count FROM cell WHERE key = 1")
                found = cursor.fetchone()
                if name == "A":
                    a_has_looked.set()
                if found is None:
                    time.sleep(hold)
                    cursor.execute("INSERT INTO cell VALUES (1, %s)", [count])
                    time.sleep(hold)
            connection.commit()
            outcome[name] = "found" if found else "inserted"
        except OperationalError as error:
            outcome[name] = str(error)
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("A", 5, 0.3))
    first.start()
    a_has_looked.wait(5)
    second = threading.Thread(target=save, args=("B", 7, 0))
    second.start()
    first.join(10)
    second.join(10)
    return outcome


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded default's setting",
)
def test_the_embedded_default_uses_the_sqlite_options():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == settings.SQLITE_OPTIONS["transaction_mode"]


# A database file of the test's own, not the test database: pytest-django's blocker is lifted.


def test_with_the_project_options_the_second_writer_waits_and_finds_the_row(
    tmp_path, django_db_blocker
):
    with django_db_blocker.unblock():
        outcome = race(tmp_path / "queue.sqlite3", settings.SQLITE_OPTIONS)
    assert outcome == {"A": "inserted", "B": "found"}


def test_without_them_the_second_writer_fails(tmp_path, django_db_blocker):
    """The failure the options prevent (so the test above can fail)."""
    with django_db_blocker.unblock():
        outcome = race(tmp_path / "default.sqlite3", {"timeout": 2})
    assert "database is locked" in outcome.values(), outcome  # one of the two, at once
