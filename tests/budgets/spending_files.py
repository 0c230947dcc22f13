"""Spending files for the import tests, made in code: CSV as Dutch Excel saves it and XLSX
with real number and date cells. Rows name the world of test_spending_import (plan 2021–2022
with budget lines "Scholing en coördinatie" 2021 and 2022, "Projectleider" 2021 on line
Werkgeversdienstverlening, "Banenmarkt" 2021 on its project)."""

import io
from datetime import date

from openpyxl import Workbook

from budgets.imports import COLUMNS


def row(**changes) -> dict[str, object]:
    values = {
        "datum": "16-08-2021",
        "bedrag": "1.234,56",
        "omschrijving": "Training werkcoaches",
        "referentie": "F2021-0815",
        "organisatie": "Opleidingsbureau Noord",
        "jaar": "",
        "begrotingsregel": "Scholing en coördinatie",
        "lijn": "",
        "project": "",
        "categorie": "",
    }
    values.update(changes)
    return values


def honest_rows() -> list[dict[str, object]]:
    return [
        row(),
        row(
            datum="2021-09-01",
            bedrag="€ 450",
            referentie="F2021-0902",
            begrotingsregel="Projectleider",
        ),
        row(datum="03-02-2022", bedrag="2000,5", referentie="F2022-0011"),
    ]


def csv_bytes(rows, columns=COLUMNS, delimiter=";") -> bytes:
    def quote(value):
        value = str(value)
        if any(character in value for character in (delimiter, '"', "\r", "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(columns)]
    lines += [delimiter.join(quote(r.get(name, "")) for name in columns) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows, columns=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for r in rows:
        sheet.append([r.get(name, "") for name in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def typed_rows() -> list[dict[str, object]]:
    """Rows as a financial system writes them into a workbook: real dates and numbers."""
    return [
        row(datum=date(2021, 8, 16), bedrag=1234.56),
        row(datum=date(2021, 10, 1), bedrag=99, referentie="F2021-1001"),
    ]
