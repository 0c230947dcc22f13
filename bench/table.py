"""The shape every bench module returns: one Row per figure, and the Context it runs in."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Context:
    database_url: str
    broker_url: str
    python: str
    scale: bool
    log: Callable[[str], None] = field(default=print)


@dataclass
class Row:
    figure: str
    goal: str
    samples_ms: list[float] | None
    value: float
    ratio: float | None
    limit: str
    ok: bool | None
    note: str = ""
