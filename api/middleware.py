"""What every response under /api/ carries, whatever answered it (a view, a refusal, the
404 of an unknown address): the `API-Version` header (/core/version-header), an ETag with
`If-None-Match` answered by 304, and `Vary: Authorization` (what a token reads is its own).
Outside development the API refuses plain HTTP rather than redirecting (/core/transport/tls):
a redirect would already have sent the token in the clear."""

import logging

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext as _

from .problems import problem_json

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_api(request):
            return self.get_response(request)
        if settings.API_REQUIRE_TLS and not request.is_secure():
            response = problem_json(request, 403, _("De API is alleen via HTTPS bereikbaar."))
        else:
            response = self.get_response(request)
            response = self._conditional(request, response)
        response["API-Version"] = settings.API_VERSION
        patch_vary_headers(response, ("Authorization",))
        return response

    def _conditional(self, request, response):
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not response.has_header("ETag"):
            set_response_etag(response)
        response.setdefault("Cache-Control", "private, no-cache")
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def process_exception(self, request, exception):
        if not _is_api(request):
            return None
        logger.exception("API request %s failed", request.path)
        return problem_json(
            request, 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw.")
        )
