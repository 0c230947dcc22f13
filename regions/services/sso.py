"""Single sign-on: who an OpenID Connect login is, and which roles the organisation account's
groups give. The OIDC backend (config/oidc.py) has verified the provider's tokens and passes
the claims here; what a login may become is decided in this module, beside the roles and
regions.permissions, not in the backend.

- A login is matched on (issuer, subject) in `ExternalIdentity`, never on the e-mail address:
  people change it, two accounts can share it, and a provider that lets a user edit it would
  let anyone claim an existing user's address. A user made for a login has no password, so the
  local login is no way into the account.
- Roles are managed in the product by default. With a groups claim and a role mapping
  (OIDC_GROUPS_CLAIM, OIDC_ROLE_MAPPING) the roles the mapping gives are synchronised at every
  login: a mapped group in the claim gives its role (marked source "sso"), a role given that
  way whose group is gone is taken away, and roles given in the product are never touched.
- No claim makes a beheerder: the mapping names roles of a region only (RoleAssignment.Role),
  and nothing here sets is_staff or is_superuser.
"""

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExternalIdentity, PeopleChange, Region, RoleAssignment
from ..permissions import can_link_organisation_account

logger = logging.getLogger(__name__)

REGION_CODE = re.compile(r"^AM\d{2}$")
# A Django user name takes letters, digits and @.+-_ (150 at most).
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")

# group -> the (region code, role) pairs it gives
RoleMapping = dict[str, frozenset[tuple[str, str]]]


def role_mapping_parse(raw: str | Mapping | None) -> RoleMapping:
    """OIDC_ROLE_MAPPING read and checked: a JSON object (or the dict itself) from a group's
    name to "REGIONCODE:role" or a list of them, e.g.
    {"werkregio-haaglanden-secretaris": "AM21:secretaris",
     "werkregio-werkkamer": ["AM21:werkkamerlid", "AM07:werkkamerlid"]}.
    A wrong entry is an ImproperlyConfigured at start-up, not a login that silently gives less."""
    if raw in (None, "", {}):
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ImproperlyConfigured(f"OIDC_ROLE_MAPPING is not valid JSON: {error}") from error
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured("OIDC_ROLE_MAPPING must be a JSON object: group -> roles.")
    roles = set(RoleAssignment.Role.values)
    mapping: RoleMapping = {}
    for group, targets in raw.items():
        if isinstance(targets, str):
            targets = [targets]
        if not isinstance(targets, list) or not targets:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAPPING[{group!r}] must be 'AMxx:role' or a list of them."
            )
        pairs = set()
        for target in targets:
            code, _, role = str(target).partition(":")
            code, role = code.strip().upper(), role.strip()
            if not REGION_CODE.match(code):
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING[{group!r}]: {target!r} does not start with a region "
                    "code (AM01 … AM35) and a colon."
                )
            if role not in roles:
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING[{group!r}]: {role!r} is not a role of a region "
                    f"({', '.join(sorted(roles))}); a beheerder is never given by a claim."
                )
            pairs.add((code, role))
        mapping[str(group)] = frozenset(pairs)
    return mapping


@dataclass
class RoleChanges:
    """What a login's synchronisation changed: (region code, role) pairs."""

    given: list[tuple[str, str]] = field(default_factory=list)
    taken: list[tuple[str, str]] = field(default_factory=list)


def sso_roles_sync(*, user, groups: Iterable[str], mapping: RoleMapping) -> RoleChanges:
    """Make the user's roles from single sign-on those the mapping gives for `groups`: give
    the missing ones, take away those no longer given. Roles given in the product stay as
    they are (and a role held that way is not given a second time)."""
    groups = {str(group) for group in groups}
    wanted = {pair for group in groups & mapping.keys() for pair in mapping[group]}
    changes = RoleChanges()
    with transaction.atomic():
        # The user's row locked: two logins at once synchronise one after the other.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        held = {
            (assignment.region.code, assignment.role): assignment
            for assignment in RoleAssignment.objects.filter(user=user).select_related("region")
        }
        # In the regions' audit history as every other change to roles, by no one (actor
        # None): the organisation account's groups made it.
        now = timezone.now()
        history = []
        for pair, assignment in held.items():
            if assignment.source == RoleAssignment.Source.SSO and pair not in wanted:
                assignment.delete()
                changes.taken.append(pair)
                history.append(
                    PeopleChange(
                        region=assignment.region,
                        kind=PeopleChange.Kind.ROLE_TAKEN,
                        person=user,
                        email=user.email,
                        role=assignment.role,
                        at=now,
                    )
                )
        missing = wanted - held.keys()
        regions = Region.objects.filter(code__in={code for code, _ in missing}).in_bulk(
            field_name="code"
        )
        for code, role in sorted(missing):
            region = regions.get(code)
            if region is None:
                logger.warning("OIDC_ROLE_MAPPING names region %s, which does not exist.", code)
                continue
            assignment = RoleAssignment(
                user=user,
                region=region,
                role=role,
                source=RoleAssignment.Source.SSO,
                granted_at=now,
            )
            assignment.full_clean()
            assignment.save()
            changes.given.append((code, role))
            history.append(
                PeopleChange(
                    region=region,
                    kind=PeopleChange.Kind.ROLE_GIVEN,
                    person=user,
                    email=user.email,
                    role=role,
                    at=now,
                )
            )
        PeopleChange.objects.bulk_create(history)
    if changes.given or changes.taken:
        logger.info(
            "Single sign-on roles of %s: given %s, taken away %s.",
            user.get_username(),
            changes.given,
            changes.taken,
        )
    return changes


