"""Single sign-on by OpenID Connect: mozilla-django-oidc's backend and views, with what the
package leaves out checked here, and the login's outcome decided by regions.services.sso.

The package verifies the ID token's signature (against the provider's JWKS), its expiry and
the nonce; it does not check who issued the token or for whom. Here: `iss` must be
OIDC_OP_ISSUER, `aud` must hold our client id (and `azp` be ours when there are more), and the
userinfo's `sub` must be the ID token's (OpenID Connect Core 5.3.2), so claims of one person
can never be put under another's login.

The views answer 404 while OIDC_ENABLED is off, so the URLs exist only in name."""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]
from mozilla_django_oidc.views import (  # type: ignore[import-untyped]
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from regions.services.sso import role_mapping_parse, sso_login

logger = logging.getLogger(__name__)


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    """The login of an organisation account (the authorisation code flow with PKCE)."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            # The provider down or refusing the code: a failed login, not a server error.
            logger.warning("Single sign-on: the provider did not answer as expected: %s", error)
            return None

    def verify_claims(self, claims):
        # The package asks for an e-mail address; we ask for the claim we match on.
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM))

    def _check_id_token(self, payload) -> None:
        issuer = payload.get("iss", "")
        if issuer.rstrip("/") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation(f"ID token issued by {issuer!r}, not OIDC_OP_ISSUER.")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not issued for this client (aud).")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several clients, not authorised for us (azp).")

    def get_or_create_user(self, access_token, id_token, payload):
        self._check_id_token(payload)
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo is of another subject than the ID token.")
        # The ID token's claims are signed; the userinfo adds the profile and the groups.
        claims = {**userinfo, **payload}
        if not self.verify_claims(claims):
            raise SuspiciousOperation(f"No {settings.OIDC_USERNAME_CLAIM!r} claim.")
        try:
            return sso_login(
                issuer=settings.OIDC_OP_ISSUER,
                subject=str(claims[settings.OIDC_USERNAME_CLAIM]),
                claims=claims,
                create_user=settings.OIDC_CREATE_USER,
                groups_claim=settings.OIDC_GROUPS_CLAIM,
                role_mapping=role_mapping_parse(settings.OIDC_ROLE_MAPPING),
            )
        except ValidationError as error:
            # Claims the user model refuses (an e-mail address that is none): a failed login.
            raise SuspiciousOperation(f"The claims do not make a valid user: {error}") from error

    def get_user(self, user_id):
        # The package's get_user returns inactive users too; the local login's rule instead,
        # so deactivating a user ends their organisation-account sessions as well.
        return ModelBackend.get_user(self, user_id)


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LoginStartView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """To the provider's login page (a redirect: the login page links here)."""


class LoginCallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """Back from the provider: log in, or say on the login page that it did not work."""

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggen met uw organisatie-account is niet gelukt. Probeer het opnieuw of "
                "vraag de beheerder om toegang."
            ),
        )
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)


def oidc_context(request):
    """`oidc_enabled` for the login page's button (a context processor: the lockout page
    renders the login template too)."""
    return {"oidc_enabled": settings.OIDC_ENABLED}


urlpatterns = [
    path("authenticate/", LoginStartView.as_view(), name="oidc_authentication_init"),
    path("callback/", LoginCallbackView.as_view(), name="oidc_authentication_callback"),
]
