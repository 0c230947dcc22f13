"""The house style of figures and dates: € 1.030.000, 1.400, 90,6 %, 16-08-2021; rounded half
up, never cut; in English with English separators on the pages, Dutch in reports and charts."""

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core import formatting
from core.numbers import percentage_of, rounded_euro, rounded_percentage
from core.templatetags.werkregio import count, euro, percent_of, percentage
from programmes.models import ActionPlan, Activity
from reporting import charts
from reporting.documents.formatting import show_count, show_euro, show_percentage


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
    """One rounding (core.numbers): the figure a chart describes is the page's."""
    svg = charts.budget_chart(title="B", years=["2020"], planned=[value], spent=[value])
    assert euro(value) in svg


def test_the_rounding_rules():
    assert str(percentage_of(1353, 1400)) == "96.6"
    assert str(percentage_of(376, 415)) == "90.6"
    assert percentage_of(5, 0) is None
    assert str(rounded_percentage("90.55")) == "90.6"  # half up, not to even
    assert str(rounded_euro("266666.80")) == "266667"
    assert str(rounded_euro("2.5")) == "3"


# The one formatter (core.formatting): pages follow the active language, reports and charts
# are Dutch whoever asks.


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (1353, "1.353", "1,353"),
        ("1352.5", "1.353", "1,353"),
        (0, "0", "0"),
        (-2500, "-2.500", "-2,500"),
        ("-0.4", "0", "0"),  # rounds to nothing, without a sign
        (None, "–", "–"),
    ],
)
def test_a_count_in_both_languages(value, dutch, english):
    assert formatting.count(value) == count(value) == dutch
    with translation.override("en"):
        assert formatting.count(value) == count(value) == english
        assert formatting.count(value, language="nl") == dutch


def test_a_signed_count():
    assert formatting.count(12, signed=True) == "+12"
    assert formatting.count(-3, signed=True) == "-3"
    assert formatting.count(0, signed=True) == "0"


@pytest.mark.parametrize(
    ("value", "cents", "dutch", "english"),
    [
        (1030000, False, "€ 1.030.000", "€ 1,030,000"),
        ("266666.80", False, "€ 266.667", "€ 266,667"),
        ("266666.805", True, "€ 266.666,81", "€ 266,666.81"),
        (None, False, "–", "–"),
    ],
)
def test_an_amount_in_both_languages(value, cents, dutch, english):
    assert formatting.euro(value, cents=cents) == euro(value, cents) == dutch
    with translation.override("en"):
        assert formatting.euro(value, cents=cents) == euro(value, cents) == english


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [("96.6", "96,6 %", "96.6 %"), (46, "46,0 %", "46.0 %"), ("90.55", "90,6 %", "90.6 %")],
)
def test_a_percentage_in_both_languages(value, dutch, english):
    assert formatting.percentage(value) == percentage(value) == dutch
    with translation.override("en"):
        assert formatting.percentage(value) == percentage(value) == english


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dates_and_periods_read_the_same_in_both_languages(language):
    with translation.override(language):
        assert formatting.show_date(date(2021, 8, 16)) == "16-08-2021"
        assert formatting.show_date("2021-08-16") == "16-08-2021"  # as frozen
        assert formatting.show_date(None) == ""
        assert (
            formatting.show_period(date(2021, 8, 16), "2021-12-31") == "16-08-2021 t/m 31-12-2021"
        )


def test_a_date_time_is_its_local_day():
    late = datetime(2021, 8, 16, 23, 30, tzinfo=UTC)  # 01:30 on the 17th in Amsterdam
    assert formatting.to_date(late) == date(2021, 8, 17)
    assert formatting.show_date(late) == "17-08-2021"


def test_a_moment_is_written_in_local_time():
    # When a delivery was committed: 12:05 UTC is 14:05 in Amsterdam in summer.
    assert formatting.show_datetime(datetime(2021, 8, 16, 12, 5, tzinfo=UTC)) == "16-08-2021 14:05"
    assert formatting.show_datetime(None) == ""


def test_reports_are_dutch_in_english_too_and_charts_follow_the_page():
    """A report is Dutch whoever asks; a chart on an English page writes English numbers,
    like the table beside it (the PDF draws its charts while Dutch is active)."""

    def chart(**language):
        with translation.override(**language):
            return charts.budget_chart(title="B", years=["2020"], planned=[1030000], spent=[1400])

    with translation.override("en"):
        assert show_count(1400) == "1.400"
        assert show_euro(1030000) == "€ 1.030.000"
        assert show_percentage("96.6") == "96,6 %"
    assert "€ 1,030,000" in chart(language="en") and "€ 1.030.000" not in chart(language="en")
    assert "€ 1.030.000" in chart(language="nl")


def test_the_csv_and_xlsx_figures():
    assert formatting.csv_euro("1030000.00") == "1030000"
    assert formatting.csv_percentage("90.55") == "90,6"
    assert formatting.csv_number(None) == ""
    assert formatting.xlsx_fraction("90.6") == Decimal("0.906")
    assert formatting.xlsx_fraction(None) is None


def test_rows_are_counted_by_their_models_names():
    assert formatting.rows_counted(Counter({ActionPlan: 1, Activity: 6})) == (
        "1 actieplan, 6 activiteiten"
    )
    assert formatting.rows_counted(Counter()) == ""
