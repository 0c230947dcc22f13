"""Making the synthetic data set: region by region, each in its own transaction, so a run
that stops leaves whole regions only, and a second run with the same parameters finds every
region there and does nothing."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from programmes.models import ActionPlan
from regions.models import Region

from . import shape
from .figures import ensure_report_file
from .region import RegionBuilder, reference


@dataclass
class Outcome:
    created: Counter = field(default_factory=Counter)  # rows per model
    made: list[int] = field(default_factory=list)  # region numbers made now
    existing: list[int] = field(default_factory=list)  # found, left as they were
    differing: list[int] = field(default_factory=list)  # found, but with another shape


def generate(
    params: shape.Parameters, *, log: Callable[[str], None] = lambda _message: None
) -> Outcome:
    today = params.as_of or timezone.localdate()
    outcome = Outcome()
    data = reference(today)
    missing = set(shape.PROGRAMME_TARGETS) - set(data.programmes)
    if missing:
        raise LookupError(
            "Programma's ontbreken: " + ", ".join(sorted(missing)) + " (load_reference_data)."
        )
    # Also on a run that finds everything there: a copy of the database (createdb -T) on
    # another machine or worktree has no MEDIA_ROOT file yet.
    if ensure_report_file():
        log("Gedeelde PDF voor de synthetische rapportages gemaakt.")
    found = dict(Region.objects.filter(synthetic=True).values_list("slug", "pk"))
    expected_plans = params.years * len(shape.PROGRAMME_TARGETS)
    for number in range(1, params.regions + 1):
        slug = shape.region_slug(number)
        if slug in found:
            outcome.existing.append(number)
            if ActionPlan.objects.filter(region_id=found[slug]).count() != expected_plans:
                outcome.differing.append(number)
            continue
        with transaction.atomic():
            outcome.created.update(RegionBuilder(number, params, data).build())
        outcome.made.append(number)
        log(f"{shape.region_name(number)} gemaakt.")
    if outcome.made and connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows the tables grew a hundredfold.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return outcome
