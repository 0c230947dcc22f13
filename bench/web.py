"""The pages under load, each beside the template-only page; queries per page at 1× and 100×;
50 logged-in users at once; and gunicorn's worker sizing.

The product is served as docker-compose serves it: gunicorn with config/gunicorn.py,
config.settings.production, persistent database connections. wrk drives it over loopback
with real sessions (made with Django's SessionStore, sent as cookies by a Lua script).

Two runs per page, because one cannot give both figures (Little's law: with C requests in
flight, latency = C ÷ throughput):
- throughput: 16 connections, more than the workers can serve, so requests/s is the most the
  server gives; it is divided by the template-only page's requests/s measured just before,
  under the same load (the machine is shared, so the two are taken side by side);
- latency (median, p95, min–max): 2 connections, one per core, so a request waits for no
  other and p95 is the page's own time, not time queued behind fifteen others.
"""

import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .table import Context, Row, percentile, ratio

ROOT = Path(__file__).resolve().parent.parent
BASIS_PATH = "/bench/basis/"
THROUGHPUT_CONNECTIONS = 16
LATENCY_CONNECTIONS = 2
LOAD_USERS = 50
P95_PAGE_MS = 100.0
P95_DASHBOARD_MS = 50.0
P95_LOAD_MS = 500.0
MAX_QUERIES = 12
DASHBOARD_RATIO = 0.50


@dataclass(frozen=True)
class Durations:
    warm: int
    basis: int
    throughput: int
    latency: int
    load: int
    sizing: int

    @classmethod
    def for_run(cls, *, quick: bool) -> "Durations":
        if quick:
            return cls(warm=1, basis=3, throughput=4, latency=4, load=15, sizing=4)
        return cls(warm=2, basis=5, throughput=10, latency=10, load=60, sizing=8)


# --- Sessions -------------------------------------------------------------------------------


def session_for(user) -> str:
    """A logged-in session for `user`, stored as the product stores its own (the session
    engine of the settings), as if the user had logged in: the cookie's value."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        load_backend,
    )
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    # The backend a login records is one that can read the user back (as the test client's
    # force_login picks it): django-axes' backend, listed first, only checks the attempt.
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def cookie_header(session_key: str) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={session_key}"


@dataclass
class Visitor:
    """One logged-in connection: its cookie and the pages it asks for, in turn; an API
    client sends its token (`authorization`, "Bearer …") instead of a cookie."""

    cookie: str
    paths: list[str]
    authorization: str = ""

    def headers(self) -> dict[str, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if self.authorization:
            headers["Authorization"] = self.authorization
        return headers


# --- wrk -----------------------------------------------------------------------------------

# Each wrk thread has its own Lua state. "rotate": every request takes the next session (the
# pages' runs, 16 connections over the sessions); "own": thread N keeps visitor N (the
# 50-user run, one connection per thread). done() prints the counts and the latency's
# quantiles (every 0.1 %) as one JSON line: wrk keeps a histogram, not the samples.
LUA = """
local visitors = %(visitors)s
local mode = "%(mode)s"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  turn = id - 1
  requests = {}
  for v, visitor in ipairs(visitors) do
    requests[v] = {}
    local headers = {}
    if visitor.cookie ~= "" then headers["Cookie"] = visitor.cookie end
    if visitor.authorization ~= "" then headers["Authorization"] = visitor.authorization end
    for p, path in ipairs(visitor.paths) do
      requests[v][p] = wrk.format("GET", path, headers)
    end
  end
end

