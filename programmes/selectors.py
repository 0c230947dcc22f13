"""Reads for programmes: plans a user may see, and the target roll-up through lines and
projects, computed in the database in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from regions.permissions import Action, limit_to_regions

from .choices import Sector
from .figures import Figure
from .history import HistoryEntry, entries_from_records
from .models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyFigure,
    NationalTarget,
    PlanLine,
    Programme,
    Project,
    ReportingPeriod,
    Risk,
    Target,
)


def plan_list_for(*, user: User) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.select_related("region", "programme")
    return limit_to_regions(plans, user, Action.VIEW).order_by(
        "region__name", "programme__name", "title", "-version"
    )


def plan_detail(*, pk: int) -> ActionPlan:
    """The plan with what its pages show of it: region, programme, who changed its status,
    the version before it and the one after it (plan_versions), in one query."""
    newer = ActionPlan.objects.filter(previous_version=OuterRef("pk"))
    return (
        ActionPlan.objects.select_related(
            "region", "programme", "status_changed_by", "previous_version"
        )
        .annotate(
            next_version_pk=Subquery(newer.values("pk")[:1]),
            next_version_number=Subquery(newer.values("version")[:1]),
        )
        .get(pk=pk)
    )


def plan_structure(*, plan: ActionPlan) -> list[PlanLine]:
    """Lines with their projects and the organisations accountable for them (two queries)."""
    projects = Project.objects.select_related("accountable_organisation").order_by("position", "pk")
    return list(
        plan.lines.select_related("accountable_organisation")
        .prefetch_related(Prefetch("projects", queryset=projects))
        .order_by("position", "pk")
    )


# A target's place in a roll-up: (indicator id, sector), "" for no sector.
Key = tuple[int, str]


def _key(indicator_id: int, sector: str | None) -> Key:
    return (indicator_id, sector or "")


@dataclass
class TargetRollup:
    """Targets of one plan, per (indicator, sector): stated and computed at each level."""

    indicators: dict[int, Indicator] = field(default_factory=dict)
    plan: dict[Key, Figure] = field(default_factory=dict)
    lines: dict[int, dict[Key, Figure]] = field(default_factory=lambda: defaultdict(dict))
    projects: dict[int, dict[Key, int]] = field(default_factory=lambda: defaultdict(dict))

    def rows[Value: (Figure, int)](
        self, figures: dict[Key, Value]
    ) -> list[tuple[Indicator, str, Value]]:
        """(indicator, sector, figure) rows for a template, ordered by indicator name."""
        return sorted(
            ((self.indicators[i], sector, figure) for (i, sector), figure in figures.items()),
            key=lambda row: (row[0].name, row[1]),
        )

    def _key_for(self, indicator_code: str, sector: str) -> Key | None:
        for indicator_id, indicator in self.indicators.items():
            if indicator.code == indicator_code:
                return _key(indicator_id, sector)
        return None

    def plan_figure(self, indicator_code: str, sector: str = "") -> Figure:
        key = self._key_for(indicator_code, sector)
        if key is None:
            return Figure(computed=None)
        return self.plan.get(key, Figure(computed=None))

    def line_figure(self, line_id: int, indicator_code: str, sector: str = "") -> Figure:
        key = self._key_for(indicator_code, sector)
        if key is None:
            return Figure(computed=None)
        return self.lines[line_id].get(key, Figure(computed=None))


def plan_target_rollup(*, plan: ActionPlan) -> TargetRollup:
    """A line's figure is its own stated target, else the sum of its projects'. The plan's
    computed figure is the sum of its lines' figures; its stated figure is compared with it.
    One query, whatever the number of lines, projects and targets: the database sums the
    targets per line, project, indicator and sector (each sum read with its indicator); those
    few sums are added up per line and for the plan here."""
    rollup = TargetRollup()
    sums = (
        Indicator.objects.filter(targets__plan=plan)
        .annotate(
            target_line=F("targets__line_id"),
            target_project=F("targets__project_id"),
            target_sector=F("targets__sector"),
        )
        .annotate(total=Sum("targets__value"))
        .order_by()
    )
    stated: dict[Key, int] = {}  # the plan's own targets
    line_stated: dict[int, dict[Key, int]] = defaultdict(dict)  # a line's own targets
    line_projects: dict[int, dict[Key, int]] = defaultdict(dict)  # a line's projects added up
    for indicator in sums:
        rollup.indicators.setdefault(indicator.pk, indicator)
        line_id, project_id = indicator.target_line, indicator.target_project
        total = indicator.total
        key = _key(indicator.pk, indicator.target_sector)
        if line_id is None:
            stated[key] = stated.get(key, 0) + total
        elif project_id is None:
            line_stated[line_id][key] = line_stated[line_id].get(key, 0) + total
        else:
            rollup.projects[project_id][key] = total
            line_projects[line_id][key] = line_projects[line_id].get(key, 0) + total

    # Per line: its own stated target beside the sum of its projects'. The plan counts a
    # line's own figure where it states one, else what its projects add up to.
    computed: dict[Key, int] = {}
    for line_id in line_stated.keys() | line_projects.keys():
        own, projects = line_stated.get(line_id, {}), line_projects.get(line_id, {})
        for key in own.keys() | projects.keys():
            figure = Figure(computed=projects.get(key), stated=own.get(key))
            rollup.lines[line_id][key] = figure
            computed[key] = computed.get(key, 0) + figure.value
    for key in stated.keys() | computed.keys():
        rollup.plan[key] = Figure(computed=computed.get(key), stated=stated.get(key))
    return rollup


@dataclass(frozen=True)
class SectorTargets:
    market: int | None
    government: int | None
    total: Figure


def plan_sector_targets(*, plan: ActionPlan, indicator_code: str = "banen") -> SectorTargets:
    """Banenafspraak: the plan's jobs target per sector, and its stated total against the sum
    of the sectors (one query)."""
    sums = Target.objects.filter(
        plan=plan, line__isnull=True, indicator__code=indicator_code
    ).aggregate(
        market=Sum("value", filter=Q(sector=Sector.MARKT)),
        government=Sum("value", filter=Q(sector=Sector.OVERHEID)),
        stated=Sum("value", filter=Q(sector="")),
        parts=Sum("value", filter=~Q(sector="")),
    )
    return SectorTargets(
        market=sums["market"],
        government=sums["government"],
        total=Figure(computed=sums["parts"], stated=sums["stated"]),
    )


def national_targets(
    *, programme_code: str = "banenafspraak"
) -> QuerySet[NationalTarget, Mapping[str, object]]:
    """The programme's national targets per year and sector, with the year total (one query)."""
    return (
        NationalTarget.objects.filter(programme__code=programme_code)
        .values("measured_on")
        .annotate(
            market=Sum("value", filter=Q(sector=Sector.MARKT)),
            government=Sum("value", filter=Q(sector=Sector.OVERHEID)),
            total=Sum("value"),
        )
        .order_by("measured_on")
    )


