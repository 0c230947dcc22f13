"""Our count beside the official one: per arbeidsmarktregio and peildatum, the extra jobs of
the Banenafspraak as the region registered them and as UWV published them
(placements.OfficialCount), the difference and whether it is beyond the programme's
tolerance (Programme.reconciliation_tolerance).

"Our count" at a peildatum is the realised stock of the banen indicator at that date, per
sector, by the one rule of realised to date (counted.counts_to_date: the latest level of each
breakdown reported at or before the date), over the lineages of the targets of the region's
plans of the programme that the dashboard shows on that day (programmes.selectors.shown_on,
the rule of active_plans: adopted plans, not a concept beside them) and whose period covers
the peildatum (counted_for reads a version's realisations through its targets' lineages,
whichever version recorded them; a lineage counts once). The database sums it per lineage
and sector at every peildatum in one query, as the charts do (series.plans_series); here
only the lineages of the plans counted at each peildatum are added up. Three queries
whatever the number of regions, plans and peildata."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, Max, OuterRef, Subquery, Sum

from core.numbers import percentage_of
from programmes.choices import Sector
from programmes.models import ActionPlan, Target
from programmes.periods import period_code
from programmes.selectors import shown_on
from regions.models import Region

from ..models import OfficialCount, OfficialCountImport, Realisation
from .counted import counts_to_date

# The indicator whose realisations are the Banenafspraak's extra jobs (a stock above the
# nulmeting of 1 January 2013), as UWV counts them.
BANEN_INDICATOR = "banen"
SECTORS = (Sector.MARKT, Sector.OVERHEID)
TOTAL = ""


@dataclass(frozen=True)
class ReconciliationRow:
    peildatum: date
    quarter: str  # "2016-K4"
    sector: str  # Sector.MARKT / Sector.OVERHEID, "" for the total
    own: int | None  # our count at the peildatum (None: nothing recorded)
    official: int | None  # the official count
    difference: int | None  # own - official
    percentage: Decimal | None  # difference / official * 100, core.numbers rounding
    flagged: bool  # |percentage| > programme.reconciliation_tolerance

    @property
    def is_total(self) -> bool:
        return self.sector == TOTAL


def quarter_of(peildatum: date) -> str:
    """The quarter a peildatum ends, as the plans' periods name it ("2016-K4")."""
    return period_code(peildatum, ActionPlan.PeriodLength.KWARTAAL)


def reconciled(
    *,
    peildatum: date,
    sector: str,
    own: int | None,
    official: int | None,
    tolerance: Decimal,
) -> ReconciliationRow:
    """One row: the difference own − official, its percentage of the official figure (one
    decimal, half up: core.numbers) and the flag, judged on the exact percentage, not the
    rounded one (4,96 % is within a tolerance of 5, though it shows as 5,0 %). Nothing to
    compare (no own count or no official one) is no difference and no flag; an official 0
    against a count of ours has no percentage and is flagged."""
    if own is None or official is None:
        return ReconciliationRow(
            peildatum, quarter_of(peildatum), sector, own, official, None, None, False
        )
    difference = own - official
    if official == 0:
        flagged = difference != 0
    else:
        flagged = abs(Decimal(difference) * 100 / Decimal(official)) > tolerance
    return ReconciliationRow(
        peildatum,
        quarter_of(peildatum),
        sector,
        own,
        official,
        difference,
        percentage_of(difference, official),
        flagged,
    )


def _official(counts) -> dict[tuple[int, date], dict[str, int]]:
    """(region id, peildatum) → {sector: extra jobs} of `counts` (one query)."""
    figures: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    for region_id, peildatum, sector, extra_jobs in counts.values_list(
        "region_id", "peildatum", "sector", "extra_jobs"
    ):
        figures[region_id, peildatum][sector] = extra_jobs
    return figures


def _own(*, programme, wanted: dict[int, set[date]]) -> dict[tuple[int, date], dict[str, int]]:
    """Our count per (region id, peildatum) asked for in `wanted` (region id → peildata), per
    sector and in total ("" holds every count, also one recorded without a sector, as a
    plan's progress totals them): two queries, the lineages of the banen targets of the
    plans counted at each peildatum and their realisations summed per lineage and sector at
    every peildatum asked."""
    if not wanted:
        return {}
    peildata = sorted(set().union(*wanted.values()))
    first, last = peildata[0], peildata[-1]
    # The banen targets' lineages of the plans of the programme in these regions that count
    # at each peildatum asked for: the plans the dashboard shows on that day (the one rule,
    # programmes.selectors.shown_on: adopted ones, never a concept) whose period covers it.
    # A column per peildatum says whether the target's plan counts then.
    counts_on = {
        f"on_{index}": Exists(
            ActionPlan.objects.filter(
                shown_on(peildatum),
                pk=OuterRef("plan"),
                start_date__lte=peildatum,
                end_date__gte=peildatum,
            )
        )
        for index, peildatum in enumerate(peildata)
    }
    # lineage id → the (region id, peildatum) it counts at, each once (versions of a plan
    # shown side by side share their lineages).
    counted: dict[int, set[tuple[int, date]]] = defaultdict(set)
    # Rows with the on_<n> columns named at run time.
    targets = cast(
        Iterable[dict[str, Any]],
        Target.objects.filter(
            indicator__code=BANEN_INDICATOR,
            plan__programme=programme,
            plan__region__in=list(wanted),
            plan__start_date__lte=last,
            plan__end_date__gte=first,
        )
        .annotate(**counts_on)
        .values("lineage_id", "plan__region_id", *counts_on)
        .distinct(),
    )
    for target in targets:
        region_id = target["plan__region_id"]
        for index, peildatum in enumerate(peildata):
            if target[f"on_{index}"] and peildatum in wanted[region_id]:
                counted[target["lineage_id"]].add((region_id, peildatum))
    if not counted:
        return {}
    # Realised to date at each peildatum, by the rule progress sums (counts_to_date), per
    # lineage and sector.
    at = {
        f"at_{index}": Sum("count", filter=counts_to_date(peildatum))
        for index, peildatum in enumerate(peildata)
    }
    own: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    # Rows with the at_<n> columns named at run time.
    rows = cast(
        Iterable[dict[str, Any]],
        Realisation.objects.filter(target__lineage__in=list(counted))
        .values("target__lineage_id", "sector")
        .annotate(**at)
        .order_by(),
    )
    index_of = {peildatum: index for index, peildatum in enumerate(peildata)}
    for row in rows:
        for region_id, peildatum in counted[row["target__lineage_id"]]:
            value = row[f"at_{index_of[peildatum]}"]
            if value is None:
                continue
            sums = own[region_id, peildatum]
            sums[TOTAL] = sums.get(TOTAL, 0) + value
            if row["sector"]:
                sums[row["sector"]] = sums.get(row["sector"], 0) + value
    return own


