"""Sessions end after SESSION_COOKIE_AGE seconds without a request (decision 0020)."""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOUCHED_KEY = "_session_touched"


def touch(session) -> None:
    """Note the moment in the session, which marks it modified: saving it moves its end in the
    database (and in the cookie, when it is not one that ends with the browser)
    SESSION_COOKIE_AGE seconds on from now."""
    session[TOUCHED_KEY] = int(time.time())


def touch_at_login(sender, request, user, **kwargs) -> None:
    """A session starts touched (connected to user_logged_in in core.apps), so the first
    requests after a login write nothing."""
    touch(request.session)


class SessionIdleMiddleware:
    """Moves a logged-in session's end forward when its last move is SESSION_IDLE_REFRESH
    seconds old: an active user costs one session write per few minutes instead of one per
    request (SESSION_SAVE_EVERY_REQUEST), and the session ends at most that much before
    SESSION_COOKIE_AGE of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            touched = session.get(TOUCHED_KEY, 0)
            if time.time() - touched >= settings.SESSION_IDLE_REFRESH:
                touch(session)
        return self.get_response(request)