function request()
  local v
  if mode == "own" then
    v = ((id - 1) %% #visitors) + 1
  else
    v = (turn %% #visitors) + 1
  end
  local own = requests[v]
  local r = own[(turn %% #own) + 1]
  turn = turn + 1
  return r
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non200") end
  local q = {}
  for i = 0, 1000 do
    local value
    if i == 0 then value = latency.min elseif i == 1000 then value = latency.max
    else value = latency:percentile(i / 10) end
    q[#q + 1] = string.format("%%.3f", value / 1000)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "non200": %%d, "quantiles_ms": [%%s]}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    bad, table.concat(q, ", ")))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(visitors: Sequence[Visitor], *, mode: str) -> str:
    if mode not in {"rotate", "own"}:
        raise ValueError(mode)
    if not visitors or any(not visitor.paths for visitor in visitors):
        raise ValueError("every visitor needs at least one page")
    entries = ",\n  ".join(
        f"{{cookie = {lua_string(visitor.cookie)}, "
        f"authorization = {lua_string(visitor.authorization)}, "
        f"paths = {{{', '.join(lua_string(path) for path in visitor.paths)}}}}}"
        for visitor in visitors
    )
    return LUA % {"visitors": "{\n  " + entries + "\n}", "mode": mode}


@dataclass
class Load:
    """What one load run measured."""

    requests: int
    seconds: float
    quantiles_ms: list[float]  # equal-weight quantiles of the latency (min … max)
    socket_errors: int
    non200: int
    tool: str = "wrk"

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non200

    @property
    def p95(self) -> float:
        return percentile(self.quantiles_ms, 95) if self.quantiles_ms else math.inf

    @property
    def median(self) -> float:
        return percentile(self.quantiles_ms, 50) if self.quantiles_ms else math.inf


def parse_wrk(output: str) -> Load:
    for line in output.splitlines():
        if line.startswith("BENCH-RESULT "):
            data = json.loads(line.removeprefix("BENCH-RESULT "))
            # No request finished: wrk's histogram then holds nothing (its minimum unset).
            finished = data["requests"] > 0
            return Load(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                quantiles_ms=[float(value) for value in data["quantiles_ms"]] if finished else [],
                # wrk's "status" errors are answers of 400 and up: the Lua counter already
                # has them, with the redirects (a lost session answers 302 to the login).
                socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
                non200=data["non200"],
            )
    raise RuntimeError(f"wrk printed no result:\n{output[-2000:]}")


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def drive(
    base_url: str,
    visitors: Sequence[Visitor],
    *,
    connections: int,
    seconds: int,
    mode: str = "rotate",
) -> Load:
    """`connections` connections asking for the visitors' pages for `seconds` seconds: wrk,
    or a Python load generator where wrk cannot be had."""
    if not wrk_available():
        return drive_python(base_url, visitors, connections=connections, seconds=seconds, mode=mode)
    threads = connections if mode == "own" else min(connections, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(visitors, mode=mode))
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    settle(base_url)
    return parse_wrk(result.stdout)


def drive_enough(
    base_url: str,
    visitors: Sequence[Visitor],
    *,
    connections: int,
    seconds: int,
    least: int,
) -> Load:
    """A run that finished at least `least` requests: a page slower than the run is short
    gets one longer run (three times as long) instead of no figure."""
    load = drive(base_url, visitors, connections=connections, seconds=seconds)
    if load.requests < least:
        load = drive(base_url, visitors, connections=connections, seconds=seconds * 3)
    return load


def settle(base_url: str) -> None:
    """Wait until the server has worked off what the run left queued: wrk closes its
    connections at the end, but the sync workers still serve every request already in the
    listen queue, and the next run would wait behind them. A request to the template-only
    page, asked for after them, is answered once they are done."""
    for _ in range(2):
        get(base_url, BASIS_PATH)


def drive_python(
    base_url: str,
    visitors: Sequence[Visitor],
    *,
    connections: int,
    seconds: int,
    mode: str = "rotate",
) -> Load:
    """The fallback: one thread per connection, each with a keep-alive connection. Python
    threads share one core's worth of interpreter, so this saturates sooner than wrk; its
    figures are marked as such in the table."""
    host, port = base_url.removeprefix("http://").rstrip("/").split(":")
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    socket_errors = [0] * connections
    non200 = [0] * connections

    def worker(number: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        turn = number
        while time.monotonic() < deadline:
            visitor = visitors[(number if mode == "own" else turn) % len(visitors)]
            path = visitor.paths[turn % len(visitor.paths)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=visitor.headers())
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                socket_errors[number] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                continue
            latencies[number].append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                non200[number] += 1
        connection.close()

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    samples = [latency for own in latencies for latency in own]
    quantiles = [percentile(samples, step / 10) for step in range(1001)] if samples else []
    settle(base_url)
    return Load(
        requests=len(samples),
        seconds=time.monotonic() - started,
        quantiles_ms=quantiles,
        socket_errors=sum(socket_errors),
        non200=sum(non200),
        tool="python",
    )


# --- gunicorn ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, broker_url: str) -> dict[str, str]:
    """docker-compose's web environment, on loopback, with the template-only page on. The
    secret key is the bench process's own, so the sessions it stores are valid there."""
    environment = dict(os.environ)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            # One key per bench run, for this process and every server it starts.
            "SECRET_KEY": os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            # Plain HTTP on loopback: the API's refusal of it is for the network.
            "API_REQUIRE_TLS": "false",
            # The rate limit counts real clients; the bench is many requests of one token.
            "API_RATE_TOKEN": "100000000/min",
            "CONN_MAX_AGE": "600",
            "BENCH_PAGES": "true",
        }
    )
    return environment


@contextmanager
def gunicorn(
    ctx: Context,
    *,
    port: int,
    options: Sequence[str] = (),
    log_name: str = "gunicorn",
    secret_key: str | None = None,
) -> Iterator[str]:
    """gunicorn with config/gunicorn.py (what docker-compose runs), bound to loopback; yields
    its base URL and stops it (its own process group) afterwards. `secret_key`: the key the
    sessions were signed with, when it is not the bench's own (the load test's)."""
    environment = server_environment(ctx.database_url, ctx.broker_url)
    if secret_key is not None:
        environment["SECRET_KEY"] = secret_key
    log_path = Path(tempfile.gettempdir()) / f"bench-{log_name}-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                ctx.python,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{port}",
                *options,
                "config.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process, log_path)
        yield base_url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log_path}\n{log_path.read_text()[-3000:]}")
        try:
            status, _ = get(base_url, BASIS_PATH)
            if status == 200:
                return
            raise RuntimeError(f"{BASIS_PATH} answered {status}: is BENCH_PAGES honoured?")
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within 90 s: see {log_path}")


def get(base_url: str, path: str, cookie: str = "", authorization: str = "") -> tuple[int, bytes]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        connection.request("GET", path, headers=Visitor(cookie, [path], authorization).headers())
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- The pages and the data they are measured on ------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    p95_ms: float | None  # the p95 goal at scale, where it sets one
    ratio_goal: float | None = None  # requests/s ÷ the template-only page's, where set
    world: str = "plans"  # measured on the plans' world, or the governance world
    api: bool = False  # asked with an API token of the world's region, not a session


# The governance pages (issue 13): measured in the region with the most meetings, on its
# body with the most members, its meeting with the most agenda items and its proposal with a
# decision (governance_paths); not in the 50-user run, which browses the plans' pages.
GOVERNANCE_PAGES = [
    Page("body", "body page", P95_PAGE_MS, world="governance"),
    Page("meeting", "meeting page", P95_PAGE_MS, world="governance"),
    Page("proposal", "proposal page", P95_PAGE_MS, world="governance"),
]

# The API (issue 14): the lists and the progress, with a read token of the region, at the
# API's default page size (100); the pages' goal (p95 ≤ 100 ms at scale, queries equal at
# 1× and 100×).
API_PAGES = [
    Page("api-plans", "API: plans of the region", P95_PAGE_MS, api=True),
    Page("api-plan", "API: a plan with lines, projects, targets", P95_PAGE_MS, api=True),
    Page("api-progress", "API: a plan's progress", P95_PAGE_MS, api=True),
    Page("api-progress-region", "API: progress of the region's plans", P95_PAGE_MS, api=True),
    Page("api-realisations", "API: realisations (100 a page)", P95_PAGE_MS, api=True),
    Page("api-expenditures", "API: approved spending (100 a page)", P95_PAGE_MS, api=True),
]

PAGES = [
    Page("dashboard", "region dashboard", P95_DASHBOARD_MS, DASHBOARD_RATIO),
    Page("plan", "plan page", P95_PAGE_MS),
    Page("progress", "progress page", P95_PAGE_MS),
    Page("grid", "realisation grid", P95_PAGE_MS),
    Page("overview", "national overview", P95_PAGE_MS),
    Page("archive", "report archive", None),
    Page("money", "budget against actual", None),
    *GOVERNANCE_PAGES,
    *API_PAGES,
]


@dataclass
class World:
    """One region, its largest plan and its users: the demo's (1×) or the synthetic (100×).
    A governance world is the region with the most meetings; its pages are the body, meeting
    and proposal pages."""

    label: str
    region: object
    plan: object
    users: list = field(default_factory=list)  # the region's users, programme manager first
    kind: str = "plans"
    # A governance world's meeting page: this meeting (of the same shape as the other
    # scale's, bench.shapes) when set, else the region's meeting with the most agenda items.
    meeting: object = None
    _authorization: str = ""

    @property
    def authorization(self) -> str:
        """`Bearer …` of a read token of the world's region, made once per bench run by a
        beheerder through the service, as a regiobeheerder makes one on the token page."""
        if not self._authorization:
            from django.contrib.auth import get_user_model

            from regions.services import api_token_create

            maker = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
            _token, secret = api_token_create(
                name="make bench", region=self.region, may_deliver=False, actor=maker
            )
            self._authorization = f"Bearer {secret}"
        return self._authorization

    def paths(self) -> dict[str, str]:
        from django.urls import reverse

        if self.kind == "governance":
            return governance_paths(self.region, meeting=self.meeting)
        plan, region = self.plan, self.region
        return {
            "dashboard": reverse("reporting:dashboard", kwargs={"slug": region.slug}),
            "plan": reverse("programmes:plan-detail", kwargs={"pk": plan.pk}),
            "progress": reverse("placements:progress", kwargs={"plan_pk": plan.pk}),
            "grid": reverse("placements:grid", kwargs={"plan_pk": plan.pk}),
            "overview": reverse("reporting:overview", kwargs={"code": plan.programme.code}),
            "archive": reverse("reporting:report-archive", kwargs={"slug": region.slug}),
            "money": reverse("budgets:plan-money", kwargs={"plan_pk": plan.pk}),
            "api-plans": f"/api/v1/plans?region={region.code}",
            "api-plan": f"/api/v1/plans/{plan.pk}",
            "api-progress": f"/api/v1/plans/{plan.pk}/progress",
            "api-progress-region": f"/api/v1/progress?region={region.code}",
            "api-realisations": f"/api/v1/realisations?plan={plan.pk}",
            "api-expenditures": f"/api/v1/expenditures?plan={plan.pk}",
        }

    def paths_for(self, user) -> list[str]:
        """The pages this user may open: the grid only for who records realisations."""
        from regions.permissions import can_record_realisations

        paths = self.paths()
        if "grid" in paths and not can_record_realisations(user, self.plan):
            del paths["grid"]
        return [path for key, path in paths.items() if not key.startswith("api-")]


def governance_paths(region, *, meeting=None) -> dict[str, str]:
    """The body page of `region`'s body with the most members, the meeting page of `meeting`
    or else of its meeting with the most agenda items (the latest of those) and the proposal
    page of its proposal with the most decisions: the largest of each, found by query."""
    from django.db.models import Count
    from django.urls import reverse

    from regions.models import GoverningBody, Meeting, Proposal

    body = (
        GoverningBody.objects.filter(region=region)
        .annotate(size=Count("memberships"))
        .order_by("-size", "pk")
        .first()
    )
    if meeting is None:
        meeting = (
            Meeting.objects.filter(body__region=region)
            .annotate(size=Count("agenda_items"))
            .order_by("-size", "-date", "pk")
            .first()
        )
    proposal = (
        Proposal.objects.filter(body__region=region)
        .annotate(size=Count("decisions"))
        .order_by("-size", "-date", "pk")
        .first()
    )
    slug = region.slug
    paths = {}
    if body is not None:
        paths["body"] = reverse("regions:body-detail", kwargs={"slug": slug, "pk": body.pk})
    if meeting is not None:
        paths["meeting"] = reverse(
            "regions:meeting-detail", kwargs={"slug": slug, "pk": meeting.pk}
        )
    if proposal is not None:
        paths["proposal"] = reverse(
            "regions:proposal-detail", kwargs={"slug": slug, "pk": proposal.pk}
        )
    return paths


def governance_world(*, synthetic: bool, with_proposal: bool = False) -> "World | None":
    """The region (of the demo, or synthetic) with the most meetings and users, one of its
    plans, its users: where the governance pages are measured. `with_proposal`: of the
    regions with a proposal (the demo has one, Gooi en Vechtstreek's, not in the region with
    the most meetings)."""
    from django.db.models import Count, Exists, OuterRef

    from regions.models import Proposal, Region

    marker = synthetic_filter()
    if synthetic and not marker:
        return None
    regions = Region.objects.filter(**({"synthetic": synthetic} if marker else {}))
    if with_proposal:
        regions = regions.filter(Exists(Proposal.objects.filter(body__region=OuterRef("pk"))))
    ranked = (
        regions.annotate(meetings=Count("governing_bodies__meetings"))
        .filter(meetings__gt=0)
        .order_by("-meetings", "pk")
    )
    for region in ranked:
        users = region_users(region)
        if users:
            plan = region.action_plans.order_by("-start_date", "pk").first()
            return World("100×" if synthetic else "1×", region, plan, users, kind="governance")
    return None


def synthetic_filter() -> dict:
    """Region.synthetic arrives with the scale data (generate_scale_data); before it, every
    region is the demo's."""
    from regions.models import Region

    names = {f.name for f in Region._meta.get_fields()}
    return {"synthetic": True} if "synthetic" in names else {}


def largest_plans(*, synthetic: bool) -> list[tuple[object, int]]:
    """Plans that take realisations, in their regions, most realisations first (in regions
    with reports before the others)."""
    from django.db.models import Count

    from placements.models import Realisation
    from programmes.models import ActionPlan

    marker = synthetic_filter()
    plans = ActionPlan.objects.filter(region__isnull=False).select_related("region", "programme")
    if marker:
        plans = plans.filter(region__synthetic=synthetic)
    elif synthetic:
        return []
    counts = dict(
        Realisation.objects.filter(target__plan__in=plans)
        .values_list("target__plan")
        .annotate(n=Count("pk"))
        .values_list("target__plan", "n")
    )
    # A region with reports first: an empty archive skips fetching its (empty) page, one
    # query fewer than any archive with a report in it, which is not the data growing.
    from reporting.models import Report

    reported = set(Report.objects.values_list("plan__region", flat=True).distinct())
    ranked = sorted(
        plans,
        key=lambda plan: (plan.region_id not in reported, -counts.get(plan.pk, 0), plan.pk),
    )
    return [(plan, counts.get(plan.pk, 0)) for plan in ranked if plan.accepts_realisations]


def region_users(region) -> list:
    """The region's users, the programme manager (who sees every page) first."""
    from regions.models import RoleAssignment

    order = [choice for choice, _ in RoleAssignment.Role.choices]
    assignments = (
        RoleAssignment.objects.filter(region=region, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    seen, users = set(), []
    for assignment in sorted(assignments, key=lambda a: order.index(a.role)):
        if assignment.user.pk not in seen:
            seen.add(assignment.user.pk)
            users.append(assignment.user)
    return users


def worlds(*, synthetic: bool, count: int) -> list[World]:
    """The `count` regions with the most data, one plan each (their largest)."""
    picked, regions = [], set()
    for plan, _ in largest_plans(synthetic=synthetic):
        if plan.region_id in regions:
            continue
        users = region_users(plan.region)
        if not users:
            continue
        regions.add(plan.region_id)
        picked.append(World("100×" if synthetic else "1×", plan.region, plan, users))
        if len(picked) == count:
            break
    return picked


# --- Queries per request -------------------------------------------------------------------


def count_queries(world: World, keys=None) -> dict[str, int]:
    """Queries of each page (of `keys`, when given) for the programme manager, in-process
    (Django's test client against the bench database), the second request of two: caches
    warm, as under load."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(world.users[0])
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=world.authorization)
    counts = {}
    for key, path in world.paths().items():
        if keys is not None and key not in keys:
            continue
        asking = api if key.startswith("api-") else client
        asking.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = asking.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} for {world.users[0]}")
        counts[key] = len(queries)
    return counts


# --- The runs ------------------------------------------------------------------------------


def visitors_for(world: World, path: str, sessions: int, api: bool = False) -> list[Visitor]:
    """`sessions` sessions of the world's users who may open `path`, for one page's runs;
    for the API, `sessions` connections with the world's read token."""
    if api:
        return [Visitor("", [path], world.authorization) for _ in range(sessions)]
    users = [user for user in world.users if path in world.paths_for(user)]
    return [
        Visitor(cookie_header(session_for(users[n % len(users)])), [path]) for n in range(sessions)
    ]


def check_pages(base_url: str, visitors: Sequence[Visitor]) -> None:
    """Every page answers 200 to its visitor before it is measured (a 302 to the login page
    would be measured as a fast page otherwise)."""
    seen = set()
    for visitor in visitors:
        for path in visitor.paths:
            if (visitor.cookie, path) in seen:
                continue
            seen.add((visitor.cookie, path))
            status, _ = get(base_url, path, visitor.cookie, visitor.authorization)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the run")


def match_meetings(ctx: Context, demo: World, scaled: World) -> None:
    """The meeting page at 1× and at 100× on meetings of the same shape (bench.shapes: the
    kinds of agenda subjects, and a decision list or none), the largest of that shape in each
    world's region: the largest meetings may differ in what they hold (the synthetic one
    still to come, without decisions, the demo's with them), and a query for what is absent
    is skipped."""
    from regions.models import Meeting

    from .shapes import PAGE_FEATURES, matched_meetings

    found = matched_meetings(
        Meeting.objects.filter(body__region=demo.region),
        Meeting.objects.filter(body__region=scaled.region),
        PAGE_FEATURES,
    )
    if found.demo is None or found.scaled is None:
        return
    demo.meeting, scaled.meeting = found.demo, found.scaled
    ctx.log(
        f"web: meeting page on meetings {found.demo.pk} (1×) and {found.scaled.pk} (100×) with "
        f"{', '.join(found.shape) or 'an agenda'}" + ("" if found.exact else " (closest shapes)")
    )


def page_rows(ctx: Context, base_url: str, durations: Durations) -> list[Row]:
    ctx.log("web: queries per request at 1× (demo data)")
    demo = worlds(synthetic=False, count=1)
    if not demo:
        raise RuntimeError("no demo plan with a region: did load_demo_data run?")
    queries_1x = count_queries(demo[0])
    demo_governance = governance_world(synthetic=False)
    scaled = worlds(synthetic=True, count=1) if ctx.scale else []
    scaled_governance = governance_world(synthetic=True) if ctx.scale else None
    if demo_governance is not None and scaled_governance is not None:
        match_meetings(ctx, demo_governance, scaled_governance)
    if demo_governance is not None:
        queries_1x.update(count_queries(demo_governance))
        if "proposal" not in queries_1x:
            # The demo's one proposal is in another region than its most meetings.
            proposal_world = governance_world(synthetic=False, with_proposal=True)
            if proposal_world is not None:
                queries_1x.update(count_queries(proposal_world, keys={"proposal"}))
    queries_100x: dict[str, int] = {}
    if scaled:
        ctx.log("web: queries per request at 100× (synthetic data)")
        queries_100x = count_queries(scaled[0])
    if scaled_governance is not None:
        queries_100x.update(count_queries(scaled_governance))
    world = scaled[0] if scaled else demo[0]
    governance = scaled_governance if scaled else demo_governance
    ctx.log(
        f"web: pages of {world.region} / plan {world.plan.pk} ({world.label}), "
        f"{len(world.users)} users"
    )

    basis_visitors = [Visitor("", [BASIS_PATH])]
    drive(base_url, basis_visitors, connections=LATENCY_CONNECTIONS, seconds=durations.warm)
    basis_latency = drive(
        base_url, basis_visitors, connections=LATENCY_CONNECTIONS, seconds=durations.latency
    )
    basis_runs: list[float] = []
    rows: list[Row] = []
    paths = {"plans": world.paths(), "governance": governance.paths() if governance else {}}
    for page in PAGES:
        page_world = governance if page.world == "governance" else world
        path = paths[page.world].get(page.key)
        if page_world is None or path is None:
            ctx.log(f"web: {page.name}: no such object in the data, not measured")
            continue
        visitors = visitors_for(page_world, path, THROUGHPUT_CONNECTIONS, api=page.api)
        check_pages(base_url, visitors[:1])
        ctx.log(f"web: {page.name} {path}")
        drive(base_url, visitors, connections=LATENCY_CONNECTIONS, seconds=durations.warm)
        basis = drive(
            base_url, basis_visitors, connections=THROUGHPUT_CONNECTIONS, seconds=durations.basis
        )
        basis_runs.append(basis.per_second)
        loaded = drive_enough(
            base_url,
            visitors,
            connections=THROUGHPUT_CONNECTIONS,
            seconds=durations.throughput,
            least=THROUGHPUT_CONNECTIONS,
        )
        latency = drive_enough(
            base_url,
            visitors,
            connections=LATENCY_CONNECTIONS,
            seconds=durations.latency,
            least=5,
        )
        rows.append(
            page_row(
                page,
                world=page_world,
                loaded=loaded,
                latency=latency,
                basis_per_second=basis.per_second,
                queries=(queries_1x.get(page.key), queries_100x.get(page.key)),
                scale=bool(scaled),
            )
        )
    basis_median = percentile(basis_runs, 50) if basis_runs else 0.0
    basis_row = Row(
        figure="template-only page (50-row table, no database)",
        goal="the limit the pages are held against",
        samples_ms=basis_latency.quantiles_ms or None,
        value=basis_median,
        ratio=None,
        limit="",
        ok=None,
        note=(
            f"{basis_median:,.0f} req/s at {THROUGHPUT_CONNECTIONS} connections "
            f"(median of {len(basis_runs)} runs, "
            f"{min(basis_runs, default=0):,.0f}–{max(basis_runs, default=0):,.0f})"
            + tool_note(basis_latency)
        ),
    )
    return [basis_row, *rows]


def tool_note(load: Load) -> str:
    return "" if load.tool == "wrk" else "; Python load generator (no wrk)"


def page_row(
    page: Page,
    *,
    world: World,
    loaded: Load,
    latency: Load,
    basis_per_second: float,
    queries: tuple[int | None, int | None],
    scale: bool,
) -> Row:
    held = ratio(loaded.per_second, basis_per_second)
    goals, misses = [], []
    if page.ratio_goal is not None:
        goals.append(f"≥ {page.ratio_goal:.2f} × basis req/s")
        if held is None or held < page.ratio_goal:
            misses.append("req/s")
    if page.p95_ms is not None:
        goals.append(f"p95 ≤ {page.p95_ms:.0f} ms")
        if latency.p95 > page.p95_ms:
            misses.append("p95")
    goals.append(f"≤ {MAX_QUERIES} queries, equal at 1×/100×")
    counted = [count for count in queries if count is not None]
    if any(count > MAX_QUERIES for count in counted):
        misses.append("queries")
    if len(counted) == 2 and counted[0] != counted[1]:
        misses.append("queries grow")
    errors = loaded.errors + latency.errors
    if errors:
        misses.append(f"{errors} errors")
    note = f"{loaded.per_second:,.1f} req/s vs basis {basis_per_second:,.0f}"
    if misses:
        note += "; missed: " + ", ".join(misses)
    if not scale:
        note += "; demo data only (no scale data)"
    if not latency.quantiles_ms:
        misses.append("no request finished")
    return Row(
        figure=f"{page.name} ({world.label})",
        goal="; ".join(goals),
        samples_ms=latency.quantiles_ms or None,
        queries=queries,
        value=loaded.per_second,
        ratio=held,
        limit=f"≥ {page.ratio_goal:.2f}" if page.ratio_goal is not None else "",
        # Without the scale data the goals (set at scale) are not judged.
        ok=(not misses) if scale else None,
        note=note + tool_note(loaded),
    )


def load_visitors(ctx: Context, users: int) -> tuple[list[Visitor], str]:
    """`users` logged-in visitors, each its own session, spread over the regions with the
    most data, each browsing its own region's pages."""
    regions = worlds(synthetic=True, count=users) if ctx.scale else []
    label = "100×"
    if not regions:
        regions = worlds(synthetic=False, count=users)
        label = "1×"
    pairs = [(world, user) for world in regions for user in world.users]
    visitors = []
    for n in range(users):
        world, user = pairs[n % len(pairs)]
        paths = world.paths_for(user)
        # Each starts at another page, so the pages are asked for evenly at any moment.
        start = n % len(paths)
        visitors.append(Visitor(cookie_header(session_for(user)), paths[start:] + paths[:start]))
    return visitors, f"{label}, {len(regions)} regions, {len({u.pk for _, u in pairs})} users"


def load_row(ctx: Context, base_url: str, durations: Durations) -> Row:
    visitors, spread = load_visitors(ctx, LOAD_USERS)
    check_pages(base_url, visitors[:4])
    ctx.log(f"web: {LOAD_USERS} users for {durations.load} s ({spread})")
    load = drive(base_url, visitors, connections=LOAD_USERS, seconds=durations.load, mode="own")
    ok = load.errors == 0 and load.p95 <= P95_LOAD_MS
    return Row(
        figure=f"{LOAD_USERS} logged-in users, {durations.load} s, all pages",
        goal=f"0 errors, p95 ≤ {P95_LOAD_MS:.0f} ms",
        samples_ms=load.quantiles_ms or None,
        value=load.p95,
        ratio=ratio(load.p95, P95_LOAD_MS),
        limit="≤ 1",
        ok=ok if ctx.scale else None,
        note=(
            f"{load.errors} errors ({load.socket_errors} socket, {load.non200} not 200), "
            f"{load.per_second:,.1f} req/s; {spread}" + tool_note(load)
        ),
    )


# gthread on 2 cores (the bare stack measured no gain without a database); here with one,
# where a thread could use the time a request waits for PostgreSQL.
SIZINGS = [
    ("sync × 2", ["--workers", "2"]),
    ("sync × 3", ["--workers", "3"]),
    ("sync × 4", ["--workers", "4"]),
    ("sync × 5", ["--workers", "5"]),
    ("gthread 2 × 4", ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]),
    ("gthread 4 × 4", ["--workers", "4", "--worker-class", "gthread", "--threads", "4"]),
]


def sizing_rows(ctx: Context, durations: Durations, port: int) -> list[Row]:
    """The dashboard at 16 connections under each worker set-up, one server after another.
    The demo's (1×): there the time is the workers' own Python, which is what their number
    shares out over the cores; at scale (before issue 12's work) one PostgreSQL query of
    several seconds takes most of it, the same with any number of workers, and its queue of
    16 requests would keep each set-up minutes."""
    world = worlds(synthetic=False, count=1)
    path = world[0].paths()["dashboard"]
    visitors = visitors_for(world[0], path, THROUGHPUT_CONNECTIONS)
    rows, first = [], None
    for name, options in SIZINGS:
        ctx.log(f"workers: {name}")
        with gunicorn(ctx, port=port, options=options, log_name="sizing") as base_url:
            check_pages(base_url, visitors[:1])
            drive(base_url, visitors, connections=THROUGHPUT_CONNECTIONS, seconds=durations.warm)
            load = drive_enough(
                base_url,
                visitors,
                connections=THROUGHPUT_CONNECTIONS,
                seconds=durations.sizing,
                least=THROUGHPUT_CONNECTIONS,
            )
        first = first or load.per_second
        rows.append(
            Row(
                figure=f"gunicorn {name}: dashboard ({world[0].label})",
                goal="most req/s (worker sizing)",
                samples_ms=load.quantiles_ms or None,
                value=load.per_second,
                ratio=ratio(load.per_second, first),
                limit="÷ sync × 2",
                ok=None,
                note=(
                    f"{load.per_second:,.1f} req/s at {THROUGHPUT_CONNECTIONS} connections, "
                    f"{load.errors} errors" + tool_note(load)
                ),
            )
        )
    return rows


def run(ctx: Context, *, sections: Sequence[str] = ("web", "load", "workers")) -> list[Row]:
    durations = Durations.for_run(quick=ctx.quick)
    port = int(os.environ.get("BENCH_PORT") or free_port())
    rows: list[Row] = []
    if not wrk_available():
        ctx.log("web: wrk not found, using the Python load generator (rougher figures)")
    if "web" in sections or "load" in sections:
        with gunicorn(ctx, port=port) as base_url:
            if "web" in sections:
                rows += page_rows(ctx, base_url, durations)
            if "load" in sections:
                rows.append(load_row(ctx, base_url, durations))
    if "workers" in sections:
        rows += sizing_rows(ctx, durations, port)
    return rows
