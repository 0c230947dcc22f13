"""The file formats of the official Banenafspraak figures: which columns a file has, what
each holds, and the reader that turns a file into checked rows or refuses it whole, naming
row and column (Dutch messages). core.tabular reads the CSV or XLSX exactly (or not at all);
this module checks every row.

One format now, "werkregio-v1", documented in docs (see /work/notes/official-docs.md): the
columns regiocode (AMxx), peildatum (a quarter end), sector (markt/overheid), extra_banen (a
whole number of 0 or more) and bron. When UWV's own publication is to be read as it comes,
its layout is another OfficialFormat in FORMATS, with its own columns and a reader that
gives the same OfficialRow; the service and everything after it stay as they are."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import tabular
from core.formatting import show_date
from core.spreadsheet_text import formula_character, starts_like_formula
from core.tabular import FileRejected, Limits, Problem, fold
from programmes.choices import Sector
from regions.models import Region

from ..rules import parse_count

# The columns of werkregio-v1, in its order. The names are the file format: never translated.
REGION_CODE, PEILDATUM, SECTOR, EXTRA_JOBS, SOURCE = (
    "regiocode",
    "peildatum",
    "sector",
    "extra_banen",
    "bron",
)
COLUMNS = (REGION_CODE, PEILDATUM, SECTOR, EXTRA_JOBS, SOURCE)
COLUMN_HELP = {
    REGION_CODE: gettext_lazy(
        "CBS-code van de arbeidsmarktregio, AM gevolgd door twee cijfers (AM21 is Haaglanden)."
    ),
    PEILDATUM: gettext_lazy(
        "Het einde van een kwartaal: 31-03, 30-06, 30-09 of 31-12, geschreven als DD-MM-JJJJ "
        "of JJJJ-MM-DD."
    ),
    SECTOR: gettext_lazy("markt of overheid."),
    EXTRA_JOBS: gettext_lazy(
        "Extra banen sinds de nulmeting van 1 januari 2013, opgeteld tot de peildatum: een "
        "geheel getal van 0 of meer."
    ),
    SOURCE: gettext_lazy("Waar het cijfer vandaan komt, bijvoorbeeld de UWV-publicatie."),
}
SOURCE_MAX_LENGTH = 200
_REGION_CODE = re.compile(r"AM[0-9]{2}")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


@dataclass(frozen=True)
class OfficialRow:
    """One official figure as a file states it, checked: what the import writes."""

    number: int  # the row as the spreadsheet numbers it (the header is row 1)
    region_id: int
    region_code: str
    peildatum: date
    sector: str
    extra_jobs: int
    source: str


@dataclass(frozen=True)
class OfficialFormat:
    """A layout of the official figures: its name (stored with each import), what it is
    called on the page, its columns (core.tabular reads the file by them) and its reader."""

    name: str
    label: str | Promise
    table: tabular.TableFormat
    read: Callable[..., list[OfficialRow]]


def limits() -> Limits:
    """The limits of every table import (TABLE_IMPORT_* in the settings): a publication of
    35 regions, two sectors and a few dozen quarters is a few thousand rows."""
    return Limits.from_settings("TABLE_IMPORT")


def max_bytes() -> int:
    """The largest file the import takes (the page's form and the request limit ask it)."""
    return limits().max_bytes


def parse_peildatum(text: str) -> date | None:
    """DD-MM-YYYY (31-12-2016) or YYYY-MM-DD (2016-12-31, also how an XLSX date cell
    reads); None when it is neither or no date."""
    if match := _DUTCH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_quarter_end(day: date) -> bool:
    return (day.month, day.day) in QUARTER_ENDS


def _sector(text: str) -> str | None:
    """markt or overheid, by value or label (marktsector), any case."""
    wanted = fold(text)
    for value, label in Sector.choices:
        if wanted in {fold(value), fold(str(label))}:
            return value
    return None


def _check_row(number: int, values: dict[str, str], regions: dict[str, int]):
    """The row's OfficialRow, or its problems (every cell checked, not only the first)."""
    problems: list[Problem] = []

    def fail(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    # Text a spreadsheet would run as a formula; a peildatum or a count that starts so is
    # refused by its own rule (a negative count, no date).
    for column in (REGION_CODE, SECTOR, SOURCE):
        value = values.get(column, "")
        if starts_like_formula(value):
            fail(
                column,
                _(
                    "De tekst begint met %(character)s en zou in een rekenblad als formule "
                    "worden uitgevoerd. Een code, sector of bron is geen formule: verwijder "
                    "dat teken."
                )
                % {"character": formula_character(value[0])},
            )
    if problems:
        return None, problems

    code = values.get(REGION_CODE, "").strip().upper()
    region_id = regions.get(code)
    if not code:
        fail(REGION_CODE, _("De regiocode ontbreekt. Vul de CBS-code in, bijvoorbeeld AM21."))
    elif not _REGION_CODE.fullmatch(code):
        fail(
            REGION_CODE,
            _(
                "'%(value)s' is geen regiocode. Een regiocode is AM gevolgd door twee cijfers, "
                "bijvoorbeeld AM21."
            )
            % {"value": values[REGION_CODE]},
        )
    elif region_id is None:
        fail(
            REGION_CODE,
            _("Regiocode %(value)s is geen van de 35 arbeidsmarktregio's. Controleer de CBS-code.")
            % {"value": code},
        )

    text = values.get(PEILDATUM, "").strip()
    peildatum = parse_peildatum(text)
    if not text:
        fail(PEILDATUM, _("De peildatum ontbreekt. Vul het einde van een kwartaal in."))
    elif peildatum is None:
        fail(
            PEILDATUM,
            _(
                "'%(value)s' is geen datum. Schrijf de peildatum als DD-MM-JJJJ (31-12-2016) "
                "of JJJJ-MM-DD (2016-12-31)."
            )
            % {"value": text},
        )
    elif not is_quarter_end(peildatum):
        fail(
            PEILDATUM,
            _(
                "%(value)s is geen einde van een kwartaal. De officiële cijfers gelden op "
                "31 maart, 30 juni, 30 september of 31 december."
            )
            % {"value": show_date(peildatum)},
        )
        peildatum = None

    text = values.get(SECTOR, "").strip()
    sector = _sector(text) if text else None
    if not text:
        fail(SECTOR, _("De sector ontbreekt. Vul markt of overheid in."))
    elif sector is None:
        fail(
            SECTOR,
            _("'%(value)s' is geen sector. Vul markt of overheid in.") % {"value": text},
        )

    extra_jobs = None
    try:
        extra_jobs = parse_count(values.get(EXTRA_JOBS, ""))
    except ValidationError as error:
        fail(EXTRA_JOBS, " ".join(error.messages))
    else:
        if extra_jobs is None:
            fail(EXTRA_JOBS, _("Het aantal extra banen ontbreekt. Vul een geheel getal in."))

    source = values.get(SOURCE, "").strip()
    if len(source) > SOURCE_MAX_LENGTH:
        fail(
            SOURCE,
            _("De bron is %(length)s tekens; de grens is %(max)s.")
            % {"length": len(source), "max": SOURCE_MAX_LENGTH},
        )
    if problems:
        return None, problems
    assert region_id is not None and peildatum is not None and sector is not None
    assert extra_jobs is not None
    return OfficialRow(number, region_id, code, peildatum, sector, extra_jobs, source), []


def read_werkregio_v1(*, file_name: str, content: bytes) -> list[OfficialRow]:
    """The checked rows of a werkregio-v1 file, or FileRejected listing every problem with
    its row and column: a file is imported whole or not at all. The same region, peildatum
    and sector twice is refused at the second row (which figure would be the official one?).
    Two queries: none for the file, one for the regions."""
    rows = tabular.read_table(file_name=file_name, content=content, table=TABLE, limit=limits())
    regions = dict(Region.objects.filter(synthetic=False).values_list("code", "pk"))
    checked: list[OfficialRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, date, str], int] = {}
    for number, values in rows:
        row, row_problems = _check_row(number, values, regions)
        problems += row_problems
        if row is None:
            continue
        key = (row.region_id, row.peildatum, row.sector)
        first = seen.setdefault(key, number)
        if first != number:
            problems.append(
                Problem(
                    number,
                    "",
                    _(
                        "%(region)s, %(sector)s op %(peildatum)s staat al in rij %(first)s. "
                        "Een cijfer staat één keer in het bestand: verwijder een van de twee."
                    )
                    % {
                        "region": row.region_code,
                        "sector": row.sector,
                        "peildatum": show_date(row.peildatum),
                        "first": first,
                    },
                )
            )
            continue
        checked.append(row)
    if problems:
        raise FileRejected(problems)
    return checked


TABLE = tabular.TableFormat(
    columns=COLUMNS, required_columns=COLUMNS, contents=gettext_lazy("officiële cijfers")
)
DEFAULT_FORMAT = "werkregio-v1"
FORMATS: dict[str, OfficialFormat] = {
    DEFAULT_FORMAT: OfficialFormat(
        name=DEFAULT_FORMAT,
        label=gettext_lazy("Werkregio, versie 1 (regiocode, peildatum, sector, extra_banen, bron)"),
        table=TABLE,
        read=read_werkregio_v1,
    ),
}


def read_official_counts(
    *, file_name: str, content: bytes, format_name: str = DEFAULT_FORMAT
) -> list[OfficialRow]:
    """The checked rows of a file in `format_name` (FORMATS), or FileRejected."""
    return FORMATS[format_name].read(file_name=file_name, content=content)
