"""A delivery of realisations as the API shows it (placements.Delivery: the file, its status,
its rows and errors, what committing did, the token that delivered it), and the request
bodies of POST /plans/{id}/deliveries as the OpenAPI document describes them. The bodies
themselves are read by api.views.deliveries, not by these serializers: a delivery's rows are
checked by placements.imports, the same checks as the import page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from placements.imports import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS, Outcome
from placements.models import Delivery

# The outcome counts of a delivery, as API properties: what committing did to its rows.
OUTCOME_FIELDS = {
    "new": Outcome.NEW,
    "changed": Outcome.CHANGED,
    "unchanged": Outcome.UNCHANGED,
    "skipped": Outcome.SKIPPED,
}


def _totals(delivery) -> dict:
    """The stored totals of the delivery's check (annotated by the API's queryset, or read
    from the results a service just set); {} for a delivery stored before they were kept."""
    totals = getattr(delivery, "totals", None)
    if totals is None and "results" in delivery.__dict__:
        totals = (delivery.results or {}).get("totals")
    return totals or {}


class DeliverySerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    rows = serializers.IntegerField(source="row_count", read_only=True)
    errors = serializers.IntegerField(source="error_count", read_only=True)
    new = serializers.SerializerMethodField()
    changed = serializers.SerializerMethodField()
    unchanged = serializers.SerializerMethodField()
    skipped = serializers.SerializerMethodField()
    closed_periods = serializers.SerializerMethodField()
    token_name = serializers.CharField(
        source="api_token.name",
        default=None,
        allow_null=True,
        read_only=True,
        help_text="Het API-token dat aanleverde; leeg voor een bestand van de importpagina.",
    )

    class Meta:
        model = Delivery
        fields = [
            "id",
            "plan",
            "file_name",
            "status",
            "rows",
            "errors",
            "new",
            "changed",
            "unchanged",
            "skipped",
            "closed_periods",
            "uploaded_at",
            "committed_at",
            "token_name",
        ]
        read_only_fields = fields

    def _outcome(self, delivery, name: str) -> int:
        return _totals(delivery).get("outcomes", {}).get(OUTCOME_FIELDS[name].value, 0)

    @extend_schema_field(serializers.IntegerField(help_text="Rijen die nieuw zijn vastgelegd."))
    def get_new(self, delivery) -> int:
        return self._outcome(delivery, "new")

    @extend_schema_field(serializers.IntegerField(help_text="Rijen die een aantal wijzigden."))
    def get_changed(self, delivery) -> int:
        return self._outcome(delivery, "changed")

    @extend_schema_field(serializers.IntegerField(help_text="Rijen met het aantal dat er al was."))
    def get_unchanged(self, delivery) -> int:
        return self._outcome(delivery, "unchanged")

    @extend_schema_field(
        serializers.IntegerField(help_text="Rijen zonder aantal en bron (niet aangeleverd).")
    )
    def get_skipped(self, delivery) -> int:
        return self._outcome(delivery, "skipped")

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="De afgesloten perioden die de aanlevering wijzigt (correcties).",
        )
    )
    def get_closed_periods(self, delivery) -> list[str]:
        return _totals(delivery).get("closed_periods", [])


class DeliveryRowSerializer(serializers.Serializer):
    """One row of a delivery: the columns of the import file, under their own names (never
    camelCased). For the OpenAPI document only."""

    def get_fields(self):
        fields = {}
        for name in COLUMNS:
            field_class = serializers.IntegerField if name == "aantal" else serializers.CharField
            help_text = str(COLUMN_HELP[name])
            if name == "aantal":
                help_text += " Een getal, of tekst met een getal zoals in het bestand."
            fields[name] = field_class(
                required=name in REQUIRED_COLUMNS,
                help_text=help_text,
                **({"min_value": 0} if name == "aantal" else {"allow_blank": True}),
            )
        return fields


class DeliveryRowsSerializer(serializers.Serializer):
    """The JSON body: the rows, and the reason for changes in closed periods. A plain list
    of rows is read as {"rows": [...]}. For the OpenAPI document only."""

    rows = DeliveryRowSerializer(many=True, help_text="De rijen, in de volgorde van het bestand.")
    reason = serializers.CharField(
        required=False,
        max_length=500,
        help_text="Reden voor de correcties, als de aanlevering afgesloten perioden wijzigt.",
    )


class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457), as api.problems writes them; named Problem, so the OpenAPI
    document's one Problem schema (api.schema) describes it. For the document only."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False)
