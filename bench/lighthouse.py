"""`python -m bench.lighthouse` (`make lighthouse`): Lighthouse's mobile preset on the main pages,
served as deployed, as a Markdown table of the scores (docs/benchmarks.md, "Lighthouse
(mobile)").

Served as deployed: the production settings (DEBUG off, WhiteNoise with hashed, compressed,
long-cached static files collected by `collectstatic`) under gunicorn with config/gunicorn.py,
as docker-compose and `make bench` run it, on a free port of loopback. Two switches for plain
HTTP on loopback (no TLS proxy in front), the same as `make bench`: SECURE_SSL_REDIRECT=false
and API_REQUIRE_TLS=false. The session and CSRF cookies stay Secure (Chromium accepts Secure
cookies from http://127.0.0.1, a secure context); this script sends them itself.

The pages: the login page (signed out), and as the programme manager of the region with the
most realisations: the home page, the region's dashboard, its largest plan's page and that
plan's realisation grid. The script logs in through the login form (GET for the CSRF cookie
and token, POST the demo password), then hands the session cookie to Lighthouse
(--extra-headers).

Lighthouse (npm devDependency, node_modules/.bin/lighthouse) runs Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) headless, with its default form factor (mobile:
Moto G Power screen, simulated slow 4G and a 4× slower CPU). Each page runs LIGHTHOUSE_RUNS
times (default 3): the table shows the median run's scores (by performance), as Lighthouse's
own guidance advises for its variance.

    python -m bench.lighthouse                      # every page, 3 runs
    python -m bench.lighthouse --runs 1 --only login,plan
    python -m bench.lighthouse --write              # also replace the table in docs/benchmarks.md

Database: LIGHTHOUSE_DATABASE_URL, else DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/werkregio_lighthouse (created when missing, migrated and
given the demo data; loading again adds nothing). Reports land in
$TMPDIR/lighthouse-<page>-<run>.json. No broker: the pages queue nothing.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/werkregio_lighthouse"
DEMO_PASSWORD = "demo"  # docs/demo-data.md: every demo user's
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGE_KEYS = ["login", "home", "dashboard", "plan", "grid"]


def log(message: str) -> None:
    print(f"[lighthouse {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def database_url() -> str:
    return (
        os.environ.get("LIGHTHOUSE_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE
    )


def manage(*arguments: str, settings: str, env: dict[str, str]) -> None:
    environment = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings}
    environment.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def set_up(url: str, static_root: Path) -> None:
    from bench.__main__ import ensure_database

    if url.startswith(("postgres://", "postgresql://")):
        ensure_database(url)
    local = {"DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "lighthouse-set-up-only"}
    manage("migrate", "--noinput", "-v0", settings="config.settings.local", env=local)
    log("demo data (load_demo_data)")
    manage("load_demo_data", settings="config.settings.local", env=local)
    log(f"collectstatic into {static_root}")
    manage(
        "collectstatic",
        "--noinput",
        "-v0",
        settings="config.settings.production",
        env={"SECRET_KEY": "collectstatic-only", "STATIC_ROOT": str(static_root)},
    )


@dataclass
class Page:
    key: str
    name: str
    path: str
    signed_in: bool = True


def pages_and_user(url: str) -> tuple[list[Page], str]:
    """The pages, for the programme manager of the region whose plan has most realisations."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("SECRET_KEY", "lighthouse-set-up-only")
    import django

    django.setup()
    from django.urls import reverse

    from bench.web import largest_plans, region_users

    for plan, _count in largest_plans(synthetic=False):
        users = region_users(plan.region)
        if users:
            break
    else:
        raise RuntimeError("no plan with a region user: is the demo data loaded?")
    region, user = plan.region, users[0]
    pages = [
        Page("login", "login page", reverse("login"), signed_in=False),
        Page("home", f"home ({user.username})", reverse("home")),
        Page(
            "dashboard",
            f"region dashboard ({region.slug})",
            reverse("reporting:dashboard", kwargs={"slug": region.slug}),
        ),
        Page("plan", "plan page", reverse("programmes:plan-detail", kwargs={"pk": plan.pk})),
        Page("grid", "realisation grid", reverse("placements:grid", kwargs={"plan_pk": plan.pk})),
    ]
    return pages, user.username


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(url: str, static_root: Path, port: int) -> Iterator[str]:
    """gunicorn with config/gunicorn.py and the production settings, as `make bench` serves."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        # Plain HTTP on loopback (no TLS proxy here): the two documented switches.
        "SECURE_SSL_REDIRECT": "false",
        "API_REQUIRE_TLS": "false",
        "DEBUG": "false",
    }
    environment.pop("CELERY_BROKER_URL", None)
    log_path = Path(tempfile.gettempdir()) / f"lighthouse-gunicorn-{port}.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
            + ["--bind", f"127.0.0.1:{port}", "config.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/inloggen/", timeout=10) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer: see {log_path}") from None
                time.sleep(0.3)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- Logging in -----------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cookies(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(base: str, username: str, password: str = DEMO_PASSWORD) -> str:
    """Log in through the login form as a browser would; returns the Cookie header. The
    cookies are Secure, so they are carried here by hand (no cookie jar sends them over
    plain HTTP, though Chromium does to 127.0.0.1)."""
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(f"{base}/inloggen/", timeout=30) as answer:
        cookies = _cookies(answer.headers)
        html = answer.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not token:
        raise RuntimeError("no CSRF token in the login form")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base}/inloggen/",
        data=body,
        headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": base,
            "Referer": f"{base}/inloggen/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        opener.open(request, timeout=30)
        raise RuntimeError("the login form answered without a redirect: wrong password?")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise
        cookies.update(_cookies(redirect.headers))
    if "sessionid" not in cookies:
        raise RuntimeError("no session cookie after logging in")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# --- Lighthouse -----------------------------------------------------------------------------


@dataclass
class Result:
    page: Page
    scores: dict[str, int]  # category → 0..100
    metrics: dict[str, float]  # FCP, LCP, TBT (ms), CLS
    failing: list[str]  # audits under 0.9 in the scored categories (with weight)
    report: Path


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def lighthouse(url: str, *, cookie: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        # root in a container: Chromium's sandbox needs namespaces it may not have.
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # Lighthouse now and then loses the trace of a load on a busy machine (NO_NAVSTART, a
    # runtime error): that load is taken again, up to three times.
    for attempt in range(1, 4):
        done = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": chrome_path()}, timeout=300
        )
        report = json.loads(out.read_text()) if out.exists() else {}
        if done.returncode == 0 and not report.get("runtimeError"):
            return report
        error = (report.get("runtimeError") or {}).get("code", f"exit {done.returncode}")
        log(f"Lighthouse failed on {url} (attempt {attempt}): {error}")
        out.unlink(missing_ok=True)
    raise RuntimeError(f"Lighthouse failed three times on {url}")


def summarise(page: Page, report: dict, path: Path) -> Result:
    categories = report["categories"]
    audits = report["audits"]
    scores = {key: round((categories[key]["score"] or 0) * 100) for key in categories}
    metrics = {
        name: audits[audit]["numericValue"]
        for name, audit in [
            ("FCP", "first-contentful-paint"),
            ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"),
            ("CLS", "cumulative-layout-shift"),
            ("SI", "speed-index"),
        ]
        if audit in audits
    }
    failing = sorted(
        {
            ref["id"]
            for category in categories.values()
            for ref in category["auditRefs"]
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 0.9
        }
    )
    if report.get("runtimeError"):
        failing.insert(0, f"runtimeError: {report['runtimeError'].get('code')}")
    return Result(page, scores, metrics, failing, path)


def median_run(results: list[Result]) -> Result:
    ordered = sorted(results, key=lambda result: result.scores.get("performance", 0))
    return ordered[(len(ordered) - 1) // 2]


# --- The table ------------------------------------------------------------------------------


def lighthouse_version() -> str:
    try:
        return subprocess.run(
            [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def chromium_version() -> str:
    try:
        output = subprocess.run(
            [chrome_path(), "--version"], capture_output=True, text=True, check=True
        ).stdout
        return output.strip().splitlines()[-1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


def render(results: list[tuple[Result, list[Result]]], *, user: str, runs: int) -> str:
    lines = [
        f"Taken {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores "
        f"({platform.platform()}), Lighthouse {lighthouse_version()}, {chromium_version()} "
        f"headless, mobile preset (simulated slow 4G, 4× CPU slowdown); signed in as `{user}`; "
        f"median of {runs} run(s) by performance (range in brackets).",
        "",
        "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for median, all_runs in results:
        performance = [run.scores.get("performance", 0) for run in all_runs]
        spread = f" ({min(performance)}–{max(performance)})" if len(all_runs) > 1 else ""
        m = median.metrics
        lines.append(
            f"| {median.page.name} | {median.scores.get('performance', 0)}{spread} "
            f"| {median.scores.get('accessibility', 0)} "
            f"| {median.scores.get('best-practices', 0)} | {median.scores.get('seo', 0)} "
            f"| {m.get('FCP', 0) / 1000:.1f} s | {m.get('LCP', 0) / 1000:.1f} s "
            f"| {m.get('TBT', 0):.0f} ms | {m.get('CLS', 0):.3f} |"
        )
    failing = [(median.page.name, median.failing) for median, _ in results if median.failing]
    if failing:
        lines += ["", "Audits below 0.9 (median run):", ""]
        lines += [f"- {name}: {', '.join(ids)}" for name, ids in failing]
    return "\n".join(lines)


def write_docs(table: str) -> None:
    text = DOCS.read_text()
    if START not in text:
        raise RuntimeError(f"{DOCS} has no {START} … {END} block")
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    DOCS.write_text(f"{before}{START}\n{table}\n{END}{after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("LIGHTHOUSE_RUNS", "3")))
    parser.add_argument("--only", default="", help=f"some of {','.join(PAGE_KEYS)}")
    parser.add_argument("--write", action="store_true", help="replace the table in the docs")
    parser.add_argument("--no-setup", action="store_true", help="skip migrate and demo data")
    arguments = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run 'make static' (npm install).", file=sys.stderr)
        return 1
    url = database_url()
    static_root = Path(tempfile.mkdtemp(prefix="lighthouse-static-"))
    try:
        if arguments.no_setup:
            manage(
                "collectstatic",
                "--noinput",
                "-v0",
                settings="config.settings.production",
                env={"SECRET_KEY": "collectstatic-only", "STATIC_ROOT": str(static_root)},
            )
        else:
            set_up(url, static_root)
        pages, username = pages_and_user(url)
        if arguments.only:
            wanted = set(arguments.only.split(","))
            pages = [page for page in pages if page.key in wanted]
        results = []
        with gunicorn(url, static_root, free_port()) as base:
            cookie = log_in(base, username)
            for page in pages:
                runs = []
                for number in range(1, arguments.runs + 1):
                    out = Path(tempfile.gettempdir()) / f"lighthouse-{page.key}-{number}.json"
                    log(f"{page.name} {base}{page.path} (run {number})")
                    report = lighthouse(
                        base + page.path, cookie=cookie if page.signed_in else "", out=out
                    )
                    if (
                        report.get("finalDisplayedUrl", "").endswith("/inloggen/")
                        and page.signed_in
                    ):
                        raise RuntimeError(f"{page.path} sent Lighthouse to the login page")
                    runs.append(summarise(page, report, out))
                results.append((median_run(runs), runs))
        table = render(results, user=username, runs=arguments.runs)
        print(table)
        (Path(tempfile.gettempdir()) / "lighthouse.md").write_text(table + "\n")
        if arguments.write:
            write_docs(table)
            log(f"written to {DOCS}")
        return 0
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
