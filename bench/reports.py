"""Reports at scale (issue 12, points 2 and 3): the 35 regions' monthly reports as Celery
jobs through Redis and a real worker beside WeasyPrint alone on the same HTML; WeasyPrint's
time per page for our report beside a plain bare-stack report (docs/benchmarks.md); a report
job's queue-to-done overhead beside a no-op task's round trip.

    python -m bench.reports            (DATABASE_URL, CELERY_BROKER_URL as for make bench)

One report per region: the synthetic regions' plans when the scale data is loaded (one plan
per region), else the demo plans taken in turn until there are 35. The reports are made on
demand (no schedule), on the last month of each plan, and removed again afterwards with
their files (which go to a temporary MEDIA_ROOT)."""

import io
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.table import Context, Row

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REGIONS = 35
CONCURRENCY = 2  # the worker's prefork children, and WeasyPrint alone's processes
QUEUE = "bench-reports"
OVERHEAD_SAMPLES = 10
PACKS = 10  # meeting packs through the worker (issue 13): one per region, largest meeting
NO_OP_SAMPLES = 50
PAGE_SAMPLES = 5
TIMEOUT = 600


# --- the plain report: the bare stack's (3 tables × 40 rows, 2 inline SVG charts, counters) ---


def _line_chart(points: int = 24) -> str:
    width, height = 640, 260
    step = (width - 60) / (points - 1)
    path = " ".join(
        f"{40 + i * step:.1f},{height - 30 - (height - 60) * (0.5 + 0.4 * math.sin(i / 3)):.1f}"
        for i in range(points)
    )
    labels = "".join(
        f'<text x="{40 + i * step:.1f}" y="{height - 10}" font-size="10" '
        f'text-anchor="middle">{2020 + i // 12}-{i % 12 + 1:02d}</text>'
        for i in range(0, points, 3)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>Realisatie per maand</title>'
        f'<polyline points="{path}" fill="none" stroke="#154273" stroke-width="3"/>{labels}</svg>'
    )


def _bar_chart(years: int = 10) -> str:
    width, height = 640, 260
    bars = "".join(
        f'<rect x="{50 + i * 58}" y="{height - 30 - 20 * (i % 7 + 2)}" width="22" '
        f'height="{20 * (i % 7 + 2)}" fill="#01689b"/>'
        f'<rect x="{74 + i * 58}" y="{height - 30 - 15 * (i % 5 + 2)}" width="22" '
        f'height="{15 * (i % 5 + 2)}" fill="#b35300"/>'
        f'<text x="{72 + i * 58}" y="{height - 12}" font-size="10" '
        f'text-anchor="middle">{2015 + i}</text>'
        for i in range(years)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>Begroting per jaar</title>{bars}</svg>'
    )


def plain_report_html() -> str:
    """A 5-page A4 report built like the bare stack's measured one, with nothing of the product."""
    tables = []
    for number in range(1, 4):
        rows = "".join(
            f"<tr><td>Onderdeel {number}.{row + 1}</td><td>Indicator {row % 7 + 1}</td>"
            f'<td class="n">{(row * 37) % 900 + 100}</td><td class="n">{(row * 53) % 800 + 50}</td>'
            f'<td class="n">{(row * 11) % 100} %</td><td>op koers</td></tr>'
            for row in range(40)
        )
        tables.append(
            f"<h2>Tabel {number}</h2><table><thead><tr><th>Onderdeel</th><th>Indicator</th>"
            f"<th>Doel</th><th>Gerealiseerd</th><th>%</th><th>Status</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    style = (
        "@page { size: A4; margin: 20mm;"
        " @bottom-right { content: 'pagina ' counter(page) ' van ' counter(pages); } }"
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }"
        "table { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }"
        "th, td { border-bottom: 0.5pt solid #ccc; padding: 1.5mm 2mm; text-align: left; }"
        "td.n { text-align: right; } h1, h2 { color: #01689b; } svg { width: 170mm; height: auto; }"
    )
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Rapportage</title>'
        f"<style>{style}</style></head><body><h1>Voortgangsrapportage</h1>"
        f"{_line_chart()}{_bar_chart()}{''.join(tables)}</body></html>"
    )


# --- WeasyPrint alone --------------------------------------------------------------------


