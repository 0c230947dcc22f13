"""The bench's table: percentiles, ratios and how a row is shown (bench/table.py)."""

import pytest

from bench.table import (
    COLUMNS,
    Row,
    cells,
    format_ms,
    format_ratio,
    median,
    percentile,
    ratio,
    render_markdown,
    render_text,
)


def row(**changes) -> Row:
    values = {
        "figure": "region dashboard (100×)",
        "goal": "p95 ≤ 50 ms",
        "samples_ms": [4.0, 1.0, 3.0, 2.0],
        "value": 12.5,
        "ratio": 0.4,
        "limit": "≥ 0.50",
        "ok": False,
    }
    return Row(**{**values, **changes})


def test_percentile_interpolates_between_ranks():
    samples = [float(n) for n in range(1, 101)]  # 1 … 100
    assert percentile(samples, 0) == 1
    assert percentile(samples, 100) == 100
    # rank (100 - 1) × 0.95 = 94.05: between the 95th (95) and 96th (96) sample.
    assert percentile(samples, 95) == pytest.approx(95.05)
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5  # the mean of the middle two, unsorted input
    assert median([7.0]) == 7


@pytest.mark.parametrize("p", [-1, 100.5])
def test_percentile_outside_the_range_is_refused(p):
    with pytest.raises(ValueError):
        percentile([1.0], p)


def test_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_ratio_divides_and_has_none_for_a_zero_limit():
    assert ratio(11.0, 489.0) == pytest.approx(0.0225, abs=1e-4)
    assert ratio(3.0, 0.0) is None


@pytest.mark.parametrize(
    ("ms", "shown"),
    [(0.421, "0.42 ms"), (7.34, "7.3 ms"), (1191.2, "1,191 ms"), (49.6, "50 ms")],
)
def test_milliseconds_keep_the_digits_worth_reading(ms, shown):
    assert format_ms(ms) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(0.0225, "0.0225"), (0.5, "0.500"), (1.24, "1.24"), (408.2, "408")]
)
def test_ratios_have_three_significant_digits(value, shown):
    assert format_ratio(value) == shown


def test_a_row_shows_median_p95_spread_queries_ratio_and_verdict():
    shown = dict(zip(COLUMNS, cells(row(queries=(18, 18), note="5 req/s")), strict=True))
    assert shown["median"] == "2.5 ms"
    assert shown["p95"] == "3.9 ms"  # rank 2.85 between 3 and 4
    assert shown["min–max"] == "1.0 ms–4.0 ms"
    assert shown["queries 1×/100×"] == "18/18"
    assert shown["product ÷ limit"] == "0.400 (≥ 0.50)"
    assert shown["ok"] == "✗"
    assert shown["note"] == "5 req/s"


def test_a_row_without_samples_or_ratio_leaves_those_cells_empty():
    shown = dict(
        zip(
            COLUMNS,
            cells(row(samples_ms=None, ratio=None, limit="", ok=None, queries=(9, None))),
            strict=True,
        )
    )
    assert (shown["median"], shown["p95"], shown["min–max"]) == ("", "", "")
    assert shown["product ÷ limit"] == "–"
    assert shown["ok"] == "–"
    assert shown["queries 1×/100×"] == "9/–"


def test_the_text_table_pads_every_column_to_its_widest_cell():
    lines = render_text([row(figure="short"), row(figure="a much longer figure")]).splitlines()
    assert lines[0].startswith("figure")
    assert set(lines[1]) <= {"-", " "}
    # The goal column starts at the same place on every line.
    starts = {line.index("p95 ≤ 50 ms") for line in lines[2:]}
    assert len(starts) == 1


def test_the_markdown_table_has_one_line_per_row_and_escapes_bars():
    text = render_markdown([row(note="a | b"), row(ok=True)])
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("| figure | goal |")
    assert lines[1].count("---") == len(COLUMNS)
    assert "a \\| b" in lines[2]
    assert lines[3].count(" | ✓ | ") == 1
