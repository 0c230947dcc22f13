"""The OpenAPI document as the API Design Rules want it described: the `API-Version` header
on every response (/core/version-header), and the problem-details responses of every
operation (/core/error-handling/problem-details), which drf-spectacular does not add itself."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM = {
    "type": "object",
    "description": "Probleemdetails (RFC 9457).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status"],
}
VERSION_HEADER = {
    "description": "De volledige versie van de API (semver).",
    "schema": {"type": "string", "example": "1.0.0"},
}
# The problem answers each kind of operation can give.
ERRORS_READ = {"401": "Niet geauthenticeerd.", "404": "Niet gevonden.", "429": "Te veel aanvragen."}
ERRORS_WRITE = {**ERRORS_READ, "400": "Ongeldige aanvraag.", "403": "Geen toegang."}


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def adr_responses(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete", "head"):
                continue
            responses = operation.setdefault("responses", {})
            errors = ERRORS_READ if method in ("get", "head") else ERRORS_WRITE
            if any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
                errors = {**errors, "400": "Ongeldige filter- of paginawaarde."}
            for code, description in errors.items():
                responses.setdefault(code, _problem_response(description))
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {
                    "$ref": "#/components/headers/API-Version"
                }
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The API token in the OpenAPI document: `Authorization: Bearer <token>`."""

    target_class = "api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een API-token van je regio (Regio → API-tokens).",
        }
