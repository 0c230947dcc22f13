"""Our count beside the official one (placements.selectors.reconciliation): Haaglanden's and
Gooi en Vechtstreek's registration in the demo against the official figures of the
illustrative sample file (which the demo load imports), figure by figure; the flag on the
exact percentage; the one rule of realised to date; and a fixed number of queries whatever
the number of regions and peildata."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.models import OfficialCount, OfficialCountImport, Realisation
from placements.selectors.reconciliation import (
    overview_reconciliation,
    reconciled,
    region_reconciliation,
)
from programmes import selectors as programme_selectors
from programmes.models import ActionPlan, Indicator, Programme
from regions.models import Region
from tests.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

QUARTER_ENDS = [
    date(year, month, day)
    for year in (2015, 2016)
    for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
]
# Official figures per quarter 2015-K1 … 2016-K4 (markt, overheid), as in the sample file
# (placements/data/…-voorbeeld.csv), for tests that write their own.
OFFICIAL = {
    "AM21": (
        [380, 398, 452, 470, 559, 571, 611, 668],
        [352, 409, 438, 505, 539, 590, 661, 665],
    ),
    "AM12": ([40, 48, 55, 63, 72, 80, 85, 112], [31, 35, 40, 44, 49, 55, 61, 62]),
}


def official_counts(figures=OFFICIAL, peildata=QUARTER_ENDS) -> None:
    """Official figures in place of the sample file's, written as the import writes them."""
    OfficialCount.objects.all().delete()
    upload = OfficialCountImport.objects.create(
        file_name="test.csv", content=b"", status=OfficialCountImport.Status.VERWERKT
    )
    for code, (markt, overheid) in figures.items():
        region = Region.objects.get(code=code)
        for sector, values in (("markt", markt), ("overheid", overheid)):
            OfficialCount.objects.bulk_create(
                OfficialCount(
                    region=region,
                    peildatum=peildatum,
                    sector=sector,
                    extra_jobs=value,
                    source="test",
                    official_import=upload,
                )
                for peildatum, value in zip(peildata, values, strict=True)
            )


@pytest.fixture
def banenafspraak(demo):
    return Programme.objects.get(code="banenafspraak")


def figures(row):
    return (
        row.quarter,
        row.sector,
        row.own,
        row.official,
        row.difference,
        row.percentage,
        row.flagged,
    )


def test_haaglanden_beside_the_official_figures(banenafspraak):
    rows = region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak)
    # Newest first, per peildatum markt, overheid and the total.
    assert len(rows) == 24
    assert [figures(row) for row in rows[:3]] == [
        # 2016-K4: markt 652 against 668, overheid 701 against 665 (beyond 5 %), in total
        # 1.353 against 1.333.
        ("2016-K4", "markt", 652, 668, -16, Decimal("-2.4"), False),
        ("2016-K4", "overheid", 701, 665, 36, Decimal("5.4"), True),
        ("2016-K4", "", 1353, 1333, 20, Decimal("1.5"), False),
    ]
    assert [figures(row) for row in rows[9:12]] == [
        # 2016-K1: the market sector 7,5 % under the official count.
        ("2016-K1", "markt", 517, 559, -42, Decimal("-7.5"), True),
        ("2016-K1", "overheid", 545, 539, 6, Decimal("1.1"), False),
        ("2016-K1", "", 1062, 1098, -36, Decimal("-3.3"), False),
    ]
    assert [figures(row) for row in rows[-3:]] == [
        ("2015-K1", "markt", 372, 380, -8, Decimal("-2.1"), False),
        ("2015-K1", "overheid", 360, 352, 8, Decimal("2.3"), False),
        ("2015-K1", "", 732, 732, 0, Decimal("0.0"), False),
    ]
    assert [row.peildatum for row in rows[::3]] == sorted(QUARTER_ENDS, reverse=True)
    assert [row for row in rows if row.flagged] == [rows[1], rows[9]]


def test_the_tolerance_is_the_programmes(banenafspraak):
    banenafspraak.reconciliation_tolerance = Decimal("7.5")
    rows = region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak)
    # -7,513… % is beyond 7,5 although it shows as -7,5 %; 5,4 % is now within.
    assert [(row.quarter, row.sector) for row in rows if row.flagged] == [("2016-K1", "markt")]
    banenafspraak.reconciliation_tolerance = Decimal("7.6")
    rows = region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak)
    assert not any(row.flagged for row in rows)