def _weasyprint_alone(html: str, stylesheet: str | None = None) -> tuple[float, int]:
    """Seconds to print `html` (with our stylesheet when given) and the number of pages."""
    from pypdf import PdfReader
    from weasyprint import CSS, HTML

    started = time.perf_counter()
    stylesheets = [CSS(filename=stylesheet)] if stylesheet else []
    pdf = HTML(string=html, base_url=str(PROJECT_ROOT)).write_pdf(stylesheets=stylesheets)
    seconds = time.perf_counter() - started
    return seconds, len(PdfReader(io.BytesIO(pdf)).pages)


def _warm_weasyprint() -> None:
    _weasyprint_alone("<p>warm</p>")


def _print_all(htmls: list[str], stylesheet: str) -> float:
    """Wall seconds to print every HTML over CONCURRENCY processes (started and warmed first,
    as the worker's children are)."""
    with ProcessPoolExecutor(CONCURRENCY, initializer=_warm_weasyprint) as pool:
        list(pool.map(time.sleep, [0.5] * CONCURRENCY))  # the children exist and are warm
        started = time.perf_counter()
        list(pool.map(_weasyprint_alone, htmls, [stylesheet] * len(htmls)))
        return time.perf_counter() - started


def harfbuzz_subset() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset0) rather than
    falling back to fontTools, measured on the bare stack about 30 % slower."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None


# --- the product's side ------------------------------------------------------------------


