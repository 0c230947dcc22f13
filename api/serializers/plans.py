"""Plans with their lines, projects and targets, their reporting periods and the counts
recorded against them, as the API shows them. Every figure is read by the views from the
selectors of the plan page (programmes.selectors plan_structure, plan_target_rollup,
plan_targets): a serializer only names what it is given.

A sector or target group that is not given (the empty code in the database) is `null`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from placements.models import Realisation
from programmes.choices import Sector, TargetGroup
from programmes.models import ActionPlan, ReportingPeriod, Target

PLAN_STATUSES = ", ".join(ActionPlan.Status.values)


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as "" for none (sector, target group), shown as null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


def sector_field(**kwargs) -> BlankAsNullChoiceField:
    return BlankAsNullChoiceField(
        choices=Sector.choices,
        help_text="markt of overheid; null: zonder sector (het totaal).",
        **kwargs,
    )


class PlanSerializer(serializers.ModelSerializer):
    """A plan's metadata: what the plan list shows."""

    programme = serializers.CharField(source="programme.code", help_text="Code van het programma.")
    programme_name = serializers.CharField(source="programme.name")
    region = serializers.CharField(
        source="region.code",
        allow_null=True,
        default=None,
        help_text="CBS-code van de arbeidsmarktregio (AM01); null voor een landelijk plan.",
    )
    region_name = serializers.CharField(source="region.name", allow_null=True, default=None)
    status = serializers.CharField(help_text=f"Code van de status: {PLAN_STATUSES}.")
    status_label = serializers.CharField(source="get_status_display")
    previous_version = serializers.IntegerField(
        source="previous_version_id", allow_null=True, help_text="Id van de vorige versie."
    )
    next_version = serializers.IntegerField(
        source="next_version_pk",
        allow_null=True,
        read_only=True,
        help_text="Id van de volgende versie; null voor de huidige versie.",
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "title",
            "programme",
            "programme_name",
            "region",
            "region_name",
            "version",
            "status",
            "status_label",
            "start_date",
            "end_date",
            "period_length",
            "previous_version",
            "next_version",
            "status_changed_at",
        ]
        read_only_fields = fields


class TargetFigureSerializer(serializers.Serializer):
    """One target figure of the plan or a line, per indicator and sector, as the plan page
    shows it (programmes.figures.Figure): the figure the document states beside the one
    computed from its parts, and whether they differ."""

    indicator = serializers.CharField(source="indicator.code", help_text="Code van de indicator.")
    indicator_name = serializers.CharField(source="indicator.name")
    sector = sector_field()
    stated = serializers.IntegerField(
        allow_null=True, help_text="Het doel zoals het plan het noemt."
    )
    computed = serializers.IntegerField(
        allow_null=True, help_text="Het doel opgeteld uit de onderdelen (lijnen of projecten)."
    )
    value = serializers.IntegerField(
        allow_null=True, help_text="Het doel dat telt: het genoemde, anders het berekende."
    )
    difference = serializers.IntegerField(allow_null=True, help_text="Genoemd min berekend.")
    discrepancy = serializers.BooleanField(
        help_text="Genoemd en berekend verschillen (meer dan afronding)."
    )


class ProjectTargetFigureSerializer(serializers.Serializer):
    """A project's target per indicator and sector: the sum of its own targets."""

    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    sector = sector_field()
    value = serializers.IntegerField()


def figure_rows(rollup, figures) -> list[dict]:
    """A roll-up's (indicator, sector, Figure) rows as the serializers read them, in the
    order of the plan page (TargetRollup.rows: by indicator name, then sector)."""
    return [
        {
            "indicator": indicator,
            "sector": sector,
            "stated": figure.stated,
            "computed": figure.computed,
            "value": figure.value,
            "difference": figure.difference,
            "discrepancy": figure.is_discrepancy,
        }
        for indicator, sector, figure in rollup.rows(figures)
    ]


def project_rows(rollup, project_id: int) -> list[dict]:
    return [
        {"indicator": indicator, "sector": sector, "value": value}
        for indicator, sector, value in rollup.rows(rollup.projects.get(project_id, {}))
    ]


class PlanProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    accountable_organisation = serializers.CharField(
        source="accountable_organisation.name", allow_null=True, default=None
    )
    contact_role = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    figures = serializers.SerializerMethodField()

    @extend_schema_field(ProjectTargetFigureSerializer(many=True))
    def get_figures(self, project) -> list[dict]:
        rows = project_rows(self.context["rollup"], project.pk)
        return ProjectTargetFigureSerializer(rows, many=True).data


class PlanLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    accountable_organisation = serializers.CharField(
        source="accountable_organisation.name", allow_null=True, default=None
    )
    partners = serializers.CharField()
    figures = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    @extend_schema_field(TargetFigureSerializer(many=True))
    def get_figures(self, line) -> list[dict]:
        rollup = self.context["rollup"]
        return TargetFigureSerializer(
            figure_rows(rollup, rollup.lines.get(line.pk, {})), many=True
        ).data

    @extend_schema_field(PlanProjectSerializer(many=True))
    def get_projects(self, line) -> list[dict]:
        # Prefetched by plan_structure, in the plan's order.
        return PlanProjectSerializer(line.projects.all(), many=True, context=self.context).data


class PlanTargetSerializer(serializers.ModelSerializer):
    """A target as the plan states it, for the plan, one of its lines or one of its
    projects; a revised target keeps its original value beside the current one."""

    line = serializers.IntegerField(source="line_id", allow_null=True, help_text="Id van de lijn.")
    project = serializers.IntegerField(
        source="project_id", allow_null=True, help_text="Id van het project."
    )
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    breakdown = serializers.CharField(
        source="indicator.breakdown",
        help_text="Hoe de realisaties worden uitgesplitst: sector, doelgroep of leeg.",
    )
    sector = sector_field()

    class Meta:
        model = Target
        fields = [
            "id",
            "line",
            "project",
            "indicator",
            "indicator_name",
            "breakdown",
            "sector",
            "value",
            "original_value",
            "start_date",
            "end_date",
            "description",
            "revision_reason",
            "revised_at",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    """The plan page's content: the metadata, the plan's target figures, its lines with
    their projects, and every stated target. The view puts `lines`, `rollup` and `targets`
    (the plan page's selectors) in the context."""

    figures = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "summary", "source", "figures", "lines", "targets"]
        read_only_fields = fields

    @extend_schema_field(TargetFigureSerializer(many=True))
    def get_figures(self, plan) -> list[dict]:
        rollup = self.context["rollup"]
        return TargetFigureSerializer(figure_rows(rollup, rollup.plan), many=True).data

    @extend_schema_field(PlanLineSerializer(many=True))
    def get_lines(self, plan) -> list[dict]:
        return PlanLineSerializer(self.context["lines"], many=True, context=self.context).data

    @extend_schema_field(PlanTargetSerializer(many=True))
    def get_targets(self, plan) -> list[dict]:
        return PlanTargetSerializer(self.context["targets"], many=True).data


class ReportingPeriodSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id")
    closed = serializers.BooleanField(
        source="is_closed", help_text="Afgesloten: een wijziging is een correctie met reden."
    )

    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "code", "start_date", "end_date", "closed", "closed_at"]
        read_only_fields = fields


class RealisationSerializer(serializers.ModelSerializer):
    """A count (never data about a person): how many, for which target and period, in which
    breakdown, from which source."""

    target = serializers.IntegerField(
        source="target_id", help_text="Id van de doelstelling waarop de telling is vastgelegd."
    )
    plan = serializers.IntegerField(
        source="target.plan_id", help_text="Id van de planversie van die doelstelling."
    )
    indicator = serializers.CharField(source="target.indicator.code")
    period = serializers.CharField(source="period.code", help_text="Periodecode, zoals 2016-K4.")
    period_start = serializers.DateField(source="period.start_date")
    period_end = serializers.DateField(source="period.end_date")
    sector = sector_field()
    target_group = BlankAsNullChoiceField(
        choices=TargetGroup.choices, help_text="Doelgroep; null: niet uitgesplitst."
    )

    class Meta:
        model = Realisation
        fields = [
            "id",
            "target",
            "plan",
            "indicator",
            "period",
            "period_start",
            "period_end",
            "count",
            "sector",
            "target_group",
            "source",
            "recorded_at",
        ]
        read_only_fields = fields
