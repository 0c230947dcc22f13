"""Writes for a region's people: invitations sent, withdrawn and accepted, roles given and
taken, accounts deactivated and reactivated. Each writes its `PeopleChange` rows in the same
transaction as the change, so the audit history never misses one and never has one too many.
Who may is regions.permissions (can_manage_people, can_change_roles_of,
account_deactivation_refusal); what is refused and why is said here, in Dutch.

Two administrators at once: every change locks what it decides on first (the region and
address of a new invitation, so one address gets one open invitation; the invitation when it
is used or withdrawn; the actor and the person, in pk order, when roles or an account
change, and the actor's right is then read again), and RoleAssignment's unique constraint
backs the lock. The second one then sees the first one's result and is refused with a
message saying so, never overwriting it: two regiobeheerders removing each other at once
leave one.

The reads these decide on (is an invitation's link still good, whose account is it, where
does a person hold roles) are regions.selectors.people."""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import show_date
from notifications.models import Notification
from notifications.services import notify

from ..models import Invitation, PeopleChange, Region, RoleAssignment
from ..permissions import (
    Action,
    account_deactivation_refusal,
    can_change_roles_of,
    can_manage_people,
    is_beheerder,
    users_who_can,
)
from ..selectors.people import (
    accounts_with_email,
    deactivated_by_beheerder,
    email_normalise,
    invitation_account,
    invitation_problem,
    person_region_ids,
    role_labels,
)

logger = logging.getLogger(__name__)

Role = RoleAssignment.Role
Kind = PeopleChange.Kind


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _record(*, region, kind, actor, person=None, email="", role="", at) -> PeopleChange:
    change = PeopleChange(
        region=region,
        kind=kind,
        person=person,
        email=email or (person.email if person is not None else ""),
        role=role,
        actor=actor,
        at=at,
    )
    change.full_clean()
    change.save()
    return change


def _roles_checked(roles: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(role) for role in roles))
    if not chosen:
        raise ValidationError({"roles": _("Kies ten minste één rol.")})
    unknown = [role for role in chosen if role not in Role.values]
    if unknown:
        raise ValidationError(
            {
                "roles": _("Deze rol bestaat niet in een regio: %(roles)s.")
                % {"roles": ", ".join(unknown)}
            }
        )
    # In the order of Role, so the e-mail and the page list them alike.
    return [role for role in Role.values if role in chosen]


# --- Invitations --------------------------------------------------------------------------


