"""The demo is built the way users build: on the reference data of load_reference_data, each
plan made as a concept and taken through its status steps by the programmes' services, its
counts recorded through placements' services."""

import pytest

from budgets.models import Decision, Expenditure
from demo.worked_examples import (
    dwsra,
    gooi_en_vechtstreek,
    haaglanden,
    midden_gelderland,
    zuid_kennemerland,
)
from placements.models import Realisation
from programmes.models import ActionPlan
from programmes.services import reference_data_load

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status


def test_the_demo_stands_on_the_reference_data(demo):
    assert not reference_data_load()


@pytest.mark.parametrize(
    ("title", "steps"),
    [
        (midden_gelderland.TITLE, [Status.CONCEPT, Status.TER_BESPREKING, Status.VASTGESTELD]),
        (haaglanden.TITLE, [Status.CONCEPT, Status.TER_BESPREKING, Status.VASTGESTELD]),
        (gooi_en_vechtstreek.PLAN_TITLE, [Status.CONCEPT]),
        (
            gooi_en_vechtstreek.PLAN_2016_TITLE,
            [Status.CONCEPT, Status.TER_BESPREKING, Status.VASTGESTELD, Status.AFGESLOTEN],
        ),
        (zuid_kennemerland.TITLE, [Status.CONCEPT, Status.TER_BESPREKING, Status.VASTGESTELD]),
        (dwsra.TITLE, [Status.CONCEPT, Status.TER_BESPREKING, Status.VASTGESTELD]),
    ],
)
def test_each_plan_took_its_status_steps(demo, title, steps):
    plan = ActionPlan.objects.get(title=title)
    history = plan.history.order_by("history_date", "history_id")
    assert list(history.values_list("status", flat=True)) == steps


def test_the_rmt_plan_keeps_its_documents_version(demo):
    assert (
        ActionPlan.objects.get(title=zuid_kennemerland.TITLE).version == zuid_kennemerland.VERSION
    )


def test_every_count_was_recorded_in_an_adopted_plan(demo):
    for realisation in Realisation.objects.select_related("target__plan"):
        first = realisation.history.order_by("history_date", "history_id").first()
        plan_then = (
            realisation.target.plan.history.filter(history_date__lte=first.history_date)
            .order_by("-history_date", "-history_id")
            .first()
        )
        assert plan_then.status == Status.VASTGESTELD


def test_every_spending_entry_was_recorded_and_decided_through_the_services(demo):
    """Its history starts with the entry as recorded (ingediend, by its recorder); a decided
    entry has a second record, by whoever decided it."""
    entries = Expenditure.objects.all()
    assert entries.count() == 40 + 64  # Midden-Gelderland's and the RMT's
    for entry in entries:
        history = list(
            entry.history.order_by("history_date", "history_id").values_list(
                "status", "history_user"
            )
        )
        assert history[0] == (Decision.INGEDIEND, entry.recorded_by_id)
        if entry.is_awaiting:
            assert len(history) == 1
        else:
            assert history[1:] == [(entry.status, entry.decided_by_id)]
