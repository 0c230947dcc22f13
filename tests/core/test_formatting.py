"""The house style of figures: € 1.030.000, 1.400, 90,6 %; rounded half up, never cut."""

import pytest
from django.utils import translation

from regions.numbers import percentage_of, rounded_euro, rounded_percentage
from regions.templatetags.werkregio import count, euro, percent_of, percentage
from reporting.charts import dutch_euro, dutch_number


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1030000, "€ 1.030.000"), ("266666.80", "€ 266.667"), ("0.5", "€ 1"), (None, "–")],
)
def test_euro(value, shown):
    assert euro(value) == shown


def test_count_groups_thousands():
    assert count(1400) == "1.400"


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [("90.6", 0, "91 %"), ("90.4", 0, "90 %"), ("45.5", 0, "46 %"), ("76.92", 1, "76,9 %")],
)
def test_percentage_rounds_half_up(value, places, shown):
    assert percentage(value, places) == shown


def test_a_percentage_has_one_decimal_unless_told():
    assert percentage("90.55") == "90,6 %"
    assert percentage(46) == "46,0 %"


def test_percent_of():
    # One decimal, the product's one rule (docs/decisions/0002-one-rounding.md).
    assert percent_of(161, 350) == "46,0 %"
    assert percent_of(376, 415) == "90,6 %"
    assert percent_of(1, 0) == "–"


@pytest.mark.parametrize("value", [0, 1353, "1352.5", "2940.49", 1_030_000])
def test_charts_and_pages_round_a_count_alike(value):
    """One rounding (regions.numbers): the chart's figure is the page's."""
    assert dutch_number(value) == count(value)
    assert dutch_euro(value) == euro(value)


def test_the_rounding_rules():
    assert str(percentage_of(1353, 1400)) == "96.6"
    assert str(percentage_of(376, 415)) == "90.6"
    assert percentage_of(5, 0) is None
    assert str(rounded_percentage("90.55")) == "90.6"  # half up, not to even
    assert str(rounded_euro("266666.80")) == "266667"
    assert str(rounded_euro("2.5")) == "3"
