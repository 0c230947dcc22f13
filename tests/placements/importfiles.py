"""Delivery files for the import tests: CSV and XLSX written the way spreadsheets write them,
and the Midden-Gelderland plan's names to fill them with."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from placements.imports import COLUMNS

MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
ONTMOETING = "De Ontmoeting"
EVENEMENTEN = "Organiseren evenementen"
CARROUSEL = "De oriëntatiecarrousel"
KETEN = "Verbeteren ketensamenwerking"
APK = "Verbreden APK"
# No demo realisation has this source, so outcomes and sums here are the tests' own.
SOURCE = "Testbron"


def row(
    line=ONTMOETING,
    project=EVENEMENTEN,
    indicator="matches",
    sector="",
    group="",
    period="2019-K1",
    count="5",
    source=SOURCE,
) -> dict[str, str]:
    return {
        "lijn": line,
        "project": project,
        "indicator": indicator,
        "sector": sector,
        "doelgroep": group,
        "periode": period,
        "aantal": count,
        "bron": source,
    }


def csv_bytes(rows, columns=COLUMNS, delimiter=";", bom=True) -> bytes:
    def quote(value):
        value = str(value)
        if delimiter in value or '"' in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(columns)]
    lines += [delimiter.join(quote(r.get(name, "")) for name in columns) for r in rows]
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows, columns=COLUMNS, numbers=True) -> bytes:
    """A workbook as Excel saves one: counts as numbers when they look like numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for r in rows:
        values = []
        for name in columns:
            value = r.get(name, "")
            if numbers and name == "aantal" and value.lstrip("-").isdigit():
                value = int(value)
            values.append(value if value != "" else None)
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name="levering.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_upload(rows, name="levering.csv", **kwargs) -> SimpleUploadedFile:
    return upload(csv_bytes(rows, **kwargs), name)


def xlsx_upload(rows, name="levering.xlsx", **kwargs) -> SimpleUploadedFile:
    return upload(xlsx_bytes(rows, **kwargs), name)
