"""One synthetic region with everything under it, made in one transaction: its users and
organisations; per programme per year an adopted plan (afgesloten for past years, vastgesteld
for this one) with monthly or quarterly periods, lines, projects, targets per project and per
line, realisations for every period that has ended, budget lines, fundings, approved spending,
a report schedule and its archived reports.

Rows are made in bulk, not through the services: bulk_create where later rows need the ids,
insert_rows (COPY on PostgreSQL) for the big tables. No simple_history rows are written for
them: no page at scale reads a synthetic object's history (the plan's history tab shows
"no changes" for these), and writing them would double the load.

Figures are plausible and varied by a seeded random generator per region: small counts per
period, about half the targets on course, a quarter at risk and a quarter behind, spending
mostly on time with some lagging, so every page shows every status."""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from budgets.models import BudgetLine, Decision, Expenditure, Funding
from placements.models import Realisation
from programmes.models import (
    ActionPlan,
    Activity,
    Indicator,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    ReportingPeriod,
    Risk,
    Target,
    TargetLineage,
)
from programmes.periods import calendar_periods
from regions.models import Organisation, Region, RoleAssignment
from reporting.models import Report, ReportKind, ReportSchedule

from . import shape
from .figures import report_figures
from .governance import build_governance
from .writer import insert_rows

Status = ActionPlan.Status
CLOSED_AFTER = timedelta(weeks=6)  # a period is closed this long after it ends
REPORTED_AFTER = timedelta(days=5)  # counts are delivered this long after a period ends


