"""Reads for the people pages: a region's people with their roles there (since when, given
by whom, from where), its open invitations, its history of changes, one person, and an
invitation by the secret of its link. Each a fixed number of queries, however many people."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from ..models import Invitation, PeopleChange, RoleAssignment
from ..permissions import Action, regions_for


def _assignments_in(region):
    return (
        RoleAssignment.objects.filter(region=region).select_related("granted_by").order_by("role")
    )


def region_people(*, region):
    """The people who hold a role in `region` (active or deactivated), by name, each with
    `region_roles`: their role assignments there with who gave each (two queries)."""
    return (
        get_user_model()
        .objects.filter(role_assignments__region=region)
        .distinct()
        .prefetch_related(
            Prefetch("role_assignments", queryset=_assignments_in(region), to_attr="region_roles")
        )
        .order_by("-is_active", "last_name", "first_name", "username")
    )


def region_person(*, region, pk: int):
    """One of `region`'s people with `region_roles` and `other_region_count` (in how many
    other regions they hold roles); DoesNotExist for someone without a role here."""
    person = region_people(region=region).get(pk=pk)
    person.other_region_count = (
        RoleAssignment.objects.filter(user=person)
        .exclude(region=region)
        .values("region_id")
        .distinct()
        .count()
    )
    return person


def region_open_invitations(*, region, now: datetime | None = None):
    """The invitations of `region` whose link still works, soonest to expire first."""
    now = now if now is not None else timezone.now()
    return (
        Invitation.objects.filter(
            region=region,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("expires_at", "pk")
    )


def region_invitation(*, region, pk: int) -> Invitation:
    """One invitation of `region` (any state); DoesNotExist for another region's."""
    return Invitation.objects.select_related("region", "invited_by").get(region=region, pk=pk)


def region_people_history(*, region):
    """Every change to `region`'s people, latest first (for a paginator)."""
    return (
        PeopleChange.objects.filter(region=region)
        .select_related("person", "actor")
        .order_by("-at", "-pk")
    )


def invitation_by_secret(secret: str) -> Invitation | None:
    """The invitation of a link's secret (in any state), or None for a link that is none."""
    if not secret:
        return None
    return (
        Invitation.objects.select_related("region", "invited_by")
        .filter(key_hash=Invitation.hash_of(secret))
        .first()
    )


def people_regions_for(*, user):
    """The regions whose people `user` manages, by name (the menu's "Mensen")."""
    return regions_for(user, Action.MANAGE_PEOPLE).order_by("name")
