"""Malformed and hostile delivery files, made in code (no binary blobs): CSV with the wrong
encoding, stray quotes or a NUL byte; XLSX whose zip or sheet XML lies about its size, packs a
bomb, or holds a row of a million cells. Rows name the small world of grid_helpers
(make_world, make_plan): line Werkgeversdienstverlening, project Organiseren evenementen,
indicator matches-test."""

import functools
import io
import random
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

from placements.imports import COLUMNS

LINE = "Werkgeversdienstverlening"
PROJECT = "Organiseren evenementen"
INDICATOR = "matches-test"
SOURCE = "UWV"
HEADER = ";".join(COLUMNS)


def row(**changes) -> dict[str, object]:
    values = {
        "lijn": LINE,
        "project": PROJECT,
        "indicator": INDICATOR,
        "sector": "",
        "doelgroep": "",
        "periode": "2019-K1",
        "aantal": "5",
        "bron": SOURCE,
    }
    values.update(changes)
    return values


def honest_rows() -> list[dict[str, object]]:
    """Three good rows: a file that writes any of them when it should write none shows."""
    return [row(periode="2019-K1"), row(periode="2019-K3"), row(periode="2019-K4")]


# CSV -------------------------------------------------------------------------------------


def csv_line(values, delimiter=";") -> str:
    def quote(value):
        value = str(value)
        if any(character in value for character in (delimiter, '"', "\r", "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return delimiter.join(quote(value) for value in values)


def csv_text(rows, columns=COLUMNS) -> str:
    lines = [";".join(columns)]
    lines += [csv_line([r.get(name, "") for name in columns]) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def csv_bytes(rows, columns=COLUMNS, encoding="utf-8") -> bytes:
    return csv_text(rows, columns).encode(encoding)


def csv_with_line(line: str, at: int = 3, encoding="utf-8") -> bytes:
    """Honest rows with `line` (raw text, not quoted) as physical line `at`."""
    lines = csv_text(honest_rows()).split("\r\n")
    lines.insert(at - 1, line)
    return "\r\n".join(lines).encode(encoding)


def good_line(**changes) -> str:
    return csv_line([row(**changes)[name] for name in COLUMNS])


# XLSX ------------------------------------------------------------------------------------


def _skeleton() -> bytes:
    """A workbook as openpyxl saves it, whose first sheet the builders below replace."""
    workbook = Workbook()
    workbook.active.title = "Realisaties"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(reference: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}" t="n"><v>{value!r}</v></c>'
    # An inline string: text, never a formula, whatever it starts with.
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    )


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_xml(rows, columns=COLUMNS, dimension: str | None = "auto", prologue: str = "") -> str:
    """A worksheet part: the header and `rows` (dicts by column name, or lists of values)."""
    table = [list(columns)] + [
        [r.get(name, "") for name in columns] if isinstance(r, dict) else list(r) for r in rows
    ]
    body = "".join(
        f'<row r="{number}">'
        + "".join(
            _cell(f"{_letter(position)}{number}", value)
            for position, value in enumerate(values, start=1)
        )
        + "</row>"
        for number, values in enumerate(table, start=1)
    )
    if dimension == "auto":
        dimension = f"A1:{_letter(max(len(values) for values in table))}{len(table)}"
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension_xml}<sheetData>{body}</sheetData></worksheet>"
    )


def with_parts(replace: dict[str, bytes | str], extra=(), compression=zipfile.ZIP_DEFLATED):
    """The skeleton workbook with parts replaced (and `extra` (name, bytes) parts added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_skeleton())) as source,
        zipfile.ZipFile(out, "w", compression) as target,
    ):
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data.encode() if isinstance(data, str) else data)
        for name, data in extra:
            target.writestr(name, data)
    return out.getvalue()


def xlsx_bytes(rows, columns=COLUMNS, dimension="auto", prologue="") -> bytes:
    return with_parts({"xl/worksheets/sheet1.xml": sheet_xml(rows, columns, dimension, prologue)})


def stale_dimension(rows, ref="A1:H2") -> bytes:
    """As many tools write it: the <dimension> says fewer rows than the sheet has."""
    return xlsx_bytes(rows, dimension=ref)


def _streamed_sheet(chunks) -> bytes:
    """A workbook whose sheet part is written chunk by chunk (a large part without holding
    it in memory)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_skeleton())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as part:
                    for chunk in chunks():
                        part.write(chunk)
            else:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def _sheet_around(middle):
    def chunks():
        yield (
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        yield from middle()
        yield b"</sheetData></worksheet>"

    return chunks


@functools.cache  # bytes are immutable: built once per test run
def million_cell_row(cells: int = 1_000_000) -> bytes:
    """The issue's file: one row of a million cells, packed to a few hundred KB."""

    def middle():
        yield b'<row r="1">'
        block = b"<c><v>1</v></c>" * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield b"</row>"

    return _streamed_sheet(_sheet_around(middle))


@functools.cache  # bytes are immutable: built once per test run
def million_cell_row_unpackable(cells: int = 1_000_000) -> bytes:
    """The same row with random numbers, which pack poorly: it passes the packing-ratio
    check, so only counting the cells as they stream refuses it."""
    generator = random.Random(9)

    def middle():
        yield b'<row r="1">'
        for _ in range(cells // 10_000):
            yield b"".join(b"<c><v>%d</v></c>" % generator.randrange(10**9) for _ in range(10_000))
        yield b"</row>"

    return _streamed_sheet(_sheet_around(middle))


@functools.cache  # bytes are immutable: built once per test run
def zip_bomb(unpacked: int = 200 * 1024 * 1024) -> bytes:
    """A sheet that unpacks to `unpacked` bytes of white space from a file of a few hundred KB."""

    def middle():
        block = b" " * (1024 * 1024)
        for _ in range(unpacked // len(block)):
            yield block

    return _streamed_sheet(_sheet_around(middle))


def many_parts(count: int = 500) -> bytes:
    return with_parts({}, extra=[(f"xl/media/image{n}.png", b"x") for n in range(count)])


def billion_laughs() -> bytes:
    prologue = (
        '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    return xlsx_bytes(honest_rows(), prologue=prologue)


def far_cell() -> bytes:
    """No dimension and one cell in the last column Excel has (XFD): a reader that pads
    rows would build 16.384 cells per row."""
    sheet = sheet_xml(honest_rows(), dimension=None).replace(
        "</row></sheetData>", '<c r="XFD4" t="n"><v>1</v></c></row></sheetData>'
    )
    return with_parts({"xl/worksheets/sheet1.xml": sheet})


def far_row() -> bytes:
    """A row numbered 1.048.576: a reader would yield a million empty rows before it."""
    sheet = sheet_xml(honest_rows(), dimension=None).replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>'
    )
    return with_parts({"xl/worksheets/sheet1.xml": sheet})


def truncated(content: bytes, keep: float = 0.5) -> bytes:
    return content[: int(len(content) * keep)]


def bad_crc(content: bytes) -> bytes:
    """The sheet part's packed bytes altered, so it unpacks wrong (or not at all)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # The local header is 30 bytes plus the name and extra field; the data follow.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(content)
    middle = start + info.compress_size // 2
    data[middle] ^= 0xFF
    data[middle + 1] ^= 0xFF
    return bytes(data)


def not_a_workbook_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504  # an old .xls / encrypted file
