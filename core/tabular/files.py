"""Reading an imported table (CSV or XLSX): the limits that protect the server, and the file
turned into numbered rows of text per column. Knows nothing of plans or of what the rows mean:
each import names its columns (TableFormat) and its limits (Limits); a file that cannot be
read exactly is refused here (FileRejected) before any row is checked. The realisation import
(placements.imports) and the spending import (budgets.imports) read their files here.

Reading is exact or not at all: every row of a sheet is read whatever its `<dimension>` says,
a CSV must be strict UTF-8 with closed quotes and no NUL byte, and every header names one
known column once. An XLSX is checked before it is parsed: its zip parts (number, unpacked
size, packing ratio) and every XML part streamed once with expat, counting rows, columns and
cells without building them, so a zip bomb or a row of a million cells is refused in
milliseconds and little memory. Only then does openpyxl read the first sheet, streaming
(read-only mode), with the same limits enforced again row by row."""

import codecs
import csv
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.spreadsheet_text import from_csv_field

from .problems import FileRejected, Problem, reject

logger = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx")
# Rows read beyond the data rows allowed: empty rows (a sheet formatted further down).
EMPTY_ROWS_ALLOWED = 10_000
# A part smaller than this unpacked is harmless whatever its packing ratio.
RATIO_CHECKED_FROM = 1024 * 1024
_CHUNK = 64 * 1024
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


@dataclass(frozen=True)
class TableFormat:
    """What an import's file holds: its columns (the names are the file format, never
    translated), those that may not be left out, and what its rows are, in the plural, for
    the messages ("realisaties", "uitgaven")."""

    columns: tuple[str, ...]
    required_columns: tuple[str, ...]
    contents: str | Promise


@dataclass(frozen=True)
class Limits:
    """An import's limits, from the settings (config/settings/base.py)."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_zip_members: int

    @property
    def max_sheet_rows(self) -> int:
        return self.max_rows + EMPTY_ROWS_ALLOWED

    @classmethod
    def from_settings(cls, prefix: str) -> "Limits":
        """The limits named `<prefix>_MAX_BYTES` and so on, read when called (so a test or a
        deployment that changes a setting is obeyed at once)."""
        return cls(
            max_bytes=getattr(settings, f"{prefix}_MAX_BYTES"),
            max_rows=getattr(settings, f"{prefix}_MAX_ROWS"),
            max_columns=getattr(settings, f"{prefix}_MAX_COLUMNS"),
            max_cells=getattr(settings, f"{prefix}_MAX_CELLS"),
            max_uncompressed_bytes=getattr(settings, f"{prefix}_MAX_UNCOMPRESSED_BYTES"),
            max_compression_ratio=getattr(settings, f"{prefix}_MAX_COMPRESSION_RATIO"),
            max_zip_members=getattr(settings, f"{prefix}_MAX_ZIP_MEMBERS"),
        )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file larger than `max_bytes`, before a byte of it is read."""
    if size > max_bytes:
        raise FileRejected(
            [
                Problem(
                    None,
                    "",
                    _(
                        "Het bestand is %(size)s; de grens is %(limit)s. Splits het op in "
                        "kleinere bestanden."
                    )
                    % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
                )
            ]
        )


