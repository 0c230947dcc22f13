"""Rate limits: per API token (`API_RATE_TOKEN`, e.g. 600/min), and per address for a
person in the browsable API. Counted in Django's cache: with CACHE_URL in Redis, shared by
all workers. A request over the limit gets 429 with Retry-After, in problem details."""

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionRateThrottle(SimpleRateThrottle):
    scope = "session"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
