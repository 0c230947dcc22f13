"""Checking a spending file's rows against the plan: each row must name a date, an amount
and a description, and one budget line of the plan; what it would record is a new entry,
waiting for approval. The amount and date are checked by the same rule the service records
by (budgets.rules), so a row the preview passes is one budgets.services records. A row the
plan already holds (same date, amount, reference and budget line), or that repeats an
earlier row of the file, is refused: importing a file twice doubles nothing. Only reads; the
writes are budgets.services.spending_import_upload and spending_import_commit."""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import euro, show_date
from core.spreadsheet_text import FORMULA_TRIGGERS, formula_character, starts_like_formula
from core.tabular import fold, read_table, reject

from ..models import BudgetLine, Expenditure, SpendingImport
from ..rules import check_expenditure
from .budget_index import BudgetIndex, budget_line_label, category_of, entry_key
from .columns import (
    AMOUNT,
    BUDGET_LINE,
    CATEGORY,
    COLUMNS,
    COUNTERPARTY,
    DATE,
    DESCRIPTION,
    LINE,
    LOOKUP_COLUMNS,
    PROJECT,
    REFERENCE,
    YEAR,
)
from .files import FORMAT, limits
from .results import ImportResult, Outcome, RowResult
from .values import looks_negative, parse_amount, parse_date, spending_cell_text

# What the model holds of the free text (a longer cell is refused, never cut).
MAX_LENGTHS: dict[str, int] = {
    column: getattr(Expenditure._meta.get_field(field_name), "max_length", 0) or 0
    for column, field_name in (
        (DESCRIPTION, "description"),
        (REFERENCE, "reference"),
        (COUNTERPARTY, "counterparty"),
    )
}
_TRIGGERS = frozenset(FORMULA_TRIGGERS)
# The field of a ValidationError from budgets.rules, as the file's column.
_COLUMN_OF_FIELD = {"amount": AMOUNT, "date": DATE}
_LISTED = 8  # budget lines named in a message at most


def _refuse_formulas(row: RowResult, index: BudgetIndex) -> bool:
    """Refuse every cell that starts like a formula (=, +, -, @, tab or carriage return):
    stored as given it would run in every spreadsheet made of it. A minus before an amount
    is a negative amount, reported as such by the amount's check; a look-up cell that names
    what the plan holds (a line titled "- Werkgevers") passes. True when the row had one."""
    if not any(value[:1] in _TRIGGERS for value in row.values.values()):
        return False  # most rows: no cell starts like a formula
    found = False
    for column in COLUMNS:
        value = row.values.get(column, "")
        if not starts_like_formula(value):
            continue
        if column == AMOUNT and looks_negative(value):
            continue
        if column in LOOKUP_COLUMNS and index.names(value):
            continue
        found = True
        row.fail(
            column,
            _(
                "De tekst begint met %(character)s en zou in een rekenblad als formule worden "
                "uitgevoerd. Een bedrag, datum of omschrijving is geen formule: verwijder dat "
                "teken."
            )
            % {"character": formula_character(value[0])},
        )
    return found


def _labels(budget_lines: list[BudgetLine]) -> str:
    labels = [budget_line_label(b) for b in budget_lines[:_LISTED]]
    if len(budget_lines) > _LISTED:
        labels.append(_("en %(count)s meer") % {"count": len(budget_lines) - _LISTED})
    return "; ".join(labels)


def _year(row: RowResult) -> int | None:
    """The budget year: the jaar column, or else the year of the date."""
    text = row.values.get(YEAR, "")
    if not text:
        return row.date.year if row.date else None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        row.fail(YEAR, _("'%(value)s' is geen jaar. Schrijf het jaar als 2021.") % {"value": text})
        return None
    return int(text)


def _description(budget_line: BudgetLine) -> str:
    return fold(budget_line.description)


def _line_title(budget_line: BudgetLine) -> str | None:
    return fold(budget_line.line.title) if budget_line.line else None


def _project_title(budget_line: BudgetLine) -> str | None:
    return fold(budget_line.project.title) if budget_line.project else None


def _category(budget_line: BudgetLine) -> str:
    return budget_line.category


