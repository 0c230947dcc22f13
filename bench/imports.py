"""Importing 100.000 realisation rows and 100.000 spending rows through the product, beside
PostgreSQL's COPY of the same rows (issue 12; docs/decisions/0018); and the same 100.000
realisation rows delivered through the API (issue 14: POST /api/v1/plans/{id}/deliveries).

The product's figure is a CSV file uploaded (read, checked, stored with its preview) and
committed (checked once more under the locks and written with its history) through the
services the import pages and the command call. The limit's figure is COPY of the rows the
commit writes, built beforehand, into a scratch table of the same shape (columns, indexes,
constraints and foreign keys of placements_realisation or budgets_expenditure), committed.
Both run in the same process on the same database, alternately, so a busy machine slows
both. The API's figure is the same CSV file posted as the request body with an API token
(aanleveren scope) and an Idempotency-Key, by Django's test client in this process (the
whole request: middleware, authentication, the view, upload and commit, the stored answer),
beside COPY of the rows it wrote. The plan is the bench's own (made once, kept between runs;
its rows are removed after each sample), so the figures do not depend on what else the
database holds. BENCH_IMPORTS_ONLY (realisations, api, spending; comma-separated) runs some.

`run(ctx)` runs the measuring in a child process with Django set up on ctx.database_url;
`python -m bench.imports` is that child, printing its rows as JSON."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .table import Context, Row

ROOT = Path(__file__).resolve().parent.parent
ROWS = 100_000
SOURCES = 100  # realisations: 25 targets × 40 quarters × 100 sources = 100.000 rows
PROJECTS = 25
LIMIT = 3.0
TITLE = "Bench: import van 100.000 rijen"


def run(ctx: Context) -> list[Row]:
    env = {
        **os.environ,
        "DATABASE_URL": ctx.database_url,
        "CELERY_BROKER_URL": ctx.broker_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "BENCH_IMPORT_REPEATS": "1" if getattr(ctx, "quick", False) else "3",
    }
    ctx.log(
        "imports: 100.000 realisation rows (page's services and API) and 100.000 spending "
        "rows, beside COPY"
    )
    done = subprocess.run(
        [ctx.python, "-m", "bench.imports"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        ctx.log(done.stderr[-3000:])
        raise RuntimeError("bench.imports failed")
    for line in done.stderr.splitlines():
        if line.startswith("[imports]"):
            ctx.log(line)
    return [Row(**row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


# The child: Django set up, the bench plan, the measuring ---------------------------------


def _log(message: str) -> None:
    print(f"[imports] {message}", file=sys.stderr, flush=True)


def _median(samples: list[float]) -> float:
    ordered = sorted(samples)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _bench_plan():
    """The bench's plan (made once): 2017–2026 per quarter, one line with 25 projects, a
    target for a flow indicator on each, and 5 budget lines a year; and its user, a beheerder
    who may import both."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from budgets.models import BudgetLine
    from programmes import services as programme_services
    from programmes.models import ActionPlan, Indicator, PlanLine, Programme, Project, Target
    from regions.models import Region

    user, created = get_user_model().objects.get_or_create(
        username="bench-imports", defaults={"is_superuser": True, "is_staff": True}
    )
    if created:  # nobody logs in as the bench
        user.set_unusable_password()
        user.save()
    plan = ActionPlan.objects.filter(title=TITLE).first()
    if plan is not None:
        return plan, user
    indicator = Indicator.objects.filter(measure=Indicator.Measure.FLOW, breakdown="").first()
    plan = programme_services.plan_create(
        actor=user,
        region=Region.objects.order_by("pk").first(),
        programme=Programme.objects.order_by("pk").first(),
        title=TITLE,
        start_date=date(2017, 1, 1),
        end_date=date(2026, 12, 31),
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    line = PlanLine.objects.create(plan=plan, position=1, title="Bench-lijn")
    for number in range(1, PROJECTS + 1):
        project = Project.objects.create(line=line, position=number, title=f"Project {number}")
        Target.objects.create(
            plan=plan,
            line=line,
            project=project,
            indicator=indicator,
            value=1000,
            start_date=plan.start_date,
            end_date=plan.end_date,
        )
    BudgetLine.objects.bulk_create(
        BudgetLine(plan=plan, year=year, description=f"Post {number}", amount=10_000_000)
        for year in range(2017, 2027)
        for number in range(1, 6)
    )
    return plan, user


def _realisation_file(plan) -> bytes:
    from placements.imports.plan_index import PlanIndex

    index = PlanIndex(plan)
    lines = ["lijn;project;indicator;sector;doelgroep;periode;aantal;bron"]
    for source in range(1, SOURCES + 1):
        for target in index.leaf_targets():
            for period in index.periods:
                count = (source * 7 + period.pk) % 50
                lines.append(
                    f"{target.line.title};{target.project.title};{target.indicator.code};;;"
                    f"{period.code};{count};Gemeente {source}"
                )
    assert len(lines) == ROWS + 1, len(lines)
    return ("\r\n".join(lines) + "\r\n").encode()


def _spending_file() -> bytes:
    from datetime import date, timedelta

    lines = ["datum;bedrag;omschrijving;referentie;organisatie;jaar;begrotingsregel"]
    start = date(2017, 1, 1)
    for number in range(ROWS):
        day = start + timedelta(days=number % 3650)
        amount = f"{(number % 9000) + 10},{number % 100:02d}"
        lines.append(
            f"{day.strftime('%d-%m-%Y')};{amount};Factuur {number};F-{number};"
            f"Leverancier {number % 300};;Post {number % 5 + 1}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def _scratch_table(model, name: str) -> str:
    """A table of `model`'s shape (columns, indexes, constraints, foreign keys), empty."""
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {name} ADD {definition}")
    return name


def _copy(name: str, columns: list[str], rows: list[tuple]) -> float:
    """Seconds to COPY `rows` into the scratch table and commit."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {name}")
    started = time.perf_counter()
    statement = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    return time.perf_counter() - started


def _remove(model, **where) -> None:
    """The rows a sample wrote, without signals (no history of the removal)."""
    rows = model._default_manager.filter(**where)
    rows._raw_delete(rows.db)
    history = model.history.model._default_manager.filter(**where)
    history._raw_delete(history.db)


def _measure_realisations(plan, user, repeats: int) -> list[dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from placements import services
    from placements.models import Delivery, Realisation

    content = _realisation_file(plan)
    scratch = _scratch_table(Realisation, "bench_realisation_copy")
    product, baseline, queries = [], [], 0
    for sample in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            delivery = services.delivery_upload(
                plan=plan,
                uploaded_file=SimpleUploadedFile("levering.csv", content),
                actor=user,
            )
            uploaded = time.perf_counter()
            delivery = services.delivery_commit(delivery=delivery, actor=user)
        product.append(time.perf_counter() - started)
        _log(f"realisations {sample + 1}: upload {uploaded - started:.2f} s")
        queries = len(captured)
        summary = delivery.result.summary
        assert summary["nieuw"] == ROWS, summary
        written = Realisation.objects.filter(delivery=delivery)
        assert written.count() == ROWS
        assert Realisation.history.filter(delivery_id=delivery.pk).count() == ROWS
        columns = list(services.REALISATION_COLUMNS)  # the columns the import writes
        now = timezone.now()
        rows = [
            (*row, None, user.pk, now, now)
            for row in written.values_list(*columns[:6]).order_by("pk").iterator(chunk_size=10_000)
        ]
        _remove(Realisation, delivery_id=delivery.pk)
        Delivery.objects.filter(pk=delivery.pk).delete()
        baseline.append(_copy(scratch, columns, rows))
        _log(f"realisations {sample + 1}: product {product[-1]:.2f} s, COPY {baseline[-1]:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {scratch}")
    return _rows("realisaties", product, baseline, queries)


def _measure_api_delivery(plan, user, repeats: int) -> list[dict]:
    """The realisation file posted to the API as text/csv, as a supplier's system would."""
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.test import APIClient

    from api.models import IdempotencyRecord
    from placements import services
    from placements.models import Delivery, Realisation
    from regions.services import api_token_create, api_token_revoke

    content = _realisation_file(plan)
    token, secret = api_token_create(
        name="bench-aanlevering", region=plan.region, may_deliver=True, actor=user
    )
    # The test client on loopback's name (ALLOWED_HOSTS of the bench's environment).
    client = APIClient(SERVER_NAME="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/plans/{plan.pk}/deliveries"
    scratch = _scratch_table(Realisation, "bench_api_realisation_copy")
    product, baseline, queries = [], [], 0
    try:
        for sample in range(repeats):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.generic(
                    "POST",
                    url,
                    content,
                    content_type="text/csv",
                    HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
                )
            product.append(time.perf_counter() - started)
            queries = len(captured)
            assert response.status_code == 201, response.content[:2000]
            answer = response.json()
            assert answer["new"] == ROWS, answer
            delivery = Delivery.objects.get(pk=answer["id"])
            written = Realisation.objects.filter(delivery=delivery)
            assert written.count() == ROWS
            columns = list(services.REALISATION_COLUMNS)
            now = timezone.now()
            rows = [
                (*row, None, user.pk, now, now)
                for row in written.values_list(*columns[:6])
                .order_by("pk")
                .iterator(chunk_size=10_000)
            ]
            _remove(Realisation, delivery_id=delivery.pk)
            IdempotencyRecord.objects.filter(delivery=delivery).delete()
            Delivery.objects.filter(pk=delivery.pk).delete()
            baseline.append(_copy(scratch, columns, rows))
            _log(f"API {sample + 1}: POST {product[-1]:.2f} s, COPY {baseline[-1]:.2f} s")
    finally:
        api_token_revoke(token=token, actor=user)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {scratch}")
    return _rows(
        "realisaties via de API",
        product,
        baseline,
        queries,
        how="POST /api/v1/plans/{id}/deliveries",
        body="CSV as the request body",
    )


def _measure_spending(plan, user, repeats: int) -> list[dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from budgets import services
    from budgets.models import Expenditure, SpendingImport

    content = _spending_file()
    scratch = _scratch_table(Expenditure, "bench_expenditure_copy")
    product, baseline, queries = [], [], 0
    for sample in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            spending_import = services.spending_import_upload(
                plan=plan, uploaded_file=SimpleUploadedFile("uitgaven.csv", content), actor=user
            )
            _log(f"spending {sample + 1}: upload {time.perf_counter() - started:.2f} s")
            spending_import = services.spending_import_commit(
                spending_import=spending_import, actor=user
            )
        product.append(time.perf_counter() - started)
        queries = len(captured)
        assert spending_import.result.summary["nieuw"] == ROWS, spending_import.result.summary
        written = Expenditure.objects.filter(spending_import=spending_import)
        columns = [
            field.attname
            for field in Expenditure._meta.concrete_fields
            if not field.primary_key and field.attname != "spending_import_id"
        ]
        rows = list(written.order_by("pk").values_list(*columns).iterator(chunk_size=10_000))
        assert len(rows) == ROWS
        _remove(Expenditure, spending_import_id=spending_import.pk)
        SpendingImport.objects.filter(pk=spending_import.pk).delete()
        baseline.append(_copy(scratch, columns, rows))
        _log(f"spending {sample + 1}: product {product[-1]:.2f} s, COPY {baseline[-1]:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {scratch}")
    return _rows("uitgaven", product, baseline, queries)


def _rows(
    what: str,
    product: list[float],
    baseline: list[float],
    queries: int,
    how: str = "upload + commit",
    body: str = "CSV",
) -> list[dict]:
    ratio = _median(product) / _median(baseline)
    return [
        {
            "figure": f"import 100.000 {what} ({how})",
            "goal": "≤ 3 × COPY",
            "samples_ms": [seconds * 1000 for seconds in product],
            "value": _median(product) * 1000,
            "ratio": round(ratio, 2),
            "limit": "≤ 3",
            "ok": ratio <= LIMIT,
            "note": (
                f"{ROWS / _median(product):,.0f} rows/s; {queries} queries "
                f"({queries / ROWS:.5f} per row); {body}"
            ).replace(",", "."),
        },
        {
            "figure": f"COPY 100.000 {what} (same rows, same table shape)",
            "goal": "the limit",
            "samples_ms": [seconds * 1000 for seconds in baseline],
            "value": _median(baseline) * 1000,
            "ratio": None,
            "limit": "",
            "ok": None,
            "note": f"{ROWS / _median(baseline):,.0f} rows/s".replace(",", "."),
        },
    ]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    repeats = int(os.environ.get("BENCH_IMPORT_REPEATS", "3"))
    assert settings.TABLE_IMPORT_MAX_ROWS >= ROWS and settings.REALISATION_IMPORT_MAX_ROWS >= ROWS
    plan, user = _bench_plan()
    only = os.environ.get("BENCH_IMPORTS_ONLY", "")  # e.g. "api": one measurement
    measures = {
        "realisations": _measure_realisations,
        "api": _measure_api_delivery,
        "spending": _measure_spending,
    }
    rows = []
    for name, measure in measures.items():
        if not only or name in only.split(","):
            rows += measure(plan, user, repeats)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