def plan_activities(*, plan: ActionPlan) -> QuerySet[Activity]:
    return plan.activities.select_related("project").order_by("due_date", "pk")


def plan_risks(*, plan: ActionPlan) -> QuerySet[Risk]:
    return plan.risks.order_by("pk")


def plan_key_figures(*, plan: ActionPlan) -> QuerySet[KeyFigure]:
    return plan.key_figures.order_by("label")


def plan_targets(*, plan: ActionPlan) -> QuerySet[Target]:
    """Targets of a plan with what they belong to, for the edit lists (one query)."""
    return (
        Target.objects.filter(plan=plan)
        .select_related("indicator", "line", "project")
        .order_by("line__position", "line_id", "project__position", "project_id", "indicator__name")
    )


def plan_versions(*, plan: ActionPlan) -> dict[str, ActionPlan | None]:
    """The version before and after this one, if any: no query for a plan from plan_detail
    (which read both with it), else one."""
    if not hasattr(plan, "next_version_pk"):
        newer = ActionPlan.objects.filter(previous_version=plan).only("pk", "version").first()
        return {"previous": plan.previous_version, "next": newer}
    newer = None
    next_pk, next_number = plan.next_version_pk, getattr(plan, "next_version_number", None)
    if next_pk is not None:
        # As .only("pk", "version") would load it: any other field is read when asked for.
        newer = ActionPlan.from_db(plan._state.db, ["id", "version"], [next_pk, next_number])
    return {"previous": plan.previous_version, "next": newer}


