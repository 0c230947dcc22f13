"""Writes for a region's people: invitations sent, withdrawn and accepted, roles given and
taken, accounts deactivated and reactivated. Each writes its `PeopleChange` rows in the same
transaction as the change, so the audit history never misses one and never has one too many.
Who may is regions.permissions (can_manage_people, can_change_roles_of,
account_deactivation_refusal); what is refused and why is said here, in Dutch.

Two administrators at once: every change locks the row it decides on first (the region for a
new invitation, so one address gets one open invitation; the invitation when it is used or
withdrawn; the person when their roles or account change), and RoleAssignment's unique
constraint backs the lock. The second one then sees the first one's result and is refused
with a message saying so, never overwriting it."""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import show_date

from ..models import Invitation, PeopleChange, Region, RoleAssignment
from ..permissions import (
    account_deactivation_refusal,
    can_change_roles_of,
    can_manage_people,
    is_beheerder,
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


def email_normalise(email: str) -> str:
    """An address as kept and compared: without spaces around it, in lower case (an account
    made from an invitation has it as its user name)."""
    return (email or "").strip().lower()


def accounts_with_email(email: str):
    """The accounts an invitation to `email` is for: that e-mail address, or (made from an
    earlier invitation) that user name, whatever their case."""
    email = email_normalise(email)
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


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


def role_labels(roles: Iterable[str]) -> str:
    """The roles as a Dutch list: "programmamanager en secretaris"."""
    labels = [str(Role(role).label) for role in roles if role in Role.values]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s en %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


# --- Invitations --------------------------------------------------------------------------


def invitation_link(*, secret: str, base_url: str | None = None) -> str:
    """The absolute link in the e-mail: /uitnodiging/<secret>/ on `base_url` (the request's
    site) or SITE_URL."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return f"{base}{reverse('invitation-accept', args=[secret])}"


def invitation_send(
    *,
    region: Region,
    email: str,
    roles: Iterable[str],
    actor,
    base_url: str | None = None,
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
    link = invitation_link(secret=secret, base_url=base_url)
    with transaction.atomic():
        # The region locked: two invitations of one address at once are made one after the
        # other, and the second finds the first open.
        Region.objects.select_for_update().filter(pk=region.pk).first()
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


def invitation_problem(invitation: Invitation, *, now: datetime | None = None) -> str:
    """Why the invitation's link no longer works ("" while it does): used, withdrawn or
    expired, or sent by someone who no longer manages the region's people."""
    now = _now(now)
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
                        "Deze uitnodiging is voor het account %(account)s. Log in met dat "
                        "account en open de link opnieuw."
                    )
                    % {"account": existing.get_username()}
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
    user.save()
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
    return assignment


def _person_locked(person):
    return get_user_model().objects.select_for_update().get(pk=person.pk)


def _check_may_change_roles(*, actor, person, region) -> None:
    if not can_manage_people(actor, region):
        raise PermissionDenied
    if not can_change_roles_of(actor, person, region):
        raise ValidationError(
            _("Uw eigen rollen wijzigt u niet; vraag een andere regiobeheerder of de beheerder.")
        )


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
        person = _person_locked(person)
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
        person = _person_locked(person)
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


def person_region_ids(person) -> set[int]:
    """Every region where `person` holds a role, active or not (one query)."""
    return set(
        RoleAssignment.objects.filter(user=person).values_list("region_id", flat=True).distinct()
    )


def _account_set_active(*, person, actor, active: bool, now: datetime | None):
    now = _now(now)
    with transaction.atomic():
        person = _person_locked(person)
        regions = person_region_ids(person)
        refusal = account_deactivation_refusal(actor, person, regions)
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
