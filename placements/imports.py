"""Import of realisations from a delivery file (CSV or XLSX), as UWV, the WSP or a
municipality sends them: read the rows, check every row against the plan, and say per row
what committing would do (new, changed old → new, unchanged). Only reads; the writes are
placements.services.delivery_upload and delivery_commit, which call `validate` here.

Every problem names the row as the spreadsheet shows it (the header is row 1), the column and
what is wrong, in Dutch. A file with any problem is committed as a whole or not at all.

The plan is read once per file (lines, projects, targets, periods, indicators and the
realisations already stored), so checking a file costs the same few queries whatever its size.
"""

import csv
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from programmes.choices import Sector, TargetGroup
from programmes.models import Indicator, Project, Target

from . import services
from .models import Delivery, Realisation

# The template's columns, in its order. The names are the file format: never translated.
LINE, PROJECT, INDICATOR, SECTOR, TARGET_GROUP, PERIOD, COUNT, SOURCE = (
    "lijn",
    "project",
    "indicator",
    "sector",
    "doelgroep",
    "periode",
    "aantal",
    "bron",
)
COLUMNS = (LINE, PROJECT, INDICATOR, SECTOR, TARGET_GROUP, PERIOD, COUNT, SOURCE)
# sector and doelgroep may be left out of a file that has no breakdown at all.
REQUIRED_COLUMNS = (LINE, PROJECT, INDICATOR, PERIOD, COUNT, SOURCE)
COLUMN_HELP = {
    LINE: gettext_lazy(
        "Titel van de lijn (pijler) zoals in het plan. Leeg voor een doelstelling van het "
        "hele plan."
    ),
    PROJECT: gettext_lazy(
        "Titel van het project binnen die lijn. Leeg voor een doelstelling van de lijn of het plan."
    ),
    INDICATOR: gettext_lazy("Code of naam van de indicator (wat er geteld wordt)."),
    SECTOR: gettext_lazy(
        "markt of overheid: de sector van de doelstelling, of de uitsplitsing als de indicator "
        "per sector wordt uitgesplitst. Anders leeg."
    ),
    TARGET_GROUP: gettext_lazy(
        "Code van de doelgroep, alleen als de indicator per doelgroep wordt uitgesplitst. "
        "Anders leeg."
    ),
    PERIOD: gettext_lazy("Code van de rapportageperiode van het plan, bijvoorbeeld 2019-K1."),
    COUNT: gettext_lazy("Het aantal: een geheel getal van 0 of meer."),
    SOURCE: gettext_lazy("Wie het aantal aanlevert, bijvoorbeeld UWV, WSP of een gemeente."),
}
EXTENSIONS = (".csv", ".xlsx")
MAX_ROWS = 20_000
MAX_SHEET_ROWS = MAX_ROWS + 10_000  # rows read from a sheet, empty ones included
SOURCE_MAX_LENGTH = Realisation._meta.get_field("source").max_length
COUNT_MAX = 2_147_483_647  # the largest value a PositiveIntegerField holds everywhere
_DUTCH_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
_WHOLE_NUMBER = re.compile(r"[-−]?\d+")
_NUMBER = re.compile(r"[-−]?\d+([.,]\d+)?")


def max_bytes() -> int:
    return settings.REALISATION_IMPORT_MAX_BYTES


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: `row` as the spreadsheet numbers it (header = 1; None for
    the file as a whole) and the column's name ("" for the whole row)."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return _("Rij %(row)s, kolom %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Rij %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class FileRejected(ValidationError):
    """The file as a whole cannot be imported (size, type, empty, a column missing): nothing
    in it is read further, and nothing is stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


class Outcome(models.TextChoices):
    NEW = "nieuw", gettext_lazy("nieuw")
    CHANGED = "gewijzigd", gettext_lazy("gewijzigd")
    UNCHANGED = "ongewijzigd", gettext_lazy("ongewijzigd")
    # A template row left as it was (no count, no source): not part of the delivery.
    SKIPPED = "overgeslagen", gettext_lazy("overgeslagen (niet ingevuld)")
    ERROR = "fout", gettext_lazy("fout")


@dataclass
class RowResult:
    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    target: Target | None = None
    period: object = None
    sector: str = ""
    target_group: str = ""
    source: str = ""
    count: int | None = None
    old_count: int | None = None
    outcome: str = ""

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def needs_reason(self) -> bool:
        """A change in a closed period: a correction, which needs a reason."""
        return self.outcome in {Outcome.NEW, Outcome.CHANGED} and self.period.is_closed

    @property
    def problem_columns(self) -> set[str]:
        return {problem.column for problem in self.problems}

    @property
    def cells(self) -> list[tuple[str, str, bool]]:
        """(column, value, has a problem) in the template's order, for the preview."""
        columns = self.problem_columns
        return [(name, self.values.get(name, ""), name in columns) for name in COLUMNS]


