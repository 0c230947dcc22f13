"""Reads for "besloten in": the decisions of the meetings' besluitenlijsten about plans,
proposals and budget changes, grouped by what they decided, so a plan page, a budget page or
a proposal page shows "vastgesteld in <body>, <date>" without a query per row."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from django.db.models import Q

from ..models import Decision


class _Commitment(Protocol):
    line_name: str  # what decisions_for puts on a decision drawing from a budget line


def _ids(items) -> set[int]:
    """Objects or ids, as the callers have them."""
    return {getattr(item, "pk", item) for item in items if item is not None}


@dataclass(frozen=True)
class DecisionsFor:
    """The decisions about each subject, oldest meeting first: `plans[plan_id]`,
    `proposals[proposal_id]`, `budget_changes[change_id]` (a list, empty when none), and with
    `drawing_from` the decisions on proposals paid from that plan's budget lines,
    `budget_lines[budget_line_id]` (each decision's `proposal` selected, and its `line_name`
    when a `line_name` was given)."""

    plans: dict[int, list[Decision]] = field(default_factory=dict)
    proposals: dict[int, list[Decision]] = field(default_factory=dict)
    budget_changes: dict[int, list[Decision]] = field(default_factory=dict)
    budget_lines: dict[int, list[Decision]] = field(default_factory=dict)

    @property
    def commitments(self) -> list[Decision]:
        """The decisions on proposals drawing from the budget lines, in meeting order."""
        rows = [decision for decisions in self.budget_lines.values() for decision in decisions]
        return sorted(rows, key=lambda row: (row.meeting.date, row.meeting_id, row.number))


def decisions_for(
    *,
    plans=(),
    proposals=(),
    budget_changes=(),
    drawing_from=None,
    line_name: Callable[[Any], str] | None = None,
) -> DecisionsFor:
    """The decisions about the plans, proposals and budget changes asked (objects or ids),
    each with its meeting and the meeting's body selected, grouped by subject id; with
    `drawing_from` (a plan), also the decisions on the proposals whose dekking is one of its
    budget lines ("€ 65.000 toegezegd aan voorstel 17.0001962"), each with `line_name`: the
    name `line_name` gives its budget line (budgets' budget_line_name, which a view passes:
    the budget line's name is budgets' rule, and regions does not import budgets). One query
    for all the kinds asked together (so at most one per kind), none when nothing is
    asked."""
    asked = {
        "plan": _ids(plans),
        "proposal": _ids(proposals),
        "budget_change": _ids(budget_changes),
    }
    grouped: dict[str, defaultdict[int, list[Decision]]] = {
        name: defaultdict(list) for name in [*asked, "budget_line"]
    }
    condition = Q()
    for name, ids in asked.items():
        if ids:
            condition |= Q(**{f"{name}_id__in": ids})
    plan_id = getattr(drawing_from, "pk", drawing_from)
    if plan_id is not None:
        condition |= Q(proposal__budget_line__plan_id=plan_id)
    if condition:
        decisions = (
            Decision.objects.filter(condition)
            .select_related("meeting__body__region")
            .order_by("meeting__date", "meeting_id", "number")
        )
        if plan_id is not None:
            decisions = decisions.select_related(
                "proposal__budget_line__line", "proposal__budget_line__project"
            )
        for decision in decisions:
            for name, ids in asked.items():
                subject_id = getattr(decision, f"{name}_id")
                if subject_id in ids:
                    grouped[name][subject_id].append(decision)
            # select_related above, and None without a query when there is no proposal.
            if plan_id is not None and decision.proposal is not None:
                budget_line = decision.proposal.budget_line
                if budget_line is not None and budget_line.plan_id == plan_id:
                    grouped["budget_line"][budget_line.pk].append(decision)
                    if line_name is not None:
                        # line and project are selected above: no query.
                        cast(_Commitment, decision).line_name = line_name(budget_line)
    return DecisionsFor(
        plans=dict(grouped["plan"]),
        proposals=dict(grouped["proposal"]),
        budget_changes=dict(grouped["budget_change"]),
        budget_lines=dict(grouped["budget_line"]),
    )
