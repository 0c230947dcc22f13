"""Who may read and edit which plan: `can()` and `can_edit_plan()` themselves, and what each
role meets in the browser (pages, edit URLs, buttons, lists). A refused write changes nothing.

The region under test is Gooi en Vechtstreek (its demo plan is a concept, so it can be
edited); Haaglanden is "another region"."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from budgets.models import BudgetLine
from programmes import services
from programmes.models import ActionPlan, Indicator, PlanLine, Programme, Target
from regions.models import Region
from regions.permissions import Action, can, can_edit_plan

from .helpers import (
    DWSRA,
    GOOI,
    HAAGLANDEN,
    MIDDEN_GELDERLAND,
    RMT,
    is_login_redirect,
    login,
    plan,
    url,
    user,
)

pytestmark = pytest.mark.django_db

OWN, OTHER = "gooi-en-vechtstreek", "haaglanden"
ALL = set(Action)

# username (None: anonymous), what they may do in the own region, may they edit its plans
PEOPLE = [
    pytest.param(
        f"programmamanager-{OWN}",
        {
            Action.VIEW,
            Action.EDIT_PLAN,
            Action.RECORD_REALISATION,
            Action.EXPORT_REPORT,
            Action.RECORD_SPENDING,
        },
        id="programmamanager",
    ),
    pytest.param(f"werkkamerlid-{OWN}", {Action.VIEW}, id="werkkamerlid"),
    pytest.param(
        f"secretaris-{OWN}",
        {Action.VIEW, Action.MANAGE_MEETINGS, Action.EXPORT_REPORT},
        id="secretaris",
    ),
    pytest.param(f"programmamanager-{OTHER}", set(), id="programmamanager-other-region"),
    pytest.param(f"werkkamerlid-{OTHER}", set(), id="werkkamerlid-other-region"),
    pytest.param(f"secretaris-{OTHER}", set(), id="secretaris-other-region"),
    pytest.param("beheerder", ALL, id="beheerder"),
    pytest.param(None, set(), id="anonymous"),
]
EDITORS = {f"programmamanager-{OWN}", "beheerder"}
SIGNED_IN = [p for p in PEOPLE if p.values[0] is not None]


def person(username):
    return user(username) if username else AnonymousUser()


def may_view(actions) -> bool:
    return Action.VIEW in actions


@pytest.fixture
def gooi(demo):
    """The concept plan of Gooi en Vechtstreek with one line and one plan target."""
    gooi_plan = plan(GOOI)
    line = PlanLine.objects.create(plan=gooi_plan, title="Werkgeversdienstverlening")
    target = Target.objects.create(
        plan=gooi_plan,
        indicator=Indicator.objects.get(code="matches"),
        value=40,
        start_date=gooi_plan.start_date,
        end_date=gooi_plan.end_date,
    )
    return {"plan": gooi_plan, "line": line, "target": target}


@pytest.fixture
def national_concept(demo):
    """A national plan (no region) that is still open."""
    return services.plan_create(
        actor=user("beheerder"),
        region=None,
        programme=Programme.objects.get(code="banenafspraak"),
        title="Landelijk conceptplan",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )


# --- can() and can_edit_plan() ----------------------------------------------------------------


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_can_in_own_region(demo, username, allowed):
    region = Region.objects.get(slug=OWN)
    assert {action for action in Action if can(person(username), action, region)} == allowed
    # a region id works too
    assert {action for action in Action if can(person(username), action, region.pk)} == allowed


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_can_on_national_plans_read_by_all_changed_by_beheerder(demo, username, allowed):
    who = person(username)
    assert can(who, Action.VIEW, None) is (username is not None)
    for action in set(Action) - {Action.VIEW}:
        assert can(who, action, None) is (username == "beheerder")


def test_inactive_user_may_do_nothing(demo):
    manager = user(f"programmamanager-{OWN}")
    manager.is_active = False
    assert not can(manager, Action.VIEW, Region.objects.get(slug=OWN))
    assert not can(manager, Action.VIEW, None)


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_can_edit_plan_open_adopted_and_national(demo, national_concept, username, allowed):
    who = person(username)
    assert can_edit_plan(who, plan(GOOI)) is (username in EDITORS)  # concept
    assert can_edit_plan(who, plan(MIDDEN_GELDERLAND)) is False  # vastgesteld: nobody
    assert can_edit_plan(who, plan(DWSRA)) is False  # national and vastgesteld
    assert can_edit_plan(who, national_concept) is (username == "beheerder")


# --- reading a plan ---------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_plan_page_of_own_region(client, gooi, username, allowed):
    response = login(client, username).get(url("programmes:plan-detail", pk=gooi["plan"].pk))
    if username is None:
        assert is_login_redirect(response)
    elif may_view(allowed):
        assert response.status_code == 200
        assert GOOI in response.content.decode()
    else:
        assert response.status_code == 403
        assert GOOI not in response.content.decode()


@pytest.mark.parametrize(
    "username", [f"{role}-{OWN}" for role in ("programmamanager", "werkkamerlid", "secretaris")]
)
def test_plan_page_of_another_region_is_refused(client, demo, username):
    for title in (HAAGLANDEN, MIDDEN_GELDERLAND, RMT):
        response = login(client, username).get(url("programmes:plan-detail", pk=plan(title).pk))
        assert response.status_code == 403, title


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_national_plan_readable_by_everyone_signed_in(client, demo, username, allowed):
    response = login(client, username).get(url("programmes:plan-detail", pk=plan(DWSRA).pk))
    if username is None:
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200
        assert "Plan bewerken" not in response.content.decode()  # adopted: read-only


@pytest.mark.parametrize(("username", "allowed"), SIGNED_IN)
def test_open_national_plan_editable_only_by_beheerder(client, national_concept, username, allowed):
    login(client, username)
    page = client.get(url("programmes:plan-detail", pk=national_concept.pk))
    edit = client.get(url("programmes:plan-update", pk=national_concept.pk))
    assert page.status_code == 200
    if username == "beheerder":
        assert "Plan bewerken" in page.content.decode()
        assert edit.status_code == 200
    else:
        assert "Plan bewerken" not in page.content.decode()
        assert edit.status_code == 403


# --- edit URLs: GET and POST ------------------------------------------------------------------


def edit_request(name, gooi):
    """URL and a valid POST for one edit URL of the Gooi plan."""
    p, target = gooi["plan"], gooi["target"]
    period = {"start_date": "2017-01-01", "end_date": "2017-12-31"}
    if name == "programmes:plan-update":
        return url(name, pk=p.pk), {
            "programme": p.programme_id,
            "title": "Gewijzigde titel",
            "summary": "",
            "source": "",
            "revision": p.revision,
            **period,
        }
    if name == "programmes:line-create":
        return url(name, plan_pk=p.pk), {"position": 2, "title": "Nieuwe lijn"}
    if name == "programmes:target-update":
        return url(name, plan_pk=p.pk, pk=target.pk), {
            "indicator": target.indicator_id,
            "value": 99,
            "revision": target.revision,
            "prognoses-TOTAL_FORMS": 0,
            "prognoses-INITIAL_FORMS": 0,
            **period,
        }
    if name == "budgets:budgetline-create":
        return url(name, plan_pk=p.pk), {"year": 2017, "category": "overig", "amount": "1000"}
    raise AssertionError(name)


EDIT_URLS = [
    "programmes:plan-update",
    "programmes:line-create",
    "programmes:target-update",
    "budgets:budgetline-create",
]


def snapshot(gooi):
    """Everything the edit URLs could change."""
    p = ActionPlan.objects.get(pk=gooi["plan"].pk)
    target = Target.objects.get(pk=gooi["target"].pk)
    return {
        "plan": (p.title, p.revision),
        "lines": list(PlanLine.objects.filter(plan=p).values_list("title", flat=True)),
        "target": (target.value, target.revision),
        "budget lines": list(BudgetLine.objects.filter(plan=p).values_list("amount", flat=True)),
    }


@pytest.mark.parametrize("name", EDIT_URLS)
@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_edit_form_get(client, gooi, name, username, allowed):
    edit_url, _data = edit_request(name, gooi)
    response = login(client, username).get(edit_url)
    if username is None:
        assert is_login_redirect(response)
    elif username in EDITORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", EDIT_URLS)
@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_edit_post_saves_only_for_editors(client, gooi, name, username, allowed):
    edit_url, data = edit_request(name, gooi)
    before = snapshot(gooi)
    response = login(client, username).post(edit_url, data)
    if username in EDITORS:
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert response["Location"].startswith(gooi["plan"].get_absolute_url())
        assert snapshot(gooi) != before
    else:
        assert is_login_redirect(response) if username is None else response.status_code == 403
        assert snapshot(gooi) == before


@pytest.mark.parametrize("name", ["programmes:line-create", "budgets:budgetline-create"])
@pytest.mark.parametrize("username", ["programmamanager-midden-gelderland", "beheerder"])
def test_adopted_plan_refuses_edits_even_for_editors(client, demo, name, username):
    adopted = plan(MIDDEN_GELDERLAND)  # vastgesteld
    login(client, username)
    lines_before = PlanLine.objects.filter(plan=adopted).count()
    edit_url = url(name, plan_pk=adopted.pk)
    assert client.get(edit_url).status_code == 403
    response = client.post(
        edit_url, {"position": 9, "title": "x", "year": 2019, "category": "overig", "amount": "1"}
    )
    assert response.status_code == 403
    assert "alleen" in client.get(adopted.get_absolute_url()).content.decode()
    assert PlanLine.objects.filter(plan=adopted).count() == lines_before


# --- what each person sees --------------------------------------------------------------------

ALL_PLANS = [MIDDEN_GELDERLAND, HAAGLANDEN, GOOI, RMT, DWSRA]


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("werkkamerlid-haaglanden", {HAAGLANDEN, DWSRA}),
        (f"programmamanager-{OWN}", {GOOI, DWSRA}),
        (f"secretaris-{OWN}", {GOOI, DWSRA}),
        ("programmamanager-midden-gelderland", {MIDDEN_GELDERLAND, DWSRA}),
        ("secretaris-zuid-kennemerland-en-ijmond", {RMT, DWSRA}),
        ("beheerder", set(ALL_PLANS)),
    ],
)
@pytest.mark.parametrize("page", ["home", "programmes:plan-list"])
def test_lists_show_only_plans_the_user_may_see(client, demo, username, visible, page):
    html = login(client, username).get(url(page)).content.decode()
    shown = {title for title in ALL_PLANS if title in html}
    assert shown == visible


def test_lists_need_a_login(client, demo):
    assert is_login_redirect(client.get(url("home")))
    assert is_login_redirect(client.get(url("programmes:plan-list")))


@pytest.mark.parametrize(("username", "allowed"), SIGNED_IN)
def test_edit_buttons_only_for_who_may_edit(client, gooi, username, allowed):
    response = login(client, username).get(url("programmes:plan-detail", pk=gooi["plan"].pk))
    if not may_view(allowed):
        assert response.status_code == 403
        return
    html = response.content.decode()
    may_edit = username in EDITORS
    assert ("Plan bewerken" in html) is may_edit
    assert ("Doelstelling toevoegen" in html) is may_edit
    assert (url("programmes:line-create", plan_pk=gooi["plan"].pk) in html) is may_edit
    assert (url("budgets:budgetline-create", plan_pk=gooi["plan"].pk) in html) is may_edit


@pytest.mark.parametrize("username", ["programmamanager-midden-gelderland", "beheerder"])
def test_no_edit_buttons_on_an_adopted_plan(client, demo, username):
    html = login(client, username).get(plan(MIDDEN_GELDERLAND).get_absolute_url()).content
    html = html.decode()
    assert "Plan bewerken" not in html
    assert "Doelstelling toevoegen" not in html
    assert "alleen-lezen" in html


@pytest.mark.parametrize(("username", "allowed"), PEOPLE)
def test_status_change_only_for_editors(client, gooi, username, allowed):
    p = gooi["plan"]
    response = login(client, username).post(
        url("programmes:plan-status", pk=p.pk), {"status": "ter_bespreking", "revision": p.revision}
    )
    stored = ActionPlan.objects.get(pk=p.pk)
    if username in EDITORS:
        assert response.status_code == 302
        assert stored.status == ActionPlan.Status.TER_BESPREKING
    else:
        assert is_login_redirect(response) if username is None else response.status_code == 403
        assert (stored.status, stored.revision) == (ActionPlan.Status.CONCEPT, p.revision)


@pytest.mark.parametrize(("username", "allowed"), SIGNED_IN)
def test_new_plans_only_where_one_may_edit(client, demo, username, allowed):
    # a programmamanager anywhere may create plans in his own region
    may_create = username == "beheerder" or username.startswith("programmamanager-")
    login(client, username)
    assert client.get(url("programmes:plan-create")).status_code == (200 if may_create else 403)
    plan_list = client.get(url("programmes:plan-list")).content.decode()
    assert ("Nieuw actieplan" in plan_list) is may_create


def test_a_manager_cannot_create_a_plan_in_another_region(client, demo):
    count = ActionPlan.objects.count()
    response = login(client, f"programmamanager-{OWN}").post(
        url("programmes:plan-create"),
        {
            "region": Region.objects.get(slug=OTHER).pk,
            "programme": Programme.objects.get(code="banenafspraak").pk,
            "title": "Plan voor de buren",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert ActionPlan.objects.count() == count
