"""The regions' reference data as the files in regions/data/ give it: the 35 arbeidsmarktregio's
with their centre municipality and the 342 municipalities (CBS "Gebieden in Nederland 2026"
and the ESF 2014–2020 list, see regions/data/README.md). services.reference_regions_sync
writes it; programmes' load_reference_data command runs it."""

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "arbeidsmarktregios.csv"
MUNICIPALITIES_CSV = DATA_DIR / "gemeenten_arbeidsmarktregio.csv"

# Everyday names of centre municipalities against their official CBS names.
CENTRE_NAME_ALIASES = {
    "Den Haag": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    centre: str  # the official CBS name of the centre municipality


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    region_code: str


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def region_rows() -> list[RegionRow]:
    return [
        RegionRow(
            code=row["code"],
            name=row["name"],
            centre=CENTRE_NAME_ALIASES.get(row["centrumgemeente"], row["centrumgemeente"]),
        )
        for row in _read(REGIONS_CSV)
    ]


def municipality_rows() -> list[MunicipalityRow]:
    return [
        MunicipalityRow(
            code=row["gemeente_code"],
            name=row["gemeente_name"],
            region_code=row["arbeidsmarktregio_code"],
        )
        for row in _read(MUNICIPALITIES_CSV)
    ]
