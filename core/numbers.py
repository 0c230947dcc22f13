"""One number, one rounding: how the product rounds a percentage, an amount and a count
before it shows them, on a page, in a chart, a PDF, an XLSX or a CSV
(docs/decisions/0002-one-rounding.md). Rounding is half up (90,55 → 90,6), never cut.

- a percentage: one decimal (376 of 415 → 90,6 %);
- money: computed to the cent (40 % of € 666.667 = € 266.666,80; a third of a cent rounds
  half up), and shown in whole euros where the plans state whole euros (€ 266.667);
- a count: whole (1.353).

core.formatting writes the rounded figure as text for the pages (the werkregio filters),
the charts, the PDF, the XLSX and the CSV: each rounds by the functions below, so the same
figure reads the same everywhere."""

from decimal import ROUND_HALF_UP, Decimal

PERCENT_PLACES = 1
CENT_PLACES = 2
MONEY_PLACES = 0
COUNT_PLACES = 0


def as_decimal(value) -> Decimal | None:
    """A number, or a number as text ("90.6"), as a Decimal; None for nothing known."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_half_up(value, places: int) -> Decimal | None:
    number = as_decimal(value)
    if number is None:
        return None
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded_percentage(value) -> Decimal | None:
    """A percentage as shown: one decimal."""
    return round_half_up(value, PERCENT_PLACES)


def percentage_of(part, whole) -> Decimal | None:
    """part ÷ whole as a percentage as shown (one decimal); None when the whole is 0."""
    part, whole = as_decimal(part), as_decimal(whole)
    if part is None or not whole:
        return None
    return rounded_percentage(part * 100 / whole)


def rounded_cents(value) -> Decimal:
    """An amount of money as computed and stored: to the cent, half up; nothing known is 0
    (an empty sum)."""
    number = as_decimal(value) or Decimal(0)
    return number.quantize(Decimal(1).scaleb(-CENT_PLACES), rounding=ROUND_HALF_UP)


def rounded_euro(value) -> Decimal | None:
    """An amount as shown: whole euros."""
    return round_half_up(value, MONEY_PLACES)


def rounded_count(value) -> Decimal | None:
    """A count as shown: a whole number."""
    return round_half_up(value, COUNT_PLACES)
