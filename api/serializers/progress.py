"""Progress as the Voortgang page computes it (placements.selectors.progress.PlanProgress):
per target realised to date, expected to date, the percentage of the target (core.numbers,
one decimal), the status as its code and its Dutch label, and the forecast; the line →
project → plan roll-up; the peildatum. Plain serializers: progress is no model."""

from rest_framework import serializers

from core.numbers import percentage_of
from placements.progress import Status

from .plans import sector_field

STATUSES = ", ".join(status.value for status in Status)


class ProgressSerializer(serializers.Serializer):
    """placements.progress.Progress: the figures of one target, line or plan."""

    value = serializers.IntegerField(source="target", help_text="Het doel.")
    realised = serializers.IntegerField(
        allow_null=True,
        help_text="Gerealiseerd t/m de peildatum (stroom: som van de perioden; stand: laatste "
        "stand); null: nog niets gerealiseerd.",
    )
    percentage = serializers.DecimalField(
        max_digits=None,
        decimal_places=1,
        allow_null=True,
        help_text="Gerealiseerd als percentage van het doel, op één decimaal.",
    )
    expected = serializers.IntegerField(
        allow_null=True, help_text="Verwacht t/m de peildatum (naar rato of volgens prognoses)."
    )
    forecast = serializers.IntegerField(
        allow_null=True, help_text="Prognose einde looptijd: het tempo tot nu toe doorgetrokken."
    )
    status = serializers.CharField(help_text=f"Code van de status: {STATUSES}.")
    status_label = serializers.CharField(source="status.label")
    behind = serializers.BooleanField(
        source="is_behind", help_text="Risico, achter of niet gehaald: waar de Werkkamer kijkt."
    )
    ended = serializers.BooleanField(
        help_text="De looptijd is voorbij: de cijfers zijn definitief."
    )
    as_of = serializers.DateField(
        allow_null=True, help_text="Einde van de laatste periode met een realisatie."
    )


class TargetProgressSerializer(serializers.Serializer):
    """One target's progress (TargetProgress), with where it sits."""

    target = serializers.IntegerField(source="target.pk", help_text="Id van de doelstelling.")
    line = serializers.IntegerField(source="target.line_id", allow_null=True)
    project = serializers.IntegerField(source="target.project_id", allow_null=True)
    indicator = serializers.CharField(source="target.indicator.code")
    indicator_name = serializers.CharField(source="target.indicator.name")
    sector = sector_field(source="target.sector")
    progress = ProgressSerializer()


class ScopeProgressSerializer(serializers.Serializer):
    """The plan's or a line's progress for one indicator and sector: its own target's, or
    the sum of its parts' when it states none (`target` null)."""

    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    sector = sector_field()
    target = serializers.IntegerField(
        source="target.pk",
        allow_null=True,
        default=None,
        help_text="Id van de eigen doelstelling; null: de som van de onderdelen.",
    )
    progress = ProgressSerializer()


class ProjectProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="project.pk")
    title = serializers.CharField(source="project.title")
    targets = TargetProgressSerializer(source="rows", many=True)


class LineProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    title = serializers.CharField(source="line.title")
    totals = ScopeProgressSerializer(source="rows", many=True)
    projects = ProjectProgressSerializer(many=True)


class ThresholdsSerializer(serializers.Serializer):
    on_course_from = serializers.IntegerField(help_text="Op koers vanaf dit % van verwacht.")
    at_risk_from = serializers.IntegerField(help_text="Risico vanaf dit % van verwacht.")


class ProgressPlanSerializer(serializers.Serializer):
    """Which plan the progress is of."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    programme = serializers.CharField(source="programme.code")
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    version = serializers.IntegerField()
    status = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class RealisedOfPrognosisField(serializers.DecimalField):
    """A prognose's realisation as a percentage of it: the page's `percent_of`, the one
    rounding of core.numbers."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=None, decimal_places=1, allow_null=True, read_only=True, **kwargs
        )

    def to_representation(self, prognosis):
        figure = percentage_of(prognosis.realised, prognosis.value)
        return None if figure is None else super().to_representation(figure)


class PrognosisSerializer(serializers.Serializer):
    """A prognose against what was realised in that same sub-period
    (placements.selectors.progress.prognoses_with_realisation)."""

    id = serializers.IntegerField()
    target = serializers.IntegerField(source="target_id")
    line = serializers.IntegerField(source="target.line_id", allow_null=True)
    project = serializers.IntegerField(source="target.project_id", allow_null=True)
    indicator = serializers.CharField(source="target.indicator.code")
    sector = sector_field(source="target.sector")
    label = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    prognosis = serializers.IntegerField(source="value")
    realised = serializers.IntegerField(allow_null=True)
    percentage = RealisedOfPrognosisField(
        source="*", help_text="Realisatie in % van de prognose, op één decimaal."
    )


class PlanProgressSerializer(serializers.Serializer):
    """A plan's progress (the view gives a ProgressAnswer): the peildatum, the plan's
    totals per indicator and sector, its lines with their projects, and every target."""

    plan = ProgressPlanSerializer()
    peildatum = serializers.DateField(
        source="progress.peildatum",
        allow_null=True,
        help_text="Einde van de laatste periode met een realisatie; null: nog geen realisaties.",
    )
    ended = serializers.BooleanField(help_text="Het plan is afgelopen.")
    thresholds = ThresholdsSerializer(source="progress.thresholds")
    totals = ScopeProgressSerializer(source="progress.plan", many=True)
    lines = LineProgressSerializer(source="progress.tree", many=True)
    targets = TargetProgressSerializer(source="progress.targets", many=True)


class PlanProgressDetailSerializer(PlanProgressSerializer):
    """One plan's progress, with its prognoses against what was realised."""

    prognoses = PrognosisSerializer(many=True)
