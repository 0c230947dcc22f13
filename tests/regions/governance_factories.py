"""Builders for the governance network: bodies, meetings and proposals (factory_boy), and
agenda items and decisions made through the services, as the meeting page makes them (so
that a proposal's status moves as it does in the product). Other test modules may reuse
them. Unique fields take sequences, so they never collide with the demo data. `undecided`
takes the demo's decision on proposal 17.0001962 back out, for a test that needs it open."""

from datetime import date

import factory

from budgets.models import BudgetChange
from regions import services
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Proposal,
    Region,
)
from tests.factories import PlanFactory


def demo_region(slug: str = "gooi-en-vechtstreek") -> Region:
    return Region.objects.get(slug=slug)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoverningBody

    region = factory.LazyFunction(demo_region)
    name = factory.Sequence(lambda n: f"Proefoverleg {n}")
    kind = GoverningBody.Kind.WERKKAMER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: date(2030, 1, 1).replace(day=1 + n % 28))
    location = "Hilversum"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    body = factory.SubFactory(BodyFactory)
    reference = factory.Sequence(lambda n: f"PROEF-{n:05d}")
    date = date(2030, 1, 1)
    subject = factory.Sequence(lambda n: f"Proefvoorstel {n}")
    decision_points = "1. In te stemmen met het voorstel."


def region_plan(region=None, status=None, **fields):
    """A plan of the region (concept unless `status`), set straight in the database: the
    test is about the meeting, not the plan's own workflow."""
    plan = PlanFactory(region=region or demo_region(), periods=False, **fields)
    if status:
        type(plan).objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
    return plan


def budget_change(plan, reason="Geld van lijn 1 naar lijn 2") -> BudgetChange:
    return BudgetChange.objects.create(plan=plan, reason=reason)


def agenda_item(meeting, **fields) -> AgendaItem:
    fields.setdefault("title", "" if fields.get("proposal") else "Proefagendapunt")
    item = AgendaItem(meeting=meeting, **fields)
    return services.agenda_item_save(item=item, expected_revision=None)


def decision(meeting, *, outcome=Decision.Outcome.AANGENOMEN, text="Besloten.", **fields):
    return services.decision_record(
        decision=Decision(meeting=meeting, outcome=outcome, text=text, **fields)
    )


def undecided(proposal: Proposal) -> Proposal:
    """The proposal as it was on 8 February 2017: a concept on no agenda. Returns it, read again.

    The demo replays the Werkkamer's decision on 17.0001962 (on the agenda of 16 March 2017,
    aangenomen, with action items), and a decided proposal is read-only. A test that acts on it
    while it is open (its form, its cost lines, putting it on an agenda and deciding it) replays
    that itself, so it first takes the demo's decision back out, straight in the database (no
    service undoes a decision). The database protects a decision from deletion by its action
    items, and an agenda item by its decision: so in that order. The demo's meetings stay. Tests
    run in a rolled-back transaction (the browser tests in a transactional one whose tables are
    emptied afterwards), so the next test has the demo's decision again."""
    decisions = Decision.objects.filter(proposal=proposal)
    ActionItem.objects.filter(decision__in=decisions).delete()
    items = list(AgendaItem.objects.filter(proposal=proposal).values_list("pk", flat=True))
    decisions.delete()
    AgendaItem.objects.filter(pk__in=items).delete()
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.CONCEPT)
    proposal.refresh_from_db()
    return proposal
