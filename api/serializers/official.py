"""The official Banenafspraak figures (placements.OfficialCount) and our count beside them
(placements.selectors.reconciliation.ReconciliationRow), as JSON: counts as integers, the
percentage as a number with one decimal (core.numbers rounds it, the selector's figure)."""

from rest_framework import serializers

from placements.models import OfficialCount
from placements.selectors.reconciliation import quarter_of
from programmes.models import Programme


class OfficialCountSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", help_text="CBS-code van de regio.")
    quarter = serializers.SerializerMethodField(
        help_text='Het kwartaal van de peildatum, "2016-K4".'
    )

    class Meta:
        model = OfficialCount
        fields = ["id", "region", "peildatum", "quarter", "sector", "extra_jobs", "source"]

    def get_quarter(self, count: OfficialCount) -> str:
        return quarter_of(count.peildatum)


class ReconciliationRowSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    quarter = serializers.CharField(help_text='"2016-K4"')
    sector = serializers.CharField(help_text='"markt", "overheid", of "" voor het totaal.')
    own = serializers.IntegerField(
        allow_null=True, help_text="Eigen telling op de peildatum (null: niets geregistreerd)."
    )
    official = serializers.IntegerField(allow_null=True, help_text="Het officiële cijfer.")
    difference = serializers.IntegerField(allow_null=True, help_text="Eigen telling min officieel.")
    percentage = serializers.DecimalField(
        max_digits=None,
        decimal_places=1,
        allow_null=True,
        help_text="Het verschil in procenten van het officiële cijfer, één decimaal.",
    )
    flagged = serializers.BooleanField(
        help_text="Het verschil is groter dan de marge van het programma."
    )


class ReconciliationSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="CBS-code van de regio.")
    programme = serializers.CharField(help_text="Code van het programma.")
    tolerance = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        help_text="De marge van het programma in procenten van het officiële cijfer.",
    )
    results = ReconciliationRowSerializer(many=True)


class ReconciliationQuerySerializer(serializers.Serializer):
    """The query keys of /regions/{code}/reconciliation."""

    programme = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Programme.objects.all(),
        help_text="Code van het programma, bijvoorbeeld banenafspraak.",
    )