def plan_family(*, plan: ActionPlan) -> list[int]:
    """The ids of every version of `plan` (itself included), oldest first: a walk along
    previous_version, one query per version (a plan has a handful)."""
    root = plan
    while root.previous_version_id is not None:
        root = ActionPlan.objects.only("pk", "previous_version").get(pk=root.previous_version_id)
    ids = [root.pk]
    while True:
        newer = ActionPlan.objects.filter(previous_version_id=ids[-1]).values_list("pk", flat=True)
        next_id = newer.first()
        if next_id is None:
            return ids
        ids.append(next_id)


def _scope_label(line_title: str | None, project_title: str | None) -> str:
    if project_title:
        return f"{line_title} › {project_title}"
    return line_title or str(_("hele plan"))


# What a compared row holds: a project's organisation and contact, a target, an amount.
ChangedValue = str | int | Decimal | None


class ChangeKind(StrEnum):
    """What became of a row, a project or a target from one version to the next."""

    TOEGEVOEGD = "toegevoegd"
    VERVALLEN = "vervallen"
    GEWIJZIGD = "gewijzigd"
    ONGEWIJZIGD = "ongewijzigd"

    # What the comparison pages ask, rather than comparing the values themselves.
    @property
    def is_added(self) -> bool:
        return self is ChangeKind.TOEGEVOEGD

    @property
    def is_removed(self) -> bool:
        return self is ChangeKind.VERVALLEN

    @property
    def is_changed(self) -> bool:
        return self is ChangeKind.GEWIJZIGD


@dataclass(frozen=True)
class Change:
    kind: ChangeKind  # added, removed or changed
    label: str
    old: ChangedValue = None
    new: ChangedValue = None


def compare_rows(
    old_rows: Mapping[tuple, ChangedValue], new_rows: Mapping[tuple, ChangedValue]
) -> list[Change]:
    """Rows keyed alike in two versions: what was added, removed or changed."""
    changes = []
    for key in sorted(old_rows.keys() | new_rows.keys(), key=str):
        old, new = old_rows.get(key), new_rows.get(key)
        label = " – ".join(str(part) for part in key if part)
        if old is None:
            changes.append(Change(ChangeKind.TOEGEVOEGD, label, new=new))
        elif new is None:
            changes.append(Change(ChangeKind.VERVALLEN, label, old=old))
        elif old != new:
            changes.append(Change(ChangeKind.GEWIJZIGD, label, old=old, new=new))
    return changes


def project_changes(*, old: ActionPlan, new: ActionPlan) -> list[Change]:
    """Projects added, removed or changed between two versions (two queries)."""

    def rows(plan):
        return {
            (line_title, title): f"{organisation or '–'}; {contact or '–'}"
            for line_title, title, organisation, contact in Project.objects.filter(
                line__plan=plan
            ).values_list("line__title", "title", "accountable_organisation__name", "contact_role")
        }

    return compare_rows(rows(old), rows(new))


def target_changes(*, old: ActionPlan, new: ActionPlan) -> list[Change]:
    """Targets added, removed or changed between two versions, matched by what they belong
    to, indicator and sector (two queries)."""

    def rows(plan):
        return {
            (_scope_label(line, project), indicator, Sector(sector).label if sector else ""): value
            for line, project, indicator, sector, value in Target.objects.filter(plan=plan)
            .values("line__title", "project__title", "indicator__name", "sector")
            .annotate(total=Sum("value"))
            .values_list("line__title", "project__title", "indicator__name", "sector", "total")
        }

    return compare_rows(rows(old), rows(new))


@dataclass
class TargetVersions:
    """One target in two versions of a plan, matched by its lineage: `old` or `new` is None
    when the target was added in, or dropped from, the newer version. The view puts the
    realised figures beside it (placements.selectors.progress.realised_per_target)."""

    label: str
    indicator: str
    sector: str | Promise
    old: Target | None
    new: Target | None
    old_realised: int | None = None
    new_realised: int | None = None

    @property
    def kind(self) -> ChangeKind:
        if self.old is None:
            return ChangeKind.TOEGEVOEGD
        if self.new is None:
            return ChangeKind.VERVALLEN
        return ChangeKind.GEWIJZIGD if self.old.value != self.new.value else ChangeKind.ONGEWIJZIGD