@dataclass
class ImportResult:
    rows: list[RowResult]

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        return len(self.problems)

    @property
    def to_apply(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome in {Outcome.NEW, Outcome.CHANGED}]

    @property
    def summary(self) -> dict[str, int]:
        """How many rows per outcome (every outcome present, zero when none)."""
        counts = Counter(row.outcome for row in self.rows)
        return {outcome.value: counts.get(outcome.value, 0) for outcome in Outcome}

    @property
    def closed_periods(self) -> list[str]:
        """Codes of the closed periods this delivery would change (a reason is needed)."""
        periods = {row.period.code: row.period.start_date for row in self.rows if row.needs_reason}
        return sorted(periods, key=periods.get)


# Reading the file ---------------------------------------------------------------------------


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


def _reject(message: str, row: int | None = None, column: str = "") -> FileRejected:
    return FileRejected([Problem(row, column, message)])


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
        raise _reject(
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
        raise _reject(
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
        raise _reject(
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
        raise _reject(not_a_workbook)
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
        raise _reject(not_a_workbook) from error
    try:
        sheet = workbook.worksheets[0]
        # min_row=1: a sheet that starts with empty rows keeps its row numbers.
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > MAX_SHEET_ROWS:  # empty rows too: a sheet formatted to the bottom
                raise _reject(_too_many_rows(file_name))
            yield [_text(value) for value in values]
    except unreadable as error:
        raise _reject(not_a_workbook) from error
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
        raise _reject(
            _(
                "%(name)s is geen CSV- of Excel-bestand. Lever een .csv- of .xlsx-bestand "
                "aan (het sjabloon is er in beide vormen)."
            )
            % {"name": file_name}
        )
    if not content.strip():
        raise _reject(_("%(name)s is leeg.") % {"name": file_name})
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
            raise _reject(_too_many_rows(file_name))
        values = {}
        for position, name in enumerate(header):
            if name in COLUMNS and name not in values:
                values[name] = record[position] if position < len(record) else ""
        rows.append((number, values))
    if header is None:
        raise _reject(_("%(name)s is leeg.") % {"name": file_name})
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
        raise _reject(
            _("%(name)s bevat geen gegevens: onder de kopregel staan geen rijen.")
            % {"name": file_name}
        )
    return rows


# What the plan offers ------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _choice(choices, text: str) -> str | None:
    """The value of a TextChoices member named by its value or its label (any case)."""
    wanted = _fold(text)
    for value, label in choices.choices:
        if wanted in {_fold(value), _fold(str(label))}:
            return value
    return None


def _overlaps(period, target) -> bool:
    return not (period.end_date < target.start_date or period.start_date > target.end_date)


def _scope_label(line, project) -> str:
    if project is not None:
        return _("project %(project)s") % {"project": project.title}
    if line is not None:
        return _("lijn %(line)s") % {"line": line.title}
    return _("het hele plan")


class PlanIndex:
    """Everything a row is checked against, read once: lines, projects, targets with their
    indicators, periods and indicators (five queries)."""

    def __init__(self, plan):
        self.plan = plan
        self.lines = defaultdict(list)
        for line in plan.lines.order_by("position", "pk"):
            self.lines[_fold(line.title)].append(line)
        self.projects = defaultdict(list)
        for project in Project.objects.filter(line__plan=plan).order_by("position", "pk"):
            self.projects[(project.line_id, _fold(project.title))].append(project)
        self.targets = list(
            plan.targets.select_related("indicator", "line", "project").order_by(
                "line__position",
                "line_id",
                "project__position",
                "project_id",
                "indicator__name",
                "sector",
            )
        )
        self.targets_at = defaultdict(list)  # (line id, project id, indicator id) → targets
        for target in self.targets:
            self.targets_at[(target.line_id, target.project_id, target.indicator_id)].append(target)
        self.periods = list(plan.periods.order_by("start_date"))
        self.periods_by_code = {_fold(period.code): period for period in self.periods}
        indicators = list(Indicator.objects.order_by("-pk"))
        # By name or code; a code wins (it is unique, a name need not be).
        self.indicators = {_fold(indicator.name): indicator for indicator in indicators}
        self.indicators.update({_fold(indicator.code): indicator for indicator in indicators})
        self._parents = self._rolled_up_targets()

    def _rolled_up_targets(self) -> dict[int, str]:
        """Targets that add up their parts, with what they add up: a total without a sector
        beside targets per sector at the same place (Haaglanden's 1.400 = 710 + 690), a
        line's from its projects, the plan's from its lines (same indicator, compatible
        sector). Realisations belong on the parts: counted on both, the roll-up would count
        them twice."""
        parents = {}
        for parent in self.targets:
            for part in self.targets:
                if part.pk == parent.pk or part.indicator_id != parent.indicator_id:
                    continue
                if (part.line_id, part.project_id) == (parent.line_id, parent.project_id):
                    if not parent.sector and part.sector:
                        parents[parent.pk] = "sector"
                        break
                    continue
                if parent.project_id:
                    continue
                inside = (
                    part.line_id is not None
                    if parent.line_id is None
                    else part.line_id == parent.line_id and part.project_id is not None
                )
                compatible = not parent.sector or not part.sector or parent.sector == part.sector
                if inside and compatible:
                    parents[parent.pk] = "project" if parent.line_id else "line"
                    break
        return parents

    def is_rolled_up(self, target) -> bool:
        return target.pk in self._parents

    def rolled_up_by(self, target) -> str | None:
        """ "sector", "project" or "line": what a rolled-up target adds up; None for a part."""
        return self._parents.get(target.pk)

    def leaf_targets(self) -> list[Target]:
        return [target for target in self.targets if not self.is_rolled_up(target)]

    def period_for(self, text: str):
        period = self.periods_by_code.get(_fold(text))
        if period is None:
            # Excel turns a typed "2019-03" into a date; find the period that holds it.
            try:
                day = date.fromisoformat(text)
            except ValueError:
                return None
            period = next((p for p in self.periods if p.start_date <= day <= p.end_date), None)
        return period

    def periods_label(self) -> str:
        if not self.periods:
            return _("dit plan heeft geen rapportageperioden")
        return _("%(first)s t/m %(last)s") % {
            "first": self.periods[0].code,
            "last": self.periods[-1].code,
        }


# Checking the rows ---------------------------------------------------------------------------


def parse_count(text: str) -> tuple[int | None, str]:
    """(count, "") or (None, what is wrong)."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not compact:
        return None, _("Het aantal ontbreekt.")
    if _DUTCH_THOUSANDS.fullmatch(compact):
        compact = compact.replace(".", "")
    if _WHOLE_NUMBER.fullmatch(compact):
        count = int(compact.replace("−", "-"))
        if count < 0:
            return None, _("Het aantal mag niet negatief zijn (%(value)s).") % {"value": text}
        if count > COUNT_MAX:
            return None, _("Het aantal %(value)s is te groot.") % {"value": text}
        return count, ""
    if _NUMBER.fullmatch(compact):
        return None, _("Het aantal moet een geheel getal zijn, niet %(value)s.") % {"value": text}
    return None, _("'%(value)s' is geen getal. Vul een geheel getal van 0 of meer in.") % {
        "value": text
    }


def _resolve_scope(row: RowResult, index: PlanIndex):
    """(found, line, project) for the row's lijn and project columns."""
    line_text, project_text = row.values.get(LINE, ""), row.values.get(PROJECT, "")
    line = project = None
    if line_text:
        lines = index.lines.get(_fold(line_text), [])
        if not lines:
            row.fail(
                LINE,
                _("Lijn '%(line)s' bestaat niet in dit plan.") % {"line": line_text},
            )
            return False, None, None
        if len(lines) > 1:
            row.fail(
                LINE,
                _("Het plan heeft meer dan één lijn '%(line)s'; hernoem er een.")
                % {"line": line_text},
            )
            return False, None, None
        line = lines[0]
    if project_text:
        if line is None:
            row.fail(
                LINE,
                _("Vul de lijn in waar project '%(project)s' onder valt.")
                % {"project": project_text},
            )
            return False, None, None
        projects = index.projects.get((line.pk, _fold(project_text)), [])
        if len(projects) != 1:
            message = (
                _("Project '%(project)s' bestaat niet in lijn '%(line)s'.")
                if not projects
                else _("Lijn '%(line)s' heeft meer dan één project '%(project)s'.")
            )
            row.fail(PROJECT, message % {"project": project_text, "line": line.title})
            return False, None, None
        project = projects[0]
    return True, line, project


def _resolve_target(row: RowResult, index: PlanIndex, line, project, sector: str | None):
    """The target the row counts for (and the sector it counts in), or None after a
    problem. `sector` None: the sector column holds no valid value (already reported)."""
    indicator_text = row.values.get(INDICATOR, "")
    if not indicator_text:
        row.fail(INDICATOR, _("De indicator ontbreekt."))
        return None
    indicator = index.indicators.get(_fold(indicator_text))
    if indicator is None:
        row.fail(
            INDICATOR,
            _("Indicator '%(indicator)s' bestaat niet.") % {"indicator": indicator_text},
        )
        return None
    candidates = index.targets_at.get(
        (line.pk if line else None, project.pk if project else None, indicator.pk), []
    )
    scope = _scope_label(line, project)
    if not candidates:
        row.fail(
            INDICATOR,
            _("Er is geen doelstelling voor %(indicator)s bij %(scope)s.")
            % {"indicator": indicator.name, "scope": scope},
        )
        return None
    if sector is None:
        return None
    totals = [t for t in candidates if not t.sector]
    per_sector = [t for t in candidates if t.sector]
    if sector:
        target = next((t for t in per_sector if t.sector == sector), None) or next(
            iter(totals), None
        )
    elif totals and index.rolled_up_by(totals[0]) != "sector":
        target = totals[0]
    else:
        target = per_sector[0] if len(per_sector) == 1 else None
    if target is None:
        message = (
            _(
                "Er is geen doelstelling voor %(indicator)s in de %(sector)s bij %(scope)s "
                "(wel voor: %(sectors)s)."
            )
            if sector
            else _("Vul de sector in: %(indicator)s bij %(scope)s heeft doelen voor %(sectors)s.")
        )
        row.fail(
            SECTOR,
            message
            % {
                "indicator": indicator.name,
                "sector": Sector(sector).label if sector else "",
                "scope": scope,
                "sectors": ", ".join(t.get_sector_display() for t in per_sector),
            },
        )
        return None
    parts = index.rolled_up_by(target)
    if parts:
        row.fail(
            SECTOR if parts == "sector" else PROJECT if line else LINE,
            _(
                "De doelstelling voor %(indicator)s bij %(scope)s telt de realisaties van haar "
                "onderdelen op. Lever de aantallen per %(part)s aan."
            )
            % {
                "indicator": indicator.name,
                "scope": scope,
                "part": {
                    "sector": _("sector"),
                    "project": _("project"),
                    "line": _("lijn of project"),
                }[parts],
            },
        )
        return None
    return target


def _check_row(row: RowResult, index: PlanIndex) -> None:
    values = row.values
    sector_text, group_text = values.get(SECTOR, ""), values.get(TARGET_GROUP, "")
    sector = _choice(Sector, sector_text) if sector_text else ""
    if sector is None:
        row.fail(
            SECTOR,
            _("Onbekende sector '%(value)s'. Kies markt of overheid, of laat het leeg.")
            % {"value": sector_text},
        )
    target_group = _choice(TargetGroup, group_text) if group_text else ""
    if target_group is None:
        row.fail(
            TARGET_GROUP,
            _("Onbekende doelgroep '%(value)s'. Kies uit: %(choices)s, of laat het leeg.")
            % {"value": group_text, "choices": ", ".join(TargetGroup.values)},
        )
    found, line, project = _resolve_scope(row, index)
    target = _resolve_target(row, index, line, project, sector) if found else None

    period_text = values.get(PERIOD, "")
    period = index.period_for(period_text) if period_text else None
    if not period_text:
        row.fail(PERIOD, _("De periode ontbreekt."))
    elif period is None:
        row.fail(
            PERIOD,
            _(
                "Periode '%(period)s' bestaat niet of valt buiten het plan (%(start)s t/m "
                "%(end)s). Gebruik een van de perioden %(periods)s."
            )
            % {
                "period": period_text,
                "start": index.plan.start_date.strftime("%d-%m-%Y"),
                "end": index.plan.end_date.strftime("%d-%m-%Y"),
                "periods": index.periods_label(),
            },
        )

    count, count_problem = parse_count(values.get(COUNT, ""))
    if count_problem:
        row.fail(COUNT, count_problem)
    source = values.get(SOURCE, "")
    if not source:
        row.fail(SOURCE, _("Vul de bron in: wie levert dit aantal aan (bijvoorbeeld UWV)."))
    elif len(source) > SOURCE_MAX_LENGTH:
        row.fail(
            SOURCE,
            _("De bron is te lang (ten hoogste %(max)s tekens).") % {"max": SOURCE_MAX_LENGTH},
        )

    if target is not None and period is not None and target_group is not None:
        stored_sector = sector or target.sector
        try:
            services.check_realisation(
                target=target, period=period, sector=stored_sector, target_group=target_group
            )
        except ValidationError as error:
            if not _overlaps(period, target):
                column = PERIOD
            elif target_group and target.indicator.breakdown != Indicator.Breakdown.TARGET_GROUP:
                column = TARGET_GROUP
            else:
                column = SECTOR
            for message in error.messages:
                row.fail(column, message)
        row.target, row.period = target, period
        row.sector, row.target_group = stored_sector, target_group
    row.source, row.count = source, count


def _is_blank_template_row(values: dict[str, str]) -> bool:
    return not values.get(COUNT) and not values.get(SOURCE)


def validate(*, plan, file_name: str, content: bytes) -> ImportResult:
    """Check every row of the file against the plan and say what committing would do.
    Raises FileRejected when the file as a whole cannot be imported."""
    table = read_table(file_name=file_name, content=content)
    index = PlanIndex(plan)
    rows = [RowResult(number, values) for number, values in table]
    for row in rows:
        if _is_blank_template_row(row.values):
            row.outcome = Outcome.SKIPPED
        else:
            _check_row(row, index)
    if all(row.outcome == Outcome.SKIPPED for row in rows):
        raise _reject(
            _(
                "%(name)s bevat geen ingevulde rijen: vul bij elke rij die u aanlevert het "
                "aantal en de bron in."
            )
            % {"name": file_name}
        )

    # What is stored now, per key; a source matches whatever its case ("uwv" is "UWV").
    stored = {}
    for key in Realisation.objects.filter(target__plan=plan).values_list(
        "target_id", "period_id", "sector", "target_group", "source", "count"
    ):
        *cell, source, count = key
        stored[(*cell, source.casefold())] = (source, count)

    first_row_of = {}
    for row in rows:
        if row.outcome == Outcome.SKIPPED:
            continue
        if row.target is not None and row.source:
            key = (
                row.target.pk,
                row.period.pk,
                row.sector,
                row.target_group,
                row.source.casefold(),
            )
            if key in first_row_of:
                row.fail(
                    "",
                    _(
                        "Dubbele rij: dezelfde doelstelling, periode, uitsplitsing en bron als "
                        "rij %(row)s."
                    )
                    % {"row": first_row_of[key]},
                )
            else:
                first_row_of[key] = row.number
            if key in stored:
                row.source, row.old_count = stored[key]
        if not row.is_valid:
            row.outcome = Outcome.ERROR
        elif row.old_count is None:
            row.outcome = Outcome.NEW
        elif row.old_count == row.count:
            row.outcome = Outcome.UNCHANGED
        else:
            row.outcome = Outcome.CHANGED
    return ImportResult(rows)


def delivery_result(*, delivery: Delivery) -> ImportResult:
    """The stored file of a delivery checked against the plan as it is now."""
    return validate(
        plan=delivery.plan, file_name=delivery.file_name, content=bytes(delivery.content)
    )


def deliveries_for(*, plan, limit: int = 20):
    """The plan's latest deliveries with who uploaded them (one query; the file's bytes are
    left in the database)."""
    return (
        Delivery.objects.filter(plan=plan)
        .select_related("uploaded_by")
        .defer("content")
        .order_by("-uploaded_at", "-pk")[:limit]
    )


# The template --------------------------------------------------------------------------------


def _breakdowns(target) -> list[tuple[str, str]]:
    """(sector, target group) rows a target is counted in."""
    breakdown = target.indicator.breakdown
    if target.sector:
        return [(target.sector, "")]
    if breakdown == Indicator.Breakdown.SECTOR:
        return [(sector, "") for sector in Sector.values]
    if breakdown == Indicator.Breakdown.TARGET_GROUP:
        return [("", group) for group in TargetGroup.values]
    return [("", "")]


def template_rows(*, plan, index: PlanIndex | None = None) -> list[dict[str, str]]:
    """One row per target counted directly (not a roll-up), breakdown and period within the
    target's period: lijn, project, indicator, sector, doelgroep and periode filled in,
    aantal and bron empty."""
    index = index or PlanIndex(plan)
    rows = []
    for target in index.leaf_targets():
        for period in index.periods:
            if not _overlaps(period, target):
                continue
            for sector, group in _breakdowns(target):
                rows.append(
                    {
                        LINE: target.line.title if target.line else "",
                        PROJECT: target.project.title if target.project else "",
                        INDICATOR: target.indicator.code,
                        SECTOR: sector,
                        TARGET_GROUP: group,
                        PERIOD: period.code,
                        COUNT: "",
                        SOURCE: "",
                    }
                )
    return rows


def template_csv(*, plan) -> bytes:
    """The template as CSV: ";" between columns and a byte-order mark, as Dutch Excel
    expects, so it opens in columns with the accents intact."""
    rows = template_rows(plan=plan)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(*, plan) -> bytes:
    """The template as an Excel workbook: sheet "Realisaties" to fill in, and sheet
    "Toelichting" with the meaning of each column and the values it accepts."""
    index = PlanIndex(plan)
    rows = template_rows(plan=plan, index=index)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Realisaties"
    bold = Font(bold=True)
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([row[name] for name in COLUMNS])
    widths = {LINE: 36, PROJECT: 36, INDICATOR: 20, SECTOR: 11, TARGET_GROUP: 16, PERIOD: 11}
    for position, name in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 10)
        if name == PERIOD:
            # Text, so Excel keeps a typed "2019-03" as a period code instead of a date.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Toelichting")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 24

    def heading(text):
        notes.append([])
        notes.append([text])
        notes.cell(row=notes.max_row, column=1).font = bold

    notes.append([_("Realisaties aanleveren voor %(plan)s") % {"plan": str(plan)}])
    notes.cell(row=1, column=1).font = Font(bold=True, size=14)
    notes.append(
        [
            _(
                "Vul per rij het aantal en de bron in. Rijen zonder aantal en bron worden "
                "overgeslagen. Een bestand met een fout wordt helemaal niet verwerkt. Opnieuw "
                "aanleveren vervangt het aantal van dezelfde bron; een andere bron telt op."
            )
        ]
    )
    heading(_("Kolommen"))
    for name in COLUMNS:
        required = _("verplicht") if name in REQUIRED_COLUMNS else _("mag ontbreken")
        notes.append([name, str(COLUMN_HELP[name]), required])
    heading(_("Perioden (kolom periode)"))
    notes.append([_("code"), _("van – tot en met"), _("status")])
    for period in index.periods:
        notes.append(
            [
                period.code,
                f"{period.start_date:%d-%m-%Y} – {period.end_date:%d-%m-%Y}",
                _("afgesloten: een wijziging is een correctie met een reden")
                if period.is_closed
                else _("open"),
            ]
        )
    heading(_("Indicatoren (kolom indicator)"))
    notes.append([_("code"), _("naam"), _("uitsplitsing")])
    used = {target.indicator_id: target.indicator for target in index.targets}
    for indicator in sorted(used.values(), key=lambda i: i.name):
        notes.append([indicator.code, indicator.name, indicator.get_breakdown_display()])
    heading(_("Sectoren (kolom sector)"))
    for value, label in Sector.choices:
        notes.append([value, str(label)])
    heading(_("Doelgroepen (kolom doelgroep)"))
    for value, label in TargetGroup.choices:
        notes.append([value, str(label)])
    heading(_("Doelstellingen"))
    notes.append([_("lijn / project"), _("indicator, sector, doel en looptijd")])
    for target in index.leaf_targets():
        notes.append(
            [
                " / ".join(part.title for part in (target.line, target.project) if part is not None)
                or _("hele plan"),
                f"{target.indicator.code}"
                + (f" ({target.sector})" if target.sector else "")
                + f": {target.value} "
                + f"({target.start_date:%d-%m-%Y} – {target.end_date:%d-%m-%Y})",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
