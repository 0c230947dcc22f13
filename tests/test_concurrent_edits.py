"""Fifty pairs of people saving the same thing at the same moment, each from their own
database connection (PostgreSQL, real threads): in every pair exactly one save goes through,
the other is told someone else saved in between (ConcurrentEditError, the conflict screen of
every form), and the stored value is the winner's, saved once. Nothing is overwritten unseen
and nothing is lost.

Both people load the row first, so both hold the same revision (or the same count of a grid
cell); a barrier then lets them save at once. The kinds cover every editable thing a
Werkkamer works on at once before a board meeting: the plan, its lines and targets, the
budget, a grid cell and a proposal."""

import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from budgets import services as budget_services
from budgets.models import BudgetLine
from core.concurrency import ConcurrentEditError
from placements import services as placement_services
from placements.models import Realisation
from programmes import services as programme_services
from programmes.models import ActionPlan, PlanLine, Target
from regions.models import GoverningBody, Proposal
from regions.services import proposal_save

from .placements.grid_helpers import make_plan, make_world, period, target

PAIRS = 50

pytestmark = [
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="SQLite serialises writers with a file lock: there is no concurrent save",
    ),
    pytest.mark.django_db(transaction=True),
]


@dataclass
class Kind:
    """One editable thing: how a person loads it, changes it to `value`, saves it with what
    they loaded, and how the stored value is read back."""

    name: str
    load: Any
    convert: Any  # a person's typed value -> the value stored
    save: Any
    stored: Any
    field: str = ""  # the attribute changed on the loaded row

    def change(self, loaded, typed) -> None:
        if isinstance(loaded, dict):
            loaded["count"] = self.convert(typed)
        else:
            setattr(loaded, self.field, self.convert(typed))


def kinds(world, plan) -> list[Kind]:
    manager = world.users["programmamanager"]
    line = plan.lines.get()
    a_target = target(plan, world.matches, 60, line=line)
    budget_line = BudgetLine.objects.create(
        plan=plan, year=2019, category=BudgetLine.Category.choices[0][0], amount=Decimal(1000)
    )
    body = GoverningBody.objects.create(region=world.region, name="Werkkamer", kind="werkkamer")
    proposal = Proposal.objects.create(
        body=body,
        reference="99.0000050",
        date=date(2017, 2, 8),
        subject="Projectleider",
        decision_points="Instemmen",
    )
    cell_target = target(plan, world.matches, 40, line=line)
    cell_period = period(plan, "2019-K1")
    placement_services.realisation_record(
        target=cell_target, period=cell_period, count=1, expected_count=None, actor=manager
    )

    def cell_count():
        return Realisation.objects.get(target=cell_target, period=cell_period, source="").count

    return [
        Kind(
            "plan title",
            load=lambda: ActionPlan.objects.get(pk=plan.pk),
            field="title",
            convert=lambda value: f"Actieplan {value}",
            save=lambda plan_, revision: programme_services.plan_update(
                plan=plan_, actor=manager, expected_revision=revision
            ),
            stored=lambda: ActionPlan.objects.get(pk=plan.pk).title,
        ),
        Kind(
            "line title",
            load=lambda: PlanLine.objects.get(pk=line.pk),
            field="title",
            convert=lambda value: f"Lijn {value}",
            save=lambda line_, revision: programme_services.child_save(
                plan=plan, instance=line_, expected_revision=revision, actor=manager
            ),
            stored=lambda: PlanLine.objects.get(pk=line.pk).title,
        ),
        Kind(
            "target value",
            load=lambda: Target.objects.get(pk=a_target.pk),
            field="value",
            convert=int,
            save=lambda target_, revision: programme_services.child_save(
                plan=plan, instance=target_, expected_revision=revision, actor=manager
            ),
            stored=lambda: Target.objects.get(pk=a_target.pk).value,
        ),
        Kind(
            "budget line amount",
            load=lambda: BudgetLine.objects.get(pk=budget_line.pk),
            field="amount",
            convert=Decimal,
            save=lambda line_, revision: budget_services.budget_line_save(
                plan=plan, budget_line=line_, expected_revision=revision, actor=manager
            ),
            stored=lambda: BudgetLine.objects.get(pk=budget_line.pk).amount,
        ),
        Kind(
            "proposal subject",
            load=lambda: Proposal.objects.get(pk=proposal.pk),
            field="subject",
            convert=lambda value: f"Voorstel {value}",
            save=lambda proposal_, revision: proposal_save(
                proposal=proposal_, expected_revision=revision, actor=manager
            ),
            stored=lambda: Proposal.objects.get(pk=proposal.pk).subject,
        ),
        # A grid cell carries no revision: the count the person saw is what is compared.
        Kind(
            "grid cell",
            load=lambda: {"seen": cell_count()},
            convert=int,
            save=lambda cell, _seen: placement_services.realisation_record(
                target=cell_target,
                period=cell_period,
                count=cell["count"],
                expected_count=cell["seen"],
                actor=manager,
            ),
            stored=cell_count,
        ),
    ]


def revision_of(loaded) -> int | None:
    return getattr(loaded, "revision", None)


def save_at_once(kind: Kind, values: tuple) -> list:
    """Two people load `kind`, change it to their own value, and save at the same moment,
    each on their own connection. Returns what each save returned or raised."""
    loaded_both = threading.Barrier(2, timeout=20)
    outcomes: list = [None, None]

    def person(index):
        try:
            loaded = kind.load()
            revision = revision_of(loaded)
            kind.change(loaded, values[index])
            loaded_both.wait()  # both hold the same revision: now both save
            outcomes[index] = kind.save(loaded, revision)
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=person, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_fifty_pairs_of_conflicting_saves_each_detected_and_nothing_lost():
    world = make_world()
    plan = make_plan(world)
    every_kind = kinds(world, plan)
    seen: dict[str, int] = {}
    for pair in range(PAIRS):
        kind = every_kind[pair % len(every_kind)]
        before = kind.stored()
        values = (str(100 + 2 * pair), str(101 + 2 * pair))
        outcomes = save_at_once(kind, values)

        conflicts = [o for o in outcomes if isinstance(o, ConcurrentEditError)]
        saved = [index for index, o in enumerate(outcomes) if not isinstance(o, Exception)]
        assert len(saved) == 1 and len(conflicts) == 1, (kind.name, pair, outcomes)

        # The winner's value is stored; the loser's is not, and they are shown what is.
        stored = kind.stored()
        assert stored != before, (kind.name, pair)
        assert stored == kind.convert(values[saved[0]]), (kind.name, pair, stored)
        current = conflicts[0].current
        shown = current.count if isinstance(current, Realisation) else getattr(current, kind.field)
        assert shown == stored, (kind.name, pair, shown)
        seen[kind.name] = seen.get(kind.name, 0) + 1

    # Every kind was raced several times.
    assert sorted(seen) == sorted(kind.name for kind in every_kind)
    assert sum(seen.values()) == PAIRS
    # Each winning save raised the revision by exactly one: no save went through twice.
    plan.refresh_from_db()
    assert plan.revision == 1 + seen["plan title"]
