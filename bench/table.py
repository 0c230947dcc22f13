"""What every measuring module hands back (Row), what it is handed (Context), and the one
table they make: median, p95 and min–max from the samples, queries at 1× and 100× data, the
product's figure divided by its limit, and whether the goal is met.

Percentiles are linear between the two nearest samples (numpy's default), so a median of
an even count is the mean of the middle two."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Context:
    database_url: str
    broker_url: str
    python: str  # the interpreter of .venv, for subprocesses (manage.py, celery, gunicorn)
    scale: bool  # the synthetic national data set is loaded
    log: Callable[[str], None]
    # Shorter runs for trying the bench out (`--quick`); the figures are then rougher.
    quick: bool = False


@dataclass
class Row:
    figure: str
    goal: str
    samples_ms: list[float] | None
    value: float
    ratio: float | None  # the product's figure ÷ the bare stack's (or the goal's) limit
    limit: str  # what the ratio is held against, e.g. "≥ 0.50" or "≤ 3"
    ok: bool | None  # None: a figure for information, without a goal
    note: str = ""
    # Queries per request at 1× (demo) and 100× (synthetic) data; None where not counted.
    queries: tuple[int | None, int | None] | None = None


COLUMNS = [
    "figure",
    "goal",
    "median",
    "p95",
    "min–max",
    "queries 1×/100×",
    "product ÷ limit",
    "ok",
    "note",
]


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) of the samples, interpolated linearly between ranks."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} outside 0–100")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 50)


def ratio(product: float, limit: float) -> float | None:
    """product ÷ limit, or None when the limit is zero (nothing to hold it against)."""
    if not limit:
        return None
    return product / limit


def format_ms(ms: float) -> str:
    """Milliseconds with as many digits as are worth reading: 0.42 ms, 7.3 ms, 1,191 ms."""
    if ms < 1:
        return f"{ms:.2f} ms"
    if ms < 10:
        return f"{ms:.1f} ms"
    return f"{ms:,.0f} ms"


def format_ratio(value: float) -> str:
    """Three significant digits: 0.023, 0.51, 1.24, 408."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:.{digits}f}"


def _queries(queries: tuple[int | None, int | None] | None) -> str:
    if queries is None:
        return ""
    return "/".join("–" if count is None else str(count) for count in queries)


def cells(row: Row) -> list[str]:
    samples = row.samples_ms or []
    if samples:
        middle = format_ms(median(samples))
        p95 = format_ms(percentile(samples, 95))
        spread = f"{format_ms(min(samples))}–{format_ms(max(samples))}"
    else:
        middle = p95 = spread = ""
    held = format_ratio(row.ratio) if row.ratio is not None else "–"
    if row.limit:
        held = f"{held} ({row.limit})"
    ok = {True: "✓", False: "✗", None: "–"}[row.ok]
    return [row.figure, row.goal, middle, p95, spread, _queries(row.queries), held, ok, row.note]


def render_text(rows: Sequence[Row]) -> str:
    """The table for the terminal: columns padded to their widest cell."""
    table = [COLUMNS, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = []
    for number, line in enumerate(table):
        padded = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        lines.append("  ".join(padded).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def render_markdown(rows: Sequence[Row]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(value.replace("|", "\\|") for value in values) + " |"

    return "\n".join(
        [line(COLUMNS), line(["---"] * len(COLUMNS)), *(line(cells(row)) for row in rows)]
    )
