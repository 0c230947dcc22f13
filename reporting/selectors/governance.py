"""Reads for the governance documents: a proposal as its PDF shows it, what a meeting pack
holds (agenda, proposals, the latest progress reports, the previous meeting's decision
list), and the packs of a meeting and of a region. A fixed number of queries, however many
proposals, reports or decisions there are."""

from dataclasses import dataclass, field
from typing import Protocol, cast

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery, Value

from budgets import selectors as budget_selectors
from budgets.models import StaffCost
from programmes.figures import Figure
from regions.models import AgendaItem, Decision, Meeting, Proposal
from regions.selectors.decisions import decisions_for
from regions.selectors.meetings import meeting_agenda, meeting_decisions

from ..models import MeetingPack, Report, ReportKind


# What the reads below put on the model instances they return (the instances are cast to
# these to set them; the templates and documents read them by name).
class _CostRow(Protocol):
    figure: Figure


class _DocumentProposal(Protocol):
    cost_rows: list[StaffCost]
    decided_in: Decision | None
    budget_line_name: str


class _CostFigure(Protocol):
    cost_figure: Figure


class _PackAgendaItem(Protocol):
    pack_report: Report | None


class _LatestReport(Protocol):
    is_latest: bool


@dataclass(frozen=True)
class ProposalCosts:
    """A proposal's cost lines (its staff costs in order, each with its `figure`: computed
    against stated) and its `figure`: the stated total against the sum the database makes of
    the computed lines, the figure the proposal list shows (budgets'
    proposals_with_cost_figures)."""

    lines: list[StaffCost]
    figure: Figure


def proposals_with_costs(*, proposals) -> list[Proposal]:
    """The proposals (a queryset), in its order, each with `cost_figure` (the list's figure,
    budgets' proposals_with_cost_figures) and `cost_rows` (its staff costs in order, each with
    its `figure`). Two queries for any number of proposals: the one home of a proposal's cost
    lines and figures for its page, its PDF and the meeting pack."""
    rows = budget_selectors.proposals_with_cost_figures(proposals=proposals)
    ids = [proposal.pk for proposal in rows]
    costs: dict[int, list[StaffCost]] = {pk: [] for pk in ids}
    if ids:
        for cost in StaffCost.objects.filter(proposal_id__in=ids).order_by("proposal_id", "pk"):
            cast(_CostRow, cost).figure = budget_selectors.staff_cost_figure(cost)
            assert cost.proposal_id is not None  # proposal_id__in matches no cost without one
            costs[cost.proposal_id].append(cost)
    for proposal in rows:
        cast(_DocumentProposal, proposal).cost_rows = costs[proposal.pk]
    return rows


def proposal_costs(*, proposal: Proposal) -> ProposalCosts:
    """One proposal's cost lines and cost figure (proposals_with_costs; two queries), for the
    proposal page."""
    (row,) = proposals_with_costs(proposals=Proposal.objects.filter(pk=proposal.pk))
    return ProposalCosts(
        lines=cast(_DocumentProposal, row).cost_rows, figure=cast(_CostFigure, row).cost_figure
    )


def proposals_for_documents(*, proposals) -> list[Proposal]:
    """The proposals with what their PDF shows, in the order asked: body and region, the
    budget line that covers them (`budget_line` with plan, line and project, and its name
    `budget_line_name`), `cost_figure` and `cost_rows` (proposals_with_costs) and
    `decided_in`: the latest of the decisions that decided it (regions' decisions_for, with
    its meeting and body; None while undecided), which the PDF shows as "<outcome> in
    <body>, <date>". Three queries for any number of proposals."""
    rows = proposals_with_costs(
        proposals=proposals.select_related(
            "body__region",
            "budget_line__plan",
            "budget_line__line",
            "budget_line__project",
            "budget_change",
        )
    )
    decided = decisions_for(proposals=rows).proposals
    for proposal in rows:
        document = cast(_DocumentProposal, proposal)
        decisions = decided.get(proposal.pk, [])
        document.decided_in = decisions[-1] if decisions else None  # the latest one stands
        budget_line = proposal.budget_line  # select_related above: no query
        document.budget_line_name = (
            budget_selectors.budget_line_name(budget_line) if budget_line is not None else ""
        )
    return rows


def proposal_document(*, region, pk: int) -> Proposal:
    """One proposal of the region for its PDF (see proposals_for_documents); DoesNotExist
    when it is not this region's."""
    found = proposals_for_documents(proposals=Proposal.objects.filter(pk=pk, body__region=region))
    if not found:
        raise Proposal.DoesNotExist
    return found[0]


