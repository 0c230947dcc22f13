"""The history names related things (a project, an organisation) by their names, not ids,
without a query per change. (The budget's history: tests/budgets/test_history.py.)"""

import pytest

from programmes import selectors, services
from programmes.models import Project
from regions.models import Organisation

from .helpers import GOOI, plan, user

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-gooi-en-vechtstreek"


def test_a_new_accountable_party_is_named(demo):
    gooi = plan(GOOI)
    line = gooi.lines.create(title="Werkgeversdienstverlening")
    banenmarkt = line.projects.create(title="Banenmarkt")
    organisation = Organisation.objects.create(name="WSP Gooi", kind="wsp", region=gooi.region)
    project = Project.objects.get(pk=banenmarkt.pk)
    project.accountable_organisation = organisation
    services.child_save(
        plan=gooi, instance=project, expected_revision=project.revision, actor=user(MANAGER)
    )

    plan_changes = [
        (str(label), old, new)
        for entry in selectors.plan_history(plan=gooi)
        for label, old, new in entry.changes
    ]
    assert ("bestuurlijk aanspreekpunt", "–", "WSP Gooi") in plan_changes


def test_status_changes_show_once_without_bookkeeping_fields(demo):
    gooi = plan(GOOI)
    manager = user(MANAGER)
    services.plan_change_status(
        plan=gooi, actor=manager, new_status="ter_bespreking", expected_revision=gooi.revision
    )
    last = selectors.plan_history(plan=gooi)[0]
    entries = [e for e in selectors.plan_history(plan=gooi) if e.kind == "actieplan"]
    labels = [str(label) for label, _old, _new in entries[-1].changes]
    assert labels == ["status"]
    assert entries[-1].who == manager.get_full_name()
    assert last.when <= entries[-1].when
