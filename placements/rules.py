"""The rules of recording a realisation, one home for every writer: which targets take
realisations (leaf_targets), how a typed or delivered count is read (parse_count) and whether
a count fits its target (check_realisation). The grid and the form
(placements.services.realisation_record) and the import's row checks
(placements.imports.checks) ask the same functions, so a count the grid refuses is refused
by the import for the same reason."""

import re
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.formatting import show_date
from programmes.models import Indicator, Target

# The largest value a PositiveIntegerField holds everywhere.
COUNT_MAX = 2_147_483_647

# One rule for a count, in a cell and in a file: a whole number in the ASCII digits 0-9, with
# dots between thousands (1.400) or none. A space inside is refused, not read as a thousands
# separator: in a delivery "1 400" is as likely two figures run together as one, and a count
# the import cannot tell apart from a mistake must not pass in the grid either. `\d` is not
# used: it would take Arabic-Indic (١٢) or full-width (１２) digits for 12.
_DUTCH_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_WHOLE_NUMBER = re.compile(r"[-−]?[0-9]+")
_NUMBER = re.compile(r"[-−]?[0-9]+([.,][0-9]+)?")


class CountProblem(StrEnum):
    """The codes of a count parse_count refuses: each caller words them for where the count
    was typed (a cell, a row of a file), the rule is the same."""

    FOREIGN_DIGITS = "foreign_digits"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    NOT_WHOLE = "not_whole"
    NOT_A_NUMBER = "not_a_number"


def parse_count(text: str | None) -> int | None:
    """A count as typed or delivered: empty (or only white space) is None, no count;
    otherwise a whole number of zero or more (white space around it ignored). Raises a
    ValidationError whose code is a CountProblem and whose params hold the value as given."""
    compact = (text or "").strip()
    if not compact:
        return None
    params = {"value": text}
    if any(character.isdigit() and not character.isascii() for character in compact):
        raise ValidationError(
            _(
                "Het aantal '%(value)s' bevat cijfers die geen gewone cijfers 0-9 zijn (zoals "
                "Arabische of brede cijfers). Typ het aantal met de cijfers 0-9."
            ),
            code=CountProblem.FOREIGN_DIGITS,
            params=params,
        )
    if _DUTCH_THOUSANDS.fullmatch(compact):
        compact = compact.replace(".", "")
    if _WHOLE_NUMBER.fullmatch(compact):
        count = int(compact.replace("−", "-"))
        if count < 0:
            raise ValidationError(
                _("Het aantal mag niet negatief zijn (%(value)s)."),
                code=CountProblem.NEGATIVE,
                params=params,
            )
        if count > COUNT_MAX:
            raise ValidationError(
                _("Het aantal %(value)s is te groot."), code=CountProblem.TOO_LARGE, params=params
            )
        return count
    if _NUMBER.fullmatch(compact):
        raise ValidationError(
            _("Het aantal moet een geheel getal zijn, niet %(value)s."),
            code=CountProblem.NOT_WHOLE,
            params=params,
        )
    raise ValidationError(
        _("'%(value)s' is geen getal. Vul een geheel getal van 0 of meer in."),
        code=CountProblem.NOT_A_NUMBER,
        params=params,
    )


class RollUp(StrEnum):
    """What a rolled-up target adds up: its sectors, its line's projects, the plan's lines."""

    SECTOR = "sector"
    PROJECT = "project"
    LINE = "line"


def rolled_up_targets(targets: list[Target]) -> dict[int, RollUp]:
    """Targets that add up their parts, with what they add up: a total without a sector
    beside targets per sector at the same place (Haaglanden's 1.400 = 710 + 690), a line's
    from its projects, the plan's from its lines (same indicator, compatible sector).
    Realisations belong on the parts: counted on both, progress would count them twice. The
    one rule for the grid and the import."""
    parents: dict[int, RollUp] = {}
    for parent in targets:
        for part in targets:
            if part.pk == parent.pk or part.indicator_id != parent.indicator_id:
                continue
            if (part.line_id, part.project_id) == (parent.line_id, parent.project_id):
                if not parent.sector and part.sector:
                    parents[parent.pk] = RollUp.SECTOR
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
                parents[parent.pk] = RollUp.PROJECT if parent.line_id else RollUp.LINE
                break
    return parents


def leaf_targets(targets: list[Target]) -> list[Target]:
    """The targets realisations are recorded against: those that add up no parts."""
    parents = rolled_up_targets(targets)
    return [target for target in targets if target.pk not in parents]


def check_realisation(*, target, period, sector: str = "", target_group: str = "") -> None:
    """Does this count fit its target? Raises ValidationError saying what does not."""
    if period.plan_id != target.plan_id:
        raise ValidationError(_("Deze periode hoort niet bij het plan van de doelstelling."))
    if period.end_date < target.start_date or period.start_date > target.end_date:
        raise ValidationError(
            _(
                "Periode %(period)s valt buiten de looptijd van de doelstelling "
                "(%(start)s t/m %(end)s)."
            )
            % {
                "period": period.code,
                "start": show_date(target.start_date),
                "end": show_date(target.end_date),
            }
        )
    if target.sector and sector and sector != target.sector:
        raise ValidationError(
            _(
                "De doelstelling geldt voor de %(sector)s; "
                "een realisatie in een andere sector hoort hier niet."
            )
            % {"sector": target.get_sector_display()}
        )
    breakdown = target.indicator.breakdown
    if sector and not target.sector and breakdown != Indicator.Breakdown.SECTOR:
        raise ValidationError(_("Deze indicator wordt niet per sector uitgesplitst."))
    if target_group and breakdown != Indicator.Breakdown.TARGET_GROUP:
        raise ValidationError(_("Deze indicator wordt niet per doelgroep uitgesplitst."))
