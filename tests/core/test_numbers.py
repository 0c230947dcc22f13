"""Money is computed to the cent, half up (docs/decisions/0002-one-rounding.md)."""

from decimal import Decimal

from core.numbers import rounded_cents, rounded_euro


def test_money_is_computed_to_the_cent_half_up():
    assert rounded_cents(Decimal("266666.80")) == Decimal("266666.80")
    assert rounded_cents(Decimal("0.005")) == Decimal("0.01")  # half up, not to even
    assert rounded_cents(Decimal("0.015")) == Decimal("0.02")
    assert rounded_cents(Decimal("-0.005")) == Decimal("-0.01")
    assert rounded_cents(None) == Decimal("0.00")


def test_whole_euros_where_whole_euros_are_shown():
    # 40 % of € 666.667: € 266.666,80 computed, € 266.667 shown (rounding, no discrepancy).
    assert rounded_euro(Decimal("666667") * Decimal("0.40")) == Decimal("266667")
