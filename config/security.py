"""The security pieces of the web process that no package gives as we want them (decision
0020): the size limit on every request, and how django-axes counts and answers failed
logins. The idle end of a session is core.sessions."""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

from api.middleware import API_PREFIX
from api.problems import too_large_problem

# --- Request size --------------------------------------------------------------------------


def allowed_request_bytes(path_info: str) -> int:
    """The largest body this path takes: REQUEST_MAX_BYTES, or for an endpoint that takes a
    file, the largest file its own check accepts (asked now, so it follows its setting) plus
    the form around it."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    file_limit = settings.REQUEST_MAX_BYTES_BY_URL_NAME.get(match.view_name)
    if file_limit is None:
        return settings.REQUEST_MAX_BYTES
    largest_file = import_string(file_limit)()
    return max(settings.REQUEST_MAX_BYTES, largest_file + settings.REQUEST_FORM_OVERHEAD_BYTES)


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose Content-Length is more than its endpoint allows, before
    anything reads the body: Django reads at most Content-Length bytes of a body (its
    LimitedStream), so the header is the whole size that can reach a form. A body without
    Content-Length (chunked) is read as empty by Django's WSGI handler. Anonymous or not:
    the login page is as limited as any other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        # Resolve the path only for a body past the ordinary limit: nearly no request is.
        if length > settings.REQUEST_MAX_BYTES and length > allowed_request_bytes(
            request.path_info
        ):
            # No "Connection: close" (WSGI leaves hop-by-hop headers to the server): gunicorn
            # ends or drains the connection itself, unread; the proxy before it may refuse
            # such a body even earlier (docs/operations.md#security).
            if request.path_info.startswith(API_PREFIX):  # the API answers in problem details
                return too_large_problem(request)
            return render(request, "413.html", status=413)
        return self.get_response(request)


# --- Failed logins (django-axes) -------------------------------------------------------------


class UserAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one: a user name is locked
    after AXES_FAILURE_LIMIT failures (from any address), an address after
    AXES_ADDRESS_FAILURE_LIMIT (for any user names). Axes compares one number with
    AXES_FAILURE_LIMIT, so a locked address counts as that limit reached."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_user = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(by_user, settings.AXES_FAILURE_LIMIT)
        return by_user

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful login: forget this user's failures only. Axes would also forget
        every failure at the address, so logging in to one's own account would unlock the
        account an attacker at the same address was guessing at."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def client_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes. Each proxy appends the address it was called
    from to X-Forwarded-For, so behind N proxies the client is the N-th entry from the right;
    whatever stands left of it the client sent itself. Without proxies: REMOTE_ADDR."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.headers.get("x-forwarded-for", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _failures(attempts) -> int:
    return sum(attempts.values_list("failures_since_start", flat=True))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with the lockout said in words (429 Too Many Requests); the
    form is empty, so nothing typed is sent back."""
    from regions.forms import LoginForm

    hours = settings.AXES_COOLOFF_TIME
    context = {
        "form": LoginForm(request),
        "locked_out": True,
        "cooloff_minutes": round(float(hours) * 60) if hours else None,
        "next": request.POST.get(REDIRECT_FIELD_NAME, ""),
    }
    return render(request, "registration/login.html", context, status=429)
