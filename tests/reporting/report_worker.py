"""A real Celery worker process for tests/reporting/test_report_worker.py, whose PDF
renderer fails on purpose for plans whose title starts with FAILING_PLAN_PREFIX, so a failing
render can be tried through the real broker, and takes REPORT_WORKER_SLOW_SECONDS (from the
environment) longer for plans whose title starts with SLOW_PLAN_PREFIX, so a worker can be
killed while it makes a report. Everything else is the project's own worker:

    python -m tests.reporting.report_worker --pool=solo ...   (DJANGO_SETTINGS_MODULE etc.)

It listens on, and sends to, its own queue (REPORT_WORKER_QUEUE), so a test run's tasks do
not reach another worker on the same broker, nor another test run's tasks this one.
"""

import os
import sys
import time

import django

FAILING_PLAN_PREFIX = "Storing"
FAILURE = "proefstoring in de PDF-opmaak"
SLOW_PLAN_PREFIX = "Traag"


def main(argv: list[str]) -> None:
    django.setup()
    from config.celery import app
    from reporting import documents

    render_pdf = documents.render_pdf
    slow_seconds = float(os.environ.get("REPORT_WORKER_SLOW_SECONDS", "0"))

    def render_or_fail(figures, *, report_meta):
        if report_meta["plan"].startswith(FAILING_PLAN_PREFIX):
            raise RuntimeError(FAILURE)
        if report_meta["plan"].startswith(SLOW_PLAN_PREFIX):
            time.sleep(slow_seconds)
        return render_pdf(figures, report_meta=report_meta)

    documents.render_pdf = render_or_fail
    # The test settings run tasks in-process; this worker sends what it queues (builds,
    # retries) through the broker, like a production worker.
    app.conf.task_always_eager = False
    queue = os.environ["REPORT_WORKER_QUEUE"]
    app.conf.task_default_queue = queue
    app.worker_main(["worker", "--queues", queue, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
