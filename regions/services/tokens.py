"""Writes for API tokens: made (the secret handed back once, only its hash kept), revoked,
and found again for a request, which records when the token was last used."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ApiToken
from ..permissions import can_grant_delivery_scope, can_manage_api_tokens

# last_used_at is written at most once a minute per token: a Power BI refresh of a hundred
# requests is one write, not a hundred, and "laatst gebruikt" is still right to the minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, name: str, region, may_deliver: bool, actor) -> tuple[ApiToken, str]:
    """Make a token for `region` (None: national, a beheerder only) and hand back the token
    and its secret, which is shown once and never kept. The aanleveren scope (`may_deliver`)
    only from whoever may record realisations in the region (`can_grant_delivery_scope`)."""
    if not can_manage_api_tokens(actor, region):
        raise PermissionDenied
    if may_deliver and not can_grant_delivery_scope(actor, region):
        raise ValidationError(
            {
                "may_deliver": _(
                    "U mag dit token geen aanleveren geven: in deze regio legt u zelf geen "
                    "realisaties vast."
                )
            }
        )
    secret = secrets.token_urlsafe(30)  # 40 characters, 240 random bits
    with transaction.atomic():
        token = ApiToken(
            name=name.strip(),
            region=region,
            may_deliver=may_deliver,
            prefix=secret[: ApiToken.PREFIX_LENGTH],
            key_hash=_hash(secret),
            created_by=actor,
        )
        token.full_clean()
        token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token for good: every request with it is refused from now on."""
    if not can_manage_api_tokens(actor, token.region):
        raise PermissionDenied
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationError(_("Dit token is al ingetrokken."))
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None; records its use (see LAST_USED_PRECISION).
    A token whose maker's account is deactivated is refused too; a maker who only loses a
    role keeps the token working (its rights are its own: revoke it on the token page)."""
    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("region", "created_by")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, created_by__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # Conditional, so two requests at once write once; nothing else of the row changes.
        ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
            last_used_at=now
        )
        token.last_used_at = now
    return token
