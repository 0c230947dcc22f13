"""`python -m bench` (`make bench`): set up the bench database, run every measurement, print
one table and write it to docs/benchmarks.md.

    python -m bench                     # everything (under 20 minutes on 2 cores)
    python -m bench --quick             # shorter runs, to try it out
    python -m bench --only web,imports  # some sections
    python -m bench --no-scale          # the demo data only (no generate_scale_data)

The database is BENCH_DATABASE_URL, else DATABASE_URL's server with the database
`werkregio_bench`, else postgres://postgres@127.0.0.1:5432/werkregio_bench; it is created
when missing, migrated, and given the demo data and the synthetic national data set (both
commands leave what is already there). The broker is BENCH_BROKER_URL, else
CELERY_BROKER_URL, else redis://127.0.0.1:6379/0. BENCH_PORT fixes the server's port.
"""

import argparse
import importlib
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import web
from .table import Context, Row, render_markdown, render_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "werkregio_bench"
# Sections in the order they run; the import and report modules are optional (bench/<name>.py).
SECTIONS = ["web", "load", "workers", "imports", "reports"]
OPTIONAL_MODULES = {"imports": "bench.imports", "reports": "bench.reports"}
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def bench_database_url() -> str:
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(base)._replace(path=f"/{DEFAULT_DATABASE}"))
    return f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"


def bench_broker_url() -> str:
    return (
        os.environ.get("BENCH_BROKER_URL")
        or os.environ.get("CELERY_BROKER_URL")
        or "redis://127.0.0.1:6379/0"
    )


def ensure_database(url: str) -> None:
    """Create the database when it is missing (connecting to the server's `postgres`)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(*arguments: str, settings: str = "config.settings.local") -> None:
    """A manage.py command on the bench database; the demo's commands exist only in the
    local and test settings (the demo app), collectstatic runs with production's storage."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DEBUG": "false"}
    # No broker: demo_reports then builds its PDFs in-process, where no worker is needed.
    environment.pop("CELERY_BROKER_URL", None)
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)
    log(f"manage.py {' '.join(arguments)}: {time.monotonic() - started:.0f} s")


def has_scale_command() -> bool:
    return (ROOT / "demo" / "management" / "commands" / "generate_scale_data.py").exists()


def set_up(*, scale: bool) -> bool:
    """Migrate, load the data, collect the static files. Returns whether scale data is in."""
    ensure_database(os.environ["DATABASE_URL"])
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_data")
    # The archive's reports at 1× (the PDFs the demo's schedules would have made).
    manage("demo_reports")
    loaded = False
    if scale and has_scale_command():
        manage("generate_scale_data")
        loaded = True
    elif scale:
        log("no generate_scale_data command on this branch: demo data only")
    manage("collectstatic", "--noinput", "-v0", settings="config.settings.production")
    return loaded


def machine() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    try:
        import redis

        redis_version = redis.Redis.from_url(bench_broker_url()).info("server")["redis_version"]
    except Exception as error:  # noqa: BLE001 - the bench still runs without Redis's version
        redis_version = f"unknown ({type(error).__name__})"
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists() and (found := re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())):
        memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB"
    wrk = "absent (Python load generator)"
    if web.wrk_available():
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0]
        wrk = wrk.strip() or "present"
    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "PostgreSQL": postgres,
        "Redis": redis_version,
        "Python": platform.python_version(),
        "wrk": wrk,
        "system": platform.platform(),
    }


def run_section(name: str, ctx: Context) -> list[Row]:
    if name in {"web", "load", "workers"}:
        # bench.web serves the three from one server where it can.
        return []
    module_name = OPTIONAL_MODULES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        if missing.name != module_name:
            raise
        log(f"{name}: {module_name} is not on this branch, skipped")
        return [
            Row(
                figure=f"{name} ({module_name})",
                goal="",
                samples_ms=None,
                value=0,
                ratio=None,
                limit="",
                ok=None,
                note="not measured: module missing",
            )
        ]
    return module.run(ctx)