def invitation_link(*, secret: str) -> str:
    """The absolute link in the e-mail: /uitnodiging/<secret>/ on SITE_URL, as every link in
    an e-mail (never the Host a request came with)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('invitation-accept', args=[secret])}"


def _invitation_lock(*, region: Region, email: str) -> None:
    """Hold one region's invitations to one address one at a time, to the end of the
    transaction. On PostgreSQL an advisory lock on (region, address): nothing else waits,
    not the region row (a FOR UPDATE on it would hold every insert of a row pointing to the
    region, a notification say, while the mail is sent). SQLite serialises writers itself."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"invitation:{region.pk}:{email}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def invitation_send(
    *,
    region: Region,
    email: str,
    roles: Iterable[str],
    actor,
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """Invite `email` to `region` with `roles` and e-mail the link; hand back the invitation
    and its link (the secret in it is kept only as its hash). The link works once, for
    INVITATION_VALID_DAYS days. Refused: a role the actor may not give, an address that is
    none, an address with an open invitation in the region already, and the actor's own
    address (no one invites themselves to more roles). An e-mail the mail server refuses
    keeps no invitation (a refusal saying so)."""
    if not can_manage_people(actor, region):
        raise PermissionDenied
    now = _now(now)
    email = email_normalise(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in.")}) from error
    roles = _roles_checked(roles)
    if not is_beheerder(actor) and accounts_with_email(email).filter(pk=actor.pk).exists():
        raise ValidationError(
            {"email": _("Dit is uw eigen adres: uw eigen rollen geeft u zichzelf niet.")}
        )
    secret = secrets.token_urlsafe(30)  # 40 characters, 240 random bits
    link = invitation_link(secret=secret)
    with transaction.atomic():
        # Two invitations of one address at once are made one after the other, and the
        # second finds the first open. The mail is sent under this lock (a refused mail keeps
        # no invitation), for at most EMAIL_TIMEOUT seconds.
        _invitation_lock(region=region, email=email)
        already = Invitation.objects.filter(
            region=region,
            email__iexact=email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        ).first()
        if already is not None:
            raise ValidationError(
                {
                    "email": _(
                        "%(email)s heeft al een open uitnodiging voor deze regio (geldig tot "
                        "%(until)s). Trek die eerst in om een nieuwe te sturen."
                    )
                    % {"email": email, "until": show_date(already.expires_at)}
                }
            )
        invitation = Invitation(
            region=region,
            email=email,
            roles=roles,
            key_hash=Invitation.hash_of(secret),
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        for role in roles:  # one row per role: the history says which roles, one a line
            _record(region=region, kind=Kind.INVITED, actor=actor, email=email, role=role, at=now)
        _invitation_mail(invitation=invitation, link=link)
    return invitation, link


def _invitation_mail(*, invitation: Invitation, link: str) -> None:
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "region": invitation.region,
        "inviter": inviter.get_full_name() or inviter.get_username(),
        "roles": role_labels(invitation.roles),
        "link": link,
        "until": show_date(invitation.expires_at),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject = render_to_string("regions/invitation_email_subject.txt", context)
    body = render_to_string("regions/invitation_email.txt", context)
    try:
        send_mail(
            subject=" ".join(subject.split())[:200],
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )
    except OSError as error:  # smtplib's errors too: the mail server down or refusing
        logger.warning("Invitation to %s not sent: %s", invitation.email, error)
        raise ValidationError(
            _(
                "De e-mail kon niet worden verstuurd; er is niets opgeslagen. Probeer het "
                "later opnieuw."
            )
        ) from error


def invitation_withdraw(
    *, invitation: Invitation, actor, now: datetime | None = None
) -> Invitation:
    """Withdraw an open invitation: its link works no more."""
    if not can_manage_people(actor, invitation.region):
        raise PermissionDenied
    now = _now(now)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("region").get(pk=invitation.pk)
        )
        problem = invitation_problem(invitation, now=now)
        if problem:
            raise ValidationError(problem)
        invitation.withdrawn_at = now
        invitation.withdrawn_by = actor
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
        for role in invitation.roles:
            _record(
                region=invitation.region,
                kind=Kind.INVITATION_WITHDRAWN,
                actor=actor,
                email=invitation.email,
                role=role,
                at=now,
            )
    return invitation


def invitation_accept(
    *, invitation: Invitation, user=None, password: str = "", now: datetime | None = None
):
    """Accept the invitation and hand back the account that now holds its roles.

    - No account has the invited address: a new local account is made (user name = the
      address), with `password` (Django's password validators), and `user` must be None.
    - An account has it: `user` must be that account, signed in (with its password or its
      organisation account); its roles are added.
    The roles are given as by the inviter (granted_by), each a ROLE_GIVEN in the history,
    beside the ACCEPTED."""
    now = _now(now)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("region", "invited_by")
            .get(pk=invitation.pk)
        )
        problem = invitation_problem(invitation, now=now)
        if problem:
            raise ValidationError(problem)
        existing = invitation_account(invitation)
        if existing is None:
            if user is not None and user.is_authenticated:
                raise ValidationError(
                    _(
                        "U bent ingelogd als %(user)s, maar deze uitnodiging is voor "
                        "%(email)s. Log uit en open de link opnieuw."
                    )
                    % {"user": user.get_username(), "email": invitation.email}
                )
            person = _account_create(email=invitation.email, password=password)
        else:
            if not existing.is_active:
                raise ValidationError(
                    _(
                        "Het account met dit e-mailadres is gedeactiveerd; vraag de "
                        "regiobeheerder het weer actief te maken."
                    )
                )
            if user is None or not user.is_authenticated or user.pk != existing.pk:
                raise ValidationError(
                    _(
                        "Deze uitnodiging is voor het account met het e-mailadres %(email)s. "
                        "Log in met dat account en open de link opnieuw."
                    )
                    % {"email": invitation.email}
                )
            person = get_user_model().objects.select_for_update().get(pk=existing.pk)
            if not person.is_active:
                raise ValidationError(
                    _(
                        "Uw account is gedeactiveerd; vraag de regiobeheerder het weer actief "
                        "te maken."
                    )
                )
            if person.pk == invitation.invited_by_id and not is_beheerder(person):
                raise ValidationError(_("Uw eigen uitnodiging neemt u niet aan."))
        invitation.accepted_at = now
        invitation.accepted_by = person
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        region = invitation.region
        _record(
            region=region,
            kind=Kind.ACCEPTED,
            actor=person,
            person=person,
            email=invitation.email,
            at=now,
        )
        held = set(
            RoleAssignment.objects.filter(user=person, region=region).values_list("role", flat=True)
        )
        for role in invitation.roles:
            if role in held:
                continue
            _assignment_create(
                person=person, region=region, role=role, actor=invitation.invited_by, at=now
            )
    return person


def _account_create(*, email: str, password: str):
    """A new local account for an invitation: the address as user name and e-mail."""
    user = get_user_model()(username=email_normalise(email), email=email_normalise(email))
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        raise ValidationError(
            _("Met dit e-mailadres kan geen account worden gemaakt: %(reason)s")
            % {"reason": " ".join(error.messages)}
        ) from error
    try:
        with transaction.atomic():  # a savepoint: the refusal leaves the transaction usable
            user.save()
    except IntegrityError as error:
        # Another invitation to this address (another region's) was accepted at the same
        # moment and made the account first.
        raise ValidationError(
            _("Er is intussen een account met dit e-mailadres; log in en open de link opnieuw.")
        ) from error
    logger.info("Account %s made from an invitation.", user.get_username())
    return user


# --- Roles --------------------------------------------------------------------------------


def _assignment_create(*, person, region, role, actor, at) -> RoleAssignment:
    assignment = RoleAssignment(
        user=person, region=region, role=role, granted_at=at, granted_by=actor
    )
    assignment.full_clean(validate_constraints=False)  # the lock and the constraint decide
    assignment.save()
    _record(region=region, kind=Kind.ROLE_GIVEN, actor=actor, person=person, role=role, at=at)
    _tell_of_weighty_role(assignment, actor=actor)
    return assignment


# With these an account approves spending or gives roles: a regiobeheerder could give them to
# a second account of their own, so the others who watch over the region are told.
WEIGHTY_ROLES = frozenset({Role.PENNINGMEESTER, Role.REGIOBEHEERDER})


def _tell_of_weighty_role(assignment: RoleAssignment, *, actor) -> None:
    """Tell the region's other regiobeheerders and the beheerder(s) that `assignment` gave a
    weighty role; not the one who gave it, nor the one who got it."""
    if assignment.role not in WEIGHTY_ROLES:
        return
    region, person = assignment.region, assignment.user
    left_out = {actor.pk, person.pk}
    watchers = [
        *users_who_can(Action.MANAGE_PEOPLE, region).exclude(pk__in=left_out),
        *get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(pk__in=left_out),
    ]
    notify(
        Notification.Kind.ROLE_GIVEN,
        recipients=watchers,
        key=f"role-assignment:{assignment.pk}",
        subject=_("%(role)s voor %(person)s in %(region)s, door %(actor)s")
        % {
            "role": Role(assignment.role).label,
            "person": person.get_username(),
            "region": region.name,
            "actor": actor.get_username(),
        },
        link=reverse("regions:people", args=[region.slug]),
        region=region,
    )


def _people_locked(*, actor, person):
    """The actor and the person, read again and locked in pk order (two administrators acting
    on each other wait for one another, never deadlock): the actor's account and roles as
    they are now, after any change made meanwhile to either of them."""
    # FOR NO KEY UPDATE: the two administrators still wait for each other, but a row that
    # only points at a user (a notification to the other regiobeheerder, a PeopleChange) does
    # not wait for the lock, which would deadlock two administrators acting at once.
    rows = {
        user.pk: user
        for user in get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk__in={actor.pk, person.pk})
        .order_by("pk")
    }
    return rows.get(actor.pk, actor), rows[person.pk]


