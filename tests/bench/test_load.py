"""50 logged-in users at once against a live gunicorn, served as docker-compose serves it
(config/gunicorn.py, production settings), on the test database with the demo data: no
error, and p95 within 500 ms. A load test with a time in it, so marked `load`: deselected in
`make test`, run by `make bench` (which runs the long version at scale too: bench/web.py)."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from bench import web

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

SECONDS = 15


def database_url() -> str:
    database = settings.DATABASES["default"]
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def collected_static():
    """The production settings' manifest storage needs collectstatic's manifest."""
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=web.ROOT,
            env={
                **web.server_environment("", ""),
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
            },
            check=True,
        )


def test_fifty_users_at_once_get_every_page_quickly(transactional_db, demo, collected_static):
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn reads the test database from another process: PostgreSQL only")
    ctx = web.Context(
        database_url=database_url(),
        broker_url=settings.CELERY_BROKER_URL,
        python=sys.executable,
        scale=False,
        log=print,
    )
    visitors, spread = web.load_visitors(ctx, web.LOAD_USERS)

    with web.gunicorn(
        ctx, port=web.free_port(), log_name="load-test", secret_key=settings.SECRET_KEY
    ) as base_url:
        web.check_pages(base_url, visitors[:4])
        load = web.drive(
            base_url, visitors, connections=web.LOAD_USERS, seconds=SECONDS, mode="own"
        )

    print(f"{load.requests} requests, {load.per_second:.1f}/s, p95 {load.p95:.0f} ms, {spread}")
    assert load.requests > 0
    assert load.errors == 0
    assert load.p95 <= web.P95_LOAD_MS
