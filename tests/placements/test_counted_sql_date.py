"""Raw SQL's dates: PostgreSQL returns a date, SQLite (the embedded default of `make run`)
the stored text. realised_per_lineage reads its latest period end by raw SQL; on SQLite a
report on a stock target then compared a date with a string and failed (demo_reports)."""

from datetime import date

from placements.selectors.counted import sql_date


def test_a_date_read_as_text_is_a_date_again():
    assert sql_date("2016-12-31") == date(2016, 12, 31)


def test_a_date_and_nothing_stay_what_they_are():
    assert sql_date(date(2016, 12, 31)) == date(2016, 12, 31)
    assert sql_date(None) is None