def _check_may_change_roles(*, actor, person, region) -> None:
    if not can_manage_people(actor, region):
        raise PermissionDenied
    if not can_change_roles_of(actor, person, region):
        raise ValidationError(
            _("Uw eigen rollen wijzigt u niet; vraag een andere regiobeheerder of de beheerder.")
        )


def _check_still_may_change_roles(*, actor, person, region) -> None:
    """The right checked again with the actor read under the lock: their account or their
    regiobeheerder role may have been taken meanwhile (by the person they act on, say)."""
    if not can_manage_people(actor, region):
        raise ValidationError(
            _(
                "U beheert de mensen van %(region)s niet meer: uw account of uw rol is "
                "intussen gewijzigd. Er is niets gewijzigd."
            )
            % {"region": region.name}
        )
    _check_may_change_roles(actor=actor, person=person, region=region)


def role_give(
    *, person, region: Region, role: str, actor, now: datetime | None = None
) -> RoleAssignment:
    """Give `person` `role` in `region`. The person must already be one of the region's people
    (hold a role there; a beheerder may give anyone a role): someone new is invited."""
    _check_may_change_roles(actor=actor, person=person, region=region)
    if role not in Role.values:
        raise ValidationError({"role": _("Deze rol bestaat niet in een regio.")})
    now = _now(now)
    with transaction.atomic():
        actor, person = _people_locked(actor=actor, person=person)
        _check_still_may_change_roles(actor=actor, person=person, region=region)
        held = {
            assignment.role: assignment
            for assignment in RoleAssignment.objects.filter(
                user=person, region=region
            ).select_related("granted_by")
        }
        if not held and not is_beheerder(actor):
            raise ValidationError(
                _("%(person)s heeft geen rol in deze regio; nodig iemand nieuw uit.")
                % {"person": person.get_username()}
            )
        if not person.is_active:
            raise ValidationError(
                _("Het account van %(person)s is gedeactiveerd; maak het eerst weer actief.")
                % {"person": person.get_username()}
            )
        if role in held:
            given = held[role]
            raise ValidationError(
                _("%(person)s heeft de rol %(role)s al (sinds %(since)s%(by)s).")
                % {
                    "person": person.get_username(),
                    "role": Role(role).label,
                    "since": show_date(given.granted_at),
                    "by": _(", gegeven door %(who)s") % {"who": given.granted_by.get_username()}
                    if given.granted_by
                    else "",
                }
            )
        return _assignment_create(person=person, region=region, role=role, actor=actor, at=now)


