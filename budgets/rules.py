"""The rules a spending entry must keep, in one place: the typed entry and the counter-entry
(budgets.services.spending) and every row of a spending import (budgets.imports) ask these,
so a row the import's preview passes is one the service records."""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import show_date


def check_expenditure_date(*, plan, date: Date) -> None:
    """Money is spent while the plan runs: the date lies within its running time."""
    if not plan.start_date <= date <= plan.end_date:
        raise ValidationError(
            {
                "date": _(
                    "De datum %(date)s valt buiten de looptijd van het plan (%(start)s t/m "
                    "%(end)s)."
                )
                % {
                    "date": show_date(date),
                    "start": show_date(plan.start_date),
                    "end": show_date(plan.end_date),
                }
            }
        )


def check_expenditure(*, plan, date: Date, amount: Decimal | None) -> None:
    """A new entry (not a counter-entry): an amount above zero, on a date within the plan's
    running time. Raises ValidationError naming the field (amount, date)."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Een uitgave is een bedrag groter dan nul.")})
    check_expenditure_date(plan=plan, date=date)