def test_a_peildatum_outside_every_plan_has_no_count_of_ours(banenafspraak):
    """Gooi en Vechtstreek's banenafspraak plan of 2016 covers 2016 only: its 2015 figures
    stand alone; 2016-K4's total, 161 against 174, is flagged (the plan's one target has no
    sector: its realisations carry theirs)."""
    rows = region_reconciliation(region=Region.objects.get(code="AM12"), programme=banenafspraak)
    assert [figures(row) for row in rows[:3]] == [
        ("2016-K4", "markt", 98, 112, -14, Decimal("-12.5"), True),
        ("2016-K4", "overheid", 63, 62, 1, Decimal("1.6"), False),
        ("2016-K4", "", 161, 174, -13, Decimal("-7.5"), True),
    ]
    assert [figures(row) for row in rows[-3:]] == [
        ("2015-K1", "markt", None, 40, None, None, False),
        ("2015-K1", "overheid", None, 31, None, None, False),
        ("2015-K1", "", None, 71, None, None, False),
    ]


def test_overview_takes_each_regions_latest_total(banenafspraak):
    overview = overview_reconciliation(programme=banenafspraak)
    haaglanden, gooi = Region.objects.get(code="AM21"), Region.objects.get(code="AM12")
    others = Region.objects.filter(code__in=["AM07", "AM37"])
    assert set(overview) == {haaglanden.pk, gooi.pk, *(region.pk for region in others)}
    # Midden-Gelderland and Zuid-Kennemerland en IJmond run no Banenafspraak plan in the demo.
    midden_gelderland = Region.objects.get(code="AM07")
    assert figures(overview[midden_gelderland.pk]) == (
        "2016-K4",
        "",
        None,
        399 + 303,
        None,
        None,
        False,
    )
    assert figures(overview[haaglanden.pk]) == (
        "2016-K4",
        "",
        1353,
        1333,
        20,
        Decimal("1.5"),
        False,
    )
    assert figures(overview[gooi.pk]) == ("2016-K4", "", 161, 174, -13, Decimal("-7.5"), True)
    # On a date: the latest peildatum up to it, and our count at that date.
    on_date = overview_reconciliation(programme=banenafspraak, on=date(2016, 5, 15))
    assert figures(on_date[haaglanden.pk]) == (
        "2016-K1",
        "",
        1062,
        1098,
        -36,
        Decimal("-3.3"),
        False,
    )


def test_a_concept_beside_the_adopted_plan_adds_nothing(banenafspraak):
    """Our count takes the plans the dashboard shows on the peildatum (the rule of
    programmes.selectors.active_plans): Haaglanden's adopted plan, not a concept plan of
    the same programme beside it over 2016, though the concept has banen realised too (a
    stock: counting both would add the concept's level to the adopted plan's)."""
    haaglanden = Region.objects.get(code="AM21")
    concept = PlanFactory(
        region=haaglanden,
        programme=banenafspraak,
        title="Banenafspraak 2016 (concept)",
        start_date=date(2016, 1, 1),
        end_date=date(2016, 12, 31),
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    target = TargetFactory(
        plan=concept, indicator=Indicator.objects.get(code="banen"), sector="overheid", value=700
    )
    Realisation.objects.create(
        target=target, period=concept.periods.get(code="2016-K4"), count=690, sector="overheid"
    )
    # The dashboard on the last peildatum shows the adopted plan only.
    shown = programme_selectors.active_plans(
        region=haaglanden, programme=banenafspraak, today=date(2016, 12, 31)
    )
    assert [plan.status for plan in shown] == [ActionPlan.Status.VASTGESTELD]
    assert concept not in shown

    rows = region_reconciliation(region=haaglanden, programme=banenafspraak)
    assert [figures(row) for row in rows[:3]] == [
        ("2016-K4", "markt", 652, 668, -16, Decimal("-2.4"), False),
        ("2016-K4", "overheid", 701, 665, 36, Decimal("5.4"), True),
        ("2016-K4", "", 1353, 1333, 20, Decimal("1.5"), False),
    ]
    overview = overview_reconciliation(programme=banenafspraak)
    assert figures(overview[haaglanden.pk]) == (
        "2016-K4",
        "",
        1353,
        1333,
        20,
        Decimal("1.5"),
        False,
    )


def test_nothing_official_is_nothing_to_show(banenafspraak):
    OfficialCount.objects.all().delete()
    assert (
        region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak) == []
    )
    assert overview_reconciliation(programme=banenafspraak) == {}


