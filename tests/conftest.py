"""Fixtures shared by the whole test suite."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Small worlds of test data shared by several folders (fixtures and builders).
pytest_plugins = ["tests.placements.progress_world"]


@pytest.fixture
def demo(db):
    """The full demo data set, loaded by the same command `make run` uses."""
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _language_reset():
    """A page asked for in English leaves English active in the thread (LocaleMiddleware
    activates, nothing deactivates): the next test starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
