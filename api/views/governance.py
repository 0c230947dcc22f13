"""The governance network, read: /organisations, /bodies, /meetings, /decisions and
/proposals, each scoped to the regions the principal reads (ReadOnlyViewSet.scoped) and
with the figures of the pages, from the pages' selectors: a body's composition
(regions.selectors.bodies.body_composition) and current members (body_members), a
meeting's agenda (regions.selectors.meetings.meeting_agenda), a proposal's cost figure
(budgets' proposals_with_cost_figures on the list, reporting's proposals_with_costs with the
cost lines on the detail).

The selectors that complete rows work on evaluated rows, so they read the page, not the
whole list: `SelectorPage` hands the paginator the filtered queryset and lets the selector
read only the slice it asks for. A list thus takes the same queries at pageSize=1 as at 500."""

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from budgets.selectors import proposals_with_cost_figures
from regions.models import Decision, GoverningBody, Meeting, Membership, Proposal
from regions.permissions import limit_to_regions
from regions.selectors.bodies import (
    body_composition,
    body_members,
    current_q,
    partner_organisations,
)
from regions.selectors.meetings import DECISION_SUBJECTS, meeting_agenda, with_meeting_counts
from reporting.selectors.governance import proposals_with_costs

from ..filters.governance import (
    BodyFilter,
    DecisionFilter,
    MeetingFilter,
    OrganisationFilter,
    ProposalFilter,
)
from ..serializers.governance import (
    BodySerializer,
    DecisionSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    OrganisationSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
)
from .base import ReadOnlyViewSet

ID = r"[0-9]+"
# The id in the path, a number (the router's lookup_value_regex makes it a string otherwise).
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class SelectorPage:
    """A queryset the paginator counts and slices, whose slice `read` (a selector taking a
    queryset) turns into the rows to show."""

    def __init__(self, queryset: QuerySet, read: Callable[[QuerySet], list]):
        self.queryset = queryset
        self.read = read
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.read(self.queryset[key])
        return self.read(self.queryset[key : key + 1])[0]


class SelectorReadViewSet(ReadOnlyViewSet):
    """A list and a detail whose rows a selector completes: give `read(queryset) -> rows`."""

    lookup_value_regex = ID

    def read(self, queryset: QuerySet) -> list:
        return list(queryset)

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(SelectorPage(queryset, self.read))

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.read(queryset.filter(pk=self.kwargs[self.lookup_field]))
        if not rows:
            raise Http404
        self.check_object_permissions(self.request, rows[0])
        return rows[0]


@extend_schema_view(
    list=extend_schema(
        summary="Partnerorganisaties",
        description=(
            "De organisaties van de regio's die je mag lezen, en de landelijke organisaties "
            "(UWV, FNV, SZW) die vandaag een zetel hebben in een orgaan van zo'n regio. Met "
            "`region` precies de organisaties die de organisatiepagina van die regio toont."
        ),
    ),
    retrieve=extend_schema(parameters=[ID_PARAMETER], summary="Eén organisatie"),
)
class OrganisationViewSet(ReadOnlyViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_value_regex = ID

    def base_queryset(self):
        # A national organisation is one of a region's partners when it sits in one of the
        # region's bodies today (regions.selectors.bodies.region_organisations); so it is
        # listed for a principal who reads such a body.
        seated_in_a_readable_body = limit_to_regions(
            Membership.objects.filter(current_q(timezone.localdate())),
            self.principal,
            field="body__region",
        )
        return (
            partner_organisations(own=Q(region__isnull=False), seated_in=seated_in_a_readable_body)
            .select_related("region")
            .order_by("name", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Overleg- en bestuursorganen",
        description=(
            "Elk orgaan met zijn zetelverdeling, de leden van vandaag (functies, geen personen) "
            "en de samenstelling tegen de zetelverdeling, zoals de pagina van het orgaan ze "
            "toont."
        ),
    ),
    retrieve=extend_schema(
        parameters=[ID_PARAMETER], summary="Eén orgaan met zetelverdeling, leden en samenstelling"
    ),
)
class BodyViewSet(SelectorReadViewSet):
    serializer_class = BodySerializer
    filterset_class = BodyFilter

    def base_queryset(self):
        # The memberships that have not ended before today, as region_bodies_with_composition
        # reads them: former members count for nothing today.
        today = timezone.localdate()
        memberships = Membership.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        ).select_related("organisation")
        return (
            GoverningBody.objects.select_related("region")
            .prefetch_related(Prefetch("memberships", queryset=memberships), "seat_rules")
            .order_by("region__name", "name", "pk")
        )

    def read(self, queryset):
        today = timezone.localdate()
        bodies: list[Any] = list(queryset)
        for body in bodies:
            body.composition = body_composition(body, on=today)
            body.current_members = body_members(body, on=today).current
        return bodies


@extend_schema_view(
    list=extend_schema(
        summary="Vergaderingen",
        description="Vergaderingen van de organen, de laatste eerst, met het aantal "
        "agendapunten en besluiten.",
    ),
    retrieve=extend_schema(
        parameters=[ID_PARAMETER],
        summary="Eén vergadering met haar agenda",
        description="De agenda in volgorde; elk punt met waar het over gaat (type, id, naam) "
        "en of erover besloten is.",
        responses=MeetingDetailSerializer,
    ),
)
class MeetingViewSet(ReadOnlyViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    region_field = "body__region"
    lookup_value_regex = ID

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def base_queryset(self):
        # The counts the meeting list shows.
        return with_meeting_counts(Meeting.objects.select_related("body__region")).order_by(
            "-date", "-pk"
        )

    def get_object(self):
        meeting: Any = super().get_object()
        meeting.agenda = meeting_agenda(meeting=meeting)
        return meeting


@extend_schema_view(
    list=extend_schema(
        summary="Besluiten",
        description="De besluitenlijsten: de laatste vergadering eerst, per vergadering op "
        "nummer; elk besluit met waarover het besloot (voorstel, planversie of "
        "begrotingswijziging).",
    ),
    retrieve=extend_schema(parameters=[ID_PARAMETER], summary="Eén besluit"),
)
class DecisionViewSet(ReadOnlyViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    region_field = "meeting__body__region"
    lookup_value_regex = ID

    def base_queryset(self):
        return Decision.objects.select_related(
            "meeting__body__region", *DECISION_SUBJECTS
        ).order_by("-meeting__date", "-meeting_id", "number", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Voorstellen",
        description="De voorstellen aan de organen, de nieuwste eerst, met het genoemde "
        "totaalbedrag tegen het berekende (uit de kostenregels), zoals de voorstellenlijst.",
    ),
    retrieve=extend_schema(
        parameters=[ID_PARAMETER],
        summary="Eén voorstel met zijn kostenregels",
        description="Het voorstel zoals zijn pagina het toont, met de kostenregels en het "
        "genoemde tegen het berekende bedrag, per regel en in totaal.",
        responses=ProposalDetailSerializer,
    ),
)
class ProposalViewSet(SelectorReadViewSet):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    region_field = "body__region"

    def get_serializer_class(self):
        return ProposalDetailSerializer if self.action == "retrieve" else ProposalSerializer

    def base_queryset(self):
        # The order of the proposal list (regions.selectors.proposals.proposal_list).
        return Proposal.objects.select_related("body__region").order_by("-date", "-pk")

    def read(self, queryset):
        if self.action == "retrieve":
            return proposals_with_costs(proposals=queryset)
        return proposals_with_cost_figures(proposals=queryset)
