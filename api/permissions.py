"""The API's one gate before the view: who is asking at all. What they may read or deliver
is regions.permissions' to say (the views ask it, through api.views.base)."""

from rest_framework.permissions import BasePermission


class SignedInOrToken(BasePermission):
    """A token that is not revoked, or an active, signed-in person; anyone else gets 401."""

    def has_permission(self, request, view):
        if request.auth is not None:
            return request.auth.is_active
        return bool(request.user and request.user.is_authenticated and request.user.is_active)