def _setup_django(ctx: Context, media_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DATABASE_URL"] = ctx.database_url
    os.environ["CELERY_BROKER_URL"] = ctx.broker_url
    os.environ["MEDIA_ROOT"] = media_root
    import django

    django.setup()
    from django.conf import settings

    from config.celery import app

    settings.MEDIA_ROOT = media_root
    app.conf.task_always_eager = False
    app.conf.broker_url = app.conf.result_backend = ctx.broker_url
    app.conf.task_default_queue = QUEUE


def _start_worker(ctx: Context, media_root: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        "DATABASE_URL": ctx.database_url,
        "CELERY_BROKER_URL": ctx.broker_url,
        "CELERY_RESULT_BACKEND": ctx.broker_url,
        "MEDIA_ROOT": media_root,
    }
    return subprocess.Popen(
        [
            ctx.python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={CONCURRENCY}",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--queues",
            QUEUE,
            "-n",
            f"bench-reports-{os.getpid()}@%h",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _plans(ctx: Context) -> list:
    """One plan per region: the synthetic regions' (their latest plan) at scale, else the demo
    plans in turn."""
    from programmes.models import ActionPlan

    plans = ActionPlan.objects.select_related("region").order_by("region_id", "-start_date")
    if ctx.scale:
        latest = {}
        for plan in plans.filter(region__synthetic=True):
            latest.setdefault(plan.region_id, plan)
        chosen = list(latest.values())[:REGIONS]
    else:
        chosen = list(plans)
    if not chosen:
        raise RuntimeError("No plans to report on: load the demo or the scale data first.")
    return [chosen[i % len(chosen)] for i in range(REGIONS)]


def _last_month(plan):
    from core.dates import month_end

    end = plan.end_date
    return end.replace(day=1), month_end(end)


def _queue_reports(plans) -> list:
    """One monthly report per plan, each queued through the broker as its request commits."""
    from reporting import services
    from reporting.models import ReportKind

    reports = []
    for plan in plans:
        start, end = _last_month(plan)
        reports.append(
            services.report_request(
                plan=plan, actor=None, start_date=start, end_date=end, kind=ReportKind.VOORTGANG
            )
        )
    return reports


def _wait_done(reports, worker: subprocess.Popen) -> None:
    from reporting.models import Report

    pks = [report.pk for report in reports]
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        statuses = set(Report.objects.filter(pk__in=pks).values_list("status", flat=True))
        if statuses <= {Report.Status.KLAAR, Report.Status.MISLUKT}:
            if Report.Status.MISLUKT in statuses:
                raise RuntimeError("A report failed in the bench")
            return
        if worker.poll() is not None:
            raise RuntimeError("The bench's worker stopped")
        time.sleep(0.05)
    raise RuntimeError(f"The reports were not done within {TIMEOUT} s")


def _report_html(report) -> str:
    """The HTML WeasyPrint prints for `report`, from its frozen figures (as render_pdf draws
    it), so WeasyPrint alone prints exactly the product's HTML."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from reporting.documents import pdf
    from reporting.services import report_meta

    with translation.override(pdf.LANGUAGE):
        return render_to_string(
            "reporting/report_pdf.html", pdf._pdf_context(report.figures, report_meta(report))
        )


def _meetings(ctx: Context, *, synthetic: bool) -> list:
    """The meetings the packs are made for: per region its held meeting with the most agenda
    items (the synthetic regions' at scale, else the demo's), up to PACKS, taken in turn."""
    from django.db.models import Count
    from django.utils import timezone

    from regions.models import Meeting

    meetings = (
        Meeting.objects.filter(date__lte=timezone.localdate(), body__region__isnull=False)
        .annotate(size=Count("agenda_items"))
        .filter(size__gt=0)
        .select_related("body__region")
        .order_by("-size", "-date", "pk")
    )
    if ctx.scale or synthetic:
        meetings = meetings.filter(body__region__synthetic=synthetic)
    chosen, regions = [], set()
    for meeting in meetings:
        if meeting.body.region_id not in regions:
            regions.add(meeting.body.region_id)
            chosen.append(meeting)
        if len(chosen) == PACKS:
            break
    return [chosen[i % len(chosen)] for i in range(PACKS)] if chosen else []


def _wait_packs(packs, worker: subprocess.Popen) -> dict[int, float]:
    """Wait until every pack is done (klaar or mislukt, as a report's status says); the
    moment each was seen done, by pk (time.perf_counter)."""
    model = type(packs[0])
    done_statuses = {model.Status.KLAAR, model.Status.MISLUKT}
    pks = [pack.pk for pack in packs]
    seen: dict[int, float] = {}
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        rows = dict(model.objects.filter(pk__in=pks).values_list("pk", "status"))
        now = time.perf_counter()
        for pk, status in rows.items():
            if status in done_statuses:
                seen.setdefault(pk, now)
        if len(seen) == len(pks):
            if model.Status.MISLUKT in rows.values():
                raise RuntimeError("A meeting pack failed in the bench")
            return seen
        if worker.poll() is not None:
            raise RuntimeError("The bench's worker stopped")
        time.sleep(0.05)
    raise RuntimeError(f"The meeting packs were not done within {TIMEOUT} s")


def _pack_query_meetings(ctx: Context):
    """The demo's and the synthetic held meetings whose packs' queries are compared: of one
    shape (bench.shapes: the kinds of agenda subjects, and the previous meeting's decision
    list or none), the largest of that shape at each scale. The largest meetings of each may
    differ in kind (the demo's has no proposal nor plan on it, the synthetic one both), and
    the pack skips the queries for what is absent; that is not the count growing with the
    data. Returns (demo meeting, synthetic meeting or None, the shape in words)."""
    from django.utils import timezone

    from regions.models import Meeting

    from .shapes import PACK_FEATURES, largest_of_each_shape, matched_meetings

    held = Meeting.objects.filter(date__lte=timezone.localdate(), body__region__isnull=False)
    if not ctx.scale:
        largest = next(iter(largest_of_each_shape(held, PACK_FEATURES).items()), None)
        if largest is None:
            return None, None, "none"
        return largest[1], None, ", ".join(largest[0]) or "an agenda"
    found = matched_meetings(
        held.filter(body__region__synthetic=False),
        held.filter(body__region__synthetic=True),
        PACK_FEATURES,
    )
    words = ", ".join(found.shape) or "an agenda"
    return found.demo, found.scaled, words if found.exact else f"closest: {words}"


def _pack_queries(meeting) -> int:
    """Queries of one meeting pack's generation for `meeting`, run in-process (the task's
    body, not through the broker: the request's queueing is held back meanwhile, so the
    worker does not make the same pack at the same time)."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import services, tasks

    task = tasks.meeting_pack_generate
    with mock.patch.object(task, "delay"), mock.patch.object(task, "apply_async"):
        pack = services.meeting_pack_request(meeting=meeting, actor=None)
    with CaptureQueriesContext(connection) as queries:
        task(pack.pk)
    type(pack).objects.filter(pk=pack.pk).delete()
    return len(queries)


def meeting_pack_rows(ctx: Context, worker: subprocess.Popen, made: list) -> list[Row]:
    """(d) Meeting packs (issue 13), beside the report jobs: PACKS packs through Redis and the
    worker, each meeting's pack requested as a secretary does
    (reporting.services.meeting_pack_request, which queues reporting.tasks.
    meeting_pack_generate); and the queries of one pack's generation at 1× and 100×."""
    from reporting import services

    meetings = _meetings(ctx, synthetic=ctx.scale)
    if not meetings:
        raise RuntimeError("No meetings with an agenda: load the demo or the scale data first.")
    ctx.log(f"reports: {PACKS} meeting packs through the worker")
    warm = [services.meeting_pack_request(meeting=meeting, actor=None) for meeting in meetings[:2]]
    made += warm
    _wait_packs(warm, worker)
    started = time.perf_counter()
    queued = {}
    packs = []
    for meeting in meetings:
        pack = services.meeting_pack_request(meeting=meeting, actor=None)
        queued[pack.pk] = time.perf_counter()
        packs.append(pack)
    made += packs
    done = _wait_packs(packs, worker)
    total = time.perf_counter() - started
    per_pack = [done[pk] - queued[pk] for pk in queued]
    rows = [
        Row(
            figure=f"{PACKS} meeting packs through the worker (queue to done)",
            goal="(shown)",
            samples_ms=_ms(sorted(per_pack)),
            value=round(1000 * total, 1),
            ratio=None,
            limit=f"median per pack {1000 * statistics.median(per_pack):.0f} ms",
            ok=None,
            note=f"prefork concurrency {CONCURRENCY}; "
            f"{'synthetic regions' if ctx.scale else 'demo meetings repeated'}",
        )
    ]
    demo, scaled, shape = _pack_query_meetings(ctx)
    counts = (
        _pack_queries(demo) if demo is not None else None,
        _pack_queries(scaled) if scaled is not None else None,
    )
    counted = [count for count in counts if count is not None]
    rows.append(
        Row(
            figure="meeting pack job, queries per pack",
            goal="equal at 1×/100×",
            samples_ms=None,
            queries=counts,
            value=float(counted[-1]) if counted else 0.0,
            ratio=None,
            limit="",
            ok=(len(counted) == 2 and counted[0] == counted[1]) if ctx.scale else None,
            note="the task's body in-process, the largest meeting of each scale "
            f"with the same shape ({shape})",
        )
    )
    return rows


def _ms(values) -> list[float]:
    return [round(1000 * value, 2) for value in values]


def _remove(reports) -> None:
    """Remove the bench's reports and meeting packs (by their own models)."""
    by_model: dict = {}
    for made in reports:
        by_model.setdefault(type(made), []).append(made.pk)
    for model, pks in by_model.items():
        model.objects.filter(pk__in=pks).delete()


def run(ctx: Context) -> list[Row]:
    media_root = tempfile.mkdtemp(prefix="bench-reports-")
    _setup_django(ctx, media_root)
    from reporting import documents, tasks
    from reporting.models import Report

    rows: list[Row] = []
    made: list = []
    worker = _start_worker(ctx, media_root)
    try:
        # The worker is up, and each child has made a report once (imports, fonts), as the
        # WeasyPrint-alone processes are warmed before they are timed.
        tasks.no_op.apply_async().get(timeout=120)
        plans = _plans(ctx)
        warm = _queue_reports(plans[:CONCURRENCY])
        made += warm
        _wait_done(warm, worker)

        # (a) 35 monthly reports through Redis and the worker, beside WeasyPrint alone.
        ctx.log(f"reports: {REGIONS} reports through the worker")
        started = time.perf_counter()
        reports = _queue_reports(plans)
        made += reports
        _wait_done(reports, worker)
        through_worker = time.perf_counter() - started
        reports = list(
            Report.objects.filter(pk__in=[r.pk for r in reports]).select_related(
                "plan__region", "schedule"
            )
        )
        htmls = [_report_html(report) for report in reports]
        ctx.log(f"reports: the same {REGIONS} HTMLs with WeasyPrint alone")
        alone = _print_all(htmls, str(documents.STYLESHEET))
        ratio = through_worker / alone
        rows.append(
            Row(
                figure=f"{REGIONS} monthly reports, Celery worker ÷ WeasyPrint alone",
                goal="≤ 1,25",
                samples_ms=None,
                value=round(1000 * through_worker, 1),
                ratio=round(ratio, 2),
                limit=f"WeasyPrint alone on the same HTML, {CONCURRENCY} processes: "
                f"{1000 * alone:.0f} ms",
                ok=ratio <= 1.25,
                note=f"prefork concurrency {CONCURRENCY}; "
                f"{'synthetic regions' if ctx.scale else 'demo plans repeated'}",
            )
        )

        # (b) WeasyPrint's time per page: our biggest report beside the plain one.
        biggest = max(htmls, key=len)
        _weasyprint_alone(biggest, str(documents.STYLESHEET))
        ours = [_weasyprint_alone(biggest, str(documents.STYLESHEET)) for _ in range(PAGE_SAMPLES)]
        plain_html = plain_report_html()
        _weasyprint_alone(plain_html)
        plain = [_weasyprint_alone(plain_html) for _ in range(PAGE_SAMPLES)]
        ours_pages, plain_pages = ours[0][1], plain[0][1]
        ours_per_page = statistics.median(seconds for seconds, _ in ours) / ours_pages
        plain_per_page = statistics.median(seconds for seconds, _ in plain) / plain_pages
        rows.append(
            Row(
                figure=f"WeasyPrint s/page, our report ({ours_pages} pages) ÷ plain report",
                goal="≤ 2",
                samples_ms=_ms(seconds / ours_pages for seconds, _ in ours),
                value=round(1000 * ours_per_page, 1),
                ratio=round(ours_per_page / plain_per_page, 2),
                limit=f"plain {plain_pages}-page report: {1000 * plain_per_page:.0f} ms/page",
                ok=ours_per_page / plain_per_page <= 2,
                note="HarfBuzz subsetting"
                if harfbuzz_subset()
                else "no libharfbuzz-subset0: fonts subset by fontTools (slower)",
            )
        )

        # (c) A report job's queue-to-done overhead beside a no-op task's round trip.
        no_op = []
        for _ in range(NO_OP_SAMPLES):
            started = time.perf_counter()
            tasks.no_op.delay().get(timeout=60)
            no_op.append(time.perf_counter() - started)
        overhead, with_figures = [], []
        for plan in plans[:OVERHEAD_SAMPLES]:
            start, end = _last_month(plan)
            report = Report.objects.create(
                plan=plan, start_date=start, end_date=end, task_id="bench"
            )
            made.append(report)
            started = time.perf_counter()
            result = tasks.build_report.delay(report.pk).get(timeout=120)
            total = time.perf_counter() - started
            seconds = result["build_seconds"]
            overhead.append(total - seconds["figures"] - seconds["pdf"])
            with_figures.append(total - seconds["pdf"])
        no_op_ms = statistics.median(no_op)
        overhead_ms = statistics.median(overhead)
        rows.append(
            Row(
                figure="report job queue-to-done overhead ÷ no-op round trip",
                goal="≤ 2",
                samples_ms=_ms(overhead),
                value=round(1000 * overhead_ms, 2),
                ratio=round(overhead_ms / no_op_ms, 2),
                limit=f"no-op delay().get(): {1000 * no_op_ms:.2f} ms",
                ok=overhead_ms / no_op_ms <= 2,
                note="total minus freezing and PDF, as timed inside the worker",
            )
        )
        figures_ms = statistics.median(with_figures)
        rows.append(
            Row(
                figure="report job queue-to-done minus PDF (freezing included) ÷ no-op",
                goal="(shown)",
                samples_ms=_ms(with_figures),
                value=round(1000 * figures_ms, 2),
                ratio=round(figures_ms / no_op_ms, 2),
                limit=f"no-op delay().get(): {1000 * no_op_ms:.2f} ms",
                ok=None,
                note="freezing the figures is the report's own work (about 18 queries)",
            )
        )

        # (d) The meeting pack job (issue 13) beside the report jobs.
        rows += meeting_pack_rows(ctx, worker, made)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        _remove(made)
        shutil.rmtree(media_root, ignore_errors=True)
    return rows


def main() -> None:
    ctx = Context(
        database_url=os.environ["DATABASE_URL"],
        broker_url=os.environ["CELERY_BROKER_URL"],
        python=sys.executable,
        scale=os.environ.get("BENCH_SCALE", "") == "1",
        log=lambda text: print(text, file=sys.stderr),
    )
    for row in run(ctx):
        print(row)


if __name__ == "__main__":
    main()