def _resolve_budget_line(row: RowResult, index: BudgetIndex) -> BudgetLine | None:
    """The one budget line the row's jaar, begrotingsregel, lijn, project and categorie name,
    or None after a problem."""
    values = row.values
    year = _year(row)
    if year is None:
        return None
    candidates = index.by_year.get(year, [])
    if not candidates:
        years = sorted(index.by_year)
        row.fail(
            YEAR if values.get(YEAR) else DATE,
            _("Het plan heeft geen begrotingsregels in %(year)s (wel in: %(years)s).")
            % {"year": year, "years": ", ".join(map(str, years)) or _("geen enkel jaar")}
            if years
            else _("Het plan heeft nog geen begroting: leg eerst de begrotingsregels vast."),
        )
        return None
    # (column, its text, what of a budget line it names, the value it names)
    filters: list[tuple[str, str, Callable[[BudgetLine], str | None], str]] = []
    if text := values.get(BUDGET_LINE, ""):
        filters.append((BUDGET_LINE, text, _description, fold(text)))
    if text := values.get(LINE, ""):
        if fold(text) not in index.line_titles:
            row.fail(LINE, _("Lijn '%(value)s' bestaat niet in dit plan.") % {"value": text})
            return None
        filters.append((LINE, text, _line_title, fold(text)))
    if text := values.get(PROJECT, ""):
        if fold(text) not in index.project_titles:
            row.fail(PROJECT, _("Project '%(value)s' bestaat niet in dit plan.") % {"value": text})
            return None
        filters.append((PROJECT, text, _project_title, fold(text)))
    if text := values.get(CATEGORY, ""):
        category = category_of(text)
        if category is None:
            row.fail(
                CATEGORY,
                _("Onbekende categorie '%(value)s'. Kies uit: %(choices)s, of laat het leeg.")
                % {"value": text, "choices": ", ".join(BudgetLine.Category.values)},
            )
            return None
        filters.append((CATEGORY, text, _category, category))
    for column, text, named, wanted in filters:
        remaining = [b for b in candidates if named(b) == wanted]
        if not remaining:
            narrowed = len(candidates) < len(index.by_year[year])
            message = (
                _(
                    "Geen begrotingsregel van %(year)s past bij %(column)s '%(value)s' en de "
                    "kolommen ervoor. De regels van %(year)s: %(lines)s."
                )
                if narrowed
                else _(
                    "Geen begrotingsregel van %(year)s past bij %(column)s '%(value)s'. De "
                    "regels van %(year)s: %(lines)s."
                )
            )
            row.fail(
                column,
                message
                % {
                    "year": year,
                    "column": column,
                    "value": text,
                    "lines": _labels(index.by_year[year]),
                },
            )
            return None
        candidates = remaining
    if len(candidates) > 1:
        row.fail(
            BUDGET_LINE,
            _(
                "%(count)s begrotingsregels van %(year)s passen bij deze rij: %(lines)s. Vul de "
                "begrotingsregel (of de lijn, het project of de categorie) in, zodat er één "
                "overblijft."
            )
            % {"count": len(candidates), "year": year, "lines": _labels(candidates)},
        )
        return None
    return candidates[0]


# The largest amount an entry holds (Expenditure.amount: 14 digits, 2 after the comma).
_AMOUNT_FIELD = Expenditure._meta.get_field("amount")
AMOUNT_LIMIT = Decimal(10) ** (_AMOUNT_FIELD.max_digits - _AMOUNT_FIELD.decimal_places)


def _budget_line_of(row: RowResult, index: BudgetIndex, found: dict):
    """The budget line the row names, with the problems of naming it: found once per
    combination of jaar (or the date's year), begrotingsregel, lijn, project and categorie
    in a file, which repeats a few budget lines on thousands of rows."""
    values = row.values
    year_text = values.get(YEAR, "")
    key = (
        year_text,
        None if year_text or row.date is None else row.date.year,
        values.get(BUDGET_LINE, ""),
        values.get(LINE, ""),
        values.get(PROJECT, ""),
        values.get(CATEGORY, ""),
    )
    known = found.get(key)
    if known is None:
        scratch = RowResult(
            row.number, {column: values.get(column, "") for column in LOOKUP_COLUMNS}
        )
        scratch.date = row.date
        budget_line = _resolve_budget_line(scratch, index)
        label = budget_line_label(budget_line) if budget_line is not None else ""
        problems = [(problem.column, problem.message) for problem in scratch.problems]
        known = found[key] = (budget_line, label, problems)
    return known


