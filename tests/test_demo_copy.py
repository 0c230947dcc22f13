"""The copy of the demo data that the suite puts back after a transactional test has emptied
the tables (tests/conftest.py DemoCopy): the same rows, and new rows still get fresh ids."""

import pytest
from django.apps import apps
from django.core.management import call_command

from programmes.models import ActionPlan
from tests.conftest import demo_data_loaded, restore_demo_data
from tests.factories import PlanFactory


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_comes_back_row_for_row(demo):
    before = row_counts()
    plans = sorted(ActionPlan.objects.values_list("pk", "title", "status", "revision"))
    call_command("flush", interactive=False, verbosity=0)
    assert not demo_data_loaded()

    restore_demo_data()

    assert row_counts() == before
    assert sorted(ActionPlan.objects.values_list("pk", "title", "status", "revision")) == plans
    # The sequences were set past the copied ids: a new plan takes a new id.
    assert PlanFactory().pk > max(pk for pk, *_ in plans)
