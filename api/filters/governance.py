"""The query keys of the governance resources, in camelCase (/core/query-keys): `region`
(a CBS code), `kind`, `body`, `meeting`, `since` and `until` (dates), `outcome`, `status`.
A value that is no valid value answers 400 with invalidParams (api.problems); a valid
value of a region the principal may not read simply finds nothing, like an id of another
region's body or meeting (which is why those are plain numbers, not choices: a choice
would tell apart "exists elsewhere" from "does not exist")."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_filters import rest_framework as filters

from regions.models import (
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Organisation,
    Proposal,
    Region,
)
from regions.permissions import Action, can
from regions.selectors.bodies import current_q

from ..authentication import principal

# Dates in ISO 8601 only (/core/date-time), not the Dutch forms the pages accept.
ISO_DATE = ["%Y-%m-%d"]
REGION_HELP = "CBS-code van de arbeidsmarktregio, bijvoorbeeld AM21."


def region_filter(field_name: str, **kwargs) -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Region.objects.all(),
        to_field_name="code",
        label=REGION_HELP,
        **kwargs,
    )


class OrganisationFilter(filters.FilterSet):
    region = region_filter(
        "region",
        method="filter_region",
    )
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices, label="Soort organisatie.")

    class Meta:
        model = Organisation
        fields = ["region", "kind"]

    def filter_region(self, queryset, name, region):
        """The region's partner organisations as its organisations page lists them
        (regions.selectors.bodies.region_organisations): its own, and national ones holding
        a membership current today in one of its bodies. Nothing for a region the principal
        may not read, not even the national organisations seated there."""
        if not can(principal(self.request), Action.VIEW, region):
            return queryset.none()
        seated_there = Membership.objects.filter(
            current_q(timezone.localdate()), organisation=OuterRef("pk"), body__region=region
        )
        return queryset.filter(Q(region=region) | (Q(region__isnull=True) & Exists(seated_there)))


class BodyFilter(filters.FilterSet):
    region = region_filter("region")
    kind = filters.ChoiceFilter(choices=GoverningBody.Kind.choices, label="Soort orgaan.")

    class Meta:
        model = GoverningBody
        fields = ["region", "kind"]


class MeetingFilter(filters.FilterSet):
    region = region_filter("body__region")
    body = filters.NumberFilter(field_name="body_id", label="Id van het orgaan.")
    since = filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        input_formats=ISO_DATE,
        label="Vergaderd op of na deze datum (JJJJ-MM-DD).",
    )
    until = filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        input_formats=ISO_DATE,
        label="Vergaderd op of vóór deze datum (JJJJ-MM-DD).",
    )

    class Meta:
        model = Meeting
        fields = ["region", "body", "since", "until"]


class DecisionFilter(filters.FilterSet):
    region = region_filter("meeting__body__region")
    meeting = filters.NumberFilter(field_name="meeting_id", label="Id van de vergadering.")
    outcome = filters.ChoiceFilter(choices=Decision.Outcome.choices, label="Uitkomst.")

    class Meta:
        model = Decision
        fields = ["region", "meeting", "outcome"]


class ProposalFilter(filters.FilterSet):
    region = region_filter("body__region")
    status = filters.ChoiceFilter(choices=Proposal.Status.choices, label="Status.")

    class Meta:
        model = Proposal
        fields = ["region", "status"]