def failed_row(name: str, error: BaseException) -> Row:
    return Row(
        figure=f"{name}: failed",
        goal="",
        samples_ms=None,
        value=0,
        ratio=None,
        limit="",
        ok=False,
        note=f"{type(error).__name__}: {error}".splitlines()[0][:200],
    )


def pytest_load(ctx: Context) -> Row:
    """The suite's load test (`pytest -m load`), deselected in `make test`, run here."""
    started = time.monotonic()
    result = subprocess.run(
        # --reuse-db: the test database of the previous run, migrated only when it must be.
        [
            *(ctx.python, "-m", "pytest", "-m", "load", "-n", "0", "-q"),
            *("-p", "no:cacheprovider", "--reuse-db", "tests/bench"),
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
    )
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    if result.returncode != 0:
        log(f"pytest -m load failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return Row(
        figure="pytest -m load (live server, demo data)",
        goal="passes",
        samples_ms=None,
        value=time.monotonic() - started,
        ratio=None,
        limit="",
        ok=result.returncode == 0,
        note=summary[:200],
    )


def write_docs(rows: list[Row], *, facts: dict[str, str], args: argparse.Namespace) -> None:
    """The generated part of docs/benchmarks.md, between its markers; the rest (what each
    step gained) is written by hand and kept."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "make bench" + (f" BENCH_ARGS='{' '.join(args.raw)}'" if args.raw else "")
    lines = [
        START,
        f"Run of {stamp}, `{command}`, {args.elapsed / 60:.1f} minutes.",
        "",
        *(f"- {name}: {value}" for name, value in facts.items()),
        "",
        render_markdown(rows),
        END,
    ]
    generated = "\n".join(lines)
    if DOCS.exists() and START in (text := DOCS.read_text()) and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        DOCS.write_text(head + generated + tail)
    else:
        DOCS.write_text(f"# Benchmarks\n\n{generated}\n")
    log(f"wrote {DOCS.relative_to(ROOT)}")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, rougher figures")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}"
    )
    parser.add_argument(
        "--no-scale", action="store_true", help="demo data only: skip generate_scale_data"
    )
    parser.add_argument(
        "--no-setup", action="store_true", help="skip migrate, data and collectstatic"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.raw = argv
    args.sections = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    started = time.monotonic()
    os.chdir(ROOT)
    database_url = bench_database_url()
    broker_url = bench_broker_url()
    # This process (sessions, query counts) and every server it starts share one environment:
    # docker-compose's, on the bench database.
    os.environ.update(web.server_environment(database_url, broker_url))
    log(f"database {urlsplit(database_url).path.lstrip('/')}, broker {broker_url}")
    scale = not args.no_scale if args.no_setup else set_up(scale=not args.no_scale)

    import django

    django.setup()
    if args.no_setup and scale:
        from regions.models import Region

        scale = bool(web.synthetic_filter()) and Region.objects.filter(synthetic=True).exists()
    ctx = Context(
        database_url=database_url,
        broker_url=broker_url,
        python=sys.executable,
        scale=scale,
        log=log,
        quick=args.quick,
    )
    log(f"scale data: {'yes' if scale else 'no (demo data only)'}")

    rows: list[Row] = []
    crashed = False
    web_sections = [name for name in ("web", "load", "workers") if name in args.sections]
    if web_sections:
        try:
            rows += web.run(ctx, sections=web_sections)
        except Exception as error:
            traceback.print_exc()
            rows.append(failed_row("web", error))
            crashed = True
    if "load" in args.sections:
        rows.append(pytest_load(ctx))
    for name in args.sections:
        if name in web_sections:
            continue
        try:
            rows += run_section(name, ctx)
        except Exception as error:
            traceback.print_exc()
            rows.append(failed_row(name, error))
            crashed = True

    args.elapsed = time.monotonic() - started
    print()
    print(render_text(rows))
    print()
    facts = machine()
    print(", ".join(f"{name}: {value}" for name, value in facts.items()))
    print(f"make bench took {args.elapsed / 60:.1f} minutes ({args.elapsed:.0f} s)")
    if not args.no_docs:
        write_docs(rows, facts=facts, args=args)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
