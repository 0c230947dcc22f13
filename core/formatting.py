"""The one formatter: how the product writes a count (1.353), an amount (€ 1.030.000), a
percentage (96,6 %), a date (16-08-2021) and a period (16-08-2021 t/m 31-12-2021) as text,
on a page (the werkregio template filters), in a chart, the PDF, the XLSX and the CSV.

Figures are rounded by core.numbers (half up: one decimal for a percentage, whole euros,
whole counts) and written with the separators of the language's format module
(config/formats: 1.353 in Dutch, 1,353 in English). A page follows the active language; a
report and a chart are Dutch whoever asks and pass `language="nl"`. Nothing known reads "–"
for a figure and "" for a date."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language

from .numbers import (
    MONEY_PLACES,
    PERCENT_PLACES,
    round_half_up,
    rounded_count,
    rounded_euro,
    rounded_percentage,
)

DUTCH = "nl"
NOTHING = "–"
DATE_PATTERN = "%d-%m-%Y"  # the same in both languages' format modules ("d-m-Y")
TIME_PATTERN = "%H:%M"

# The XLSX holds real numbers and dates and shows them in these formats, the way the page
# writes them (Excel-NL puts in its own separators): 1.353, € 1.030.000, 90,6 %, 16-08-2021.
XLSX_COUNT = "#,##0"
XLSX_EURO = '"€" #,##0'
XLSX_PERCENT = "0.0%"
XLSX_DATE = "dd-mm-yyyy"
XLSX_DIFFERENCE = "+#,##0;-#,##0;0"
# A year is a number (a filter sorts 2019 before 2020, a sum can count on it) shown without
# a thousands separator: 2021, not 2.021.
XLSX_YEAR = "0"


def _grouped(number: Decimal, places: int, language: str | None) -> str:
    language = language or get_language()
    return numberformat.format(
        number + 0,  # -0 (a rounded -0,4) reads 0
        get_format("DECIMAL_SEPARATOR", language),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING", language),
        thousand_sep=get_format("THOUSAND_SEPARATOR", language),
        force_grouping=True,
    )


def count(value, *, signed: bool = False, language: str | None = None) -> str:
    """A whole count with thousands grouping: 1.353; `signed` puts + before a gain (+12)."""
    number = rounded_count(value)
    if number is None:
        return NOTHING
    sign = "+" if signed and number > 0 else ""
    return sign + _grouped(number, 0, language)


def euro(value, *, cents: bool = False, language: str | None = None) -> str:
    """Whole euros, as the plans state their budgets (€ 1.030.000); with `cents`, to the
    cent (€ 1.030.000,00)."""
    places = 2 if cents else MONEY_PLACES
    amount = round_half_up(value, places) if cents else rounded_euro(value)
    if amount is None:
        return NOTHING
    return f"€ {_grouped(amount, places, language)}"


def percentage(value, *, places: int = PERCENT_PLACES, language: str | None = None) -> str:
    """A percentage with one decimal (the product's one rule): 96,6 %."""
    number = round_half_up(value, places)
    if number is None:
        return NOTHING
    return f"{_grouped(number, places, language)} %"


def to_date(value) -> date | None:
    """A date as frozen (ISO text), a date or a datetime (in local time) as a date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def show_date(value) -> str:
    """16-08-2021, or "" for no date."""
    day = to_date(value)
    return day.strftime(DATE_PATTERN) if day else ""


def show_datetime(value) -> str:
    """16-08-2021 14:05 in local time, or "" for no moment."""
    if value is None:
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return moment.strftime(f"{DATE_PATTERN} {TIME_PATTERN}")


def show_period(start, end) -> str:
    """16-08-2021 t/m 31-12-2021: a period from its first to its last day."""
    return f"{show_date(start)} t/m {show_date(end)}"


# The CSV is for Excel-NL, which reads a number written without thousands separator and with
# a decimal comma; rounded as the page rounds it.


def csv_number(value) -> str:
    """1030000 or 90,6 for the CSV; "" for nothing known."""
    if value is None or value == "":
        return ""
    return str(value).replace(".", ",")


def csv_percentage(value) -> str:
    """90,6: one decimal, as the page shows it."""
    return csv_number(rounded_percentage(value))


def csv_euro(value) -> str:
    """1030000: whole euros, as the page shows them."""
    return csv_number(rounded_euro(value))


def xlsx_fraction(value) -> Decimal | None:
    """A percentage ("90.6") as the fraction an XLSX cell in XLSX_PERCENT shows as 90,6 %:
    rounded to one decimal first, so the cell holds the figure the page shows."""
    rounded = rounded_percentage(value)
    return rounded / 100 if rounded is not None else None


def rows_counted(counts) -> str:
    """Rows per model, for people: "1 actieplan, 6 activiteiten" (each model's own name, in
    the singular for one). `counts` maps a model class to a number, as a Counter does."""
    return ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in counts.items()
    )
