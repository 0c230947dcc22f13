"""Reads for realisations: what was achieved per target and period, against target and
prognose. Sums are computed by the database in a fixed number of queries."""

from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import Realisation


def _realised_within(prefix: str = ""):
    """Realised count of a target within the outer row's period (a correlated subquery)."""
    target_ref = OuterRef(f"{prefix}target") if prefix else OuterRef("target")
    return Coalesce(
        Subquery(
            Realisation.objects.filter(
                target=target_ref,
                start_date__gte=OuterRef("start_date"),
                end_date__lte=OuterRef("end_date"),
            )
            .values("target")
            .annotate(total=Sum("count"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def prognoses_with_realisation(*, target):
    """Each prognose of a target with what was realised in that same sub-period (one query)."""
    return target.prognoses.annotate(realised=_realised_within()).order_by("start_date")


def realised_per_target(*, plan) -> dict[int, int]:
    """Realised total per target of a plan (one query)."""
    return dict(
        Realisation.objects.filter(target__plan=plan)
        .values("target_id")
        .annotate(total=Sum("count"))
        .values_list("target_id", "total")
    )


def realised_per_sector(*, plan) -> dict[str, int]:
    """Realised jobs per sector (marktsector/overheidssector) for a plan (one query)."""
    sums = Realisation.objects.filter(target__plan=plan).aggregate(
        markt=Sum("count", filter=Q(sector="markt")),
        overheid=Sum("count", filter=Q(sector="overheid")),
        total=Sum("count"),
    )
    return {key: value or 0 for key, value in sums.items()}


def realisations_for(*, plan):
    return (
        Realisation.objects.filter(target__plan=plan)
        .select_related("target__indicator", "target__line", "target__project", "recorded_by")
        .order_by("target_id", "start_date")
    )
