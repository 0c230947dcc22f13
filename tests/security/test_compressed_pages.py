"""Served as deployed (decision 0025, docs/benchmarks.md "Lighthouse (mobile)"): with the
production settings a page links one stylesheet, which WhiteNoise serves compressed and cached
for ever; the page itself is gzipped for a client that accepts it; the favicon the page links
and /favicon.ico answer. And what the compression leaves alone: files compressed already and
downloads."""

import gzip
import json
import secrets
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import CompressedPagesMiddleware
from tests.config.test_settings import PROJECT_ROOT, manage
from tests.security.test_static_files import _clean_environment

PROBE = """
import gzip, json, re
import django
django.setup()
from django.test import Client

client = Client()
out = {}
page = client.get("/inloggen/", secure=True, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
html = gzip.decompress(page.content).decode()
out["page"] = [page.status_code, page.get("Content-Encoding", "-"), page.get("Vary", "")]
out["plain"] = client.get("/inloggen/", secure=True).get("Content-Encoding", "-")
out["stylesheets"] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
out["icons"] = re.findall(r'<link rel="icon" href="([^"]+)"', html)
css = out["stylesheets"][0] if out["stylesheets"] else ""
for encoding in ("gzip", "br"):
    r = client.get(css, secure=True, HTTP_ACCEPT_ENCODING=encoding)
    out[f"css {encoding}"] = [r.status_code, r.get("Content-Encoding", "-"), r["Cache-Control"]]
out["icon status"] = [
    [client.get(url, secure=True).status_code, client.get(url, secure=True)["Content-Type"]]
    for url in out["icons"]
]
favicon = client.get("/favicon.ico", secure=True)
out["favicon.ico"] = [favicon.status_code, favicon.get("Location", "")]
out["favicon.ico followed"] = client.get(favicon["Location"], secure=True).status_code
print(json.dumps(out))
"""

FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    collected = manage("collectstatic", "--noinput", **env)
    assert collected.returncode == 0, collected.stderr
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        env={**_clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_page_links_one_stylesheet_served_compressed_and_cached_for_ever(deployed):
    [stylesheet] = deployed["stylesheets"]
    assert stylesheet.startswith("/static/vendor/werkregio.") and stylesheet.endswith(".css")
    assert stylesheet != "/static/vendor/werkregio.css"  # hashed
    assert deployed["css gzip"] == [200, "gzip", FOREVER]
    assert deployed["css br"] == [200, "br", FOREVER]


def test_a_page_is_gzipped_for_a_client_that_accepts_it(deployed):
    status, encoding, vary = deployed["page"]
    assert (status, encoding) == (200, "gzip")
    assert "accept-encoding" in vary.lower()
    assert deployed["plain"] == "-"


def test_the_linked_icons_and_favicon_ico_answer(deployed):
    assert [url.rsplit(".", 1)[-1] for url in deployed["icons"]] == ["svg", "ico"]
    assert [status for status, _type in deployed["icon status"]] == [200, 200]
    assert deployed["icon status"][0][1] == "image/svg+xml"
    status, location = deployed["favicon.ico"]
    assert status == 302 and location == deployed["icons"][1]
    assert deployed["favicon.ico followed"] == 200


def _compressed(content_type: str, **headers) -> HttpResponse:
    response = HttpResponse(b"x" * 2000, content_type=content_type, headers=headers)
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    return CompressedPagesMiddleware(lambda _request: response)(request)


@pytest.mark.parametrize(
    "content_type", ["text/html; charset=utf-8", "application/json", "text/csv; charset=utf-8"]
)
def test_text_is_compressed(content_type):
    response = _compressed(content_type)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == b"x" * 2000


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/zip"])
def test_files_compressed_already_are_sent_as_they_are(content_type):
    assert not _compressed(content_type).has_header("Content-Encoding")


def test_a_download_is_sent_as_it_is():
    response = _compressed("text/csv", **{"Content-Disposition": 'attachment; filename="a.csv"'})
    assert not response.has_header("Content-Encoding")