def _rows(
    peildatum: date, official: dict[str, int], own: dict[str, int], tolerance: Decimal
) -> list[ReconciliationRow]:
    """The rows of one peildatum: each sector, then the total. The official total is the sum
    of the two sectors, known only when both are."""
    official_total = (
        sum(official[sector] for sector in SECTORS)
        if all(sector in official for sector in SECTORS)
        else None
    )
    rows = [
        reconciled(
            peildatum=peildatum,
            sector=sector,
            own=own.get(sector),
            official=official.get(sector),
            tolerance=tolerance,
        )
        for sector in SECTORS
    ]
    rows.append(
        reconciled(
            peildatum=peildatum,
            sector=TOTAL,
            own=own.get(TOTAL),
            official=official_total,
            tolerance=tolerance,
        )
    )
    return rows


def region_reconciliation(*, region, programme) -> list[ReconciliationRow]:
    """Every peildatum with an official figure for `region`, newest first: per sector (markt,
    overheid) and the total, our count beside the official one. Three queries (one when the
    region has no official figures)."""
    official = _official(OfficialCount.objects.filter(region=region))
    peildata = sorted({peildatum for _region, peildatum in official}, reverse=True)
    own = _own(programme=programme, wanted={region.pk: set(peildata)} if peildata else {})
    tolerance = programme.reconciliation_tolerance
    return [
        row
        for peildatum in peildata
        for row in _rows(
            peildatum,
            official[region.pk, peildatum],
            own.get((region.pk, peildatum), {}),
            tolerance,
        )
    ]


def overview_reconciliation(*, programme, on: date | None = None) -> dict[int, ReconciliationRow]:
    """Per region id, the total row at the region's latest peildatum with an official figure
    (up to `on`, when given): what the national overview shows beside each region. Regions
    without official figures are left out. Three queries whatever the number of regions."""
    counts = OfficialCount.objects.all()
    if on is not None:
        counts = counts.filter(peildatum__lte=on)
    latest = (
        counts.filter(region=OuterRef("region"))
        .order_by()
        .values("region")
        .annotate(latest=Max("peildatum"))
        .values("latest")[:1]
    )
    official = _official(counts.filter(peildatum=Subquery(latest)))
    wanted: dict[int, set[date]] = defaultdict(set)
    for region_id, peildatum in official:
        wanted[region_id].add(peildatum)
    own = _own(programme=programme, wanted=wanted)
    tolerance = programme.reconciliation_tolerance
    return {
        region_id: _rows(peildatum, figures, own.get((region_id, peildatum), {}), tolerance)[-1]
        for (region_id, peildatum), figures in official.items()
    }


# The beheerder's page of the official figures ------------------------------------------


def official_count_imports():
    """Every import of official figures, newest first, with who imported it (one query; the
    file's bytes are not read)."""
    return (
        OfficialCountImport.objects.select_related("uploaded_by")
        .defer("content", "results")
        .order_by("-uploaded_at", "-pk")
    )


@dataclass(frozen=True)
class RegionOfficialFigures:
    """A region's latest official figure: the peildatum and the extra jobs per sector then
    (None: no figure of that sector on that date); no peildatum when it has none at all."""

    region_id: int
    code: str
    name: str
    peildatum: date | None
    markt: int | None
    overheid: int | None

    @property
    def quarter(self) -> str:
        return quarter_of(self.peildatum) if self.peildatum else ""


def official_latest_per_region() -> list[RegionOfficialFigures]:
    """Each of the 35 regions with its latest peildatum and the figures then, by region
    code (two queries)."""
    latest = (
        OfficialCount.objects.filter(region=OuterRef("region"))
        .order_by()
        .values("region")
        .annotate(latest=Max("peildatum"))
        .values("latest")[:1]
    )
    figures = _official(OfficialCount.objects.filter(peildatum=Subquery(latest)))
    at = {region_id: (peildatum, sectors) for (region_id, peildatum), sectors in figures.items()}
    rows = []
    for region_id, code, name in (
        Region.objects.filter(synthetic=False).order_by("code").values_list("pk", "code", "name")
    ):
        peildatum, sectors = at.get(region_id, (None, {}))
        rows.append(
            RegionOfficialFigures(
                region_id,
                code,
                name,
                peildatum,
                sectors.get(Sector.MARKT),
                sectors.get(Sector.OVERHEID),
            )
        )
    return rows
