"""The write services of programmes: creating a plan, saving its rows without lost updates,
the status steps, the read-only adopted plan, and who changed what. (A new version with its
budget: tests/budgets/test_new_version.py.)"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.concurrency import ConcurrentEditError
from core.history import with_history_actor
from programmes import selectors, services
from programmes.models import (
    ActionPlan,
    Indicator,
    PlanLine,
    Programme,
    Project,
    Target,
)
from programmes.services import PlanNotEditableError, StatusTransitionError
from regions.models import Region

from .helpers import GOOI, MIDDEN_GELDERLAND, plan, user
from .plan_flow import fresh

pytestmark = pytest.mark.django_db

Status = ActionPlan.Status
MANAGER = "programmamanager-gooi-en-vechtstreek"


def new_plan(actor, **fields):
    return services.plan_create(
        actor=actor,
        region=Region.objects.get(slug="gooi-en-vechtstreek"),
        programme=Programme.objects.get(code="banenafspraak"),
        title=fields.pop("title", "Testplan"),
        start_date=fields.pop("start_date", date(2021, 1, 1)),
        end_date=fields.pop("end_date", date(2022, 12, 31)),
        **fields,
    )


def add_line(plan_obj, title="Lijn"):
    return services.child_save(
        plan=plan_obj, instance=PlanLine(plan=plan_obj, title=title), expected_revision=None
    )


def advance(plan_obj, *statuses, actor=None):
    for status in statuses:
        plan_obj = fresh(plan_obj)
        services.plan_change_status(
            plan=plan_obj, actor=actor, new_status=status, expected_revision=plan_obj.revision
        )
    return fresh(plan_obj)


@pytest.fixture
def manager(demo):
    return user(MANAGER)


# --- creating and saving ----------------------------------------------------------------------


def test_plan_create_makes_a_concept_version_1(manager):
    created = new_plan(manager, title="Actieplan 2021-2022")
    stored = fresh(created)
    assert (stored.status, stored.version, stored.previous_version) == (Status.CONCEPT, 1, None)
    assert stored.status_changed_by == manager
    assert stored.status_changed_at is not None
    assert stored.revision == 1


def test_plan_create_refuses_an_end_before_the_start(manager):
    count = ActionPlan.objects.count()
    with pytest.raises(ValidationError) as error:
        new_plan(manager, start_date=date(2022, 1, 1), end_date=date(2021, 1, 1))
    assert "einddatum" in str(error.value.message_dict["end_date"])
    assert ActionPlan.objects.count() == count


def test_child_save_counts_revisions(manager):
    line = add_line(plan(GOOI))
    assert fresh(line).revision == 1
    line.title = "Nieuwe titel"
    services.child_save(plan=plan(GOOI), instance=line, expected_revision=1)
    assert (fresh(line).title, fresh(line).revision) == ("Nieuwe titel", 2)


def test_child_save_with_a_stale_revision_is_refused_and_changes_nothing(manager):
    gooi = plan(GOOI)
    line = add_line(gooi, "Origineel")
    first, second = fresh(line), fresh(line)  # two people load the same form

    first.title = "Eerste"
    services.child_save(plan=gooi, instance=first, expected_revision=1)
    second.title = "Tweede"
    with pytest.raises(ConcurrentEditError) as error:
        services.child_save(plan=gooi, instance=second, expected_revision=1)

    assert "Iemand anders heeft dit intussen gewijzigd" in str(error.value)
    assert error.value.current.title == "Eerste"
    assert (fresh(line).title, fresh(line).revision) == ("Eerste", 2)


def test_child_save_of_an_existing_row_without_a_revision_is_refused(manager):
    line = add_line(plan(GOOI), "Origineel")
    line.title = "Zonder revisie"
    with pytest.raises(ConcurrentEditError):
        services.child_save(plan=plan(GOOI), instance=line, expected_revision=None)
    assert fresh(line).title == "Origineel"


def test_child_save_validates(manager):
    gooi = plan(GOOI)
    line = add_line(gooi)
    project = Project(line=line, title="P", start_date=date(2017, 6, 1), end_date=date(2017, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.child_save(plan=gooi, instance=project, expected_revision=None)
    assert "einddatum" in str(error.value.message_dict["end_date"])
    assert not Project.objects.filter(line=line).exists()


# --- status -----------------------------------------------------------------------------------


def test_plan_status_follows_the_transitions_and_records_who_and_when(manager, demo):
    beheerder = user("beheerder")
    created = new_plan(manager)
    steps = [
        (Status.TER_BESPREKING, manager),
        (Status.VASTGESTELD, beheerder),
        (Status.AFGESLOTEN, manager),
    ]
    for status, actor in steps:
        before = timezone.now()
        changed = advance(created, status, actor=actor)
        assert changed.status == status
        assert changed.status_changed_by == actor
        assert changed.status_changed_at >= before


def test_ter_bespreking_can_go_back_to_concept(manager):
    changed = advance(new_plan(manager), Status.TER_BESPREKING, Status.CONCEPT, actor=manager)
    assert changed.status == Status.CONCEPT
    assert changed.is_editable


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], Status.VASTGESTELD),  # concept → vastgesteld skips the discussion
        ([], Status.AFGESLOTEN),
        ([Status.TER_BESPREKING], Status.AFGESLOTEN),
        ([Status.TER_BESPREKING, Status.VASTGESTELD], Status.CONCEPT),
        ([Status.TER_BESPREKING, Status.VASTGESTELD], Status.TER_BESPREKING),
        ([Status.TER_BESPREKING, Status.VASTGESTELD, Status.AFGESLOTEN], Status.VASTGESTELD),
    ],
)
def test_status_steps_outside_the_transitions_are_refused(manager, path, refused):
    current = advance(new_plan(manager), *path, actor=manager)
    with pytest.raises(StatusTransitionError):
        services.plan_change_status(
            plan=current, actor=manager, new_status=refused, expected_revision=current.revision
        )
    stored = fresh(current)
    assert stored.status == (path[-1] if path else Status.CONCEPT)
    assert stored.revision == current.revision


def test_status_change_with_a_stale_revision_is_refused(manager):
    created = new_plan(manager)
    stale = fresh(created)
    advance(created, Status.TER_BESPREKING, actor=manager)
    with pytest.raises(ConcurrentEditError):
        services.plan_change_status(
            plan=stale,
            actor=manager,
            new_status=Status.TER_BESPREKING,
            expected_revision=stale.revision,
        )
    assert fresh(created).status == Status.TER_BESPREKING


# --- an adopted plan is read-only -------------------------------------------------------------


def test_adopted_plan_refuses_child_save(demo):
    adopted = plan(MIDDEN_GELDERLAND)
    lines = PlanLine.objects.filter(plan=adopted).count()
    with pytest.raises(PlanNotEditableError) as error:
        services.child_save(
            plan=adopted, instance=PlanLine(plan=adopted, title="Nieuw"), expected_revision=None
        )
    assert "vastgesteld" in str(error.value)
    assert PlanLine.objects.filter(plan=adopted).count() == lines


def test_adopted_plan_refuses_changing_an_existing_row_and_a_delete(demo):
    adopted = plan(MIDDEN_GELDERLAND)
    target = Target.objects.filter(plan=adopted).first()
    value = target.value
    target.value = value + 1
    with pytest.raises(PlanNotEditableError):
        services.child_save(plan=adopted, instance=target, expected_revision=target.revision)
    with pytest.raises(PlanNotEditableError):
        services.child_delete(plan=adopted, instance=target)
    assert fresh(target).value == value


def test_adopted_plan_refuses_plan_update(demo):
    adopted = plan(MIDDEN_GELDERLAND)
    title = adopted.title
    adopted.title = "Anders"
    with pytest.raises(PlanNotEditableError):
        services.plan_update(plan=adopted, actor=None, expected_revision=adopted.revision)
    assert fresh(adopted).title == title


def test_a_plan_adopted_meanwhile_refuses_child_save(manager):
    opened = plan(GOOI)  # the edit form was loaded while the plan was a concept
    advance(plan(GOOI), Status.TER_BESPREKING, Status.VASTGESTELD, actor=manager)  # meanwhile
    with pytest.raises(PlanNotEditableError):
        services.child_save(
            plan=opened, instance=PlanLine(plan=opened, title="Te laat"), expected_revision=None
        )
    assert not PlanLine.objects.filter(plan=opened, title="Te laat").exists()


# --- history ----------------------------------------------------------------------------------


def test_plan_history_lists_who_changed_what(manager):
    gooi = plan(GOOI)
    line = with_history_actor(PlanLine(plan=gooi, title="Oude titel"), manager)
    services.child_save(plan=gooi, instance=line, expected_revision=None)
    line = with_history_actor(fresh(line), manager)
    line.title = "Nieuwe titel"
    services.child_save(plan=gooi, instance=line, expected_revision=1)
    target = with_history_actor(
        Target(
            plan=gooi,
            line=line,
            indicator=Indicator.objects.get(code="matches"),
            value=10,
            start_date=gooi.start_date,
            end_date=gooi.end_date,
        ),
        manager,
    )
    services.child_save(plan=gooi, instance=target, expected_revision=None)
    target = with_history_actor(fresh(target), manager)
    target.value = 12
    services.child_save(plan=gooi, instance=target, expected_revision=1)

    entries = selectors.plan_history(plan=gooi)
    changed = [(e.who, e.kind, e.action, e.changes) for e in entries if e.changes]
    name = manager.get_full_name()
    assert (name, "lijn", "gewijzigd", [("titel", "Oude titel", "Nieuwe titel")]) in changed
    assert (name, "doelstelling", "gewijzigd", [("doel", 10, 12)]) in changed
    created = {(e.who, e.kind, e.subject) for e in entries if e.action == "aangemaakt"}
    assert (name, "lijn", "Oude titel") in created
    assert (name, "doelstelling", "Matches: 10") in created


def status_changes(plan_obj):
    """History entries of the plan that changed its status."""
    return [
        e
        for e in selectors.plan_history(plan=plan_obj)
        if e.kind == "actieplan" and any(label == "status" for label, _o, _n in e.changes)
    ]


def test_plan_history_records_status_changes(manager):
    created = advance(new_plan(manager), Status.TER_BESPREKING, Status.CONCEPT, actor=manager)
    assert [[c for c in e.changes if c[0] == "status"] for e in status_changes(created)] == [
        [("status", "concept", "ter bespreking")],
        [("status", "ter bespreking", "concept")],
    ]


def test_status_change_history_names_the_actor_outside_a_request(manager):
    created = new_plan(manager)
    advance(created, Status.TER_BESPREKING, actor=manager)
    [entry] = status_changes(created)
    assert fresh(created).status_changed_by == manager
    assert entry.who == manager.get_full_name()  # not "systeem"