def target_versions(*, old: ActionPlan, new: ActionPlan) -> list[TargetVersions]:
    """Every target of two versions side by side, the same target matched by its lineage
    (one query): kept, changed, added or dropped ("vervallen in deze versie")."""
    targets = (
        Target.objects.filter(plan__in=[old.pk, new.pk])
        .select_related("indicator", "line", "project")
        .order_by("plan__version", "line__position", "project__position", "indicator__name", "pk")
    )
    pairs: dict[int, TargetVersions] = {}
    for target in targets:
        pair = pairs.get(target.lineage_id)
        if pair is None:
            pair = pairs[target.lineage_id] = TargetVersions(
                label=_scope_label(
                    target.line.title if target.line else "",
                    target.project.title if target.project else "",
                ),
                indicator=target.indicator.name,
                sector=Sector(target.sector).label if target.sector else "",
                old=None,
                new=None,
            )
        if target.plan_id == old.pk:
            pair.old = target
        else:
            pair.new = target
    return list(pairs.values())


def plan_history(*, plan: ActionPlan) -> list[HistoryEntry]:
    """Changes to the plan, its lines, projects and targets, oldest first (four queries)."""
    history_of = {model: model.history.model for model in (ActionPlan, PlanLine, Project, Target)}
    line_ids = history_of[PlanLine].objects.filter(plan_id=plan.pk).values("id")
    querysets = {
        ActionPlan: history_of[ActionPlan]
        .objects.filter(id=plan.pk)
        .select_related("region", "programme", "previous_version"),
        PlanLine: history_of[PlanLine]
        .objects.filter(plan_id=plan.pk)
        .select_related("accountable_organisation"),
        Project: history_of[Project]
        .objects.filter(line_id__in=line_ids)
        .select_related("line", "accountable_organisation"),
        Target: history_of[Target]
        .objects.filter(plan_id=plan.pk)
        .select_related("indicator", "line", "project"),
    }
    describe = {
        ActionPlan: lambda r: f"{r.title} (v{r.version})",
        PlanLine: lambda r: r.title,
        Project: lambda r: r.title,
        Target: lambda r: f"{r.indicator.name if r.indicator else ''}: {r.value}",
    }
    entries = []
    for model, records in querysets.items():
        entries += entries_from_records(
            records.select_related("history_user").order_by("history_date", "history_id"),
            model=model,
            describe=describe[model],
        )
    return entries


# Many plans at once: the dashboards read these in one query each, whatever the number of plans.


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def programme_detail(*, code: str) -> Programme:
    return Programme.objects.get(code=code)


ADOPTED = [ActionPlan.Status.VASTGESTELD, ActionPlan.Status.AFGESLOTEN]


def shown_on(day: date) -> Q:
    """The dashboard's rule, as a condition on a plan: it is the plan (or one of the plans)
    of its region and programme that a dashboard shows on `day`:
    - every adopted (vastgesteld) plan whose period contains `day`;
    - where the region has none running for a programme, its most recent plan that was
      adopted (vastgesteld or afgesloten) and has started, by end date: where the programme
      stands or ended, so a region between plans (or the historical demo data) still shows
      its figures.
    Concept and ter-bespreking plans are not on it: nothing is recorded against them yet.
    active_plans lists them; the reconciliation with the official figures
    (placements.selectors.reconciliation) counts them at each peildatum."""
    running = Q(status=ActionPlan.Status.VASTGESTELD, start_date__lte=day, end_date__gte=day)
    same = {"region": OuterRef("region"), "programme": OuterRef("programme")}
    has_running = Exists(ActionPlan.objects.filter(running, **same))
    latest = Subquery(
        ActionPlan.objects.filter(status__in=ADOPTED, start_date__lte=day, **same)
        .order_by("-end_date", "-start_date", "-version", "-pk")
        .values("pk")[:1]
    )
    return running | (~has_running & Q(pk=latest))


def active_plans(
    *,
    region: Region | None = None,
    programme: Programme | None = None,
    today: date | None = None,
) -> QuerySet[ActionPlan]:
    """The plans a dashboard shows on `today`, per region and programme, by the dashboard's
    rule (shown_on), in one query. National plans (no region) are left out. For one `region`
    and/or one `programme`."""
    today = today or timezone.localdate()
    plans = ActionPlan.objects.all()
    if region is not None:
        plans = plans.filter(region=region)
    if programme is not None:
        plans = plans.filter(programme=programme)
    return (
        plans.filter(region__isnull=False)
        .filter(shown_on(today))
        .select_related("region", "programme")
        .order_by("region__name", "programme__name", "start_date", "title", "pk")
    )


