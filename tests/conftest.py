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
