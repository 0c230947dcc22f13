"""Scheduled and on-demand reports through the real Redis broker and a real Celery worker
process: the beat job firing twice makes one report, and a render that keeps failing is
retried with back-off and then marked failed with its reason. Skipped where no broker is
configured, and on SQLite (a worker process cannot see an in-memory test database)."""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from config.celery import app as celery_app
from reporting.models import Report
from tests.config.test_celery_broker import _database_url_of_test_database
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory, UserFactory

from .report_worker import FAILING_PLAN_PREFIX, FAILURE

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(
        not BROKER_URL, reason="CELERY_BROKER_URL is not set: no broker to send tasks through"
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker process needs a database server (DATABASE_URL=postgres://…); "
        "it cannot see an in-memory SQLite test database",
    ),
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 90


def _start_worker(env: dict, *, pool: str = "solo") -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reporting.report_worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{env['REPORT_WORKER_QUEUE']}-{time.monotonic_ns()}@%h",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def worker_env(transactional_db, only_own_schedules, settings, tmp_path):
    """The environment of a real worker (tests/reporting/report_worker.py) on the broker, the test
    database and a media directory this test reads back; this process sends to its queue."""
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "DATABASE_URL": _database_url_of_test_database(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    queue = f"pytest-reports-{os.getpid()}"
    env["REPORT_WORKER_QUEUE"] = queue
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.result_backend, conf.task_default_queue)
    conf.task_always_eager, conf.result_backend = False, BROKER_URL
    conf.broker_url, conf.task_default_queue = BROKER_URL, queue
    try:
        yield env
    finally:
        conf.task_always_eager, conf.result_backend, conf.task_default_queue = saved


@pytest.fixture
def worker(worker_env):
    """A real worker on the broker and the test database."""
    process = _start_worker(worker_env)
    try:
        yield process
    finally:
        _stop(process)


def wait_for(process, condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(
                f"The worker exited early:\n{process.stdout.read().decode(errors='replace')}"
            )
        time.sleep(0.2)
    process.terminate()
    output = process.communicate(timeout=20)[0].decode(errors="replace")
    pytest.fail(f"{what} did not happen within {TIMEOUT} s. Worker output:\n{output}")


def test_the_beat_job_twice_makes_one_finished_report(worker):
    from reporting.tasks import build_report, reports_due

    plan = ReportedPlanFactory(
        region=RegionFactory(name="Proefregio"),
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )
    schedule = ReportScheduleFactory(plan=plan)

    first, second = reports_due.delay(), reports_due.delay()
    assert first.get(timeout=TIMEOUT) == {"created": 1, "reminders": 0, "requeued": 0}
    assert second.get(timeout=TIMEOUT) == {"created": 0, "reminders": 0, "requeued": 0}
    report = Report.objects.get(schedule=schedule)
    # Delivered once more (as after a worker died before acknowledging): nothing is rebuilt.
    build_report.delay(report.pk)

    def finished():
        report.refresh_from_db()
        return report.status == Report.Status.KLAAR

    wait_for(worker, finished, "The report being made")
    time.sleep(1)  # give the extra delivery time to run
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert (report.start_date, report.end_date) == (date(2024, 10, 1), date(2024, 12, 31))
    assert report.attempts == 1
    assert report.file.name.endswith(f"{report.kenmerk}.pdf")
    with report.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert report.figures["plan"]["title"] == "Proefplan"


def test_a_failing_render_is_retried_then_marked_failed(worker):
    from reporting import services

    region = RegionFactory(name="Proefregio")
    plan = ReportedPlanFactory(region=region, title=f"{FAILING_PLAN_PREFIX}: proefplan")
    report = services.report_request(
        plan=plan,
        actor=UserFactory(username="secretaris", role=(region, "secretaris")),
        kind="voortgang",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 3, 31),
    )  # queued through the broker when its transaction commits

    def failed():
        report.refresh_from_db()
        return report.status == Report.Status.MISLUKT

    wait_for(worker, failed, "The report being marked failed")
    assert report.attempts == 4  # the first try and three retries
    assert report.error == f"RuntimeError: {FAILURE}"
    assert not report.file


def _children(pid: int) -> list[int]:
    """The processes `pid` started (a prefork worker's pool children)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]
