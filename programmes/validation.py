"""Validation messages in the user's language that say what is wrong and where."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

not_negative_amount = MinValueValidator(0, message=_("Een bedrag kan niet negatief zijn."))
not_negative_count = MinValueValidator(0, message=_("Een aantal kan niet negatief zijn."))


def check_period(start, end, *, start_field="start_date", end_field="end_date"):
    if start and end and end < start:
        raise ValidationError(
            {
                end_field: _("De einddatum (%(end)s) ligt vóór de begindatum (%(start)s).")
                % {"end": date_format(end, "d-m-Y"), "start": date_format(start, "d-m-Y")}
            }
        )
