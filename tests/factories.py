"""The test data builders (factory_boy), one per model the tests build: a region, programme,
indicator, plan with its reporting periods, line, project, target, user and role, and a
report schedule.

Every unique field takes a sequence, so a test's objects never collide with the demo data
that is loaded in every test database (tests/conftest.py) nor with each other. Give a value
explicitly where the test asserts on it (`PlanFactory(title="Proefplan")`).
"""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from programmes.models import ActionPlan, Indicator, PlanLine, Programme, Project, Target
from programmes.services import periods_sync
from regions.models import Region, RoleAssignment
from reporting.models import ReportSchedule

PASSWORD = "demo"


class RegionFactory(factory.django.DjangoModelFactory):
    """A region; one the demo has by that name (they are real) is the demo's own."""

    class Meta:
        model = Region
        django_get_or_create = ("name",)

    code = factory.Sequence(lambda n: f"T{n % 1000:03d}")  # CBS codes are AM01 … AM35
    name = factory.Sequence(lambda n: f"Proefregio {n}")
    slug = factory.LazyAttribute(lambda region: slugify(region.name))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"proef-{n}")
    name = factory.LazyAttribute(lambda programme: f"Programma {programme.code}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A flow of matches unless told otherwise; one per code."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"proef-indicator-{n}")
    name = "Matches"
    kind = Indicator.Kind.MATCHES


class PlanFactory(factory.django.DjangoModelFactory):
    """A concept plan of 2019 with its reporting periods (made by the service, as a plan
    saved through the pages gets them); `periods=False` leaves them out."""

    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    title = "Proefplan"
    start_date = date(2019, 1, 1)
    end_date = date(2019, 12, 31)

    @factory.post_generation
    def periods(plan, create, extracted, **kwargs):
        if create and extracted is not False:
            periods_sync(plan=plan)


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanLine

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Lijn {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    line = factory.SubFactory(LineFactory)
    title = factory.Sequence(lambda n: f"Project {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    """A target over the whole plan period; of the project's line when given a project."""

    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    project = None
    line = factory.LazyAttribute(lambda target: target.project.line if target.project else None)
    indicator = factory.SubFactory(IndicatorFactory)
    sector = ""
    value = 10
    start_date = factory.LazyAttribute(lambda target: target.plan.start_date)
    end_date = factory.LazyAttribute(lambda target: target.plan.end_date)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with PASSWORD; `role=(region, role)` gives them that role there.
    (No get-or-create: a name the demo has already is an error, not the demo's user.)"""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nl")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            region, role = extracted
            RoleAssignment.objects.create(user=user, region=region, role=role)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RoleAssignment.Role.PROGRAMMAMANAGER


class ReportedPlanFactory(PlanFactory):
    """The report tests' plan: quarterly over 2024, one line with one project and on it one
    target of 100 matches, the target its reports take realisations from."""

    start_date = date(2024, 1, 1)
    end_date = date(2024, 12, 31)
    period_length = ActionPlan.PeriodLength.KWARTAAL

    @factory.post_generation
    def target(plan, create, extracted, **kwargs):
        if create:
            project = ProjectFactory(line=LineFactory(plan=plan, title="Lijn"), title="Project")
            matches = IndicatorFactory(code="proef-matches", name="matches")
            TargetFactory(plan=plan, project=project, indicator=matches, value=100)


class DashboardPlanFactory(PlanFactory):
    """The dashboard and overview tests' plan: adopted, in the programme "proef"."""

    programme = factory.SubFactory(ProgrammeFactory, code="proef")
    status = ActionPlan.Status.VASTGESTELD


class ReportScheduleFactory(factory.django.DjangoModelFactory):
    """A quarterly progress report to the board, for the report tests' plan unless given one."""

    class Meta:
        model = ReportSchedule

    plan = factory.SubFactory(ReportedPlanFactory)
    kind = "voortgang"
    frequency = ReportSchedule.Frequency.KWARTAAL
    audience = ReportSchedule.Audience.BESTUUR
    contact_role = "secretaris Werkkamer"


def approved_expenditure(**fields):
    """A spending entry that counts: approved, as the four-eyes rule demands before any entry
    is spent (who approved it does not matter to the figures)."""
    from django.utils import timezone

    from budgets.models import Decision, Expenditure

    return Expenditure.objects.create(
        status=Decision.GOEDGEKEURD, decided_at=timezone.now(), **fields
    )
