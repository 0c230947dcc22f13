"""Dutch first: the interface is Dutch unless the user chose English with the language switch
(a cookie). The browser's Accept-Language is ignored on purpose: a Dutch public body's
colleagues with an English browser still expect the Dutch product."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class DutchFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class CompressedPagesMiddleware(GZipMiddleware):
    """Pages, fragments and JSON gzipped for a client that accepts it (decision 0025); files
    that are compressed already (PDF, XLSX, images) and downloads are sent as they are. Static
    files never come here: WhiteNoise answers them first, from their precompressed .br/.gz.
    Django's GZipMiddleware pads each body by a random number of bytes (Heal the BREACH) and
    the CSRF token is masked anew on every request, so a page's secrets do not show through
    the compressed length."""

    TYPES = (
        "text/",
        "application/json",
        "application/problem+json",
        "application/javascript",
        "application/xml",
        "image/svg+xml",
    )

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(self.TYPES) or response.has_header("Content-Disposition"):
            return response
        return super().process_response(request, response)