def role_take(*, person, region: Region, role: str, actor, now: datetime | None = None) -> None:
    """Take `role` in `region` from `person`. A role from single sign-on is refused: it
    follows the organisation account's groups, at every login."""
    _check_may_change_roles(actor=actor, person=person, region=region)
    now = _now(now)
    with transaction.atomic():
        actor, person = _people_locked(actor=actor, person=person)
        _check_still_may_change_roles(actor=actor, person=person, region=region)
        assignment = RoleAssignment.objects.filter(user=person, region=region, role=role).first()
        if assignment is None:
            raise ValidationError(
                _("%(person)s heeft de rol %(role)s in deze regio niet (meer): niets gewijzigd.")
                % {
                    "person": person.get_username(),
                    "role": Role(role).label if role in Role.values else role,
                }
            )
        if assignment.source == RoleAssignment.Source.SSO:
            raise ValidationError(
                _(
                    "De rol %(role)s komt via single sign-on uit het organisatie-account en "
                    "volgt de groepen daar; wijzig hem bij de organisatie."
                )
                % {"role": assignment.get_role_display()}
            )
        assignment.delete()
        _record(region=region, kind=Kind.ROLE_TAKEN, actor=actor, person=person, role=role, at=now)


# --- Accounts -----------------------------------------------------------------------------


def _account_set_active(*, person, actor, active: bool, now: datetime | None):
    now = _now(now)
    with transaction.atomic():
        actor, person = _people_locked(actor=actor, person=person)
        regions = person_region_ids(person)
        refusal = account_deactivation_refusal(
            actor, person, regions, deactivated_by_beheerder=deactivated_by_beheerder(person)
        )
        if refusal:
            raise ValidationError(refusal)
        if person.is_active == active:
            message = (
                _("Het account van %(person)s is al actief.")
                if active
                else _("Het account van %(person)s is al gedeactiveerd.")
            )
            raise ValidationError(message % {"person": person.get_username()})
        person.is_active = active
        person.save(update_fields=["is_active"])
        # In the history of every region where the person works: it touches each of them.
        kind = Kind.REACTIVATED if active else Kind.DEACTIVATED
        for region in Region.objects.filter(pk__in=regions).order_by("pk"):
            _record(region=region, kind=kind, actor=actor, person=person, at=now)
    return person


def account_deactivate(*, person, actor, now: datetime | None = None):
    """Deactivate `person`'s account: no login any more (nor by single sign-on), their open
    sessions end at the next request, and API tokens they made stop working. Their roles
    stay, for a reactivation and the record."""
    return _account_set_active(person=person, actor=actor, active=False, now=now)


def account_reactivate(*, person, actor, now: datetime | None = None):
    """Make a deactivated account active again, with the roles it had."""
    return _account_set_active(person=person, actor=actor, active=True, now=now)
