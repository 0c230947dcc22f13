"""Reference data: the 35 arbeidsmarktregio's with their 342 municipalities and centre
municipality, the programmes, the indicators and the national Banenafspraak targets."""

import csv
from datetime import date
from pathlib import Path

from django.utils.text import slugify

import regions
from demo.rows import Tally, ensure
from programmes.models import Indicator, NationalTarget, Programme
from regions.models import Municipality, Region

# CBS "Gebieden in Nederland 2026" and the ESF 2014–2020 list (see regions/data/README.md).
DATA_DIR = Path(regions.__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "arbeidsmarktregios.csv"
MUNICIPALITIES_CSV = DATA_DIR / "gemeenten_arbeidsmarktregio.csv"

# Everyday names of centre municipalities against their official CBS names.
CENTRE_NAME_ALIASES = {
    "Den Haag": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
}

# DOMAIN.md "programma / regeling": code, name, description.
PROGRAMMES = [
    (
        "banenafspraak",
        "Banenafspraak",
        "Extra banen voor mensen met een arbeidsbeperking (Sociaal Akkoord 2013), geteld per "
        "marktsector en overheidssector.",
    ),
    (
        "pow",
        "Perspectief op Werk",
        "Regionale actieplannen om werkzoekenden met een afstand tot de arbeidsmarkt aan het werk "
        "te helpen (2019–2020).",
    ),
    (
        "rmt",
        "Regionaal Mobiliteitsteam",
        "Aanvullende crisisdienstverlening (Tijdelijke regeling aanvullende crisisdienstverlening "
        "COVID-19) door regionale mobiliteitsteams.",
    ),
    (
        "dwsra",
        "DWSRA-pilots",
        "Pilots Dienstverlening en Samenwerking en Regie Arbeidsmarkt (SER-advies 2015).",
    ),
]

# DOMAIN.md "the things counted": code, name, kind, baseline (stock indicators only). Every
# indicator is a flow (counted per period, summed over periods) except the Banenafspraak's
# jobs: a stock, the level of extra jobs above the nulmeting of 1 January 2013, counted per
# sector (marktsector/overheidssector).
INDICATORS = [
    ("matches", "Matches", Indicator.Kind.MATCHES, None),
    ("plaatsingen", "Plaatsingen", Indicator.Kind.PLAATSINGEN, None),
    ("banen", "Banen (Banenafspraak)", Indicator.Kind.BANEN, date(2013, 1, 1)),
    ("vacatures", "Vacatures met baangarantie", Indicator.Kind.VACATURES, None),
    ("personen-in-beeld", "Personen in beeld", Indicator.Kind.PERSONEN_IN_BEELD, None),
    ("deelnemers", "Deelnemers", Indicator.Kind.DEELNEMERS, None),
    ("trajecten", "Trajecten", Indicator.Kind.TRAJECTEN, None),
    ("praktijkverklaringen", "Praktijkverklaringen", Indicator.Kind.CERTIFICATEN, None),
]
BANEN_DESCRIPTION = (
    "Extra banen ten opzichte van de nulmeting van 1 januari 2013, cumulatief aan het eind van "
    "het jaar. Eén baan telt als 25,5 uur per week."
)

# DOMAIN.md "Reference data": year, market sector, government sector. No other years.
NATIONAL_TARGETS = [
    (2015, 6_000, 3_000),
    (2016, 14_000, 6_500),
    (2017, 23_000, 10_000),
    (2022, 70_000, 22_500),
    (2025, 100_000, 25_000),
]


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(tally: Tally) -> None:
    region_rows = _read(REGIONS_CSV)
    existing = set(Region.objects.values_list("code", flat=True))
    new_regions = [
        Region(code=row["code"], name=row["name"], slug=slugify(row["name"]))
        for row in region_rows
        if row["code"] not in existing
    ]
    Region.objects.bulk_create(new_regions)
    tally.add(Region, len(new_regions))
    region_ids = dict(Region.objects.values_list("code", "pk"))

    existing = set(Municipality.objects.values_list("code", flat=True))
    new_municipalities = [
        Municipality(
            code=row["gemeente_code"],
            name=row["gemeente_name"],
            region_id=region_ids[row["arbeidsmarktregio_code"]],
        )
        for row in _read(MUNICIPALITIES_CSV)
        if row["gemeente_code"] not in existing
    ]
    Municipality.objects.bulk_create(new_municipalities, batch_size=500)
    tally.add(Municipality, len(new_municipalities))

    _link_centres(region_rows)


def _link_centres(region_rows: list[dict]) -> None:
    """Each region's centre municipality, found by name among the region's own municipalities.
    A region whose centre cannot be found stops the load rather than staying without one."""
    by_region_and_name = {
        (region_id, name): pk
        for pk, region_id, name in Municipality.objects.values_list("pk", "region_id", "name")
    }
    changed = []
    missing = []
    for region in Region.objects.filter(code__in=[row["code"] for row in region_rows]):
        wanted = next(row["centrumgemeente"] for row in region_rows if row["code"] == region.code)
        name = CENTRE_NAME_ALIASES.get(wanted, wanted)
        centre_id = by_region_and_name.get((region.pk, name))
        if centre_id is None:
            missing.append(f"{region.name}: {wanted}")
        elif region.centre_municipality_id != centre_id:
            region.centre_municipality_id = centre_id
            changed.append(region)
    if missing:
        raise ValueError(f"Centrumgemeente niet gevonden: {', '.join(missing)}")
    Region.objects.bulk_update(changed, ["centre_municipality"])


def load_programmes(tally: Tally) -> None:
    for code, name, description in PROGRAMMES:
        ensure(tally, Programme, code=code, defaults={"name": name, "description": description})
    for code, name, kind, baseline in INDICATORS:
        defaults = {"name": name, "kind": kind}
        if baseline is not None:
            defaults.update(
                measure=Indicator.Measure.STOCK,
                baseline_date=baseline,
                breakdown=Indicator.Breakdown.SECTOR,
                description=BANEN_DESCRIPTION,
            )
        ensure(tally, Indicator, code=code, defaults=defaults)

    programme = Programme.objects.get(code="banenafspraak")
    banen = Indicator.objects.get(code="banen")
    for year, market, government in NATIONAL_TARGETS:
        for sector, value in (("markt", market), ("overheid", government)):
            ensure(
                tally,
                NationalTarget,
                programme=programme,
                indicator=banen,
                sector=sector,
                measured_on=date(year, 12, 31),
                defaults={"value": value},
            )


def load(tally: Tally) -> None:
    load_regions(tally)
    load_programmes(tally)
