"""Writes for programmes. Views, forms, admin actions and commands all go through these, so
every change is validated, checked for concurrent edits and recorded in the history."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.forms import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.concurrency import save_checked
from core.dates import DateSpan
from core.history import with_history_actor
from notifications.models import Notification
from notifications.services import notify
from regions import reference as region_reference
from regions.models import Decision
from regions.permissions import Action, users_who_can
from regions.services import (
    ReferenceChanges,
    decision_record,
    reference_regions_sync,
    reference_row_sync,
)

from . import reference
from .choices import Sector
from .models import (
    ActionPlan,
    Indicator,
    KeyFigure,
    NationalTarget,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    ReportingPeriod,
    Target,
)
from .periods import calendar_periods
from .selectors import periods_closing, plan_family

Status = ActionPlan.Status

# The allowed status steps; going back from "ter bespreking" to "concept" reopens a draft.
TRANSITIONS: dict[str, set[str]] = {
    Status.CONCEPT: {Status.TER_BESPREKING},
    Status.TER_BESPREKING: {Status.CONCEPT, Status.VASTGESTELD},
    Status.VASTGESTELD: {Status.AFGESLOTEN},
    Status.AFGESLOTEN: set(),
}


class PlanNotEditableError(Exception):
    def __init__(self, plan: ActionPlan):
        super().__init__(
            _("Dit plan is %(status)s en kan niet meer worden gewijzigd. Maak een nieuwe versie.")
            % {"status": plan.get_status_display()}
        )


class StatusTransitionError(Exception):
    pass


def _require_editable(plan: ActionPlan) -> ActionPlan:
    """Re-read and lock the plan: it may have been adopted since the form was opened."""
    current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not current.is_editable:
        raise PlanNotEditableError(current)
    return current


def plan_create(*, actor: User | None, plan: ActionPlan | None = None, **fields) -> ActionPlan:
    """A new plan: version 1, concept, with the reporting periods its period length asks for.
    Made from `fields` (the plan page's form), or the unsaved `plan` a form filled in (the
    admin's add page, whose inline lines then attach to that same object)."""
    if plan is None:
        plan = ActionPlan(**fields)
    plan.status, plan.version = Status.CONCEPT, 1
    plan.status_changed_at = timezone.now()
    plan.status_changed_by = actor
    with_history_actor(plan, actor)
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        periods_sync(plan=plan)
    return plan


def plan_update(
    *, plan: ActionPlan, actor: User | None, expected_revision: int | None
) -> ActionPlan:
    """Save the changed fields of `plan` (already set by the form)."""
    with transaction.atomic():
        _require_editable(plan)
        save_checked(plan, expected_revision=expected_revision, actor=actor)
        periods_sync(plan=plan)
    return plan


def periods_sync(*, plan: ActionPlan) -> list[ReportingPeriod]:
    """Give a plan the reporting periods its period length asks for. Periods that no longer
    fit (the plan's dates changed) are removed only when nothing was recorded in them."""
    spans = calendar_periods(plan.start_date, plan.end_date, plan.period_length)
    if not spans:
        return list(plan.periods.all())
    with transaction.atomic():
        existing = {period.start_date: period for period in plan.periods.select_for_update()}
        wanted = {span.start for _code, span in spans}
        for start, period in existing.items():
            if start not in wanted:
                try:
                    with transaction.atomic():
                        period.delete()
                except ProtectedError:
                    pass  # something was recorded in it: it stays
        for code, span in spans:
            stored = existing.get(span.start)
            if stored is None:
                ReportingPeriod.objects.create(
                    plan=plan, code=code, start_date=span.start, end_date=span.end
                )
            elif (stored.code, stored.end_date) != (code, span.end):
                stored.code, stored.end_date = code, span.end
                stored.save(update_fields=["code", "end_date"])
    return list(plan.periods.order_by("start_date"))


def plan_change_status(
    *, plan: ActionPlan, actor: User | None, new_status: str, expected_revision: int | None
) -> ActionPlan:
    if new_status not in TRANSITIONS[plan.status]:
        raise StatusTransitionError(
            _("Een plan met status %(old)s kan niet naar %(new)s.")
            % {"old": plan.get_status_display(), "new": Status(new_status).label}
        )
    plan.status = new_status
    plan.status_changed_at = timezone.now()
    plan.status_changed_by = actor
    # The history shows the change as "status: concept → vastgesteld" (in the reader's language).
    save_checked(plan, expected_revision=expected_revision, actor=actor)
    return plan


@transaction.atomic
def plan_decide(*, decision, actor: User | None) -> "Decision":
    """Record a body's decision on a plan version (a line of a meeting's besluitenlijst) and,
    when the body adopted it, adopt the plan: a plan ter bespreking becomes vastgesteld. A plan
    already vastgesteld only gets the link ("besloten in"); a concept must first be put ter
    bespreking by whoever edits the plan."""
    plan = ActionPlan.objects.select_for_update().get(pk=decision.plan_id)
    adopts = decision.outcome == Decision.Outcome.AANGENOMEN
    if adopts and plan.status == Status.CONCEPT:
        raise StatusTransitionError(
            _("Dit plan is nog een concept: zet het eerst op ter bespreking.")
        )
    recorded = decision_record(decision=decision, actor=actor)
    if adopts and plan.status == Status.TER_BESPREKING:
        plan_change_status(
            plan=plan,
            actor=actor,
            new_status=Status.VASTGESTELD,
            expected_revision=plan.revision,
        )
    return recorded


def child_save[Row: Model](
    *, plan: ActionPlan, instance: Row, expected_revision: int | None, actor: User | None = None
) -> Row:
    """Create or update a row that belongs to a plan (line, project, target, activity,
    risk, budget line, funding): refused when the plan is adopted or when someone else saved
    the same row in between."""
    with transaction.atomic():
        _require_editable(plan)
        return save_checked(instance, expected_revision=expected_revision, actor=actor)


def child_delete(*, plan: ActionPlan, instance: Model, actor: User | None = None) -> None:
    """Delete a row of an open plan. Rows with history elsewhere (realisations, spending)
    are protected by the database: ProtectedError reaches the view."""
    if actor is not None:
        with_history_actor(instance, actor)
    with transaction.atomic():
        _require_editable(plan)
        instance.delete()


def target_save(
    *,
    plan: ActionPlan,
    target: Target,
    prognoses: BaseInlineFormSet,
    expected_revision: int | None,
    actor: User | None = None,
) -> Target:
    """Save a target together with its prognoses (a formset) in one transaction."""
    with transaction.atomic():
        child_save(plan=plan, instance=target, expected_revision=expected_revision, actor=actor)
        prognoses.instance = target
        for prognosis in prognoses.save(commit=False):
            prognosis.target = target
            prognosis.full_clean()
            prognosis.save()
        for prognosis in prognoses.deleted_objects:
            prognosis.delete()
    return target


class TargetRevisionError(Exception):
    pass


def target_revise(
    *, target: Target, value: int, reason: str, actor: User, expected_revision: int | None
) -> Target:
    """Revise a target of an adopted plan mid-way. The first value stays visible beside the
    revised one (original_value), with who, when and why."""
    if target.plan.status != Status.VASTGESTELD:
        raise TargetRevisionError(
            _("Alleen een doelstelling van een vastgesteld plan kan worden herzien.")
        )
    if not reason.strip():
        raise TargetRevisionError(_("Geef een reden voor de herziening."))
    if target.original_value is None:
        target.original_value = target.value
    target.value = value
    target.revision_reason = reason.strip()
    target.revised_at = timezone.now()
    target.revised_by = actor
    return save_checked(target, expected_revision=expected_revision, actor=actor)


def _save_as(instance: Model, actor: User | None) -> None:
    with_history_actor(instance, actor).save()


@transaction.atomic
def plan_new_version(
    *, plan: ActionPlan, actor: User | None
) -> tuple[ActionPlan, dict[int, PlanLine], dict[int, Project]]:
    """Copy an adopted or closed plan as a new concept (version + 1) with its lines, projects,
    targets with prognoses, activities, risks and key figures. Returns the new plan and the
    maps old line id → new line and old project id → new project, so the floor above can
    copy its own rows: pages and admin call budgets.services.plan_new_version_with_budget,
    which does both in one transaction."""
    if plan.is_editable:
        raise StatusTransitionError(
            _("Alleen van een vastgesteld of afgesloten plan kan een nieuwe versie worden gemaakt.")
        )
    # Two clicks on "new version" at once: the second waits for the first and then finds it.
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if ActionPlan.objects.filter(previous_version=plan).exists():
        raise StatusTransitionError(_("Van deze versie bestaat al een nieuwere versie."))
    lines = list(plan.lines.prefetch_related("projects"))
    new_plan = ActionPlan.objects.get(pk=plan.pk)
    new_plan.pk = None
    new_plan.version = plan.version + 1
    new_plan.previous_version = plan
    new_plan.status = Status.CONCEPT
    new_plan.status_changed_at = timezone.now()
    new_plan.status_changed_by = actor
    new_plan.revision = 1
    _save_as(new_plan, actor)
    old_periods = list(plan.periods.all())
    if plan.period_length == ActionPlan.PeriodLength.EIGEN:
        ReportingPeriod.objects.bulk_create(
            ReportingPeriod(
                plan=new_plan, code=p.code, start_date=p.start_date, end_date=p.end_date
            )
            for p in old_periods
        )
    else:
        periods_sync(plan=new_plan)
    # A period closed in the old version is closed in the new one (same start date): its
    # counts are the same rows, so a change there stays a correction with a reason.
    for period in old_periods:
        if period.is_closed:
            new_plan.periods.filter(start_date=period.start_date).update(
                closed_at=period.closed_at, closed_by=period.closed_by
            )

    line_map: dict[int, PlanLine] = {}
    project_map: dict[int, Project] = {}
    for line in lines:
        projects = list(line.projects.all())
        old_id = line.pk
        line.pk, line.plan, line.revision = None, new_plan, 1
        _save_as(line, actor)
        line_map[old_id] = line
        for project in projects:
            old_project_id = project.pk
            project.pk, project.line, project.revision = None, line, 1
            _save_as(project, actor)
            project_map[old_project_id] = project

    for target in plan.targets.prefetch_related("prognoses"):
        prognoses = list(target.prognoses.all())
        # The copy continues the same target: same lineage, so it reads the same
        # realisations (placements.selectors.counted.counted_for); its value may change from here.
        target.predecessor_id = target.pk
        target.pk, target.plan, target.revision = None, new_plan, 1
        target.line = line_map.get(target.line_id) if target.line_id else None
        target.project = project_map.get(target.project_id) if target.project_id else None
        _save_as(target, actor)
        Prognosis.objects.bulk_create(
            Prognosis(
                target=target,
                label=p.label,
                start_date=p.start_date,
                end_date=p.end_date,
                value=p.value,
            )
            for p in prognoses
        )
    for activity in plan.activities.all():
        activity.pk, activity.plan, activity.revision = None, new_plan, 1
        activity.project = project_map.get(activity.project_id) if activity.project_id else None
        _save_as(activity, actor)
    for risk in plan.risks.all():
        risk.pk, risk.plan, risk.revision = None, new_plan, 1
        _save_as(risk, actor)
    for figure in KeyFigure.objects.filter(plan=plan):
        figure.pk, figure.plan = None, new_plan
        _save_as(figure, actor)
    return new_plan, line_map, project_map


def plan_row_save[Row: Model](
    *, plan: ActionPlan | None, instance: Row, actor: User | None = None
) -> Row:
    """Save a row of a plan that has no revision number (a prognosis, a reporting period, a
    key figure), or a row of no plan (a proposal's staff cost), under the plan's rules, as the
    admin does: refused once the plan is adopted or closed, validated, the author recorded in
    the history."""
    with transaction.atomic():
        if plan is not None:
            _require_editable(plan)
        if actor is not None:
            with_history_actor(instance, actor)
        instance.full_clean()
        instance.save()
    return instance


def period_close(*, period, actor) -> ReportingPeriod:
    """Close a reported period: later changes become corrections with a reason. The period
    of the same start date closes in every version of the plan, as they hold the same
    counts (placements.selectors.counted.counted_for)."""
    with transaction.atomic():
        period = ReportingPeriod.objects.select_related("plan").get(pk=period.pk)
        family = plan_family(plan=period.plan)
        # One UPDATE, which locks the rows it closes (periods keep no history of their own).
        ReportingPeriod.objects.filter(
            plan_id__in=family, start_date=period.start_date, closed_at__isnull=True
        ).update(closed_at=timezone.now(), closed_by=actor)
        period.refresh_from_db()
    return period


# How far ahead the programme managers hear that a period ends (the scan runs daily).
PERIOD_CLOSING_NOTICE = timedelta(days=7)


def periods_closing_notify(*, today: date | None = None) -> int:
    """The daily scan: tell the programme managers of the region (who may record its
    realisations) that an open period of a running plan ends within a week, so its counts
    are in before it is reported and closed. Once per period and end date, however often
    the scan runs. Returns the number of notifications made."""
    today = today or timezone.localdate()
    made = 0
    for period in periods_closing(today=today, within=PERIOD_CLOSING_NOTICE):
        plan = period.plan
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(period)s (%(dates)s) van %(plan)s") % {
                "period": period.code,
                "dates": DateSpan(period.start_date, period.end_date),
                "plan": plan.title,
            }
        made += len(
            notify(
                Notification.Kind.PERIOD_CLOSING,
                recipients=users_who_can(Action.RECORD_REALISATION, plan.region),
                key=f"period:{period.pk}:{period.end_date.isoformat()}",
                subject=str(subject),
                link=reverse("placements:grid", kwargs={"plan_pk": plan.pk}),
                region=plan.region,
            )
        )
    return made


