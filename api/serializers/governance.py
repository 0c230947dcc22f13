"""The governance network as the API shows it: organisations, bodies with their seat rule,
members and composition, meetings with their agenda, decisions and proposals with their cost
figure. Every figure comes from the selector the page reads (the views put it on the rows);
nothing here counts or adds up. Members are roles ("wethouder Den Haag"), never people."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import (
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Organisation,
    Proposal,
)


def region_code_field(**kwargs) -> serializers.SlugRelatedField:
    """A region by its CBS code (AM01), as /regions/{code} finds it (`source`: the path to
    the region when it is not the row's own `region`)."""
    kwargs.setdefault("help_text", "CBS-code (AMxx).")
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


class OrganisationSerializer(serializers.ModelSerializer):
    region = region_code_field(
        allow_null=True, help_text="CBS-code (AMxx); leeg voor een landelijke organisatie."
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "region"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class BodyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoverningBody
        fields = ["id", "name"]


# ---------------------------------------------------------------------------------------------
# Bodies: seat rule, members, composition (regions.selectors.bodies)


class SeatRuleSerializer(serializers.Serializer):
    # One category of the rule, from the composition's rule_counts (in SeatCategory order).

    seat_category = serializers.ChoiceField(
        source="category", choices=Membership.SeatCategory.choices
    )
    seats = serializers.IntegerField()


class SeatCountSerializer(serializers.Serializer):
    # A SeatCount of body_composition: the rule's seats and the members seated in them.

    seat_category = serializers.ChoiceField(
        source="category", choices=Membership.SeatCategory.choices
    )
    seats = serializers.IntegerField(help_text="Zetels volgens de zetelverdeling.")
    seated = serializers.IntegerField(
        source="filled", help_text="Zittende leden (voorzitter of lid) op de peildatum."
    )
    vacant = serializers.IntegerField(help_text="Onbezette zetels.")
    over = serializers.IntegerField(source="surplus", help_text="Leden boven de zetelverdeling.")


class CompositionSerializer(serializers.Serializer):
    # body_composition on `date` (today), as the body page shows it.

    date = serializers.DateField(source="on")
    formation = serializers.CharField(help_text='De zetelverdeling zoals men haar noemt: "3-3-1".')
    has_rule = serializers.BooleanField()
    fits = serializers.BooleanField(help_text="De zittende leden passen bij de zetelverdeling.")
    vacant = serializers.IntegerField()
    categories = SeatCountSerializer(many=True, source="counts")


class MemberSerializer(serializers.ModelSerializer):
    # A membership: a role of an organisation on a seat, with its function and dates.

    organisation = OrganisationRefSerializer(allow_null=True, read_only=True)
    seat_category = serializers.ChoiceField(choices=Membership.SeatCategory.choices)
    holds_seat = serializers.BooleanField(
        read_only=True, help_text="Voorzitter of lid: telt mee voor de zetelverdeling."
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "role_title",
            "organisation",
            "seat_category",
            "function",
            "holds_seat",
            "start_date",
            "end_date",
        ]


class BodySerializer(serializers.ModelSerializer):
    # A body with what its page shows today: the seat rule, the current members and the composition
    # figures (the view puts `composition` and `current_members` on it).

    region = region_code_field()
    seat_rule = serializers.SerializerMethodField(help_text="Zetels per categorie.")
    members = MemberSerializer(many=True, read_only=True, source="current_members")
    composition = CompositionSerializer(read_only=True)

    class Meta:
        model = GoverningBody
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "parent",
            "meeting_frequency",
            "description",
            "seat_rule",
            "members",
            "composition",
        ]

    @extend_schema_field(SeatRuleSerializer(many=True))
    def get_seat_rule(self, body) -> list[dict]:
        return SeatRuleSerializer(body.composition.rule_counts, many=True).data


# ---------------------------------------------------------------------------------------------
# What an agenda item or decision is about


SUBJECT_TYPES = {
    "proposal": "proposal",
    "plan": "plan",
    "budget_change": "budgetChange",
    "report": "report",
}


class SubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=sorted(SUBJECT_TYPES.values()))
    id = serializers.IntegerField()
    label = serializers.CharField()


def subject_of(row) -> dict | None:
    """The row's subject (a proposal, plan version, budget change or, on an agenda, a
    report) as {type, id, label}; the selectors read it along (no query)."""
    for name in row.SUBJECTS:
        subject_id = getattr(row, f"{name}_id")
        if subject_id:
            return {
                "type": SUBJECT_TYPES[name],
                "id": subject_id,
                "label": str(getattr(row, name)),
            }
    return None


# ---------------------------------------------------------------------------------------------
# Meetings and decisions (regions.selectors.meetings)


class MeetingSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    region = region_code_field(source="body.region")
    agenda_count = serializers.IntegerField(read_only=True, help_text="Aantal agendapunten.")
    decision_count = serializers.IntegerField(read_only=True, help_text="Aantal besluiten.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "region",
            "date",
            "start_time",
            "location",
            "agenda_count",
            "decision_count",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField(help_text="Waar het over gaat, of leeg.")
    decided = serializers.SerializerMethodField(help_text="Er is over dit punt besloten.")

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "purpose", "description", "subject", "decided"]

    @extend_schema_field(SubjectSerializer(allow_null=True))
    def get_subject(self, item) -> dict | None:
        return subject_of(item)

    def get_decided(self, item) -> bool:
        # meeting_agenda counts the item's decisions.
        return item.decision_count > 0


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "notes", "agenda"]


class DecisionSerializer(serializers.ModelSerializer):
    region = region_code_field(source="meeting.body.region")
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    body = BodyRefSerializer(source="meeting.body", read_only=True)
    subject = serializers.SerializerMethodField(help_text="Waar het over gaat, of leeg.")

    class Meta:
        model = Decision
        fields = [
            "id",
            "number",
            "text",
            "outcome",
            "meeting",
            "meeting_date",
            "body",
            "region",
            "agenda_item",
            "subject",
        ]

    @extend_schema_field(SubjectSerializer(allow_null=True))
    def get_subject(self, decision) -> dict | None:
        return subject_of(decision)


# ---------------------------------------------------------------------------------------------
# Proposals with their cost figure (budgets' and reporting's selectors)


class FigureSerializer(serializers.Serializer):
    # A programmes.figures.Figure: the stated amount against the computed one.

    stated = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Genoemd in het document."
    )
    computed = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Berekend uit de kostenregels (uren per week × weken × uurtarief).",
    )
    difference = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Genoemd min berekend."
    )
    discrepancy = serializers.BooleanField(
        source="is_discrepancy", help_text="Verschil groter dan de afronding op hele euro's."
    )


class CostLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role_title = serializers.CharField()
    fte = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    weeks = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    figure = FigureSerializer()


class ProposalSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    region = region_code_field(source="body.region")
    costs = FigureSerializer(source="cost_figure", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "date",
            "subject",
            "status",
            "body",
            "region",
            "confidential",
            "contact_role",
            "unit",
            "budget_line",
            "budget_change",
            "costs",
        ]


class ProposalDetailSerializer(ProposalSerializer):
    cost_lines = CostLineSerializer(many=True, read_only=True, source="cost_rows")

    class Meta(ProposalSerializer.Meta):
        fields = [
            *ProposalSerializer.Meta.fields,
            "decision_points",
            "core_message",
            "reason",
            "goal",
            "arguments",
            "finances",
            "execution",
            "cost_lines",
        ]
