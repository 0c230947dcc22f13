"""The headers every page carries (decision 0020): a Content-Security-Policy that allows no
inline script and no eval, a Permissions-Policy that switches off the browser features the
product never uses, and the rest of the hardening headers; and no page of the product has an
inline script or an inline event handler the policy would block."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from programmes.models import ActionPlan
from tests.otp import verified_login

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-haaglanden"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' for scripts would block: a <script> with
    a body and no src, an on…= event handler, a javascript: link."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = attributes

    def handle_data(self, data):
        if self._script is not None and data.strip():
            kind = self._script.get("type", "")
            # JSON data (json_script) is not run, so the policy does not block it.
            if "src" not in self._script and kind not in {"application/json"}:
                self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_inline_code():
    """The check below can fail: it sees each kind of inline code."""
    found = inline_code(
        '<script>alert(1)</script><button onclick="go()">x</button>'
        '<a href="javascript:go()">y</a><script src="/static/x.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
    )
    assert len(found) == 3


def main_pages(plan) -> list[str]:
    return [
        reverse("home"),
        reverse("reporting:dashboard", args=[plan.region.slug]),
        reverse("regions:detail", args=[plan.region.slug]),
        reverse("programmes:plan-list"),
        reverse("programmes:plan-detail", args=[plan.pk]),
        reverse("placements:grid", args=[plan.pk]),
        reverse("placements:import-upload", args=[plan.pk]),
        reverse("placements:progress", args=[plan.pk]),
        reverse("budgets:plan-money", args=[plan.pk]),
        reverse("budgets:spending-import-upload", args=[plan.pk]),
        reverse("reporting:overview-index"),
        reverse("reporting:report-archive", args=[plan.region.slug]),
        reverse("about"),
    ]


@pytest.fixture
def plan(demo):
    return ActionPlan.objects.filter(region__slug="haaglanden").order_by("pk").first()


def test_a_page_carries_the_policies(client):
    response = client.get(reverse("login"))
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_main_page_has_inline_script(client, plan):
    client.login(username=MANAGER, password="demo")
    for url in main_pages(plan):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        assert inline_code(response.content.decode()) == [], url


def test_no_admin_page_has_inline_script(client, plan):
    verified_login(client, "beheerder")
    for url in (
        reverse("admin:index"),
        reverse("admin:programmes_actionplan_changelist"),
        reverse("admin:programmes_actionplan_change", args=[plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_htmx_is_told_to_need_no_inline_code(client):
    html = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles":false' in html
    assert '"allowEval":false' in html
    assert '"allowScriptTags":false' in html
