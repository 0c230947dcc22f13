"""Removing the synthetic data set: every row under a synthetic region, and the synthetic
users, by plain DELETE statements in one transaction. The models' PROTECT rules (a
realisation protects its target, an entry its budget line) are there for real data; this is
generated data, removed as a whole, so the statements go table by table instead of through
Django's collector (which would load a million realisations to check them). Rows a user might
have added to a synthetic plan through the pages (a delivery, a correction, a budget change,
history rows) go too. Nothing outside the synthetic regions is touched."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection, models, transaction

from budgets.models import (
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    Expenditure,
    Funding,
    SpendingImport,
    StaffCost,
)
from placements.models import Correction, Delivery, Realisation
from programmes.models import (
    ActionPlan,
    Activity,
    KeyFigure,
    PlanLine,
    Prognosis,
    Project,
    ReportingPeriod,
    Risk,
    Target,
    TargetLineage,
)
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    Proposal,
    Region,
    RoleAssignment,
    SeatRule,
)
from reporting.models import MeetingPack, Report, ReportSchedule

from . import shape


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _ids(model: type[models.Model], column: str, inner: str) -> str:
    """SELECT id FROM `model` WHERE `column` IN (`inner`)."""
    return f"SELECT id FROM {_table(model)} WHERE {column} IN ({inner})"


# A synthetic region both by its flag and by the generator's name: a real region whose flag was
# set by mistake is never taken for one (shape.SLUG_PREFIX is a constant without wildcards).
SYNTHETIC = f"synthetic AND slug LIKE '{shape.SLUG_PREFIX}%'"


def _statements() -> list[tuple[type[models.Model], str]]:
    """(model, WHERE clause) in the order the rows go: history and children first. Foreign
    keys are checked at commit (Django makes them deferrable), so a clause may still read
    rows a statement before it removed only when it runs first; each runs before its
    parents go."""
    regions = f"SELECT id FROM {_table(Region)} WHERE {SYNTHETIC}"
    plans = _ids(ActionPlan, "region_id", regions)
    lines = _ids(PlanLine, "plan_id", plans)
    targets = _ids(Target, "plan_id", plans)
    budget_lines = _ids(BudgetLine, "plan_id", plans)
    bodies = _ids(GoverningBody, "region_id", regions)
    changes = _ids(BudgetChange, "plan_id", plans)
    meetings = _ids(Meeting, "body_id", bodies)
    decisions = _ids(Decision, "meeting_id", meetings)
    proposals = _ids(Proposal, "body_id", bodies)
    history = [
        (ActionPlan.history.model, f"id IN ({plans})"),
        (PlanLine.history.model, f"plan_id IN ({plans})"),
        (Project.history.model, f"line_id IN ({lines})"),
        (Target.history.model, f"plan_id IN ({plans})"),
        (Realisation.history.model, f"target_id IN ({targets})"),
        (BudgetLine.history.model, f"plan_id IN ({plans})"),
        (Funding.history.model, f"plan_id IN ({plans})"),
        (StaffCost.history.model, f"plan_id IN ({plans})"),
        (Expenditure.history.model, f"budget_line_id IN ({budget_lines})"),
        (BudgetChange.history.model, f"plan_id IN ({plans})"),
        # The governance network's history (decision 0014): what the pages add to a
        # synthetic body, meeting, proposal, decision or action item.
        (ActionItem.history.model, f"decision_id IN ({decisions})"),
        (Decision.history.model, f"meeting_id IN ({meetings})"),
        (Proposal.history.model, f"body_id IN ({bodies})"),
        (Meeting.history.model, f"body_id IN ({bodies})"),
        (Membership.history.model, f"body_id IN ({bodies})"),
    ]
    return [
        *history,
        # The governance rows first: a decision or agenda item names a plan, budget change or
        # report of the region, an action item its decision, a meeting pack its meeting.
        (MeetingPack, f"meeting_id IN ({meetings})"),
        (ActionItem, f"decision_id IN ({decisions})"),
        (Decision, f"meeting_id IN ({meetings})"),
        (AgendaItem, f"meeting_id IN ({meetings})"),
        (Correction, f"realisation_id IN ({_ids(Realisation, 'target_id', targets)})"),
        (Realisation, f"target_id IN ({targets})"),
        (Delivery, f"plan_id IN ({plans})"),
        (BudgetChangeLine, f"change_id IN ({changes}) OR budget_line_id IN ({budget_lines})"),
        (BudgetChange, f"plan_id IN ({plans})"),
        (Expenditure, f"budget_line_id IN ({budget_lines})"),
        (SpendingImport, f"plan_id IN ({plans})"),
        (
            StaffCost,
            f"plan_id IN ({plans}) OR proposal_id IN ({_ids(Proposal, 'body_id', bodies)})",
        ),
        (Funding, f"plan_id IN ({plans})"),
        (BudgetLine, f"plan_id IN ({plans})"),
        (Report, f"plan_id IN ({plans})"),
        (ReportSchedule, f"plan_id IN ({plans})"),
        (Prognosis, f"target_id IN ({targets})"),
        # Before the targets that name them (checked at commit): a lineage of a synthetic
        # target belongs to no other.
        (
            TargetLineage,
            f"id IN (SELECT lineage_id FROM {_table(Target)} WHERE plan_id IN ({plans}))",
        ),
        (Target, f"plan_id IN ({plans})"),
        (KeyFigure, f"region_id IN ({regions}) OR plan_id IN ({plans})"),
        (Activity, f"plan_id IN ({plans})"),
        (Risk, f"plan_id IN ({plans})"),
        (Project, f"line_id IN ({lines})"),
        (PlanLine, f"plan_id IN ({plans})"),
        (ReportingPeriod, f"plan_id IN ({plans})"),
        (ActionPlan, f"region_id IN ({regions})"),
        (Proposal, f"id IN ({proposals})"),
        (Meeting, f"body_id IN ({bodies})"),
        (Membership, f"body_id IN ({bodies})"),
        (SeatRule, f"body_id IN ({bodies})"),
        (GoverningBody, f"region_id IN ({regions})"),
        (Organisation, f"region_id IN ({regions})"),
        (Municipality, f"region_id IN ({regions})"),
        (RoleAssignment, f"region_id IN ({regions})"),
    ]


def remove_synthetic() -> Counter:
    """Delete every synthetic region with all under it and the synthetic users; returns the
    rows removed per model."""
    removed: Counter = Counter()
    # Meeting packs made of synthetic meetings (make bench makes them) each have their own file.
    pack_files = list(
        MeetingPack.objects.filter(
            meeting__body__region__synthetic=True,
            meeting__body__region__slug__startswith=shape.SLUG_PREFIX,
        )
        .exclude(file="")
        .values_list("file", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for model, where in _statements():
            cursor.execute(f"DELETE FROM {_table(model)} WHERE {where}")
            if cursor.rowcount:
                removed[model] += cursor.rowcount
        # The users through the ORM: it clears what refers to them (sessions' owners, history
        # rows' actors, the odd SET_NULL) wherever that is. Their own rows are gone by now.
        users = get_user_model().objects.filter(username__regex=shape.USERNAME_PATTERN)
        _total, per_model = users.delete()
        removed.update({get_user_model(): per_model.get(get_user_model()._meta.label, 0)})
        cursor.execute(f"DELETE FROM {_table(Region)} WHERE {SYNTHETIC}")
        if cursor.rowcount:
            removed[Region] += cursor.rowcount
    for name in [shape.REPORT_FILE, *pack_files]:
        if default_storage.exists(name):
            default_storage.delete(name)
    return +removed