def cell_text(value) -> str:
    """A cell as text: whole floats without ".0" (Excel stores 12 as 12.0), dates as ISO,
    runs of white space as one space. A leading tab or carriage return is kept: a
    spreadsheet would take such text for a formula, and the checks refuse it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    normalised = " ".join(text.split())
    if text[:1] in ("\t", "\r") and normalised:
        return text[0] + normalised
    return normalised


def _too_many_rows(file_name: str, limit: int) -> FileRejected:
    return reject(
        _("%(name)s heeft meer dan %(max)s rijen. Splits het op in kleinere bestanden.")
        % {"name": file_name, "max": _number(limit)}
    )


def _too_many_columns(file_name: str, row: int, limit: int, count: int) -> FileRejected:
    return reject(
        _(
            "%(name)s heeft in rij %(row)s meer dan %(max)s kolommen. Het sjabloon heeft er "
            "%(count)s: verwijder de overige kolommen."
        )
        % {"name": file_name, "row": _number(row), "max": limit, "count": count}
    )


def _too_many_cells(file_name: str, limit: int) -> FileRejected:
    return reject(
        _("%(name)s heeft meer dan %(max)s cellen. Splits het op in kleinere bestanden.")
        % {"name": file_name, "max": _number(limit)}
    )


# CSV -------------------------------------------------------------------------------------


def _line_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def _malformed_csv(file_name: str, message: str, line: int) -> FileRejected:
    return reject(
        _("%(name)s is geen geldig CSV-bestand: regel %(line)s %(problem)s")
        % {"name": file_name, "line": _number(line), "problem": message}
    )


def _csv_text(file_name: str, content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise reject(
            _(
                "%(name)s heet een CSV-bestand, maar is geen tekst (het lijkt een Excel-werkmap "
                "of een ander binair bestand). Sla het op als CSV (UTF-8) of geef het de "
                "extensie .xlsx als het een Excel-werkmap is."
            )
            % {"name": file_name}
        )
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise reject(
            _(
                "%(name)s is geen UTF-8-tekst maar UTF-16 ('Unicode-tekst'). Sla het in Excel "
                "op als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'."
            )
            % {"name": file_name}
        )
    nul = content.find(b"\x00")
    if nul >= 0:
        raise _malformed_csv(
            file_name,
            _(
                "bevat een NUL-teken (byte 0x00). Het bestand is beschadigd of geen tekst: "
                "sla het opnieuw op als CSV (UTF-8)."
            ),
            _line_of(content, nul),
        )
    body = content.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise reject(
            _(
                "%(name)s is geen UTF-8-tekst. Regel %(line)s bevat een teken dat in UTF-8 niet "
                "bestaat (byte 0x%(byte)s). Sla het in Excel op als 'CSV UTF-8 (door "
                "lijstscheidingsteken gescheiden)'."
            )
            % {
                "name": file_name,
                "line": _number(_line_of(body, error.start)),
                "byte": f"{body[error.start]:02X}",
            }
        ) from error


def _csv_records(
    file_name: str, content: bytes, limit: Limits, table: TableFormat, text_of: Callable
):
    text = _csv_text(file_name, content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Dutch Excel writes ";", most other tools ","; the header says which this file uses.
    delimiter = max(
        (";", ","),
        key=lambda candidate: sum(
            name.strip().casefold() in table.columns for name in first_line.split(candidate)
        ),
    )
    # strict: a quote in the wrong place is an error, not a guess.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0  # the last physical line read; a record starts on the next
    cells = 0
    number = 0
    # A delivery repeats its names, periods and counts on every row: each text is made once.
    texts: dict[str, str] = {}

    def text_of_cell(cell: str) -> str:
        found = texts.get(cell)
        if found is None:
            found = texts[cell] = text_of(from_csv_field(cell))
        return found

    try:
        for record in reader:
            number += 1
            start, line = line + 1, reader.line_num
            if number > limit.max_sheet_rows:
                raise _too_many_rows(file_name, limit.max_rows)
            if len(record) > limit.max_columns:
                raise _too_many_columns(file_name, number, limit.max_columns, len(table.columns))
            cells += len(record)
            if cells > limit.max_cells:
                raise _too_many_cells(file_name, limit.max_cells)
            yield [text_of_cell(cell) for cell in record]
    except csv.Error as error:
        problem = str(error)
        if "unexpected end of data" in problem:
            raise _malformed_csv(
                file_name,
                _(
                    'opent een veld met een aanhalingsteken (") dat nergens wordt gesloten. '
                    'Sluit het veld af met " of verwijder het aanhalingsteken.'
                ),
                line + 1,
            ) from error
        if "expected after" in problem:
            raise _malformed_csv(
                file_name,
                _(
                    'heeft tekst direct na het sluitende aanhalingsteken (") van een veld. '
                    'Schrijf een aanhalingsteken binnen een veld dubbel ("").'
                ),
                reader.line_num,
            ) from error
        if "field larger than field limit" in problem:
            raise _malformed_csv(
                file_name,
                _("heeft een veld van meer dan %(max)s tekens.")
                % {"max": _number(csv.field_size_limit())},
                start if reader.line_num == line else reader.line_num,
            ) from error
        # Any other complaint of Python's csv module: its English text stays in the log.
        logger.warning("CSV %s not read: %s", file_name, problem)
        raise _malformed_csv(
            file_name,
            _("kan niet als CSV worden gelezen. Sla het opnieuw op als CSV (UTF-8)."),
            reader.line_num,
        ) from error


# XLSX ------------------------------------------------------------------------------------


def _not_a_workbook(file_name: str) -> FileRejected:
    return reject(
        _(
            "%(name)s heet een Excel-bestand (.xlsx), maar is geen Excel-werkmap. Sla het in "
            "Excel op als 'Excel-werkmap (*.xlsx)', of lever een CSV-bestand aan."
        )
        % {"name": file_name}
    )


def _damaged_workbook(file_name: str) -> FileRejected:
    return reject(
        _(
            "%(name)s is beschadigd of onvolledig: het is geen leesbare Excel-werkmap (is het "
            "opslaan of versturen afgebroken?). Sla het opnieuw op als 'Excel-werkmap (*.xlsx)'."
        )
        % {"name": file_name}
    )


def _check_archive(
    file_name: str, archive: zipfile.ZipFile, limit: Limits, table: TableFormat
) -> None:
    """The zip's parts before any is unpacked: how many, how large unpacked (as the zip
    declares it; zipfile never unpacks more than declared), how strongly packed."""
    parts = archive.infolist()
    if len(parts) > limit.max_zip_members:
        raise reject(
            _(
                "%(name)s bestaat uit %(count)s delen; een Excel-werkmap met %(contents)s "
                "heeft er hoogstens %(max)s. Sla het opnieuw op als 'Excel-werkmap (*.xlsx)' "
                "met alleen het blad met %(contents)s."
            )
            % {
                "name": file_name,
                "count": _number(len(parts)),
                "max": limit.max_zip_members,
                "contents": table.contents,
            }
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limit.max_uncompressed_bytes:
        raise reject(
            _(
                "%(name)s is uitgepakt %(size)s groot; de grens is %(limit)s. Splits het op "
                "in kleinere bestanden."
            )
            % {
                "name": file_name,
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(limit.max_uncompressed_bytes),
            }
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= RATIO_CHECKED_FROM and ratio > limit.max_compression_ratio:
            raise reject(
                _(
                    "%(name)s is verdacht sterk ingepakt: deel %(part)s wordt bij uitpakken "
                    "%(ratio)s keer zo groot (grens: %(max)s keer). Zo'n bestand (een "
                    "'zip-bom') wordt niet gelezen."
                )
                % {
                    "name": file_name,
                    "part": part.filename,
                    "ratio": _number(int(ratio)),
                    "max": limit.max_compression_ratio,
                }
            )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _SheetCounter:
    """Counts a worksheet part's rows, columns and cells as expat streams it, and refuses
    at the first limit passed: nothing of the sheet is kept."""

    def __init__(self, file_name: str, limit: Limits, columns: int):
        self.file_name, self.limit, self.columns = file_name, limit, columns
        self.row = 0
        self.column = 0
        self.cells = 0

    def start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            match = _CELL_REFERENCE.fullmatch(attributes.get("r", ""))
            self.column = _column_number(match.group(1)) if match else self.column + 1
            if self.column > self.limit.max_columns:
                raise _too_many_columns(
                    self.file_name, self.row, self.limit.max_columns, self.columns
                )
            if self.cells > self.limit.max_cells:
                raise _too_many_cells(self.file_name, self.limit.max_cells)
        elif local == "row":
            number = attributes.get("r", "")
            self.row = int(number) if number.isascii() and number.isdigit() else self.row + 1
            self.column = 0
            if self.row > self.limit.max_sheet_rows:
                raise _too_many_rows(self.file_name, self.limit.max_rows)
        elif local == "dimension":
            self.check_dimension(attributes.get("ref", ""))

    def check_dimension(self, reference: str) -> None:
        """What the sheet says of its own size, before a row is read. It may be stale (too
        small): the rows are read whatever it says, and counted again in start()."""
        found = [_CELL_REFERENCE.fullmatch(corner) for corner in reference.split(":")]
        corners = [corner for corner in found if corner is not None]
        if len(found) != 2 or len(corners) != 2:
            return
        (first_column, first_row), (last_column, last_row) = (
            (_column_number(corner.group(1)), int(corner.group(2))) for corner in corners
        )
        columns = last_column - first_column + 1
        if last_column > self.limit.max_columns:
            raise _too_many_columns(self.file_name, first_row, self.limit.max_columns, self.columns)
        if columns * (last_row - first_row + 1) > self.limit.max_cells:
            raise _too_many_cells(self.file_name, self.limit.max_cells)


def _scan_parts(
    file_name: str, archive: zipfile.ZipFile, limit: Limits, table: TableFormat
) -> None:
    """Stream every XML part once: no DTD (entities could expand without end), worksheets
    and shared strings within the limits."""

    def refuse_dtd(*args):
        raise reject(
            _(
                "%(name)s bevat XML met een DTD-declaratie; een Excel-werkmap heeft die niet. "
                "Sla het opnieuw op als 'Excel-werkmap (*.xlsx)'."
            )
            % {"name": file_name}
        )

    for part in archive.infolist():
        if not part.filename.endswith((".xml", ".rels")):
            continue
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_dtd
        if part.filename.startswith("xl/worksheets/"):
            parser.StartElementHandler = _SheetCounter(file_name, limit, len(table.columns)).start
        elif part.filename == "xl/sharedStrings.xml":
            strings = [0]

            def count_string(name, attributes, strings=strings):
                if name.rpartition(":")[2] == "si":
                    strings[0] += 1
                    if strings[0] > limit.max_cells:
                        raise _too_many_cells(file_name, limit.max_cells)

            parser.StartElementHandler = count_string
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)


# What a damaged or hostile workbook makes zipfile, expat or openpyxl raise.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    InvalidFileException,
    ParseError,
    expat.ExpatError,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    IndexError,
    NotImplementedError,  # an unknown packing method
    RuntimeError,  # an encrypted part
)


def _xlsx_records(
    file_name: str, content: bytes, limit: Limits, table: TableFormat, text_of: Callable
):
    if not content.startswith(b"PK\x03\x04"):
        raise _not_a_workbook(file_name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except _UNREADABLE as error:
        raise _damaged_workbook(file_name) from error
    with archive:
        _check_archive(file_name, archive, limit, table)
        try:
            _scan_parts(file_name, archive, limit, table)
        except _UNREADABLE as error:
            raise _damaged_workbook(file_name) from error
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _UNREADABLE as error:
        raise _not_a_workbook(file_name) from error
    try:
        sheet = workbook.worksheets[0]
        # Read-only mode stops at the rows and columns the sheet's <dimension> names, and
        # many tools write a stale one: read every row the sheet has.
        sheet.reset_dimensions()
        # min_row=1: a sheet that starts with empty rows keeps its row numbers.
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > limit.max_sheet_rows:  # empty rows too: a sheet formatted to the bottom
                raise _too_many_rows(file_name, limit.max_rows)
            if len(values) > limit.max_columns:
                raise _too_many_columns(file_name, number, limit.max_columns, len(table.columns))
            yield [text_of(value) for value in values]
    except _UNREADABLE as error:
        raise _damaged_workbook(file_name) from error
    finally:
        workbook.close()


# The table -------------------------------------------------------------------------------


def _check_header(header_row: int, header: list[str], table: TableFormat) -> list[Problem]:
    """Every column named once, and only columns the format has."""
    problems = []
    seen: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        if name:
            seen.setdefault(name.casefold(), []).append(position)
    for name, positions in seen.items():
        letters = ", ".join(get_column_letter(position + 1) for position in positions)
        if name not in table.columns:
            problems.append(
                Problem(
                    header_row,
                    header[positions[0]],
                    _(
                        "Onbekende kolom (kolom %(letters)s). Gebruik alleen de kolommen "
                        "%(columns)s, of verwijder deze kolom."
                    )
                    % {"letters": letters, "columns": ", ".join(table.columns)},
                )
            )
        elif len(positions) > 1:
            problems.append(
                Problem(
                    header_row,
                    name,
                    _(
                        "Deze kolom staat %(times)s keer in de kopregel (kolommen %(letters)s). "
                        "Houd er één."
                    )
                    % {"times": len(positions), "letters": letters},
                )
            )
    missing = [name for name in table.required_columns if name not in seen]
    problems += [
        Problem(
            header_row,
            name,
            _("Deze kolom ontbreekt in de kopregel. Verwacht: %(columns)s.")
            % {"columns": ", ".join(table.columns)},
        )
        for name in missing
    ]
    return problems


def read_table(
    *,
    file_name: str,
    content: bytes,
    table: TableFormat,
    limit: Limits,
    text_of: Callable[[object], str] = cell_text,
) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the file as (row number, {column: text}); raises FileRejected for a
    file that cannot be imported at all. `text_of` turns a cell's value (a CSV's text, or an
    XLSX cell's number, date or text) into the text the checks read."""
    check_size(len(content), limit.max_bytes)
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
        _csv_records(file_name, content, limit, table, text_of)
        if extension == ".csv"
        else _xlsx_records(file_name, content, limit, table, text_of)
    )
    header: list[str] | None = None
    header_row = 0
    every_column_named = False  # then a row as long as the header is read in one step
    rows: list[tuple[int, dict[str, str]]] = []
    unnamed: list[Problem] = []  # values in a column the header does not name
    for number, record in enumerate(records, start=1):
        if not any(record):
            continue  # empty rows are not data, but keep their numbers
        if header is None:
            header, header_row = [cell.strip().casefold() for cell in record], number
            problems = _check_header(header_row, [cell.strip() for cell in record], table)
            if problems:
                raise FileRejected(problems)
            every_column_named = all(header)
            continue
        if len(rows) >= limit.max_rows:
            raise _too_many_rows(file_name, limit.max_rows)
        if every_column_named and len(record) == len(header):
            rows.append((number, dict(zip(header, record, strict=True))))
            continue
        values = {name: "" for name in header if name}
        for position, value in enumerate(record):
            name = header[position] if position < len(header) else ""
            if name:
                values[name] = value
            elif value and len(unnamed) < 20:
                unnamed.append(
                    Problem(
                        number,
                        get_column_letter(position + 1),
                        _(
                            "Hier staat '%(value)s', maar de kolom heeft geen naam in de "
                            "kopregel. Geef de kolom een naam van het sjabloon of maak haar leeg."
                        )
                        % {"value": value[:40]},
                    )
                )
        rows.append((number, values))
    if header is None:
        raise reject(_("%(name)s is leeg.") % {"name": file_name})
    if unnamed:
        raise FileRejected(unnamed)
    if not rows:
        raise reject(
            _("%(name)s bevat geen gegevens: onder de kopregel staan geen rijen.")
            % {"name": file_name}
        )
    return rows
