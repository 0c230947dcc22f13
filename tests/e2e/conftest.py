"""Browser tests: headless Chromium (Playwright, sync API) against pytest-django's live server.

Every test here is marked `browser`. The live server runs in a thread of this process and
serves static files itself (StaticFilesHandler, because django.contrib.staticfiles is
installed), so the NL Design System CSS, htmx and axe-core in static/vendor are real.

Chromium is the Debian package at /usr/bin/chromium; Playwright's own browser download is not
used (it cannot reach its servers here). When it is missing and we may install packages (root
with apt-get), the set-up installs it; otherwise the tests are skipped locally and fail in CI.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer

from tests.conftest import demo_data_loaded, restore_demo_data

# Playwright's sync API runs an asyncio event loop in the test thread; Django would otherwise
# refuse ORM calls (fixtures, assertions on the database) from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "demo"
TIMEOUT_MS = 10_000
BUILD_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            # WhiteNoise looks for collected files; the live server serves them from the
            # finders instead (there is no collectstatic in tests).
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


def _install_chromium() -> None:
    """Install Debian's chromium, as .ci/run does, when this user may."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=environment)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=environment)


def _require_chromium():
    if not CHROMIUM.exists():
        _install_chromium()
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI must install it (.ci/run does).", pytrace=False)
    pytest.skip(f"{message} Browser tests skipped outside CI.")


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def _shared_server():
    """A second live server for the whole session, outside pytest-django's `live_server`
    (asking for that one makes a test transactional: its tables are emptied afterwards)."""
    addr = os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def _committed_demo(django_db_setup, django_db_blocker):
    """The demo data committed, so the server's own connection sees it: loaded once with the
    test database, loaded again only when a transactional test has emptied the tables since.
    Set up before `db` opens the test's transaction."""
    with django_db_blocker.unblock():
        if not demo_data_loaded():
            restore_demo_data()


@pytest.fixture
def demo_site(_committed_demo, db, _shared_server):
    """The demo data served to the browser from the one shared database; returns the base URL.

    For tests that only read: what the browser changes (sessions, last login) is committed
    and stays for the next test, and the test's own database connection runs in a
    transaction that is rolled back, which the server does not see. A test that changes
    plans, realisations or reports takes `fresh_demo_site` instead."""
    _shared_server._live_server_modified_settings.enable()
    yield _shared_server.url
    _shared_server._live_server_modified_settings.disable()


@pytest.fixture
def fresh_demo_site(live_server, transactional_db):
    """The demo data in pytest-django's live server, for a test that changes it; returns the
    base URL. The test is transactional: the server sees what it commits, and the tables are
    emptied afterwards (the next test that needs the demo data loads it again)."""
    if not demo_data_loaded():
        restore_demo_data()
    return live_server.url


@pytest.fixture(scope="session")
def _compiled_messages(tmp_path_factory):
    """`make test` compiles locale/*.po; a bare `pytest` may run without the .mo files. Then
    compile them into a temporary directory (never into the project) for the language test."""
    project_locale = Path(settings.BASE_DIR) / "locale"
    if (project_locale / "en" / "LC_MESSAGES" / "django.mo").exists():
        return None
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (gettext) is needed to compile the translations.", pytrace=False)
        pytest.skip(
            "No compiled translations and no msgfmt to compile them (apt-get install gettext)."
        )
    target = tmp_path_factory.mktemp("locale")
    for po in project_locale.glob("*/LC_MESSAGES/django.po"):
        out = target / po.relative_to(project_locale).with_suffix(".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([msgfmt, "--check-format", "-o", str(out), str(po)], check=True)
    return target


@pytest.fixture
def translations(_compiled_messages, settings):
    """Make sure the English catalogue is available (see _compiled_messages)."""
    if _compiled_messages is not None:
        settings.LOCALE_PATHS = [_compiled_messages]


def login(page, live_server, username, password=DEMO_PASSWORD):
    """Sign in through the login form as `username`; returns when the home page is shown."""
    base = getattr(live_server, "url", live_server)
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(re.compile(re.escape(base) + r"/$"))
    return page


@pytest.fixture
def worker_queue(monkeypatch):
    """Builds queued by the site wait here, as on a broker, until the test (in the role of
    the worker) runs them (`run_worker`); so the browser sees the report queued first."""
    from reporting import tasks

    queued = []
    monkeypatch.setattr(
        tasks.build_report,
        "apply_async",
        lambda args, task_id: queued.append((args, task_id)),
    )
    return queued


def run_worker(queued):
    from reporting import tasks

    while queued:
        args, task_id = queued.pop(0)
        tasks.build_report.apply(args=args, task_id=task_id)