@transaction.atomic
def reference_programmes_sync() -> ReferenceChanges:
    """Create or update the programmes, the indicators and the national targets of
    programmes/reference.py, each found by its code (a national target by programme,
    indicator, sector and date)."""
    changes = ReferenceChanges()
    for code, name, description in reference.PROGRAMMES:
        reference_row_sync(
            model=Programme,
            lookup={"code": code},
            values={"name": name, "description": description},
            changes=changes,
        )
    for code, name, kind, baseline in reference.INDICATORS:
        values = {"name": name, "kind": kind, "baseline_date": baseline}
        if baseline is None:
            values |= {"measure": Indicator.Measure.FLOW, "breakdown": Indicator.Breakdown.NONE}
        else:
            values |= {
                "measure": Indicator.Measure.STOCK,
                "breakdown": Indicator.Breakdown.SECTOR,
                "description": reference.BANEN_DESCRIPTION,
            }
        reference_row_sync(model=Indicator, lookup={"code": code}, values=values, changes=changes)

    lookup = {
        "programme": Programme.objects.get(code="banenafspraak"),
        "indicator": Indicator.objects.get(code="banen"),
    }
    for year, market, government in reference.NATIONAL_TARGETS:
        for sector, value in ((Sector.MARKT, market), (Sector.OVERHEID, government)):
            reference_row_sync(
                model=NationalTarget,
                lookup=lookup | {"sector": sector, "measured_on": date(year, 12, 31)},
                values={"value": value},
                changes=changes,
            )
    return changes


@transaction.atomic
def reference_data_load() -> ReferenceChanges:
    """All reference data an install needs, production included: the regions with their
    municipalities (regions/data/), then the programmes, indicators and national targets.
    Loading twice changes nothing; a changed name in the files updates the row."""
    changes = reference_regions_sync(
        regions=region_reference.region_rows(),
        municipalities=region_reference.municipality_rows(),
    )
    changes += reference_programmes_sync()
    return changes