def test_only_one_sector_published_leaves_the_total_unknown(banenafspraak):
    OfficialCount.objects.all().delete()
    upload = OfficialCountImport.objects.create(file_name="test.csv", content=b"")
    OfficialCount.objects.create(
        region=Region.objects.get(code="AM21"),
        peildatum=date(2015, 3, 31),
        sector="markt",
        extra_jobs=380,
        official_import=upload,
    )
    rows = region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak)
    assert [figures(row) for row in rows] == [
        ("2015-K1", "markt", 372, 380, -8, Decimal("-2.1"), False),
        ("2015-K1", "overheid", 360, None, None, None, False),
        ("2015-K1", "", 732, None, None, None, False),
    ]


@pytest.mark.parametrize(
    ("own", "official", "percentage", "flagged"),
    [
        (1048, 1000, Decimal("4.8"), False),
        (1050, 1000, Decimal("5.0"), False),  # exactly the tolerance: not beyond it
        (2102, 2002, Decimal("5.0"), False),  # 4,995 % shows as 5,0 %
        (1051, 1001, Decimal("5.0"), False),  # 4,995… %
        (1052, 1001, Decimal("5.1"), True),
        (2001, 1905, Decimal("5.0"), True),  # 5,039… % shows as 5,0 % and is beyond 5
        (950, 1000, Decimal("-5.0"), False),
        (949, 1000, Decimal("-5.1"), True),
        (3, 0, None, True),  # an official 0 against a count of ours
        (0, 0, None, False),
    ],
)
def test_flag_on_the_exact_percentage(own, official, percentage, flagged):
    row = reconciled(
        peildatum=date(2016, 12, 31),
        sector="",
        own=own,
        official=official,
        tolerance=Decimal("5.0"),
    )
    assert (row.quarter, row.difference, row.percentage, row.flagged) == (
        "2016-K4",
        own - official,
        percentage,
        flagged,
    )


def test_our_count_follows_a_correction(banenafspraak):
    """The same rule as progress: a stock's level at the peildatum is the latest reported at
    or before it, so a correction of the 2016-K4 level moves our count, not the earlier ones."""
    from placements.models import Realisation

    realisation = Realisation.objects.get(
        target__plan__region__code="AM21",
        target__plan__programme=banenafspraak,
        period__code="2016-K4",
        sector="overheid",
    )
    Realisation.objects.filter(pk=realisation.pk).update(count=680)
    rows = region_reconciliation(region=Region.objects.get(code="AM21"), programme=banenafspraak)
    assert figures(rows[1]) == ("2016-K4", "overheid", 680, 665, 15, Decimal("2.3"), False)
    assert figures(rows[4]) == ("2016-K3", "overheid", 650, 661, -11, Decimal("-1.7"), False)


ALL_QUARTERS = [
    date(year, month, day)
    for year in range(2011, 2017)
    for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
]


def test_queries_do_not_grow_with_regions_or_peildata(banenafspraak):
    haaglanden = Region.objects.get(code="AM21")
    official_counts({"AM21": ([380], [352])}, peildata=QUARTER_ENDS[:1])
    with CaptureQueriesContext(connection) as small_region:
        region_reconciliation(region=haaglanden, programme=banenafspraak)
    with CaptureQueriesContext(connection) as small_overview:
        overview_reconciliation(programme=banenafspraak)

    many = len(ALL_QUARTERS)
    official_counts(
        {
            region.code: (list(range(many)), list(range(many)))
            for region in Region.objects.filter(synthetic=False)
        },
        peildata=ALL_QUARTERS,
    )
    with CaptureQueriesContext(connection) as large_region:
        rows = region_reconciliation(region=haaglanden, programme=banenafspraak)
    with CaptureQueriesContext(connection) as large_overview:
        overview = overview_reconciliation(programme=banenafspraak)
    assert len(rows) == 3 * many
    assert len(overview) == Region.objects.filter(synthetic=False).count() == 35
    # Official figures, the lineages of the plans, our counts per lineage and sector.
    assert len(small_region) == len(large_region) == 3
    assert len(small_overview) == len(large_overview) == 3
