"""Who is asking: an API token in `Authorization: Bearer <token>`, or a signed-in person in
the browsable API (their session). Either is the *principal* that regions.permissions asks."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from regions.services import api_token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _space, secret = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        token = api_token_authenticate(secret.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Onbekend of ingetrokken API-token."))
        # The token is the principal; its maker is the actor a delivery is recorded by.
        return token.created_by, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def principal(request):
    """What regions.permissions is asked about: the token, or else the signed-in user."""
    return request.auth if request.auth is not None else request.user
