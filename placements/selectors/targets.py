"""What a target brings to progress and to the charts alike: a stock's baseline, the
prognoses as spans, and the targets of many plans read as plain rows (target_rows) for
placements.progress."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from programmes.choices import Sector
from programmes.models import Indicator, Prognosis, Target

from ..progress import PrognosisSpan
from .counted import FLOW


def stock_baseline(indicator: Indicator) -> date | None:
    """The nulmeting a stock indicator grows from, where its level was 0 (None for a flow):
    what progress counts from, and what the dashboard and the report show and chart."""
    return indicator.baseline_date if indicator.measure != FLOW else None


@dataclass(frozen=True)
class ScopeRef:
    """A target's line or project as progress shows it: its id and title."""

    pk: int
    title: str

    def __str__(self) -> str:
        return self.title


@dataclass(eq=False)
class TargetRow:
    """A target as progress, its pages and the frozen report read it: the Target's fields
    they use, its indicator, line and project, and its prognoses, read as plain rows (no
    model object, prefetch or queryset per target). Equal to the Target it was read from."""

    pk: int
    plan_id: int
    line_id: int | None
    project_id: int | None
    indicator_id: int
    lineage_id: int
    sector: str
    value: int
    start_date: date
    end_date: date
    description: str
    original_value: int | None
    revision: int
    revision_reason: str
    revised_at: datetime | None
    indicator: Indicator
    line: ScopeRef | None
    project: ScopeRef | None
    thresholds: tuple[int, int]  # the programme's on_course_from and at_risk_from
    spans: list[PrognosisSpan] = field(default_factory=list)  # the prognoses, in date order

    @property
    def id(self) -> int:
        return self.pk

    def get_sector_display(self) -> str:
        return str(Sector(self.sector).label) if self.sector else ""

    def __eq__(self, other) -> bool:
        if isinstance(other, TargetRow | Target):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pk)

    def __str__(self) -> str:
        return f"{self.project or self.line or ''}: {self.value} {self.indicator}"


_INDICATOR_FIELDS = [f.attname for f in Indicator._meta.concrete_fields]
_TARGET_FIELDS = [
    "pk",
    "plan_id",
    "line_id",
    "project_id",
    "indicator_id",
    "lineage_id",
    "sector",
    "value",
    "start_date",
    "end_date",
    "description",
    "original_value",
    "revision",
    "revision_reason",
    "revised_at",
]


def target_rows(*, targets) -> list[TargetRow]:
    """The targets of a queryset (`Target.objects.filter(plan__in=…)`) as TargetRows, in the
    plan's order: by plan, line and project position, then indicator name and sector. Two
    queries, whatever the number of plans and targets: the targets with their indicator,
    line, project and programme thresholds, and their prognoses."""
    rows = targets.order_by(
        "plan_id",
        "line__position",
        "line_id",
        "project__position",
        "project_id",
        "indicator__name",
        "sector",
    ).values(
        *_TARGET_FIELDS,
        *(f"indicator__{name}" for name in _INDICATOR_FIELDS),
        "line__title",
        "project__title",
        "plan__programme__on_course_from",
        "plan__programme__at_risk_from",
    )
    indicators: dict[int, Indicator] = {}
    result = []
    for row in rows:
        indicator = indicators.get(row["indicator_id"])
        if indicator is None:
            indicator = indicators[row["indicator_id"]] = Indicator(
                **{name: row[f"indicator__{name}"] for name in _INDICATOR_FIELDS}
            )
        result.append(
            TargetRow(
                **{name: row[name] for name in _TARGET_FIELDS},
                indicator=indicator,
                line=ScopeRef(row["line_id"], row["line__title"]) if row["line_id"] else None,
                project=(
                    ScopeRef(row["project_id"], row["project__title"])
                    if row["project_id"]
                    else None
                ),
                thresholds=(
                    row["plan__programme__on_course_from"],
                    row["plan__programme__at_risk_from"],
                ),
            )
        )
    if result:
        spans: dict[int, list[PrognosisSpan]] = defaultdict(list)
        for target_id, start, end, value in (
            Prognosis.objects.filter(target__in=targets.values("pk"))
            .order_by("target_id", "start_date")
            .values_list("target_id", "start_date", "end_date", "value")
        ):
            spans[target_id].append(PrognosisSpan(start=start, end=end, value=value))
        for target in result:
            target.spans = spans.get(target.pk, [])
    return result


def prognosis_spans(target: TargetRow) -> list[PrognosisSpan]:
    """The target's prognoses in date order (read with it by target_rows)."""
    return target.spans
