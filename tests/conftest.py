"""Fixtures shared by the whole test suite.

The demo data is loaded once per test database (per xdist worker), when pytest-django sets
it up, and committed: every test that uses the database runs inside a transaction that is
rolled back, so it sees the demo data and leaves it as it was. Tests must therefore not
assume an empty database: they count their own objects and take unique names (factories).

Transactional tests (`transaction=True`, `transactional_db`, `live_server`) commit for real
and pytest-django empties every table after each one; it runs them after all the others. A
test that needs the demo data asks for `demo`, which loads it again when it is missing.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from programmes.models import ActionPlan

# Small worlds of test data and the report fixtures, shared by several folders.
pytest_plugins = [
    "tests.admin_world",
    "tests.placements.progress_world",
    "tests.programmes.plan_flow",
    "tests.reporting.report_fixtures",
]


def load_demo_data():
    call_command("load_demo_data", stdout=io.StringIO())


def demo_data_loaded() -> bool:
    # The command loads everything in one transaction, the DWSRA pilots last.
    return ActionPlan.objects.filter(programme__code="dwsra").exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the demo data loaded once and committed."""
    with django_db_blocker.unblock():
        load_demo_data()


@pytest.fixture
def demo(db):
    """The full demo data set, loaded by the same command `make run` uses."""
    if not demo_data_loaded():
        load_demo_data()


@pytest.fixture(autouse=True)
def _language_reset():
    """A page asked for in English leaves English active in the thread (LocaleMiddleware
    activates, nothing deactivates): the next test starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
