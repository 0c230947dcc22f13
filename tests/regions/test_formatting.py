"""The house style of figures: € 1.030.000, 1.400, 46 %; rounded half up, never cut."""

import pytest
from django.utils import translation

from regions.templatetags.werkregio import count, euro, percent_of, percentage


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


def test_percent_of():
    assert percent_of(161, 350) == "46 %"
    assert percent_of(1, 0) == "–"
