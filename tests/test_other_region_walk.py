"""No way into another region. Every page and file a region's users can reach (collected by
walking the site from the home page as each of them, following every link and htmx GET) is
refused to the users of another region: 403 or 404 for every address that names one of the
region's objects, whoever asks. The walk is the check that no new page slips past the
permissions: a page added later is found by the walk, not by a list kept by hand."""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from programmes.models import ActionPlan
from regions.models import Region, RoleAssignment
from reporting.services import report_request

pytestmark = pytest.mark.django_db

WALKED = "zuid-kennemerland-en-ijmond"  # the RMT plan: spending, receipts, monthly overviews
OUTSIDER = "midden-gelderland"

LINK = re.compile(r'(?:href|data-hx-get)="(/[^"]*)"')
# Not a region's object: the language switch, signing out, the admin (its own login) and the
# static and media prefixes of the server.
LEAVE_ALONE = ("/i18n/", "/uitloggen/", "/beheer/", "/static/", "/media/")
# Addresses with a kwarg that names something national, not a region's object: the national
# overview of a programme is open to every signed-in user (reporting.views.dashboard).
NATIONAL = {"reporting:overview"}
# A national plan (no region: the Banenafspraak's national targets) is read by everyone.
NATIONAL_PLAN = re.compile(r"^/plannen/(\d+)/")
MAX_PAGES = 600


def users_of(slug: str):
    region = Region.objects.get(slug=slug)
    ids = RoleAssignment.objects.filter(region=region).values("user")
    return list(get_user_model().objects.filter(pk__in=ids, is_superuser=False).order_by("pk"))


def names_an_object(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    if not match.kwargs or match.view_name in NATIONAL:
        return False
    plan = NATIONAL_PLAN.match(path)
    return not (plan and ActionPlan.objects.filter(pk=plan[1], region__isnull=True).exists())


def walk(client: Client) -> set[str]:
    """Every address reachable from the home page by GET, as the signed-in user of `client`."""
    seen: set[str] = set()
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        address = queue.popleft()
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for found in LINK.findall(response.content.decode()):
            link = urldefrag(unescape(found))[0]
            if link and not link.startswith(LEAVE_ALONE) and link not in seen:
                queue.append(link)
    return seen


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker, tmp_path_factory):
    """The addresses of WALKED's objects its own users reach (with a report in its archive,
    which the test database's demo has not made), rolled back after the module."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        plan = ActionPlan.objects.filter(region__slug=WALKED).order_by("pk").first()
        report_request(
            plan=plan,
            actor=None,
            kind="voortgang",
            start_date=plan.start_date,
            end_date=plan.start_date.replace(month=12, day=31),
        )
        reached: set[str] = set()
        for user in users_of(WALKED):
            client = Client()
            client.force_login(user)
            reached |= {address for address in walk(client) if names_an_object(address)}
        yield reached
        transaction.set_rollback(True)


def test_the_walk_reaches_the_regions_pages_and_files(walked):
    """The walk is only as good as what it finds: the region's plans, their grid, progress,
    money pages, spending entries with receipts, the reports and their files."""
    kinds = {resolve(urlsplit(address).path).view_name for address in walked}
    for expected in (
        "regions:detail",
        "reporting:dashboard",
        "programmes:plan-detail",
        "placements:grid",
        "placements:progress",
        "budgets:plan-money",
        "reporting:report-detail",
    ):
        assert expected in kinds, sorted(kinds)
    assert len(walked) > 50, len(walked)


def test_every_object_address_of_a_region_is_refused_to_another_regions_users(walked):
    outsiders = users_of(OUTSIDER)
    assert outsiders
    let_through = []
    for user in outsiders:
        client = Client()
        client.force_login(user)
        for address in sorted(walked):
            status = client.get(address).status_code
            if status not in (403, 404):
                let_through.append((user.username, address, status))
    assert not let_through, let_through
