"""The database itself refuses impossible values: these tests bypass forms and full_clean()
and write straight through the ORM, so only the CHECK constraints stand in the way."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budgets.models import BudgetLine, Expenditure, Funding, StaffCost
from placements.models import Correction, Realisation
from programmes.models import (
    ActionPlan,
    KeyFigure,
    Programme,
    Project,
    ReportingPeriod,
    Target,
)
from regions.models import GoverningBody, Membership
from tests.factories import (
    IndicatorFactory,
    LineFactory,
    PlanFactory,
    RegionFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

JAN_1 = date(2024, 1, 1)
DEC_31 = date(2024, 12, 31)
# A plan of 2024 without reporting periods: the tests write the rows they need themselves.
PLAN_2024 = {"periods": False, "start_date": JAN_1, "end_date": DEC_31}


def refused(constraint):
    """The write fails with an IntegrityError naming this constraint (SQLite and PostgreSQL
    both put the name in the message), so a refusal for some other reason does not count."""
    return pytest.raises(IntegrityError, match=constraint)


# --- minimal objects -------------------------------------------------------------------------


def make_budget_line(plan, amount=Decimal("1000.00")):
    return BudgetLine.objects.create(plan=plan, year=2024, amount=amount)


def make_funding(plan, **kwargs):
    return Funding.objects.create(plan=plan, kind=Funding.Kind.COFINANCIERING, **kwargs)


def make_body():
    return GoverningBody.objects.create(
        region=RegionFactory(), name="Werkkamer", kind=GoverningBody.Kind.WERKKAMER
    )


# --- budgets -------------------------------------------------------------------------------


def test_budget_line_amount_not_negative():
    plan = PlanFactory(**PLAN_2024)
    make_budget_line(plan, amount=Decimal("0.00"))
    with refused("budget_line_not_negative"), transaction.atomic():
        make_budget_line(plan, amount=Decimal("-0.01"))


def test_expenditure_positive_unless_a_counter_entry():
    line = make_budget_line(PlanFactory(**PLAN_2024))
    entry = Expenditure.objects.create(
        budget_line=line, date=JAN_1, amount=Decimal("0.01"), description="een cent"
    )
    # Both constraints refuse it; the databases name whichever they check first.
    with refused("expenditure_(not_zero|negative_only_as_correction)"), transaction.atomic():
        Expenditure.objects.create(budget_line=line, date=JAN_1, amount=0, description="nul")
    with refused("expenditure_not_zero"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line,
            date=JAN_1,
            amount=0,
            description="nul",
            corrects=entry,
            correction_reason="niets",
        )
    with refused("expenditure_negative_only_as_correction"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line, date=JAN_1, amount=Decimal("-1.00"), description="min"
        )
    with refused("expenditure_correction_has_reason"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line,
            date=JAN_1,
            amount=Decimal("-0.01"),
            description="terug",
            corrects=entry,
        )
    Expenditure.objects.create(
        budget_line=line,
        date=JAN_1,
        amount=Decimal("-0.01"),
        description="terug",
        corrects=entry,
        correction_reason="dubbel geboekt",
    )


def test_expenditure_never_decided_by_its_recorder():
    from django.utils import timezone

    from budgets.models import Decision
    from tests.factories import UserFactory

    line = make_budget_line(PlanFactory(**PLAN_2024))
    recorder = UserFactory()
    with refused("expenditure_not_decided_by_recorder"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line,
            date=JAN_1,
            amount=1,
            description="eigen goedkeuring",
            recorded_by=recorder,
            decided_by=recorder,
            status=Decision.GOEDGEKEURD,
            decided_at=timezone.now(),
        )
    with refused("expenditure_decided_when_decided"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line, date=JAN_1, amount=1, description="x", status=Decision.GOEDGEKEURD
        )
    with refused("expenditure_rejection_has_reason"), transaction.atomic():
        Expenditure.objects.create(
            budget_line=line,
            date=JAN_1,
            amount=1,
            description="x",
            status=Decision.AFGEKEURD,
            decided_at=timezone.now(),
        )


@pytest.mark.parametrize("percentage", ["0", "100", "12.50"])
def test_funding_percentage_within_0_100_accepted(percentage):
    funding = make_funding(PlanFactory(**PLAN_2024), percentage=Decimal(percentage))
    funding.refresh_from_db()
    assert funding.percentage == Decimal(percentage)


@pytest.mark.parametrize("percentage", ["101", "100.01", "-1", "-0.01"])
def test_funding_percentage_outside_0_100_refused(percentage):
    plan = PlanFactory(**PLAN_2024)
    with refused("funding_percentage_0_100"), transaction.atomic():
        make_funding(plan, percentage=Decimal(percentage))


def test_funding_amount_or_percentage_not_both():
    plan = PlanFactory(**PLAN_2024)
    make_funding(plan, amount=Decimal("500.00"))
    with refused("funding_amount_or_percentage"), transaction.atomic():
        make_funding(plan, amount=Decimal("500.00"), percentage=Decimal("50"))


def test_funding_without_amount_or_percentage_is_not_quantified():
    """Regular funds of partners, in kind: the documents name them without a figure."""
    funding = make_funding(PlanFactory(**PLAN_2024))
    assert funding.amount is None and funding.percentage is None
    assert not funding.is_quantified


def test_funding_amount_not_negative():
    plan = PlanFactory(**PLAN_2024)
    with refused("funding_amount_not_negative"), transaction.atomic():
        make_funding(plan, amount=Decimal("-1.00"))


def test_staff_cost_belongs_to_plan_or_proposal():
    plan = PlanFactory(**PLAN_2024)
    cost = StaffCost.objects.create(
        plan=plan,
        role_title="projectleider",
        hours_per_week=Decimal("16"),
        weeks=Decimal("40"),
        hourly_rate=Decimal("95.50"),
    )
    cost.refresh_from_db()
    assert cost.amount == Decimal("61120.00")  # generated by the database
    with refused("staff_cost_belongs_somewhere"), transaction.atomic():
        StaffCost.objects.create(role_title="projectleider")


# --- programmes ----------------------------------------------------------------------------


def test_action_plan_end_not_before_start():
    PlanFactory(periods=False, start_date=JAN_1, end_date=JAN_1)  # a one-day plan is fine
    with refused("plan_end_not_before_start"), transaction.atomic():
        PlanFactory(periods=False, start_date=DEC_31, end_date=JAN_1)


def test_action_plan_end_before_start_refused_on_update():
    plan = PlanFactory(**PLAN_2024)
    with refused("plan_end_not_before_start"), transaction.atomic():
        ActionPlan.objects.filter(pk=plan.pk).update(end_date=date(2023, 12, 31))


def test_target_end_not_before_start():
    plan = PlanFactory(**PLAN_2024)
    TargetFactory(plan=plan)
    with refused("target_end_not_before_start"), transaction.atomic():
        Target.objects.create(
            plan=plan,
            indicator=IndicatorFactory(),
            value=5,
            start_date=DEC_31,
            end_date=JAN_1,
        )


def test_target_value_not_negative():
    target = TargetFactory(plan=PlanFactory(**PLAN_2024))
    assert Target.objects.filter(pk=target.pk).update(value=0) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(value=-1)
    target.refresh_from_db()
    assert target.value == 0


def test_target_with_project_needs_line():
    plan = PlanFactory(**PLAN_2024)
    line = LineFactory(plan=plan)
    project = Project.objects.create(line=line, title="Project")
    TargetFactory(plan=plan, line=line, project=project)
    with refused("target_project_has_line"), transaction.atomic():
        Target.objects.create(
            plan=plan,
            project=project,
            indicator=IndicatorFactory(),
            value=5,
            start_date=JAN_1,
            end_date=DEC_31,
        )


def test_key_figure_percentage_at_most_100():
    region = RegionFactory()
    KeyFigure.objects.create(region=region, label="Gerealiseerd", value=100, unit="procent")
    # An amount is not a percentage: more than 100 is fine there.
    KeyFigure.objects.create(region=region, label="Wachtlijst Wsw", value=476, unit="aantal")
    with refused("key_figure_percentage_at_most_100"), transaction.atomic():
        KeyFigure.objects.create(region=region, label="Te veel", value=101, unit="procent")


# --- placements ----------------------------------------------------------------------------


def make_period(plan):
    return ReportingPeriod.objects.create(
        plan=plan, code="2024-K1", start_date=JAN_1, end_date=date(2024, 3, 31)
    )


def test_period_end_not_before_start():
    plan = PlanFactory(**PLAN_2024)
    with refused("period_end_not_before_start"), transaction.atomic():
        ReportingPeriod.objects.create(plan=plan, code="x", start_date=DEC_31, end_date=JAN_1)


def test_one_realisation_per_target_period_breakdown_and_source():
    target = TargetFactory(plan=PlanFactory(**PLAN_2024))
    period = make_period(target.plan)
    Realisation.objects.create(target=target, period=period, count=3, source="UWV")
    Realisation.objects.create(target=target, period=period, count=2, source="WSP")
    # SQLite names the columns of a unique index, PostgreSQL the constraint.
    unique = "realisation_unique_per_breakdown_and_source|placements_realisation.source"
    with refused(unique), transaction.atomic():
        Realisation.objects.create(target=target, period=period, count=3, source="UWV")


def test_realisation_not_negative():
    target = TargetFactory(plan=PlanFactory(**PLAN_2024))
    # PositiveIntegerField adds a check of its own on SQLite; either refusal counts.
    with refused("realisation_not_negative|count"), transaction.atomic():
        Realisation.objects.create(target=target, period=make_period(target.plan), count=-1)


def test_a_correction_has_a_reason():
    target = TargetFactory(plan=PlanFactory(**PLAN_2024))
    realisation = Realisation.objects.create(
        target=target, period=make_period(target.plan), count=3
    )
    with refused("correction_has_reason"), transaction.atomic():
        Correction.objects.create(realisation=realisation, old_count=3, new_count=4, reason="")


def test_programme_thresholds_are_ordered():
    with refused("programme_thresholds_ordered"), transaction.atomic():
        Programme.objects.create(code="x", name="X", on_course_from=60, at_risk_from=80)


# --- regions -------------------------------------------------------------------------------


def test_membership_end_not_before_start():
    body = make_body()
    seat = {"body": body, "role_title": "wethouder", "seat_category": "overheid"}
    Membership.objects.create(**seat, start_date=JAN_1, end_date=DEC_31)
    Membership.objects.create(**seat, start_date=JAN_1)  # open-ended
    with refused("membership_end_not_before_start"), transaction.atomic():
        Membership.objects.create(**seat, start_date=DEC_31, end_date=JAN_1)
