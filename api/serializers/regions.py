from rest_framework import serializers

from regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    centre_municipality = serializers.CharField(
        source="centre_municipality.name", allow_null=True, default=None
    )

    class Meta:
        model = Region
        fields = ["code", "name", "slug", "centre_municipality"]