def _moment(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock on `day`, Dutch time."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    return start, (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)


def _fraction(day: date, start: date, end: date) -> float:
    """How much of (start, end) has passed at the end of `day`: what "expected to date" grows
    by (pro rata, as placements.progress reckons without prognoses)."""
    total = (end - start).days + 1
    return min(max(((day - start).days + 1) / total, 0.0), 1.0)


def _performance(rng: random.Random) -> float:
    """Realised ÷ expected for one target: half on course, a quarter at risk, a quarter
    behind (programmes' thresholds 90 % and 70 %)."""
    draw = rng.random()
    if draw < 0.5:
        return rng.uniform(0.93, 1.15)
    if draw < 0.75:
        return rng.uniform(0.74, 0.87)
    return rng.uniform(0.35, 0.65)


@dataclass
class RegionData:
    """What a region's build needs from the reference data, read once per run."""

    programmes: dict[str, Programme]
    indicators: dict[str, Indicator]
    today: date


def reference(today: date) -> RegionData:
    codes = {code for kinds in shape.PROGRAMME_TARGETS.values() for code, _sector in kinds}
    return RegionData(
        programmes=Programme.objects.in_bulk(list(shape.PROGRAMME_TARGETS), field_name="code"),
        indicators=Indicator.objects.in_bulk(list(codes), field_name="code"),
        today=today,
    )


class RegionBuilder:
    def __init__(self, number: int, params: shape.Parameters, data: RegionData):
        self.number = number
        self.params = params
        self.data = data
        self.today = data.today
        self.rng = random.Random(params.seed * 1000 + number)
        self.tally: Counter = Counter()

    def _bulk(self, model: type[models.Model], objects: list) -> list:
        created = model._default_manager.bulk_create(objects, batch_size=2000)
        self.tally[model] += len(created)
        return created

    def _insert(self, model: type[models.Model], fields: list[str], rows) -> None:
        self.tally[model] += insert_rows(model, fields, rows)

    # The steps, in the order the foreign keys need them.

    def build(self) -> Counter:
        self._region()
        self._users()
        self._organisations()
        self._plans()
        self._periods()
        self._lines_and_projects()
        self._targets()
        self._realisations()
        self._activities_and_risks()
        self._budgets()
        self._spending()
        self._reports()
        build_governance(self)
        return self.tally

    def _region(self) -> None:
        n = self.number
        self.region = self._bulk(
            Region,
            [
                Region(
                    code=shape.region_code(n),
                    name=shape.region_name(n),
                    slug=shape.region_slug(n),
                    synthetic=True,
                )
            ],
        )[0]

    def _users(self) -> None:
        user_model = get_user_model()
        users = [
            user_model(
                username=shape.username(self.number, role),
                first_name=f"{label} {self.region.name}",
                password=make_password(None),  # unusable: sign in with force_login
            )
            for role, label in shape.ROLES
        ]
        self._bulk(user_model, users)
        self.users = dict(zip((role for role, _label in shape.ROLES), users, strict=True))
        self._bulk(
            RoleAssignment,
            [
                RoleAssignment(user=user, region=self.region, role=role)
                for role, user in self.users.items()
            ],
        )
        self.manager = self.users[RoleAssignment.Role.PROGRAMMAMANAGER]
        self.treasurer = self.users[RoleAssignment.Role.PENNINGMEESTER]
        self.secretary = self.users[RoleAssignment.Role.SECRETARIS]

    def _organisations(self) -> None:
        name = self.region.name
        Kind = Organisation.Kind
        self.organisations = self._bulk(
            Organisation,
            [
                Organisation(
                    name=f"Centrumgemeente {name}", kind=Kind.GEMEENTE, region=self.region
                ),
                Organisation(name=f"UWV {name}", kind=Kind.UWV, region=self.region),
                Organisation(
                    name=f"Werkgeversservicepunt {name}", kind=Kind.WSP, region=self.region
                ),
            ],
        )

    def _plans(self) -> None:
        plans = []
        for year in self.params.year_range(self.today):
            start, end = date(year, 1, 1), date(year, 12, 31)
            running = end >= self.today
            for code, programme in self.data.programmes.items():
                status = Status.VASTGESTELD if running else Status.AFGESLOTEN
                changed = start - timedelta(days=14) if running else end + timedelta(days=31)
                plan = ActionPlan(
                    region=self.region,
                    programme=programme,
                    title=f"Synthetisch actieplan {programme.name} {year} – {self.region.name}",
                    status=status,
                    start_date=start,
                    end_date=end,
                    period_length=self.params.periods,
                    summary="Gegenereerd voor metingen op landelijke schaal (generate_scale_data).",
                    source="generate_scale_data",
                    status_changed_at=_moment(changed),
                    status_changed_by=self.manager,
                )
                plan.programme_code = code
                plans.append(plan)
        self.plans = self._bulk(ActionPlan, plans)

    def _periods(self) -> None:
        periods = []
        for plan in self.plans:
            for code, span in calendar_periods(plan.start_date, plan.end_date, plan.period_length):
                closed = span.end + CLOSED_AFTER < self.today
                periods.append(
                    ReportingPeriod(
                        plan=plan,
                        code=code,
                        start_date=span.start,
                        end_date=span.end,
                        closed_at=_moment(span.end + CLOSED_AFTER) if closed else None,
                        closed_by=self.manager if closed else None,
                    )
                )
        self._bulk(ReportingPeriod, periods)
        self.periods: dict[int, list[ReportingPeriod]] = {}
        for period in periods:
            self.periods.setdefault(period.plan_id, []).append(period)

    def _lines_and_projects(self) -> None:
        lines = [
            PlanLine(
                plan=plan,
                position=position,
                title=f"Lijn {position}",
                description="Synthetische lijn.",
                accountable_organisation=self.organisations[position % 3],
                partners="UWV / Gemeenten",
            )
            for plan in self.plans
            for position in range(1, self.params.lines + 1)
        ]
        self.lines = self._bulk(PlanLine, lines)
        projects = [
            Project(
                line=line,
                position=position,
                title=f"Project {line.position}.{position}",
                accountable_organisation=self.organisations[(line.position + position) % 3],
                contact_role="projectleider",
            )
            for line in self.lines
            for position in range(1, self.params.projects + 1)
        ]
        self.projects = self._bulk(Project, projects)

    def _targets(self) -> None:
        """Per project a target for each of the first `targets` kinds of its programme, and
        per line the same kinds stated as the sum of its projects'. Realisations are recorded
        on the projects' targets only; the line's and plan's roll-ups add them up."""
        lines_of: dict[int, list[PlanLine]] = {}
        for line in self.lines:
            lines_of.setdefault(line.plan_id, []).append(line)
        projects_of: dict[int, list[Project]] = {}
        for project in self.projects:
            projects_of.setdefault(project.line_id, []).append(project)

        targets: list[Target] = []
        self.performance: dict[int, float] = {}  # by index in `targets`, project targets only
        for plan in self.plans:
            kinds = shape.PROGRAMME_TARGETS[plan.programme_code][: self.params.targets]
            for line in lines_of[plan.pk]:
                sums = Counter()
                for project in projects_of[line.pk]:
                    for code, sector in kinds:
                        stock = code == "banen"
                        value = self.rng.randint(10, 60) if stock else self.rng.randint(12, 120)
                        sums[code, sector] += value
                        self.performance[len(targets)] = _performance(self.rng)
                        targets.append(self._target(plan, line, project, code, sector, value))
                for (code, sector), value in sums.items():
                    targets.append(self._target(plan, line, None, code, sector, value))

        lineages = self._bulk(TargetLineage, [TargetLineage() for _target in targets])
        for target, lineage in zip(targets, lineages, strict=True):
            target.lineage = lineage
        self.targets = self._bulk(Target, targets)
        self._prognoses()

    def _prognoses(self) -> None:
        """A line's flow targets are planned per quarter (prognoses adding up to the target),
        as the worked examples plan theirs; a stock's and the projects' grow pro rata."""
        prognoses = []
        for target in self.targets:
            if target.project_id is not None or target.indicator.is_stock:
                continue
            year, left = target.start_date.year, target.value
            for quarter in range(1, 5):
                start, end = _quarter(year, quarter)
                value = left if quarter == 4 else round(target.value * self.rng.uniform(0.2, 0.3))
                value = min(value, left)
                left -= value
                prognoses.append(
                    Prognosis(
                        target=target,
                        label=f"{year}-K{quarter}",
                        start_date=start,
                        end_date=end,
                        value=value,
                    )
                )
        self._bulk(Prognosis, prognoses)

    def _target(self, plan, line, project, code, sector, value) -> Target:
        return Target(
            plan=plan,
            line=line,
            project=project,
            indicator=self.data.indicators[code],
            sector=sector,
            value=value,
            start_date=plan.start_date,
            end_date=plan.end_date,
        )

    def _realisations(self) -> None:
        fields = [
            "target_id",
            "period_id",
            "count",
            "sector",
            "target_group",
            "source",
            "recorded_by_id",
            "recorded_at",
            "updated_at",
        ]
        self._insert(Realisation, fields, self._realisation_rows())

    def _realisation_rows(self):
        rng, manager_id = self.rng, self.manager.pk
        sources = shape.SOURCES[: self.params.sources]
        for index, performance in self.performance.items():
            target = self.targets[index]
            indicator = target.indicator
            stock = indicator.is_stock
            # Expected to date grows from the nulmeting for a stock, from the start for a flow.
            grows_from = indicator.baseline_date if stock else target.start_date
            done = 0  # the count so far (a flow's running total, a stock's last level)
            for period in self.periods[target.plan_id]:
                if period.end_date >= self.today:
                    break
                share = _fraction(period.end_date, grows_from, target.end_date)
                level = round(target.value * performance * share * rng.uniform(0.9, 1.1))
                level = max(level, done)  # a running total and a level never fall
                moment = _moment(period.end_date + REPORTED_AFTER)
                if stock:
                    counts = [(shape.STOCK_SOURCE, level)]
                else:
                    counts = self._split(level - done, sources)
                done = level
                for source, count in counts:
                    yield (
                        target.pk,
                        period.pk,
                        count,
                        target.sector,
                        "",
                        source,
                        manager_id,
                        moment,
                        moment,
                    )

    def _split(self, count: int, sources: list[str]) -> list[tuple[str, int]]:
        """A period's count shared by the sources that deliver it, the first the most."""
        parts, left = [], count
        for position, source in enumerate(sources):
            if position == len(sources) - 1:
                part = left
            else:
                part = round(left * self.rng.uniform(0.5, 0.7))
            parts.append((source, part))
            left -= part
        return parts

    def _activities_and_risks(self) -> None:
        activities, risks = [], []
        statuses = [Activity.Status.GEPLAND, Activity.Status.BEZIG, Activity.Status.GEREED]
        for plan in self.plans:
            running = plan.status == Status.VASTGESTELD
            for position in range(1, self.params.lines + 1):
                due = date(plan.start_date.year, min(3 * position, 12), 28)
                status = self.rng.choice(statuses) if running else Activity.Status.GEREED
                activities.append(
                    Activity(
                        plan=plan,
                        description=f"Synthetische activiteit {position}",
                        owner_role="programmamanager",
                        due=f"{due:%m-%Y}",
                        due_date=due,
                        status=status,
                    )
                )
            for level in (Risk.Level.MIDDEN, Risk.Level.HOOG):
                risks.append(
                    Risk(
                        plan=plan,
                        description=f"Synthetisch risico ({level.label})",
                        likelihood=level,
                        impact=Risk.Level.MIDDEN,
                        mitigation="Maandelijks bespreken in de werkgroep.",
                        owner_role="programmamanager",
                    )
                )
        self._bulk(Activity, activities)
        self._bulk(Risk, risks)

    def _budgets(self) -> None:
        """Per plan a staff line for the plan itself and `budget_lines` project-cost lines per
        line; a fixed co-financing and an own contribution as a percentage."""
        budget_lines, fundings = [], []
        for plan in self.plans:
            year = plan.start_date.year
            budget_lines.append(
                BudgetLine(
                    plan=plan,
                    year=year,
                    category=BudgetLine.Category.PERSONEEL,
                    description="Programmamanagement",
                    amount=Decimal(self.rng.randrange(60, 150)) * 1000,
                )
            )
            for line in (line for line in self.lines if line.plan_id == plan.pk):
                for number in range(1, self.params.budget_lines + 1):
                    budget_lines.append(
                        BudgetLine(
                            plan=plan,
                            line=line,
                            year=year,
                            category=BudgetLine.Category.PROJECTKOSTEN,
                            description=f"Projectkosten {line.title} ({number})",
                            amount=Decimal(self.rng.randrange(20, 250)) * 1000,
                        )
                    )
            fundings.append(
                Funding(
                    plan=plan,
                    organisation=self.organisations[0],
                    kind=Funding.Kind.COFINANCIERING,
                    amount=Decimal(self.rng.randrange(10, 80)) * 1000,
                    description="Cofinanciering centrumgemeente",
                )
            )
            fundings.append(
                Funding(
                    plan=plan,
                    organisation=self.organisations[1],
                    kind=Funding.Kind.EIGEN_BIJDRAGE,
                    percentage=Decimal(self.rng.choice([10, 15, 20, 25])),
                    description="Eigen bijdrage partners",
                )
            )
        self.budget_lines = self._bulk(BudgetLine, budget_lines)
        self._bulk(Funding, fundings)

    def _spending(self) -> None:
        fields = [
            "budget_line_id",
            "date",
            "amount",
            "description",
            "reference",
            "counterparty",
            "receipt",
            "receipt_name",
            "correction_reason",
            "status",
            "recorded_by_id",
            "recorded_at",
            "decided_by_id",
            "decided_at",
            "rejection_reason",
            "revision",
        ]
        self._insert(Expenditure, fields, self._spending_rows())

    def _spending_rows(self):
        """One entry per month that has ended on each budget line, approved by the
        penningmeester (recorded by the programmamanager: vier ogen), the last month's
        partly still waiting. About a third of the lines spend behind their time."""
        rng = self.rng
        counterparty = self.organisations[2].name
        last_month = (self.today.replace(day=1) - timedelta(days=1)).replace(day=1)
        for budget_line in self.budget_lines:
            pace = rng.uniform(0.85, 1.02) if rng.random() < 0.65 else rng.uniform(0.35, 0.6)
            monthly = budget_line.amount / 12
            for month in range(1, 13):
                day = date(budget_line.year, month, 20)
                if day.replace(day=1) > last_month:
                    break
                amount = (monthly * Decimal(pace * rng.uniform(0.8, 1.2))).quantize(Decimal("0.01"))
                waiting = day.replace(day=1) == last_month and rng.random() < 0.3
                yield (
                    budget_line.pk,
                    day,
                    max(amount, Decimal("0.01")),
                    f"Synthetische uitgave {month:02d}-{budget_line.year}",
                    f"SYN-{budget_line.pk}-{month:02d}",
                    counterparty,
                    "",
                    "",
                    "",
                    Decision.INGEDIEND if waiting else Decision.GOEDGEKEURD,
                    self.manager.pk,
                    _moment(day + timedelta(days=2)),
                    None if waiting else self.treasurer.pk,
                    None if waiting else _moment(day + timedelta(days=5)),
                    "",
                    1,
                )

    def _reports(self) -> None:
        """Per plan a quarterly progress report for the board (active while the plan runs)
        and a report in the archive for every quarter that has ended, all pointing to the one
        shared PDF (demo.scale.figures.report_file)."""
        schedules = self._bulk(
            ReportSchedule,
            [
                ReportSchedule(
                    plan=plan,
                    kind=ReportKind.VOORTGANG,
                    frequency=ReportSchedule.Frequency.KWARTAAL,
                    audience=ReportSchedule.Audience.BESTUUR,
                    is_active=plan.status == Status.VASTGESTELD,
                    contact_role="programmamanager",
                )
                for plan in self.plans
            ],
        )
        fields = [
            "plan_id",
            "schedule_id",
            "kind",
            "kenmerk",
            "contact_role",
            "start_date",
            "end_date",
            "status",
            "requested_by_id",
            "requested_at",
            "started_at",
            "generated_at",
            "attempts",
            "task_id",
            "figures",
            "file",
            "error",
        ]
        self._insert(Report, fields, self._report_rows(schedules))

    def _report_rows(self, schedules):
        for plan, schedule in zip(self.plans, schedules, strict=True):
            for quarter in range(1, 5):
                start, end = _quarter(plan.start_date.year, quarter)
                if end + timedelta(days=3) >= self.today:
                    break
                requested = _moment(end + timedelta(days=3), hour=7)
                yield (
                    plan.pk,
                    schedule.pk,
                    ReportKind.VOORTGANG,
                    f"{self.region.code}-{plan.pk}-{start.year}-K{quarter}",
                    "programmamanager",
                    start,
                    end,
                    Report.Status.KLAAR,
                    self.secretary.pk,
                    requested,
                    requested + timedelta(minutes=1),
                    requested + timedelta(minutes=2),
                    1,
                    "",
                    report_figures(plan=plan, region=self.region, start=start, end=end),
                    shape.REPORT_FILE,
                    "",
                )
