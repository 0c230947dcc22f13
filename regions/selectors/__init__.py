"""Reads for regions: what a user may see, with the counts the overview shows."""

from django.contrib.auth import get_user_model
from django.db.models import Count

from ..models import Meeting, Proposal, Region
from ..permissions import Action, regions_for


def region_list_for(*, user):
    return (
        regions_for(user, Action.VIEW)
        .select_related("centre_municipality")
        .annotate(
            municipality_count=Count("municipalities", distinct=True),
            plan_count=Count("action_plans", distinct=True),
        )
        .order_by("name")
    )


def region_detail(*, slug: str) -> Region:
    return Region.objects.select_related("centre_municipality").get(slug=slug)


def region_municipalities(*, region):
    return region.municipalities.order_by("name")


def proposals_by_ids(*, ids):
    return Proposal.objects.filter(pk__in=ids).order_by("-date")


def region_meetings(*, region):
    """Meetings of the region's bodies, newest first, with what was decided in each."""
    return (
        Meeting.objects.filter(body__region=region)
        .select_related("body")
        .annotate(decision_count=Count("decisions"))
        .order_by("-date")
    )


def users_with_role(*, region, role: str):
    """Active users who hold `role` in `region` (e.g. the secretaries a reminder goes to)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__region=region, role_assignments__role=role
        )
        .distinct()
        .order_by("username")
    )
