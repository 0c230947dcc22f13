"""Reads for the people pages: a region's people with their roles there (since when, given
by whom, from where), its open invitations, its history of changes, one person, and an
invitation by the secret of its link. Each a fixed number of queries, however many people.
Also the reads the people services decide on (regions.services.people): whether an
invitation's link still works and which account it is for, where a person holds roles, and
who deactivated an account last."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import show_date

from ..models import Invitation, PeopleChange, RoleAssignment
from ..permissions import Action, can_manage_people, regions_for

Role = RoleAssignment.Role


def email_normalise(email: str) -> str:
    """An address as kept and compared: without spaces around it, in lower case (an account
    made from an invitation has it as its user name)."""
    return (email or "").strip().lower()


def accounts_with_email(email: str):
    """The accounts an invitation to `email` is for: that e-mail address, or (made from an
    earlier invitation) that user name, whatever their case."""
    email = email_normalise(email)
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def role_labels(roles: Iterable[str]) -> str:
    """The roles as a Dutch list: "programmamanager en secretaris" (no query: how the pages
    and the invitation e-mail name roles)."""
    labels = [str(Role(role).label) for role in roles if role in Role.values]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s en %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def invitation_problem(invitation: Invitation, *, now: datetime | None = None) -> str:
    """Why the invitation's link no longer works ("" while it does): used, withdrawn or
    expired, or sent by someone who no longer manages the region's people."""
    now = now if now is not None else timezone.now()
    if invitation.accepted_at is not None:
        return _(
            "Deze uitnodiging is al gebruikt, op %(when)s. Log in met uw account; wachtwoord "
            "vergeten? Vraag een nieuw aan op de inlogpagina."
        ) % {"when": show_date(invitation.accepted_at)}
    if invitation.withdrawn_at is not None:
        return _(
            "Deze uitnodiging is ingetrokken. Vraag de regiobeheerder van %(region)s om een "
            "nieuwe uitnodiging."
        ) % {"region": invitation.region.name}
    if invitation.expires_at <= now:
        return _(
            "Deze uitnodiging is verlopen op %(when)s. Vraag de regiobeheerder van %(region)s "
            "om een nieuwe uitnodiging."
        ) % {"when": show_date(invitation.expires_at), "region": invitation.region.name}
    if not can_manage_people(invitation.invited_by, invitation.region):
        return _(
            "Deze uitnodiging geldt niet meer: wie u uitnodigde, beheert de mensen van "
            "%(region)s niet meer. Vraag de regiobeheerder om een nieuwe uitnodiging."
        ) % {"region": invitation.region.name}
    return ""


def invitation_account(invitation: Invitation):
    """The existing account the invitation is for (its e-mail address), or None: then
    accepting makes one. The oldest when several share the address."""
    return accounts_with_email(invitation.email).order_by("pk").first()


def person_region_ids(person) -> set[int]:
    """Every region where `person` holds a role, active or not (one query)."""
    return set(
        RoleAssignment.objects.filter(user=person).values_list("region_id", flat=True).distinct()
    )


def deactivated_by_beheerder(person) -> bool:
    """Whether `person`'s account is deactivated and the latest deactivation was a
    beheerder's (no query for an active account): then only a beheerder reactivates it."""
    if person.is_active:
        return False
    latest = (
        PeopleChange.objects.filter(person=person, kind=PeopleChange.Kind.DEACTIVATED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return bool(latest and latest.actor and latest.actor.is_superuser)


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
