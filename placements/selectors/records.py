"""The records behind the figures: the realisations that count for a plan, the corrections in
closed periods, and the deliveries of the import."""

from ..models import Correction, Delivery
from .counted import counted_for


def realisations_for(*, plan):
    """Every realisation that counts for the plan (counted_for), with the target and period
    it was recorded on (which may be an earlier version's)."""
    return (
        counted_for(plans=[plan.pk])
        .select_related(
            "target__indicator", "target__line", "target__project", "period", "recorded_by"
        )
        .order_by("target__lineage_id", "period__start_date")
    )


def corrections_for(*, plan):
    """Corrections in closed periods of the realisations that count for the plan, also
    those made in an earlier version, newest first, with the old and new value."""
    return Correction.objects.filter(realisation__in=counted_for(plans=[plan.pk])).select_related(
        "realisation__target__indicator",
        "realisation__target__line",
        "realisation__target__project",
        "realisation__period",
        "corrected_by",
    )


def deliveries_for(*, plan, limit: int = 20):
    """The plan's latest deliveries with who uploaded them, and by which API token (one
    query; the file's bytes are left in the database)."""
    return (
        Delivery.objects.filter(plan=plan)
        .select_related("uploaded_by", "api_token")
        .defer("content", "results")
        .order_by("-uploaded_at", "-pk")[:limit]
    )
