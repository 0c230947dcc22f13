"""Static files with the production settings (decision 0020): WhiteNoise serves a hashed
file compressed (gzip, brotli) with a far-future immutable Cache-Control."""

import secrets
import subprocess
import sys

from tests.config.test_settings import PROJECT_ROOT, manage

PROBE = """
import django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

url = staticfiles_storage.url("css/app.css")
print("url", url)
for encoding in ("gzip", "br", "identity"):
    r = Client().get(url, secure=True, HTTP_ACCEPT_ENCODING=encoding)
    print(encoding, r.status_code, r.get("Content-Encoding", "-"), r["Cache-Control"])
r = Client().get("/static/css/app.css", secure=True)
print("unhashed", r.status_code, r.get("Cache-Control", "-"))
"""


def test_a_hashed_static_file_is_compressed_and_cached_for_ever(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(tmp_path / "static"),
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
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["url"].startswith("/static/css/app.") and lines["url"] != "/static/css/app.css"
    forever = "max-age=315360000, public, immutable"
    assert lines["gzip"] == f"200 gzip {forever}"
    assert lines["br"] == f"200 br {forever}"
    assert lines["identity"] == f"200 - {forever}"
    # The name without its hash may change under the same URL: cached briefly only.
    assert lines["unhashed"].startswith("200 ") and "immutable" not in lines["unhashed"]


def _clean_environment() -> dict[str, str]:
    import os

    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in skip}