def _check_row(row: RowResult, index: BudgetIndex, found: dict) -> None:
    values = row.values
    date_text, amount_text = values.get(DATE, ""), values.get(AMOUNT, "")
    if not date_text:
        row.fail(DATE, _("De datum ontbreekt."))
    else:
        try:
            row.date = parse_date(date_text)
        except ValidationError as error:
            row.fail(DATE, error.messages[0])
    if not amount_text:
        row.fail(AMOUNT, _("Het bedrag ontbreekt."))
    else:
        try:
            row.amount = parse_amount(amount_text)
        except ValidationError as error:
            row.fail(AMOUNT, error.messages[0])
        else:
            if row.amount >= AMOUNT_LIMIT:
                row.fail(
                    AMOUNT,
                    _("Het bedrag is te groot: ten hoogste %(max)s.")
                    % {"max": euro(AMOUNT_LIMIT - Decimal("0.01"), cents=True)},
                )
    if row.date is not None and row.amount is not None:
        try:
            check_expenditure(plan=index.plan, date=row.date, amount=row.amount)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    row.fail(_COLUMN_OF_FIELD.get(field_name, ""), message)
    if not values.get(DESCRIPTION):
        row.fail(DESCRIPTION, _("Vul de omschrijving in: waaraan is het geld uitgegeven?"))
    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column, "")) > limit:
            row.fail(
                column,
                _("De tekst is %(length)s tekens; ten hoogste %(max)s.")
                % {"length": len(values[column]), "max": limit},
            )
    budget_line, label, problems = _budget_line_of(row, index, found)
    for column, message in problems:
        row.fail(column, message)
    if budget_line is not None:
        row.budget_line, row.budget_line_id = budget_line, budget_line.pk
        row.budget_line_revision = budget_line.revision
        row.budget_line_label = label


def _is_blank_template_row(values: dict[str, str]) -> bool:
    """A template row left as it was: only what finds the budget line is filled in. A row
    with anything of a booking in it (a reference, say) is checked, and fails if incomplete."""
    return not any(values.get(column) for column in COLUMNS if column not in LOOKUP_COLUMNS)


def validate(*, plan, file_name: str, content: bytes) -> ImportResult:
    """Check every row of the file against the plan and say what committing would record.
    Raises FileRejected when the file as a whole cannot be imported."""
    table = read_table(
        file_name=file_name,
        content=content,
        table=FORMAT,
        limit=limits(),
        text_of=spending_cell_text,
    )
    index = BudgetIndex(plan)
    rows = [RowResult(number, values) for number, values in table]
    found: dict = {}  # budget lines per combination of the look-up cells (_budget_line_of)
    for row in rows:
        if _refuse_formulas(row, index):
            continue
        if _is_blank_template_row(row.values):
            row.outcome = Outcome.SKIPPED
        else:
            _check_row(row, index, found)
    if all(row.outcome == Outcome.SKIPPED for row in rows):
        raise reject(
            _(
                "%(name)s bevat geen ingevulde rijen: vul bij elke uitgave de datum, het bedrag "
                "en de omschrijving in."
            )
            % {"name": file_name}
        )
    first_row_of: dict = {}
    for row in rows:
        if row.outcome == Outcome.SKIPPED:
            continue
        if row.budget_line_id is not None and row.date and row.amount is not None:
            key = entry_key(
                on=row.date,
                amount=row.amount,
                reference=row.values.get(REFERENCE, ""),
                budget_line_id=row.budget_line_id,
            )
            if key in first_row_of:
                row.fail(
                    "",
                    _(
                        "Dubbele rij: dezelfde datum, hetzelfde bedrag, dezelfde referentie en "
                        "begrotingsregel als rij %(row)s."
                    )
                    % {"row": first_row_of[key]},
                )
            else:
                first_row_of[key] = row.number
            if key in index.recorded:
                source = index.recorded[key]
                row.fail(
                    "",
                    (
                        _(
                            "Deze uitgave is al geïmporteerd uit %(file)s (dezelfde datum, "
                            "hetzelfde bedrag, dezelfde referentie en begrotingsregel, %(date)s). "
                            "Een bestand twee keer importeren telt niets dubbel: laat deze rij weg."
                        )
                        if source
                        else _(
                            "Deze uitgave is al vastgelegd (dezelfde datum, hetzelfde bedrag, "
                            "dezelfde referentie en begrotingsregel, %(date)s). Laat deze rij weg."
                        )
                    )
                    % {"file": source, "date": show_date(row.date)},
                )
        row.outcome = Outcome.NEW if row.is_valid else Outcome.ERROR
    return ImportResult(rows)


def spending_import_result(*, spending_import: SpendingImport) -> ImportResult:
    """The stored file of an import checked against the plan as it is now."""
    return validate(
        plan=spending_import.plan,
        file_name=spending_import.file_name,
        content=bytes(spending_import.content),
    )
