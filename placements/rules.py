"""The rules a count must fit, one home for every writer: the grid and the form
(placements.services.realisation_record) and the import's row checks
(placements.imports.checks) ask the same function, so a count the grid refuses is refused by
the import with the same words."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
                "start": target.start_date.strftime("%d-%m-%Y"),
                "end": target.end_date.strftime("%d-%m-%Y"),
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
    if sector and not target.sector and breakdown != "sector":
        raise ValidationError(_("Deze indicator wordt niet per sector uitgesplitst."))
    if target_group and breakdown != "doelgroep":
        raise ValidationError(_("Deze indicator wordt niet per doelgroep uitgesplitst."))
