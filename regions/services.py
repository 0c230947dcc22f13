"""Writes for regions: meetings and proposals of a region's bodies (the secretaris's work)."""

from core.concurrency import save_checked

from .models import Meeting, Proposal


def meeting_save(*, meeting: Meeting, expected_revision: int | None, actor=None) -> Meeting:
    return save_checked(meeting, expected_revision=expected_revision, actor=actor)


def proposal_save(*, proposal: Proposal, expected_revision: int | None, actor=None) -> Proposal:
    return save_checked(proposal, expected_revision=expected_revision, actor=actor)
