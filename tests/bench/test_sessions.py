"""How the bench logs its visitors in and hands them to wrk (bench/web.py): sessions made
with the session store are real logins, the pages each user is given are the ones that user
may open, and the Lua script carries every cookie and page."""

import json

import pytest
from django.conf import settings
from django.test import Client

from bench import web
from placements.models import Realisation
from programmes.models import ActionPlan
from regions.models import RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    return web.worlds(synthetic=False, count=1)[0]


def test_a_stored_session_is_a_login_of_its_user(world):
    user = world.users[0]
    key = web.session_for(user)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    response = client.get(world.paths()["dashboard"])

    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_the_cookie_header_names_the_session_cookie():
    assert web.cookie_header("abc") == f"{settings.SESSION_COOKIE_NAME}=abc"


def test_the_demo_world_is_the_plan_with_the_most_realisations(world):
    counts = {
        plan.pk: Realisation.objects.filter(target__plan=plan).count()
        for plan in ActionPlan.objects.filter(region__isnull=False)
        if plan.accepts_realisations
    }
    assert counts[world.plan.pk] == max(counts.values())
    # Its users are the region's, the programme manager (who sees every page) first.
    assert RoleAssignment.objects.filter(
        user=world.users[0], region=world.region, role=RoleAssignment.Role.PROGRAMMAMANAGER
    ).exists()
    assert {user.pk for user in world.users} == set(
        RoleAssignment.objects.filter(region=world.region).values_list("user", flat=True)
    )


def test_every_page_given_to_a_user_opens_for_that_user(world):
    """The grid only for who records realisations; every other page for every role."""
    for user in world.users:
        client = Client()
        client.force_login(user)
        given = world.paths_for(user)
        pages = [path for key, path in world.paths().items() if not key.startswith("api-")]
        for path in pages:
            status = client.get(path).status_code
            assert (status == 200) == (path in given), (user.username, path, status)


def test_every_api_path_answers_the_worlds_token(world):
    """The API's lists and progress are measured with a read token of the world's region
    (not in the users' sessions): each answers it 200."""
    client = Client(headers={"authorization": world.authorization})
    api = {key: path for key, path in world.paths().items() if key.startswith("api-")}
    assert set(api) == {page.key for page in web.API_PAGES}
    for key, path in api.items():
        response = client.get(path)
        assert response.status_code == 200, (key, path, response.content[:200])
        assert response["API-Version"]
    assert not any(path.startswith("/api/") for path in world.paths_for(world.users[0]))


def test_fifty_visitors_each_have_their_own_session(demo):
    ctx = web.Context(
        database_url="", broker_url="", python="", scale=False, log=lambda message: None
    )
    visitors, spread = web.load_visitors(ctx, 50)
    assert len(visitors) == 50
    assert len({visitor.cookie for visitor in visitors}) == 50
    assert "1×" in spread
    # Each starts at another page, so the pages are asked for evenly.
    assert len({visitor.paths[0] for visitor in visitors}) > 1


def test_the_lua_script_carries_every_cookie_and_page():
    visitors = [
        web.Visitor('sessionid=a"b', ["/regios/x/dashboard/", "/plannen/1/"]),
        web.Visitor("sessionid=c", ["/plannen/2/"]),
        web.Visitor("", ["/api/v1/plans/2"], "Bearer t"),
    ]
    script = web.lua_script(visitors, mode="own")
    assert (
        '{cookie = "sessionid=a\\"b", authorization = "", '
        'paths = {"/regios/x/dashboard/", "/plannen/1/"}}'
    ) in script
    assert '{cookie = "sessionid=c", authorization = "", paths = {"/plannen/2/"}}' in script
    # An API client sends its token and no cookie (init leaves an empty header out).
    assert '{cookie = "", authorization = "Bearer t", paths = {"/api/v1/plans/2"}}' in script
    assert 'if visitor.authorization ~= "" then' in script
    assert 'local mode = "own"' in script


@pytest.mark.parametrize(
    ("visitors", "mode"),
    [([], "rotate"), ([web.Visitor("c", [])], "rotate"), ([web.Visitor("c", ["/"])], "other")],
)
def test_the_lua_script_refuses_what_wrk_could_not_run(visitors, mode):
    with pytest.raises(ValueError):
        web.lua_script(visitors, mode=mode)


def test_wrk_output_is_read_from_the_result_line():
    quantiles = [1.0 + step / 100 for step in range(1001)]
    line = "BENCH-RESULT " + json.dumps(
        {
            "requests": 500,
            "duration_us": 10_000_000,
            "connect": 0,
            "read": 1,
            "write": 0,
            "status": 2,
            "timeout": 3,
            "non200": 2,
            "quantiles_ms": quantiles,
        }
    )
    load = web.parse_wrk(f"Running 10s test\n{line}\n")
    assert load.per_second == 50
    assert load.socket_errors == 4  # read + timeout; the answers ≥ 400 are among the non-200
    assert load.errors == 6
    assert load.median == pytest.approx(6.0)
    assert load.p95 == pytest.approx(10.5)


def test_a_run_where_nothing_finished_has_no_latency():
    line = "BENCH-RESULT " + json.dumps(
        {
            "requests": 0,
            "duration_us": 3_000_000,
            "connect": 0,
            "read": 0,
            "write": 0,
            "status": 0,
            "timeout": 0,
            "non200": 0,
            "quantiles_ms": [-9.2e15] + [0.0] * 1000,
        }
    )
    load = web.parse_wrk(line)
    assert load.quantiles_ms == []
    assert load.p95 == float("inf")


def test_wrk_output_without_a_result_is_an_error():
    with pytest.raises(RuntimeError):
        web.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")
