"""Every error as problem details (RFC 9457, `application/problem+json`), as the API Design
Rules ask (/core/error-handling/problem-details): `type`, `title`, `status`, `detail`,
`instance`, and for invalid input `invalidParams` (name, code, reason) beside them, the
members the Dutch API strategy uses. Messages are Dutch, like the pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: gettext_noop("Ongeldige aanvraag."),
    401: gettext_noop("Niet geauthenticeerd."),
    403: gettext_noop("Geen toegang."),
    404: gettext_noop("Niet gevonden."),
    405: gettext_noop("Methode niet toegestaan."),
    406: gettext_noop("Niet aanvaardbaar."),
    409: gettext_noop("Conflict."),
    412: gettext_noop("Niet aan de voorwaarde voldaan."),
    413: gettext_noop("Aanvraag te groot."),
    415: gettext_noop("Mediatype niet ondersteund."),
    422: gettext_noop("Niet verwerkbaar."),
    428: gettext_noop("Voorwaarde vereist."),
    429: gettext_noop("Te veel aanvragen."),
    500: gettext_noop("Interne fout."),
}


def problem(status_code: int, detail: str = "", *, instance: str = "", **extra) -> dict:
    body = {
        "type": f"https://httpstatuses.io/{status_code}",
        "title": _(TITLES.get(status_code, gettext_noop("Fout."))),
        "status": status_code,
    }
    if detail:
        body["detail"] = str(detail)
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(status_code: int, detail: str = "", *, request=None, headers=None, **extra):
    """A DRF Response with a problem body and the problem media type."""
    instance = request.get_full_path() if request is not None else ""
    return Response(
        problem(status_code, detail, instance=instance, **extra),
        status=status_code,
        headers=headers,
        content_type=PROBLEM_JSON,
    )


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    """A serializer's or filter's errors as invalidParams, one entry per message."""
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            params.extend(_invalid_params(value, key))
    elif isinstance(detail, list):
        for item in detail:
            params.extend(_invalid_params(item, prefix))
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return params


def exception_handler(exc, context):
    """DRF's handler, answering in problem details."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # its message, where it has one
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            _("De aanvraag bevat ongeldige gegevens."),
            instance=request.get_full_path() if request else "",
            invalidParams=_invalid_params(exc.detail),
        )
    elif isinstance(exc, exceptions.Throttled):
        # DRF's own message is English only.
        body = problem(
            status.HTTP_429_TOO_MANY_REQUESTS,
            _("Te veel aanvragen met dit token. Probeer het over %(seconds)s seconden opnieuw.")
            % {"seconds": int(exc.wait or 1)},
            instance=request.get_full_path() if request else "",
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        body = problem(
            response.status_code,
            str(detail),
            instance=request.get_full_path() if request else "",
        )
    response.data = body
    response.content_type = PROBLEM_JSON
    return response


def problem_json(request, status_code: int, detail: str) -> JsonResponse:
    """A problem answered outside DRF (the middleware, the catch-all, the size limit)."""
    return JsonResponse(
        problem(status_code, detail, instance=request.get_full_path()),
        status=status_code,
        content_type=PROBLEM_JSON,
    )


def too_large_problem(request):
    """A body larger than the endpoint takes (config.security's limit, before the API's own
    middleware): 413 in problem details, with the API-Version header."""
    response = problem_json(request, 413, _("De aanvraag is groter dan dit adres aanneemt."))
    response["API-Version"] = settings.API_VERSION
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no resource: a 404 in problem details."""
    return problem_json(request, 404, _("Deze resource bestaat niet."))
