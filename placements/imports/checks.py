"""Checking a delivery's rows against the plan: each row must name a line, project,
indicator, sector and period the plan has, and a whole count from a named source; and what
committing would change is compared with the realisations already stored. A stored delivery
is checked again the same way against the plan as it is now (delivery_result). Only reads;
the writes are placements.services.delivery_upload and delivery_commit, which call
`validate`."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import show_date
from core.spreadsheet_text import formula_character, starts_like_formula
from programmes.choices import Sector, TargetGroup
from programmes.models import Indicator, ReportingPeriod, Target

from ..models import Delivery, Realisation
from ..rules import RollUp, check_realisation, parse_count
from ..selectors.counted import counted_for
from .columns import COUNT, INDICATOR, LINE, PERIOD, PROJECT, SECTOR, SOURCE, TARGET_GROUP
from .files import read_table
from .plan_index import PlanIndex, fold, overlaps
from .problems import reject
from .results import ImportResult, Outcome, RowResult

SOURCE_MAX_LENGTH = Realisation._meta.get_field("source").max_length
# The columns of free text: a cell there that starts like a formula is refused.
TEXT_COLUMNS = (LINE, PROJECT, INDICATOR, SECTOR, TARGET_GROUP, PERIOD, SOURCE)
# The cells that look up what the plan holds: checked once per combination in a file.
LOOKUP_COLUMNS = TEXT_COLUMNS[:-1]
# The one message that names another row: the API renumbers it for a JSON delivery.
DUPLICATE_ROW = gettext_lazy(
    "Dubbele rij: dezelfde doelstelling, periode, uitsplitsing en bron als rij %(row)s."
)


def _choice(choices, text: str) -> str | None:
    """The value of a TextChoices member named by its value or its label (any case)."""
    wanted = fold(text)
    for value, label in choices.choices:
        if wanted in {fold(value), fold(str(label))}:
            return value
    return None


def _scope_label(line, project) -> str:
    if project is not None:
        return _("project %(project)s") % {"project": project.title}
    if line is not None:
        return _("lijn %(line)s") % {"line": line.title}
    return _("het hele plan")


def _resolve_scope(row: RowResult, index: PlanIndex):
    """(found, line, project) for the row's lijn and project columns."""
    line_text, project_text = row.values.get(LINE, ""), row.values.get(PROJECT, "")
    line = project = None
    if line_text:
        lines = index.lines.get(fold(line_text), [])
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
        projects = index.projects.get((line.pk, fold(project_text)), [])
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
    indicator = index.indicators.get(fold(indicator_text))
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
    elif totals and index.rolled_up_by(totals[0]) != RollUp.SECTOR:
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
            SECTOR if parts == RollUp.SECTOR else PROJECT if line else LINE,
            _(
                "De doelstelling voor %(indicator)s bij %(scope)s telt de realisaties van haar "
                "onderdelen op. Lever de aantallen per %(part)s aan."
            )
            % {
                "indicator": indicator.name,
                "scope": scope,
                "part": {
                    RollUp.SECTOR: _("sector"),
                    RollUp.PROJECT: _("project"),
                    RollUp.LINE: _("lijn of project"),
                }[parts],
            },
        )
        return None
    return target


def _refuse_formulas(row: RowResult, index: PlanIndex, columns=TEXT_COLUMNS) -> bool:
    """Refuse every text cell that starts like a formula (=, +, -, @, tab or carriage
    return): a source is not a formula, and stored as given it would run in every
    spreadsheet the product or a reader makes of it. A cell that names what the plan holds
    (a line titled "- Werkgevers", as the plan's own template writes it) is a look-up, not
    text to store, and passes. True when the row had one."""
    found = False
    for column in columns:
        value = row.values.get(column, "")
        if starts_like_formula(value) and (column == SOURCE or not index.names(value)):
            found = True
            row.fail(
                column,
                _(
                    "De tekst begint met %(character)s en zou in een rekenblad als formule "
                    "worden uitgevoerd. Een naam of bron is geen formule: verwijder dat teken."
                )
                % {"character": formula_character(value[0])},
            )
    return found


