"""The admin (/beheer/) tests' world and helpers, shared by the programmes, budgets and
placements admin tests (`world` also by the new-version tests): the small world of
tests/placements/grid_helpers.py with its beheerder logged in, a concept plan with a target of
100 matches and that plan adopted, and the admin's change, delete and changelist pages.
Registered as a plugin in tests/conftest.py; a test module's own fixture of the same name
takes precedence."""

import pytest
from django.urls import reverse

from programmes import services
from programmes.models import ActionPlan

from .otp import verified_login
from .placements.grid_helpers import make_plan, make_world, target
from .programmes.helpers import form_data

Status = ActionPlan.Status


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def beheerder(client, world):
    # The admin wants the second factor too (maykin-2fa): the session carries a device.
    verified_login(client, world.users["beheerder"])
    return client


@pytest.fixture
def concept(world):
    plan = make_plan(world)
    plan.matches = target(plan, world.matches, 100)
    return plan


def adopt(plan, actor):
    for status in (Status.TER_BESPREKING, Status.VASTGESTELD):
        plan.refresh_from_db()
        services.plan_change_status(
            plan=plan, actor=actor, new_status=status, expected_revision=plan.revision
        )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def adopted(world, concept):
    return adopt(concept, world.users["programmamanager"])


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def post_change(client, obj, **changes):
    """Post the admin's change form back as a browser would, with `changes` typed in."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    return client.post(change_url(obj), {**form_data(page, **changes), "_save": "Opslaan"})


def run_action(client, model, action, *objects):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
