"""Fixtures shared by the whole test suite."""

import io

import pytest
from django.core.management import call_command

# Small worlds of test data shared by several folders (fixtures and builders).
pytest_plugins = ["tests.placements.progress_world"]


@pytest.fixture
def demo(db):
    """The full demo data set, loaded by the same command `make run` uses."""
    call_command("load_demo_data", stdout=io.StringIO())


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test` runs two workers), the tests that start a real Celery
    worker share one pytest worker: each starts its own worker process on the same Redis."""
    for item in items:
        if item.get_closest_marker("broker"):
            item.add_marker(pytest.mark.xdist_group("broker"))