@dataclass
class _LookUp:
    """What a row's look-up cells (lijn, project, indicator, sector, doelgroep, periode)
    name in the plan, with the problems they have. A delivery repeats the same few
    combinations on thousands of rows: each is checked once per file and shared by its
    rows, which add only their count and source."""

    formulas: list[tuple[str, str]]
    # Problems of the cells, in the order a row reports them: before its count and source
    # (sector, doelgroep, lijn, project, indicator, periode), and after them (the fit of
    # the count to its target).
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    target: Target | None = None
    period: ReportingPeriod | None = None
    sector: str = ""
    target_group: str = ""

    @property
    def resolved(self) -> bool:
        return self.target is not None


def _problems_of(row: RowResult) -> list[tuple[str, str]]:
    return [(problem.column, problem.message) for problem in row.problems]


def _look_up(values: dict[str, str], index: PlanIndex) -> _LookUp:
    row = RowResult(0, values)
    _refuse_formulas(row, index, LOOKUP_COLUMNS)
    formulas = _problems_of(row)
    row = RowResult(0, values)
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
                "start": show_date(index.plan.start_date),
                "end": show_date(index.plan.end_date),
                "periods": index.periods_label(),
            },
        )
    look_up = _LookUp(formulas=formulas, before=_problems_of(row), after=[])
    if target is not None and period is not None and target_group is not None:
        row = RowResult(0, values)
        stored_sector = sector or target.sector
        try:
            check_realisation(
                target=target, period=period, sector=stored_sector, target_group=target_group
            )
        except ValidationError as error:
            if not overlaps(period, target):
                column = PERIOD
            elif target_group and target.indicator.breakdown != Indicator.Breakdown.TARGET_GROUP:
                column = TARGET_GROUP
            else:
                column = SECTOR
            for message in error.messages:
                row.fail(column, message)
        look_up.after = _problems_of(row)
        look_up.target, look_up.period = target, period
        look_up.sector, look_up.target_group = stored_sector, target_group
    return look_up


def _count_problems(text: str) -> tuple[int | None, list[str]]:
    try:
        count = parse_count(text)
    except ValidationError as error:
        return None, error.messages
    if count is None:
        return None, [_("Het aantal ontbreekt.")]
    return count, []


def _check_row(row: RowResult, look_up: _LookUp, counts: dict) -> None:
    values = row.values
    for column, message in look_up.before:
        row.fail(column, message)
    count_text = values.get(COUNT, "")
    checked = counts.get(count_text)
    if checked is None:
        checked = counts[count_text] = _count_problems(count_text)
    count, messages = checked
    for message in messages:
        row.fail(COUNT, message)
    source = values.get(SOURCE, "")
    if not source:
        row.fail(SOURCE, _("Vul de bron in: wie levert dit aantal aan (bijvoorbeeld UWV)."))
    elif len(source) > SOURCE_MAX_LENGTH:
        row.fail(
            SOURCE,
            _("De bron is te lang (ten hoogste %(max)s tekens).") % {"max": SOURCE_MAX_LENGTH},
        )
    for column, message in look_up.after:
        row.fail(column, message)
    if look_up.resolved:
        row.target, row.period = look_up.target, look_up.period
        row.sector, row.target_group = look_up.sector, look_up.target_group
    row.source, row.count = source, count


def _is_blank_template_row(values: dict[str, str]) -> bool:
    return not values.get(COUNT) and not values.get(SOURCE)


@dataclass(frozen=True)
class StoredCount:
    """A realisation as stored, keyed as a delivery's row finds it (stored_counts)."""

    pk: int
    source: str
    count: int
    target_id: int
    period_id: int
    recorded_by_id: int | None
    recorded_at: datetime


type CountKey = tuple[int | None, int | None, str, str, str]


