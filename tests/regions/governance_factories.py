"""Builders for the governance network: bodies, meetings and proposals (factory_boy), and
agenda items and decisions made through the services, as the meeting page makes them (so
that a proposal's status moves as it does in the product). Other test modules may reuse
them. Unique fields take sequences, so they never collide with the demo data."""

from datetime import date

import factory

from budgets.models import BudgetChange
from regions import services
from regions.models import AgendaItem, Decision, GoverningBody, Meeting, Proposal, Region
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