def plans_open_activities(
    *,
    plans: Iterable[int],
    today: date | None = None,
    per_plan: int = 8,
) -> dict[int, list[Activity]]:
    """Per plan (`plans`: their ids), its activities that are neither done nor dropped:
    those due today or later (komende activiteiten) and, marked `overdue`, those whose date
    has passed (te laat). An activity without a date is due by the end of its plan
    ("2015–2016" in a plan that ended in 2016 is late, not upcoming). Each activity carries
    `deadline` (its due date, else the plan's end) and `overdue`; overdue ones first, then by
    deadline, at most `per_plan` of each per plan. One query, the limit applied per plan by
    the database."""
    today = today or timezone.localdate()
    deadline = Coalesce(F("due_date"), F("plan__end_date"))
    overdue = Case(
        When(Q(due_date__lt=today) | Q(due_date__isnull=True, plan__end_date__lt=today), then=True),
        default=False,
        output_field=BooleanField(),
    )
    rank = Window(
        RowNumber(),
        partition_by=[F("plan_id"), F("overdue")],
        order_by=[F("deadline").asc(), F("pk").asc()],
    )
    rows = (
        Activity.objects.filter(plan__in=plans)
        .exclude(status__in=[Activity.Status.GEREED, Activity.Status.VERVALLEN])
        .select_related("project")
        .annotate(deadline=deadline)
        .annotate(overdue=overdue)
        .annotate(rank=rank)
        .filter(rank__lte=per_plan)
        .order_by("plan_id", "-overdue", "deadline", "pk")
    )
    result: dict[int, list[Activity]] = defaultdict(list)
    for activity in rows:
        result[activity.plan_id].append(activity)
    return result


def plans_risks(*, plans: Iterable[int]) -> dict[int, list[Risk]]:
    """Per plan (`plans`: their ids), its risks (a risk has no status: every recorded risk
    is open); one query."""
    result: dict[int, list[Risk]] = defaultdict(list)
    for risk in Risk.objects.filter(plan__in=plans).order_by("plan_id", "pk"):
        result[risk.plan_id].append(risk)
    return result


@dataclass
class AccountableWork:
    """What one organisation is bestuurlijk aanspreekpunt for: lines and projects."""

    lines: list[PlanLine] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


def periods_closing(*, today: date, within: timedelta) -> QuerySet[ReportingPeriod]:
    """The open periods that end after `today` and within `within` of it, in the current
    version of a running (vastgesteld) regional plan: the ones whose programme managers are
    told the period is about to end. With their plan and region."""
    return (
        ReportingPeriod.objects.filter(
            closed_at__isnull=True,
            end_date__gt=today,
            end_date__lte=today + within,
            plan__status=ActionPlan.Status.VASTGESTELD,
            plan__region__isnull=False,
            plan__in=current_plan_versions(),
        )
        .select_related("plan__region")
        .order_by("end_date", "plan_id")
    )


def current_plan_versions() -> QuerySet[ActionPlan]:
    """Plans no newer version supersedes: the version of each plan family that counts."""
    return ActionPlan.objects.exclude(
        Exists(ActionPlan.objects.filter(previous_version=OuterRef("pk")))
    )


def accountable_work(*, region: Region, organisations: Iterable[int]) -> dict[int, AccountableWork]:
    """Per organisation id, the lines and projects it is accountable for in `region`'s plans,
    counting only the current version of each plan (an older version's copies are not
    work anyone does now). Two queries whatever the number of organisations."""
    ids = list(organisations)
    plans = current_plan_versions().filter(region=region)
    result: dict[int, AccountableWork] = defaultdict(AccountableWork)
    for line in (
        PlanLine.objects.filter(plan__in=plans, accountable_organisation__in=ids)
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    ):
        # `accountable_organisation__in` matches no line without one.
        assert line.accountable_organisation_id is not None
        result[line.accountable_organisation_id].lines.append(line)
    for project in (
        Project.objects.filter(line__plan__in=plans, accountable_organisation__in=ids)
        .select_related("line__plan")
        .order_by("line__plan__title", "line__position", "position", "pk")
    ):
        # `accountable_organisation__in` matches no project without one.
        assert project.accountable_organisation_id is not None
        result[project.accountable_organisation_id].projects.append(project)
    return result