def _username_for(*, issuer: str, subject: str, claims: Mapping) -> str:
    """A readable user name (preferred_username, else the e-mail's local part), made unique
    with a short hash of the identity when taken. Only a label: logins match on the identity."""
    base = str(claims.get("preferred_username") or str(claims.get("email") or "").partition("@")[0])
    base = USERNAME_UNSAFE.sub("", base)[:100] or "sso"
    users = get_user_model().objects
    if not users.filter(username__iexact=base).exists():
        return base
    suffix = hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()[:10]
    return f"{base}-{suffix}"


def _profile_from(claims: Mapping) -> dict[str, str]:
    user_model = get_user_model()
    limits = {
        name: getattr(user_model._meta.get_field(name), "max_length", None)
        for name in ("first_name", "last_name", "email")
    }
    return {
        "first_name": str(claims.get("given_name") or "")[: limits["first_name"]],
        "last_name": str(claims.get("family_name") or "")[: limits["last_name"]],
        "email": str(claims.get("email") or "")[: limits["email"]],
    }


def sso_user_for(*, issuer: str, subject: str, claims: Mapping, create: bool):
    """The user of this organisation account, their name and e-mail updated from the claims
    (the provider is where they are kept); made on the first login when `create`. None when
    there is no such user and none may be made."""
    if not issuer or not subject:
        return None
    now = timezone.now()
    profile = _profile_from(claims)
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        if not create:
            return None
        try:
            with transaction.atomic():
                user = get_user_model()(
                    username=_username_for(issuer=issuer, subject=subject, claims=claims),
                    is_staff=False,
                    is_superuser=False,
                    **profile,
                )
                user.set_unusable_password()
                user.full_clean()
                user.save()
                identity = ExternalIdentity(
                    user=user, issuer=issuer, subject=subject, last_login_at=now
                )
                identity.full_clean(validate_constraints=False)
                identity.save()
        except IntegrityError:
            # The same first login twice at once (two tabs): the other one made the user.
            identity = (
                ExternalIdentity.objects.select_related("user")
                .filter(issuer=issuer, subject=subject)
                .first()
            )
            if identity is None:  # another clash (a user name taken meanwhile): refuse
                raise
        else:
            logger.info("Single sign-on: user %s made for %s at %s.", user, subject, issuer)
            return user
    user = identity.user
    changed = [name for name, value in profile.items() if value and getattr(user, name) != value]
    for name in changed:
        setattr(user, name, profile[name])
    if changed:
        user.save(update_fields=changed)
    ExternalIdentity.objects.filter(pk=identity.pk).update(last_login_at=now)
    return user


def sso_login(
    *,
    issuer: str,
    subject: str,
    claims: Mapping,
    create_user: bool,
    groups_claim: str = "",
    role_mapping: RoleMapping | None = None,
):
    """A verified login of an organisation account: its user (see sso_user_for), with the
    roles from its groups synchronised when a groups claim and a mapping are configured."""
    with transaction.atomic():
        user = sso_user_for(issuer=issuer, subject=subject, claims=claims, create=create_user)
        if user is None or not groups_claim or not role_mapping:
            return user
        groups = claims.get(groups_claim)
        if groups is None:
            # Absent is no groups: a role from a group is kept only while the group is sent.
            logger.warning(
                "Single sign-on: no %r claim for %s; its roles are taken away.", groups_claim, user
            )
            groups = []
        elif isinstance(groups, str):
            groups = [groups]
        sso_roles_sync(user=user, groups=groups, mapping=role_mapping)
    return user


def sso_link(*, user, issuer: str, subject: str, actor) -> ExternalIdentity:
    """Link an existing local user to an organisation account (issuer, subject), keeping their
    roles: from the next login with that account they are this user. The beheerder only. A
    superuser is never linked (their login stays local, with the second step, 2FA), and an
    account already linked to someone is refused (unlink it in the admin first)."""
    if not can_link_organisation_account(actor):
        raise PermissionDenied
    issuer, subject = issuer.strip(), subject.strip()
    if user.is_superuser:
        raise ValidationError(
            _(
                "Een beheerder wordt niet aan een organisatie-account gekoppeld: die logt "
                "lokaal in, met de tweede stap (2FA)."
            )
        )
    with transaction.atomic():
        taken = (
            ExternalIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                _("Dit organisatie-account is al gekoppeld aan %(user)s.") % {"user": taken.user}
            )
        if ExternalIdentity.objects.filter(user=user, issuer=issuer).exists():
            raise ValidationError(
                _("%(user)s is al gekoppeld aan een organisatie-account van deze provider.")
                % {"user": user}
            )
        identity = ExternalIdentity(user=user, issuer=issuer, subject=subject)
        identity.full_clean()
        identity.save()
    logger.info("Single sign-on: %s linked to %s at %s by %s.", user, subject, issuer, actor)
    return identity
