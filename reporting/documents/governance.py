"""The governance documents in the report's house style: a proposal laid out like Gooi en
Vechtstreek's of 8 February 2017 (Algemeen, Voorstel, Kernboodschap, Aanleiding, Doel,
Argumenten, Financiën, Uitvoering), and a meeting's pack (vergaderstukken): cover, agenda,
every proposal, the latest progress reports drawn again from their frozen figures, and the
previous meeting's decision list. Both are printed by `pdf.write_pdf`, like the reports."""

import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.formatting import show_date

from .formatting import LANGUAGE, show_euro
from .pdf import report_part, write_pdf

_NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s*")


def decision_points(text: str) -> list[str]:
    """The points to decide, one a line, without the numbers typed before them (the list
    numbers them)."""
    return [_NUMBERED.sub("", line).strip() for line in text.splitlines() if line.strip()]


def decided_label(decision) -> str:
    """ "aangenomen in Werkkamer Gooi en Vechtstreek, 09-03-2017"."""
    return _("%(outcome)s in %(body)s, %(date)s") % {
        "outcome": decision.get_outcome_display(),
        "body": decision.meeting.body.name,
        "date": show_date(decision.meeting.date),
    }


def proposal_context(proposal) -> dict:
    """What the proposal part shows, in the house style. `proposal` comes from
    reporting.selectors.governance.proposals_for_documents. Call in LANGUAGE."""
    figure = proposal.cost_figure
    computed, stated = figure.computed, figure.stated
    # The page's words for it (templates/includes/discrepancy.html), as plain text.
    discrepancy = (
        strip_tags(
            render_to_string("includes/discrepancy.html", {"figure": figure, "kind": "money"})
        ).strip()
        if figure.is_discrepancy
        else ""
    )
    decision = proposal.decided_in
    return {
        "proposal": proposal,
        "region": proposal.body.region,
        "date": show_date(proposal.date),
        "points": decision_points(proposal.decision_points),
        "cost_rows": [
            {
                "role_title": cost.role_title,
                "hours_per_week": cost.hours_per_week,
                "weeks": cost.weeks,
                "hourly_rate": show_euro(cost.hourly_rate),  # "–" when there is none
                "computed": show_euro(cost.figure.computed),
                "stated": show_euro(cost.figure.stated),
                "is_discrepancy": cost.figure.is_discrepancy,
            }
            for cost in proposal.cost_rows
        ],
        "computed_total": show_euro(computed) if computed is not None else "",
        "stated_total": show_euro(stated) if stated is not None else "",
        "discrepancy": discrepancy,
        "coverage": proposal.budget_line_name,
        "coverage_plan": proposal.budget_line.plan.title if proposal.budget_line_id else "",
        "budget_change": str(proposal.budget_change) if proposal.budget_change_id else "",
        "status": decided_label(decision) if decision else proposal.get_status_display(),
        "is_decided": decision is not None,
    }


def render_proposal_pdf(proposal) -> bytes:
    """The proposal as an A4 PDF (a few pages, rendered on request)."""
    with translation.override(LANGUAGE):
        html = render_to_string(
            "reporting/proposal_pdf.html", {"doc": proposal_context(proposal), "standalone": True}
        )
        return write_pdf(html)


def subject_label(item, *, in_full: bool = False) -> str:
    """What an agenda item or a decision is about: "voorstel 2017-04", "plan Banenafspraak",
    "rapportage <kenmerk>" or the budget change; `in_full` (the decision list) adds the
    proposal's subject and the plan's version. "" when it is about nothing."""
    if item.proposal_id:
        label = f"{_('voorstel')} {item.proposal.reference}"
        return f"{label} {item.proposal.subject}" if in_full else label
    if item.plan_id:
        label = f"{_('plan')} {item.plan.title}"
        return f"{label} ({_('versie')} {item.plan.version})" if in_full else label
    if getattr(item, "report_id", None):  # agenda items only
        return f"{_('rapportage')} {item.report.kenmerk}"
    if item.budget_change_id:
        return str(item.budget_change)
    return ""


def meeting_pack_context(contents, *, report_metas: dict[int, dict], made_on) -> dict:
    """What the pack shows: `contents` from meeting_pack_contents, the cover facts of each
    report (report id → reporting.services.report_meta). Call in LANGUAGE."""
    meeting = contents.meeting
    return {
        "meeting": meeting,
        "body": meeting.body,
        "region": meeting.body.region,
        "date": show_date(meeting.date),
        "time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        "made_on": show_date(made_on),
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "purpose": item.get_purpose_display(),
                "subject": subject_label(item),
                "description": item.description,
            }
            for item in contents.agenda
        ],
        "proposals": [proposal_context(proposal) for proposal in contents.proposals],
        "reports": [
            {
                "report": report,
                "content": report_part(report.figures, report_meta=report_metas[report.pk]),
            }
            for report in contents.reports
        ],
        "previous": contents.previous,
        "previous_date": show_date(contents.previous.date) if contents.previous else "",
        "decisions": [
            {
                "number": decision.number,
                "text": decision.text,
                "outcome": decision.get_outcome_display(),
                "subject": subject_label(decision, in_full=True),
                "actions": [
                    {
                        "description": action.description,
                        "owner": action.owner_role
                        + (
                            f" ({action.owner_organisation.name})"
                            if action.owner_organisation_id
                            else ""
                        ),
                        "due": show_date(action.due_date) if action.due_date else "–",
                        "done": show_date(action.completed_on) if action.completed_on else "",
                    }
                    for action in decision.action_items.all()
                ],
            }
            for decision in contents.previous_decisions
        ],
    }


def render_meeting_pack(
    contents, *, report_metas: dict[int, dict], made_on, progress=None
) -> bytes:
    """The meeting pack as one A4 PDF. `progress(step)`, when given, is told each part as it
    is drawn ("proposals", "reports", "pdf")."""
    tell = progress or (lambda step: None)
    with translation.override(LANGUAGE):
        tell("proposals")
        context = meeting_pack_context(contents, report_metas=report_metas, made_on=made_on)
        tell("pdf")
        return write_pdf(render_to_string("reporting/meeting_pack_pdf.html", context))
