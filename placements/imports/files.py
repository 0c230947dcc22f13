"""Reading a delivery file: the size limit, and a CSV or XLSX file turned into numbered
rows of text per column. Knows nothing of plans; a file that cannot be read at all is
refused here (FileRejected) before any row is checked."""

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .columns import COLUMNS, REQUIRED_COLUMNS
from .problems import FileRejected, Problem, reject

EXTENSIONS = (".csv", ".xlsx")
MAX_ROWS = 20_000
MAX_SHEET_ROWS = MAX_ROWS + 10_000  # rows read from a sheet, empty ones included


def max_bytes() -> int:
    return settings.REALISATION_IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    if size > max_bytes():
        raise FileRejected(
            [
                Problem(
                    None,
                    "",
                    _(
                        "Het bestand is %(size)s; de grens is %(limit)s. Splits het op in "
                        "kleinere bestanden."
                    )
                    % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
                )
            ]
        )


def _text(value) -> str:
    """A cell as text: whole floats without ".0" (Excel stores 12 as 12.0), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def _csv_records(file_name: str, content: bytes) -> list[list[str]]:
    if content.startswith(b"PK\x03\x04") or b"\x00" in content[:4096]:
        raise reject(
            _(
                "%(name)s heet een CSV-bestand, maar is geen tekst (het lijkt een Excel-werkmap "
                "of een ander binair bestand). Sla het op als CSV (UTF-8) of geef het de "
                "extensie .xlsx als het een Excel-werkmap is."
            )
            % {"name": file_name}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise reject(
            _(
                "%(name)s is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 (door "
                "lijstscheidingsteken gescheiden)'."
            )
            % {"name": file_name}
        ) from error
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Dutch Excel writes ";", most other tools ","; the header says which this file uses.
    delimiter = max(
        (";", ","),
        key=lambda candidate: sum(
            name.strip().casefold() in COLUMNS for name in first_line.split(candidate)
        ),
    )
    try:
        return [
            [_text(cell) for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise reject(
            _("%(name)s is geen geldig CSV-bestand: %(error)s")
            % {
                "name": file_name,
                "error": error,
            }
        ) from error


def _xlsx_records(file_name: str, content: bytes):
    not_a_workbook = _(
        "%(name)s heet een Excel-bestand (.xlsx), maar is geen Excel-werkmap. Sla het in "
        "Excel op als 'Excel-werkmap (*.xlsx)', of lever een CSV-bestand aan."
    ) % {"name": file_name}
    if not content.startswith(b"PK\x03\x04"):
        raise reject(not_a_workbook)
    unreadable = (
        zipfile.BadZipFile,
        InvalidFileException,
        ParseError,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        IndexError,
    )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except unreadable as error:
        raise reject(not_a_workbook) from error
    try:
        sheet = workbook.worksheets[0]
        # min_row=1: a sheet that starts with empty rows keeps its row numbers.
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > MAX_SHEET_ROWS:  # empty rows too: a sheet formatted to the bottom
                raise reject(_too_many_rows(file_name))
            yield [_text(value) for value in values]
    except unreadable as error:
        raise reject(not_a_workbook) from error
    finally:
        workbook.close()


def _too_many_rows(file_name: str) -> str:
    return _("%(name)s heeft meer dan %(max)s rijen. Splits het op in kleinere bestanden.") % {
        "name": file_name,
        "max": f"{MAX_ROWS:,}".replace(",", "."),
    }


def read_table(*, file_name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the file as (row number, {column: text}); raises FileRejected for a
    file that cannot be imported at all."""
    check_size(len(content))
    extension = Path(file_name).suffix.lower()
    if extension not in EXTENSIONS:
        raise reject(
            _(
                "%(name)s is geen CSV- of Excel-bestand. Lever een .csv- of .xlsx-bestand "
                "aan (het sjabloon is er in beide vormen)."
            )
            % {"name": file_name}
        )
    if not content.strip():
        raise reject(_("%(name)s is leeg.") % {"name": file_name})
    records = (
        _csv_records(file_name, content)
        if extension == ".csv"
        else _xlsx_records(file_name, content)
    )
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in enumerate(records, start=1):
        if not any(record):
            continue  # empty rows are not data, but keep their numbers
        if header is None:
            header, header_row = [cell.casefold() for cell in record], number
            continue
        if len(rows) >= MAX_ROWS:
            raise reject(_too_many_rows(file_name))
        values = {}
        for position, name in enumerate(header):
            if name in COLUMNS and name not in values:
                values[name] = record[position] if position < len(record) else ""
        rows.append((number, values))
    if header is None:
        raise reject(_("%(name)s is leeg.") % {"name": file_name})
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise FileRejected(
            [
                Problem(
                    header_row,
                    name,
                    _("Deze kolom ontbreekt in de kopregel. Verwacht: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
                for name in missing
            ]
        )
    if not rows:
        raise reject(
            _("%(name)s bevat geen gegevens: onder de kopregel staan geen rijen.")
            % {"name": file_name}
        )
    return rows
