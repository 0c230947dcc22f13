"""The budget's history names related things (a project) by their names, not ids, without a
query per change."""

import pytest

from budgets import selectors
from budgets.models import BudgetLine
from programmes import services

from ..programmes.helpers import GOOI, plan, user

pytestmark = pytest.mark.django_db


def test_a_budget_line_moved_to_another_project_names_both(demo):
    gooi = plan(GOOI)
    line = gooi.lines.create(title="Werkgeversdienstverlening")
    banenmarkt = line.projects.create(title="Banenmarkt")
    jobcoaching = line.projects.create(title="Jobcoaching")
    budget_line = BudgetLine.objects.create(
        plan=gooi, line=line, project=banenmarkt, year=2017, amount=1000
    )
    budget_line.project = jobcoaching
    services.child_save(
        plan=gooi,
        instance=budget_line,
        expected_revision=budget_line.revision,
        actor=user("programmamanager-gooi-en-vechtstreek"),
    )

    budget_changes = [
        change for entry in selectors.budget_history(plan=gooi) for change in entry.changes
    ]
    assert ("project", "Banenmarkt", "Jobcoaching") in [
        (str(label), old, new) for label, old, new in budget_changes
    ]