@dataclass
class PackContents:
    """What a meeting pack holds, in the order it shows it."""

    meeting: Meeting
    agenda: list[AgendaItem]
    proposals: list[Proposal]
    reports: list[Report]
    previous: Meeting | None
    previous_decisions: list[Decision] = field(default_factory=list)


@dataclass(frozen=True)
class PackReports:
    """The reports a pack shows: `latest_of_plan[plan_id]`, the latest progress report of
    each plan asked (an uitgavenoverzicht is the treasurer's, not a progress report), and
    `by_id[report_id]`, the reports asked for by id (of any kind, also an older one of a
    plan that is asked too)."""

    latest_of_plan: dict[int, Report]
    by_id: dict[int, Report]


def latest_reports(*, plan_ids, report_ids=()) -> PackReports:
    """The latest progress report of each plan and the reports asked for by id, each with its
    plan and schedule (one query). A report asked for by id is never taken for its plan's
    latest: only a hit of the latest-report subquery is."""
    plan_ids, report_ids = set(plan_ids), set(report_ids)
    latest = (
        Report.objects.filter(plan_id=OuterRef("plan_id"), status=Report.Status.KLAAR)
        .exclude(kind=ReportKind.FINANCIEEL)
        .order_by("-generated_at", "-pk")
        .values("pk")[:1]
    )
    found = PackReports(latest_of_plan={}, by_id={})
    if not plan_ids and not report_ids:
        return found
    is_latest = Q(plan_id__in=plan_ids, pk=Subquery(latest)) if plan_ids else Q(pk__in=[])
    rows = (
        Report.objects.filter(Q(pk__in=report_ids, status=Report.Status.KLAAR) | is_latest)
        .annotate(
            is_latest=ExpressionWrapper(is_latest, output_field=BooleanField())
            if plan_ids
            else Value(False)
        )
        .select_related("plan__region", "plan__programme", "schedule")
    )
    for report in rows:
        if report.pk in report_ids:
            found.by_id[report.pk] = report
        if cast(_LatestReport, report).is_latest:
            found.latest_of_plan[report.plan_id] = report
    return found


def meeting_pack_contents(*, meeting_id: int) -> PackContents:
    """Everything a meeting's pack shows (nine queries however long the agenda): the meeting
    with body and region; the agenda with what each item is about (as the meeting page
    reads it, regions.selectors.meetings.meeting_agenda); every proposal on it
    (proposals_for_documents); the latest progress report of every plan on it and every
    report on it (in agenda order, each once); and the same body's last meeting before this
    one with its decision list and the decisions' action items (meeting_decisions, so in
    the page's order: the first due first, those without a date last)."""
    meeting = Meeting.objects.select_related("body__region").get(pk=meeting_id)
    agenda = meeting_agenda(meeting=meeting)
    proposals = {
        proposal.pk: proposal
        for proposal in proposals_for_documents(
            proposals=Proposal.objects.filter(
                pk__in=[i.proposal_id for i in agenda if i.proposal_id]
            )
        )
    }
    found = latest_reports(
        plan_ids={item.plan_id for item in agenda if item.plan_id},
        report_ids={item.report_id for item in agenda if item.report_id},
    )
    reports: list[Report] = []
    for item in agenda:
        report = None
        if item.report_id:
            report = found.by_id.get(item.report_id)
        elif item.plan_id:
            report = found.latest_of_plan.get(item.plan_id)
        cast(_PackAgendaItem, item).pack_report = report
        if report is not None and report not in reports:
            reports.append(report)
    previous = (
        Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )
    decisions = meeting_decisions(meeting=previous) if previous is not None else []
    return PackContents(
        meeting=meeting,
        agenda=agenda,
        proposals=[proposals[i.proposal_id] for i in agenda if i.proposal_id in proposals],
        reports=reports,
        previous=previous,
        previous_decisions=decisions,
    )


def meeting_packs(*, meeting) -> list[MeetingPack]:
    """The packs made of a meeting, newest first, with who asked (one query)."""
    return list(
        MeetingPack.objects.filter(meeting=meeting)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


def region_meeting_packs(*, region, limit: int = 50):
    """The region's meeting packs for the archive, newest first, with meeting and body."""
    return (
        MeetingPack.objects.filter(meeting__body__region=region)
        .select_related("meeting__body", "requested_by")
        .order_by("-requested_at", "-pk")[:limit]
    )


def meeting_pack_detail(*, region, pk: int) -> MeetingPack:
    """One pack of the region; DoesNotExist when it is another region's."""
    return MeetingPack.objects.select_related("meeting__body__region", "requested_by").get(
        pk=pk, meeting__body__region=region
    )
