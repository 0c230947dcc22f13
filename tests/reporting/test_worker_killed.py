"""A worker killed mid-report (issue 12, point 6): kill -9 of a real prefork worker and its
pool child while the child is inside the render, then the product's own recovery — the beat
job's requeue of stuck reports (decision 0003) and the broker handing out the dead worker's
unacknowledged message again — with a new worker. The report ends done exactly once: one
file, one entry in the region's archive, two attempts counted, and no message left on the
broker that could build it again.

The first worker renders slowly through the test worker's hook
(tests/reporting/report_worker.py: it sleeps inside render_pdf, then renders the real PDF);
the second is the same worker at full speed, with a short visibility timeout so the broker
gives back the killed worker's message within seconds instead of minutes."""

import json
import os
import signal
import time
from datetime import date
from pathlib import Path

import redis

from config.celery import app as celery_app
from reporting import services, tasks
from reporting.models import Report
from reporting.selectors import reports as report_selectors
from tests.factories import RegionFactory, ReportedPlanFactory, UserFactory

from .report_worker import SLOW_PLAN_PREFIX
from .test_report_worker import (  # noqa: F401 (pytestmark and the worker_env fixture)
    BROKER_URL,
    _children,
    _start_worker,
    _stop,
    pytestmark,
    wait_for,
    worker_env,
)

# Seconds after which the second worker's broker connection hands an unacknowledged message
# out again (CELERY_VISIBILITY_TIMEOUT; 240 in production). Kombu looks every 10 s.
VISIBILITY_TIMEOUT = 3


def _messages_for(queue: str) -> int:
    """Messages of `queue` still on the broker: waiting in the queue, or delivered and not
    yet acknowledged (kombu's "unacked" hash: [message, exchange, routing key])."""
    client = redis.Redis.from_url(BROKER_URL)
    waiting = client.llen(queue)
    unacked = [json.loads(value) for value in client.hvals("unacked")]
    return waiting + sum(1 for _message, _exchange, key in unacked if key == queue)


def test_a_worker_killed_mid_render_leaves_the_report_done_exactly_once(
    worker_env,  # noqa: F811 (the fixture imported above)
    settings,
):
    # A queue of this test's own: an earlier test's killed worker may have left its message
    # unacknowledged on the test run's queue.
    queue = f"{worker_env['REPORT_WORKER_QUEUE']}-killed-{time.monotonic_ns()}"
    worker_env = {**worker_env, "REPORT_WORKER_QUEUE": queue}
    celery_app.conf.task_default_queue = queue  # worker_env puts the default back afterwards
    region = RegionFactory(name="Proefregio")
    plan = ReportedPlanFactory(region=region, title=f"{SLOW_PLAN_PREFIX}: proefplan")
    # The first worker sleeps ten minutes inside the render: it is killed in there.
    first = _start_worker({**worker_env, "REPORT_WORKER_SLOW_SECONDS": "600"}, pool="prefork")
    second = None
    try:
        report = services.report_request(
            plan=plan,
            actor=UserFactory(username="secretaris", role=(region, "secretaris")),
            kind="voortgang",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 3, 31),
        )

        def rendering():
            report.refresh_from_db()
            return report.status == Report.Status.BEZIG

        wait_for(first, rendering, "The first worker starting on the report")
        pool = _children(first.pid)
        assert pool, "a prefork worker has a pool child making the report"
        for pid in [first.pid, *pool]:
            os.kill(pid, signal.SIGKILL)
        first.wait(timeout=20)
        report.refresh_from_db()
        assert (report.status, report.attempts, report.file.name) == (Report.Status.BEZIG, 1, "")
        # The dead worker's delivery was never acknowledged: it is still on the broker.
        assert _messages_for(queue) == 1

        # The beat job's rescue, with a threshold that makes the report started a moment
        # ago count as stuck: queued again, a second message.
        settings.REPORT_STUCK_AFTER = 0
        assert tasks.reports_due(today="2024-01-15")["requeued"] == 1
        report.refresh_from_db()
        assert report.status == Report.Status.WACHTRIJ

        second = _start_worker(
            {**worker_env, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}, pool="prefork"
        )

        def done():
            report.refresh_from_db()
            return report.status == Report.Status.KLAAR

        wait_for(second, done, "The report being finished by the second worker")
        # Both deliveries (the requeue and the dead worker's, handed out again) are taken
        # and acknowledged; the one that came second built nothing.
        wait_for(second, lambda: _messages_for(queue) == 0, "The broker emptying")
        time.sleep(1)  # a delivery still running would show in the counts below
        report.refresh_from_db()
        assert (report.status, report.attempts, report.error) == (Report.Status.KLAAR, 2, "")
        assert Report.objects.count() == 1
        assert [entry.pk for entry in report_selectors.region_reports(region=region)] == [report.pk]
        files = list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.pdf"))
        assert [file.name for file in files] == [f"{report.kenmerk}.pdf"]
        assert report.file.name.endswith(f"{report.kenmerk}.pdf")
        assert files[0].read_bytes().startswith(b"%PDF-")
        assert report.figures["plan"]["title"] == plan.title
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