def stored_counts(*, plan, index: PlanIndex, lock: bool = False) -> dict[CountKey, StoredCount]:
    """What is stored now for the plan, per key of a delivery's row: a source matches
    whatever its case ("uwv" is "UWV"). A count an earlier version recorded is the same
    count (selectors.counted_for): it is keyed by this version's target of its lineage and
    period of its start date. One query. With `lock`, the rows are locked (the commit,
    which writes them next; the lineages are locked before)."""
    target_of = {target.lineage_id: target.pk for target in index.targets}
    period_of = {period.start_date: period.pk for period in index.periods}
    counted = counted_for(plans=[plan.pk])
    if lock:
        # Through the manager, so what the lock finds is what the commit writes on.
        counted = Realisation.objects.select_for_update(of=("self",)) & counted
    stored = {}
    for pk, lineage_id, start_date, sector, group, source, count, *rest in counted.values_list(
        "pk",
        "target__lineage_id",
        "period__start_date",
        "sector",
        "target_group",
        "source",
        "count",
        "target_id",
        "period_id",
        "recorded_by_id",
        "recorded_at",
    ):
        key = (target_of.get(lineage_id), period_of.get(start_date), sector, group)
        stored[(*key, source.casefold())] = StoredCount(pk, source, count, *rest)
    return stored


def validate(
    *,
    plan,
    file_name: str,
    content: bytes,
    index: PlanIndex | None = None,
    stored: dict[CountKey, StoredCount] | None = None,
) -> ImportResult:
    """Check every row of the file against the plan (`index`, read here when not given)
    and say what committing would do, compared with `stored` (stored_counts, likewise).
    Raises FileRejected when the file as a whole cannot be imported."""
    table = read_table(file_name=file_name, content=content)
    index = index or PlanIndex(plan)
    rows = []
    look_ups: dict[tuple[str, ...], _LookUp] = {}
    counts: dict[str, tuple[int | None, list[str]]] = {}
    for number, values in table:
        row = RowResult(number, values)
        rows.append(row)
        get = values.get
        cells = (
            get(LINE, ""),
            get(PROJECT, ""),
            get(INDICATOR, ""),
            get(SECTOR, ""),
            get(TARGET_GROUP, ""),
            get(PERIOD, ""),
        )
        look_up = look_ups.get(cells)
        if look_up is None:
            look_up = look_ups[cells] = _look_up(
                dict(zip(LOOKUP_COLUMNS, cells, strict=True)), index
            )
        if look_up.formulas or starts_like_formula(get(SOURCE, "")):
            for column, message in look_up.formulas:
                row.fail(column, message)
            _refuse_formulas(row, index, (SOURCE,))
        elif _is_blank_template_row(values):
            row.outcome = Outcome.SKIPPED
        else:
            _check_row(row, look_up, counts)
    if all(row.outcome == Outcome.SKIPPED for row in rows):
        raise reject(
            _(
                "%(name)s bevat geen ingevulde rijen: vul bij elke rij die u aanlevert het "
                "aantal en de bron in."
            )
            % {"name": file_name}
        )
    if stored is None:
        stored = stored_counts(plan=plan, index=index)

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
                row.fail("", DUPLICATE_ROW % {"row": first_row_of[key]})
            else:
                first_row_of[key] = row.number
            found = stored.get(key)
            if found is not None:
                row.source, row.old_count, row.stored = found.source, found.count, found
        if not row.is_valid:
            row.outcome = Outcome.ERROR
        elif row.old_count is None:
            row.outcome = Outcome.NEW
        elif row.old_count == row.count:
            row.outcome = Outcome.UNCHANGED
        else:
            row.outcome = Outcome.CHANGED
    return ImportResult(rows)


def delivery_result(*, delivery: Delivery, index=None, stored=None) -> ImportResult:
    """The stored file of a delivery checked against the plan as it is now (the commit
    gives its PlanIndex and its locked stored_counts)."""
    return validate(
        plan=delivery.plan,
        file_name=delivery.file_name,
        content=bytes(delivery.content),
        index=index,
        stored=stored,
    )
