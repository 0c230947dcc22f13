"""A task travels through the real Redis broker to a real Celery worker process and its
result comes back. Skipped, with the reason shown, only where no broker is configured."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(
        not BROKER_URL, reason="CELERY_BROKER_URL is not set: no broker to send tasks through"
    ),
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _database_url_of_test_database() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db):
    """A real `celery worker` process pointed at the broker and at the test database, on a
    queue of this test process's own: under pytest-xdist, another pytest worker's Celery
    worker (reading another test database) must not take these tasks."""
    queue = f"pytest-broker-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "DATABASE_URL": _database_url_of_test_database(),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"pytest-{os.getpid()}@%h",
            "--queues",
            queue,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    eager = celery_app.conf.task_always_eager
    backend = celery_app.conf.result_backend
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.result_backend = BROKER_URL
    celery_app.conf.broker_url = BROKER_URL
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = eager
        celery_app.conf.result_backend = backend
        celery_app.conf.task_default_queue = default_queue
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _result(async_result, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if async_result.ready():
            return async_result.get(timeout=5)
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")
            pytest.fail(f"The Celery worker exited early:\n{output}")
        time.sleep(0.1)
    pytest.fail("No result from the Celery worker within {timeout} s")


def test_worker_answers_through_redis(worker):
    from reporting.tasks import worker_health

    result = _result(worker_health.delay(), worker)
    assert result["database"] is True
    assert result["worker"]


def test_worker_computes_plan_figures_from_the_database(worker):
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("the worker process cannot see an in-memory SQLite test database")
    from datetime import date

    from programmes.models import ActionPlan, Indicator, Programme, Target
    from regions.models import Region

    region = Region.objects.create(code="AM98", name="Proefregio", slug="proefregio")
    programme = Programme.objects.create(code="proef", name="Proefprogramma")
    indicator = Indicator.objects.create(code="proef-matches", name="matches", kind="matches")
    plan = ActionPlan.objects.create(
        region=region,
        programme=programme,
        title="Proefplan",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )
    line = plan.lines.create(title="Lijn")
    for value in (30, 12):
        Target.objects.create(
            plan=plan,
            line=line,
            project=line.projects.create(title=f"P{value}"),
            indicator=indicator,
            value=value,
            start_date=plan.start_date,
            end_date=plan.end_date,
        )

    from reporting.tasks import plan_figures

    figures = _result(plan_figures.delay(plan.pk), worker)
    assert figures["plan"]["title"] == "Proefplan"
    assert figures["targets"] == [
        {"indicator": "matches", "sector": "", "stated": None, "computed": 42, "discrepancy": False}
    ]
