"""The worked example through a new version: the programme manager of Midden-Gelderland makes
version 2 of the adopted plan, changes one target and adopts it; the progress page and the
region dashboard still show 376 of 415 matches (the demo's realisations, recorded on version
1), not "geen gegevens"."""

import re

import pytest

from programmes.models import ActionPlan, Target
from tests.programmes.helpers import MIDDEN_GELDERLAND, form_data, login, url

pytestmark = pytest.mark.django_db

MANAGER = "programmamanager-midden-gelderland"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def change_status(client, plan, status):
    plan.refresh_from_db()
    client.post(
        url("programmes:plan-status", pk=plan.pk), {"status": status, "revision": plan.revision}
    )
    plan.refresh_from_db()
    assert plan.status == status


def test_version_2_of_midden_gelderland_keeps_its_376_matches(client, demo):
    v1 = ActionPlan.objects.get(title=MIDDEN_GELDERLAND, status=ActionPlan.Status.VASTGESTELD)
    login(client, MANAGER)
    client.post(url("programmes:plan-new-version", pk=v1.pk))
    v2 = ActionPlan.objects.get(previous_version=v1)

    # Raise the events project's target from 50 to 60.
    events = Target.objects.get(plan=v2, project__title="Organiseren evenementen")
    assert events.value == 50 and events.predecessor.plan_id == v1.pk
    form_url = url("programmes:target-update", plan_pk=v2.pk, pk=events.pk)
    page = client.get(form_url)
    assert client.post(form_url, form_data(page, value="60")).status_code == 302
    change_status(client, v2, ActionPlan.Status.TER_BESPREKING)
    change_status(client, v2, ActionPlan.Status.VASTGESTELD)

    progress = text(client.get(url("placements:progress", plan_pk=v2.pk)))
    assert "Matches 415 376 90,6 %" in progress
    response = client.get(url("reporting:dashboard", slug="midden-gelderland"))
    shown = [dashboard.plan.pk for dashboard in response.context["dashboards"]]
    assert v2.pk in shown and v1.pk not in shown  # the adopted version 2 replaces version 1
    assert "Matches 415 376 90,6 %" in text(response)

    compare = text(client.get(url("programmes:plan-compare", pk=v2.pk)))
    assert "De Ontmoeting › Organiseren evenementen Matches 50 " in compare
    assert " 60 " in compare and "gewijzigd" in compare
