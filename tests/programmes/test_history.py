"""The history names related things (a project, an organisation) by their names, not ids,
also for the budget, without a query per change."""

import pytest
from django.contrib.auth import get_user_model

from budgets import selectors as budget_selectors
from budgets.models import BudgetLine
from programmes import selectors, services
from programmes.models import ActionPlan, Project
from regions.models import Organisation

pytestmark = pytest.mark.django_db


def test_moved_budget_line_and_new_accountable_party_are_named(demo):
    plan = ActionPlan.objects.get(title__startswith="Actieplan Banenafspraak 2017 Gooi")
    user = get_user_model().objects.get(username="programmamanager-gooi-en-vechtstreek")
    line = plan.lines.create(title="Werkgeversdienstverlening")
    first = line.projects.create(title="Banenmarkt")
    second = line.projects.create(title="Jobcoaching")
    budget_line = BudgetLine.objects.create(
        plan=plan, line=line, project=first, year=2017, amount=1000
    )
    budget_line.project = second
    services.child_save(
        plan=plan, instance=budget_line, expected_revision=budget_line.revision, actor=user
    )
    organisation = Organisation.objects.create(name="WSP Gooi", kind="wsp", region=plan.region)
    project = Project.objects.get(pk=first.pk)
    project.accountable_organisation = organisation
    services.child_save(plan=plan, instance=project, expected_revision=project.revision, actor=user)

    budget_changes = [
        change for entry in budget_selectors.budget_history(plan=plan) for change in entry.changes
    ]
    assert ("project", "Banenmarkt", "Jobcoaching") in [
        (str(label), old, new) for label, old, new in budget_changes
    ]
    plan_changes = [
        (str(label), old, new)
        for entry in selectors.plan_history(plan=plan)
        for label, old, new in entry.changes
    ]
    assert ("bestuurlijk aanspreekpunt", "–", "WSP Gooi") in plan_changes


def test_status_changes_show_once_without_bookkeeping_fields(demo):
    plan = ActionPlan.objects.get(title__startswith="Actieplan Banenafspraak 2017 Gooi")
    user = get_user_model().objects.get(username="programmamanager-gooi-en-vechtstreek")
    services.plan_change_status(
        plan=plan, actor=user, new_status="ter_bespreking", expected_revision=plan.revision
    )
    last = selectors.plan_history(plan=plan)[0]
    entries = [e for e in selectors.plan_history(plan=plan) if e.kind == "actieplan"]
    labels = [str(label) for label, _old, _new in entries[-1].changes]
    assert labels == ["status"]
    assert entries[-1].who == user.get_full_name()
    assert last.when <= entries[-1].when
