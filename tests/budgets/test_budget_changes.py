"""Budget changes (begrotingswijzigingen) on the adopted Midden-Gelderland plan of the demo
(every test rolls back, so the shared demo stays as it was): € 10.000 moved from the
Versnellingsbudget 2020 to Ontwikkeltrajecten 2020. Money is moved, never made; a line does
not go below what was approved as spent on it; a second person approves (never the
requester, not another region, not a werkkamerlid), and the original budget stays visible
beside the current one on the plan page and the money page, like a revised target."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from budgets import selectors, services
from budgets.models import BudgetChange, BudgetChangeLine, BudgetLine, Decision
from budgets.services import NewBudgetLine
from core.concurrency import ConcurrentEditError
from programmes.models import ActionPlan
from regions.models import RoleAssignment
from tests.factories import UserFactory, approved_expenditure

from ..placements.grid_helpers import element_text, make_plan, make_world, set_status, text_of
from ..programmes.helpers import GOOI, MIDDEN_GELDERLAND, login, messages_of, plan, url, user

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
MANAGER = "programmamanager-midden-gelderland"
REASON = "Versnellingsbudget 2020 niet nodig; meer ontwikkeltrajecten"


@pytest.fixture
def mg(demo):
    """The demo plan, its two budget lines of 2020 and the people around it."""
    adopted = plan(MIDDEN_GELDERLAND)
    lines = BudgetLine.objects.filter(plan=adopted, year=2020).select_related("project", "line")
    by_title = {row.project.title if row.project else row.line.title: row for row in lines}
    region = adopted.region
    return type(
        "MG",
        (),
        {
            "plan": adopted,
            "versnelling": by_title["Versnellingsbudget"],
            "ontwikkel": by_title["Ontwikkeltrajecten"],
            "projectmanagement": by_title["Projectmanagement"],
            "manager": user(MANAGER),
            "werkkamerlid": user("werkkamerlid-midden-gelderland"),
            "penningmeester": UserFactory(
                username="penningmeester-mg-test", role=(region, Role.PENNINGMEESTER)
            ),
            "other_penningmeester": UserFactory(
                username="penningmeester-haaglanden-test",
                role=(plan_region("haaglanden"), Role.PENNINGMEESTER),
            ),
        },
    )


def plan_region(slug):
    return ActionPlan.objects.filter(region__slug=slug).first().region


def amounts(*budget_lines):
    return [BudgetLine.objects.get(pk=row.pk).amount for row in budget_lines]


def written():
    return (
        BudgetChange.objects.count(),
        BudgetChangeLine.objects.count(),
        BudgetLine.objects.count(),
    )


def request_move(mg, amount=Decimal("10000"), reason=REASON, actor=None):
    return services.budget_change_request(
        plan=mg.plan,
        actor=actor or mg.manager,
        reason=reason,
        lines=[(mg.versnelling, -amount), (mg.ontwikkel, amount)],
    )


def money_page(client, plan_obj):
    response = client.get(url("budgets:plan-money", plan_pk=plan_obj.pk))
    assert response.status_code == 200
    return response


# The services ---------------------------------------------------------------------------------


def test_moving_ten_thousand_waits_for_approval_then_applies_and_keeps_the_original(mg):
    change = request_move(mg)
    assert change.status == Decision.INGEDIEND
    assert amounts(mg.versnelling, mg.ontwikkel) == [Decimal("100000.00"), Decimal("463000.00")]

    services.budget_change_approve(change=change, actor=mg.penningmeester)

    versnelling, ontwikkel = (
        BudgetLine.objects.get(pk=r.pk) for r in (mg.versnelling, mg.ontwikkel)
    )
    assert (versnelling.amount, versnelling.original_amount) == (
        Decimal("90000"),
        Decimal("100000"),
    )
    assert (ontwikkel.amount, ontwikkel.original_amount) == (Decimal("473000"), Decimal("463000"))
    assert ontwikkel.revision == mg.ontwikkel.revision + 1  # an open edit form notices
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.recorded_by) == (
        Decision.GOEDGEKEURD,
        mg.penningmeester,
        mg.manager,
    )
    assert ontwikkel.history.first().history_user == mg.penningmeester
    # The plan total does not move: money was moved, not made.
    assert selectors.plan_budget(plan=mg.plan).total == Decimal("2000000.00")


def test_a_second_change_keeps_the_first_original_and_shows_each_step(mg):
    services.budget_change_approve(change=request_move(mg), actor=mg.penningmeester)
    versnelling_2019 = BudgetLine.objects.get(
        plan=mg.plan, year=2019, project=mg.versnelling.project
    )
    second = services.budget_change_request(
        plan=mg.plan,
        actor=mg.manager,
        reason="Van 2019 naar 2020",
        lines=[(versnelling_2019, Decimal("-5000")), (mg.ontwikkel, Decimal("5000"))],
    )
    services.budget_change_approve(change=second, actor=mg.penningmeester)
    ontwikkel = BudgetLine.objects.get(pk=mg.ontwikkel.pk)
    assert (ontwikkel.amount, ontwikkel.original_amount) == (Decimal("478000"), Decimal("463000"))
    steps = {
        change.reason: {
            row.name: (row.amount_before, row.amount_after) for row in change.lines.all()
        }
        for change in selectors.plan_budget_changes(plan=mg.plan)
    }
    assert steps == {
        REASON: {
            "2020 Ontwikkeltrajecten (scholing)": (Decimal("463000"), Decimal("473000")),
            "2020 Versnellingsbudget (projectkosten)": (Decimal("100000"), Decimal("90000")),
        },
        "Van 2019 naar 2020": {
            "2019 Versnellingsbudget (projectkosten)": (Decimal("100000"), Decimal("95000")),
            "2020 Ontwikkeltrajecten (scholing)": (Decimal("473000"), Decimal("478000")),
        },
    }


def test_sums_that_do_not_add_up_to_zero_are_refused_and_nothing_is_written(mg):
    before = written()
    with pytest.raises(ValidationError) as error:
        services.budget_change_request(
            plan=mg.plan,
            actor=mg.manager,
            reason=REASON,
            lines=[(mg.versnelling, Decimal("-10000")), (mg.ontwikkel, Decimal("15000"))],
        )
    message = " ".join(error.value.messages)
    assert "De bedragen tellen op tot € 5.000 in plaats van € 0" in message
    assert "Er gaat € 15.000 omhoog en € 10.000 omlaag; het verschil is € 5.000." in message
    assert written() == before


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (lambda mg: [(mg.ontwikkel, Decimal("10000"))], "ten minste twee begrotingsregels"),
        (
            lambda mg: [(mg.ontwikkel, Decimal("10000")), (mg.ontwikkel, Decimal("-10000"))],
            "2020 Ontwikkeltrajecten (scholing) staat twee keer in de wijziging",
        ),
        (
            lambda mg: [(mg.ontwikkel, Decimal("0")), (mg.versnelling, Decimal("0"))],
            "een bedrag anders dan nul",
        ),
    ],
    ids=["one-line", "twice", "zero"],
)
def test_a_change_needs_two_different_lines_with_amounts(mg, lines, expected):
    before = written()
    with pytest.raises(ValidationError) as error:
        services.budget_change_request(
            plan=mg.plan, actor=mg.manager, reason=REASON, lines=lines(mg)
        )
    assert expected in " ".join(error.value.messages)
    assert written() == before


def test_a_reason_is_required(mg):
    with pytest.raises(ValidationError) as error:
        request_move(mg, reason="  ")
    assert error.value.message_dict["reason"] == ["Geef de reden van de begrotingswijziging."]


def test_a_budget_line_of_another_plan_is_refused(mg):
    other = BudgetLine.objects.exclude(plan=mg.plan).select_related("line", "project").first()
    before = written()
    with pytest.raises(ValidationError) as error:
        services.budget_change_request(
            plan=mg.plan,
            actor=mg.manager,
            reason=REASON,
            lines=[(mg.versnelling, Decimal("-10")), (other, Decimal("10"))],
        )
    assert "hoort niet bij dit plan" in " ".join(error.value.messages)
    assert written() == before


def test_a_line_is_not_lowered_below_what_was_approved_as_spent(mg):
    # Projectmanagement 2020 is spent in full in the demo: € 75.000 approved.
    before = written()
    with pytest.raises(ValidationError) as error:
        services.budget_change_request(
            plan=mg.plan,
            actor=mg.manager,
            reason=REASON,
            lines=[(mg.projectmanagement, Decimal("-1000")), (mg.ontwikkel, Decimal("1000"))],
        )
    assert error.value.messages == [
        "2020 Projectmanagement (personeel): de begroting wordt € 74.000, minder dan wat er al "
        "aan goedgekeurde uitgaven op staat (€ 75.000). U kunt deze regel met ten hoogste € 0 "
        "verlagen."
    ]
    assert written() == before


def test_a_line_is_not_lowered_below_zero(mg):
    with pytest.raises(ValidationError) as error:
        request_move(mg, amount=Decimal("100001"))
    assert "2020 Versnellingsbudget (projectkosten): de begroting is € 100.000" in (
        " ".join(error.value.messages)
    )


def test_a_request_is_checked_against_the_stored_amounts(mg):
    services.budget_change_approve(change=request_move(mg), actor=mg.penningmeester)
    # mg.versnelling still holds € 100.000 in memory; stored is € 90.000, all of it spent.
    with pytest.raises(ValidationError) as error:
        request_move(mg, amount=Decimal("1000"))
    assert "de begroting wordt € 89.000" in error.value.messages[0]


def test_approval_checks_again_against_spending_approved_meanwhile(mg):
    change = request_move(mg, amount=Decimal("10000"))
    # The demo spent € 90.000 of the € 100.000; another € 5.000 is approved after the request.
    approved_expenditure(
        budget_line=mg.versnelling, date=date(2020, 11, 1), amount=Decimal("5000"), description="x"
    )
    with pytest.raises(ValidationError) as error:
        services.budget_change_approve(change=change, actor=mg.penningmeester)
    assert "(€ 95.000)" in error.value.messages[0]
    assert "met ten hoogste € 5.000 verlagen" in error.value.messages[0]
    change.refresh_from_db()
    assert change.status == Decision.INGEDIEND
    assert amounts(mg.versnelling, mg.ontwikkel) == [Decimal("100000"), Decimal("463000")]


def test_money_moves_to_a_year_or_part_without_a_budget_line(mg):
    line = mg.projectmanagement.line
    new = NewBudgetLine(
        year=2020, line=line, category=BudgetLine.Category.OVERIG, description="Evaluatie"
    )
    change = services.budget_change_request(
        plan=mg.plan,
        actor=mg.manager,
        reason="Externe evaluatie",
        lines=[(mg.versnelling, Decimal("-10000")), (new, Decimal("10000"))],
    )
    created = BudgetLine.objects.get(plan=mg.plan, description="Evaluatie")
    assert (created.amount, created.year, created.line) == (Decimal("0"), 2020, line)
    services.budget_change_approve(change=change, actor=mg.penningmeester)
    created.refresh_from_db()
    assert (created.amount, created.original_amount) == (Decimal("10000"), Decimal("0"))


def test_a_new_budget_line_outside_the_plan_period_is_refused_with_nothing_written(mg):
    before = written()
    with pytest.raises(ValidationError) as error:
        services.budget_change_request(
            plan=mg.plan,
            actor=mg.manager,
            reason=REASON,
            lines=[(mg.versnelling, Decimal("-10")), (NewBudgetLine(year=2021), Decimal("10"))],
        )
    assert error.value.messages == [
        "Nieuwe begrotingsregel: Het jaar 2021 valt buiten de looptijd van het plan "
        "(2019 t/m 2020)."
    ]
    assert written() == before


def test_the_requester_cannot_approve_even_holding_both_roles(mg):
    RoleAssignment.objects.create(user=mg.manager, region=mg.plan.region, role=Role.PENNINGMEESTER)
    manager = user(MANAGER)  # roles are read once per user object
    change = request_move(mg, actor=manager)
    with pytest.raises(PermissionDenied, match="zelf ingediend"):
        services.budget_change_approve(change=change, actor=manager)
    with pytest.raises(PermissionDenied, match="zelf ingediend"):
        services.budget_change_reject(change=change, actor=manager, reason="Toch niet")
    change.refresh_from_db()
    assert change.status == Decision.INGEDIEND
    assert amounts(mg.versnelling) == [Decimal("100000")]


@pytest.mark.parametrize("who", ["other_penningmeester", "werkkamerlid", "manager_colleague"])
def test_only_the_approving_role_of_the_region_decides(mg, who):
    change = request_move(mg)
    actor = (
        UserFactory(username="pm-collega", role=(mg.plan.region, Role.PROGRAMMAMANAGER))
        if who == "manager_colleague"
        else getattr(mg, who)
    )
    with pytest.raises(PermissionDenied):
        services.budget_change_approve(change=change, actor=actor)
    with pytest.raises(PermissionDenied):
        services.budget_change_reject(change=change, actor=actor, reason="Nee")
    change.refresh_from_db()
    assert change.status == Decision.INGEDIEND
    assert amounts(mg.versnelling, mg.ontwikkel) == [Decimal("100000"), Decimal("463000")]


@pytest.mark.parametrize("who", ["werkkamerlid", "penningmeester", "other_penningmeester"])
def test_only_the_programme_manager_requests(mg, who):
    before = written()
    with pytest.raises(PermissionDenied):
        request_move(mg, actor=getattr(mg, who))
    assert written() == before


def test_rejection_keeps_its_reason_and_changes_nothing(mg):
    change = request_move(mg)
    with pytest.raises(ValidationError):
        services.budget_change_reject(change=change, actor=mg.penningmeester, reason=" ")
    services.budget_change_reject(
        change=change, actor=mg.penningmeester, reason="Eerst de evaluatie afwachten"
    )
    change.refresh_from_db()
    assert (change.status, change.rejection_reason) == (
        Decision.AFGEKEURD,
        "Eerst de evaluatie afwachten",
    )
    assert amounts(mg.versnelling, mg.ontwikkel) == [Decimal("100000"), Decimal("463000")]
    assert BudgetLine.objects.get(pk=mg.ontwikkel.pk).original_amount is None


def test_a_decided_change_is_not_decided_again(mg):
    change = request_move(mg)
    services.budget_change_approve(change=change, actor=mg.penningmeester)
    with pytest.raises(ValidationError, match="al beoordeeld: goedgekeurd"):
        services.budget_change_approve(change=change, actor=mg.penningmeester)
    with pytest.raises(ValidationError, match="al beoordeeld: goedgekeurd"):
        services.budget_change_reject(change=change, actor=mg.penningmeester, reason="Te laat")
    assert amounts(mg.ontwikkel) == [Decimal("473000")]  # applied once


def test_approving_what_was_shown_before_a_line_changed_asks_to_look_again(mg):
    change = request_move(mg)
    shown = selectors.budget_change_revision(change)
    services.budget_change_approve(
        change=request_move(mg, reason="Eerder"), actor=mg.penningmeester
    )
    with pytest.raises(ConcurrentEditError):
        services.budget_change_approve(
            change=change, actor=mg.penningmeester, expected_revision=shown
        )
    change.refresh_from_db()
    assert change.status == Decision.INGEDIEND
    assert amounts(mg.ontwikkel) == [Decimal("473000")]


def test_the_history_shows_the_change_and_its_decision(mg, client):
    change = request_move(mg)
    services.budget_change_approve(change=change, actor=mg.penningmeester)
    entries = [e for e in selectors.budget_history(plan=mg.plan) if e.kind == "begrotingswijziging"]
    assert [(e.subject, e.action) for e in entries] == [
        (REASON, "aangemaakt"),
        (REASON, "gewijzigd"),
    ]
    assert ("status", "wacht op goedkeuring", "goedgekeurd") in [
        (str(label), str(old), str(new)) for label, old, new in entries[1].changes
    ]
    page = text_of(
        login(client, "werkkamerlid-midden-gelderland").get(
            url("programmes:plan-history", pk=mg.plan.pk)
        )
    )
    assert f"begrotingswijziging: {REASON}" in page  # on the budget lines that moved
    assert "bedrag: 463000,00 → 473000,00" in page


# Versions -------------------------------------------------------------------------------------


def test_a_new_version_starts_from_the_current_amounts_without_the_old_original(mg):
    services.budget_change_approve(change=request_move(mg), actor=mg.penningmeester)
    pending = services.budget_change_request(
        plan=mg.plan,
        actor=mg.manager,
        reason="Nog in behandeling",
        lines=[(mg.ontwikkel, Decimal("-1000")), (mg.versnelling, Decimal("1000"))],
    )
    new = services.plan_new_version_with_budget(plan=mg.plan, actor=mg.manager)
    copied = BudgetLine.objects.filter(
        plan=new, year=2020, project__title="Ontwikkeltrajecten"
    ).get()
    assert (copied.amount, copied.original_amount) == (Decimal("473000"), None)
    assert selectors.plan_budget(plan=new).total == Decimal("2000000.00")
    assert not BudgetChange.objects.filter(plan=new).exists()  # the pending one stays behind
    pending.refresh_from_db()
    assert (pending.plan, pending.status) == (mg.plan, Decision.INGEDIEND)
    # The old version keeps its original.
    assert BudgetLine.objects.get(pk=mg.ontwikkel.pk).original_amount == Decimal("463000")


# The pages ------------------------------------------------------------------------------------


def test_the_plan_page_and_the_money_page_show_the_original_beside_the_current(mg, client):
    services.budget_change_approve(change=request_move(mg), actor=mg.penningmeester)
    login(client, "werkkamerlid-midden-gelderland")
    plan_page = client.get(mg.plan.get_absolute_url())
    line = mg.ontwikkel.line
    # 2019 as adopted; 2020 and the line's total with their original beside them.
    assert element_text(plan_page, f"line-{line.pk}").endswith(
        "€ 515.000 € 525.000 (oorspronkelijk € 515.000) € 1.040.000 (oorspronkelijk € 1.030.000)"
    )
    assert "€ 473.000 (oorspronkelijk € 463.000)" in element_text(
        plan_page, f"project-{mg.ontwikkel.project_id}"
    )
    note = text_of(plan_page)
    assert f"Begroting gewijzigd: goedgekeurd op {timezone.localdate():%d-%m-%Y}: {REASON}" in note
    assert "2020 Ontwikkeltrajecten (scholing): € 463.000 → € 473.000 (+ € 10.000)" in note
    # The total is the same: € 2.000.000.
    assert '<td class="numeric" id="budget-total">€ 2.000.000</td>' in plan_page.content.decode()

    money = money_page(client, mg.plan)
    [change] = BudgetChange.objects.filter(plan=mg.plan)
    row = element_text(money, f"budget-change-{change.pk}")
    assert REASON in row and "goedgekeurd" in row
    assert "2020 Versnellingsbudget (projectkosten): € 100.000 → € 90.000 (− € 10.000)" in row
    assert "Goedkeuren" not in row
    revised = element_text(money, "revised-budget-lines")
    assert "2020 Ontwikkeltrajecten (scholing) € 463.000 € 473.000" in revised


def test_the_penningmeester_approves_through_the_money_page(mg, client):
    change = request_move(mg)
    login(client, "penningmeester-mg-test")
    row = element_text(money_page(client, mg.plan), f"budget-change-{change.pk}")
    assert "wacht op goedkeuring" in row and "Goedkeuren" in row
    response = client.post(
        url("budgets:budget-change-approve", plan_pk=mg.plan.pk, pk=change.pk),
        {"revision": selectors.budget_change_revision(change)},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        ("success", "De begrotingswijziging is goedgekeurd en verwerkt in de begroting.")
    ]
    assert amounts(mg.ontwikkel) == [Decimal("473000")]
    # A second click (another tab, a colleague) is told, and changes nothing.
    again = client.post(
        url("budgets:budget-change-approve", plan_pk=mg.plan.pk, pk=change.pk), {"revision": "1"}
    )
    assert messages_of(again)[-1] == (
        "error",
        "Deze begrotingswijziging is al beoordeeld: goedgekeurd.",
    )
    assert amounts(mg.ontwikkel) == [Decimal("473000")]


def test_a_stale_approve_button_is_refused_through_the_page(mg, client):
    change = request_move(mg)
    shown = selectors.budget_change_revision(change)
    services.budget_change_approve(
        change=request_move(mg, reason="Eerder"), actor=mg.penningmeester
    )
    login(client, "penningmeester-mg-test")
    response = client.post(
        url("budgets:budget-change-approve", plan_pk=mg.plan.pk, pk=change.pk), {"revision": shown}
    )
    assert messages_of(response)[0][1].startswith("De bedragen van deze begrotingsregels zijn")
    assert BudgetChange.objects.get(pk=change.pk).status == Decision.INGEDIEND


def test_the_penningmeester_rejects_with_a_reason_through_the_page(mg, client):
    change = request_move(mg)
    login(client, "penningmeester-mg-test")
    reject_url = url("budgets:budget-change-reject", plan_pk=mg.plan.pk, pk=change.pk)
    page = client.get(reject_url)
    assert "€ 463.000 → € 473.000" in text_of(page)
    refused = client.post(reject_url, {"rejection_reason": ""})
    assert refused.status_code == 200
    assert "Geef aan waarom u deze begrotingswijziging afkeurt." in text_of(refused)
    assert BudgetChange.objects.get(pk=change.pk).status == Decision.INGEDIEND
    response = client.post(reject_url, {"rejection_reason": "Eerst de evaluatie"})
    assert response.status_code == 302
    row = element_text(money_page(client, mg.plan), f"budget-change-{change.pk}")
    assert "afgekeurd" in row and "Reden van afkeuring: Eerst de evaluatie" in row
    assert amounts(mg.versnelling, mg.ontwikkel) == [Decimal("100000"), Decimal("463000")]


def test_the_programme_manager_requests_through_the_form_with_dutch_numbers(mg, client):
    login(client, MANAGER)
    create_url = url("budgets:budget-change-create", plan_pk=mg.plan.pk)
    assert client.get(create_url).status_code == 200
    data = {
        "reason": REASON,
        "regels-TOTAL_FORMS": "4",
        "regels-INITIAL_FORMS": "0",
        "regels-0-budget_line": str(mg.versnelling.pk),
        "regels-0-amount": "-10.000",
        "regels-1-budget_line": str(mg.ontwikkel.pk),
        "regels-1-amount": "€ 10.000,00",
    }
    response = client.post(create_url, data)
    assert response.status_code == 302, text_of(response)
    change = BudgetChange.objects.get(plan=mg.plan)
    assert sorted(change.lines.values_list("amount", flat=True)) == [
        Decimal("-10000"),
        Decimal("10000"),
    ]
    assert (change.recorded_by, change.reason) == (mg.manager, REASON)
    # Unequal sums: the message on the form, nothing written.
    before = written()
    refused = client.post(create_url, {**data, "regels-1-amount": "15.000"})
    assert refused.status_code == 200
    assert "De bedragen tellen op tot € 5.000 in plaats van € 0" in text_of(refused)
    assert written() == before


def test_the_form_names_the_row_of_an_amount_without_a_budget_line(mg, client):
    login(client, MANAGER)
    response = client.post(
        url("budgets:budget-change-create", plan_pk=mg.plan.pk),
        {
            "reason": REASON,
            "regels-TOTAL_FORMS": "2",
            "regels-INITIAL_FORMS": "0",
            "regels-0-budget_line": str(mg.versnelling.pk),
            "regels-0-amount": "-10.000",
            "regels-1-amount": "10.000",
        },
    )
    assert response.status_code == 200
    assert "Begrotingsregel, regel 2: Kies de begrotingsregel bij dit bedrag." in element_text(
        response, "row-errors"
    )
    assert not BudgetChange.objects.filter(plan=mg.plan).exists()


def test_the_form_moves_money_to_a_new_budget_line(mg, client):
    login(client, MANAGER)
    response = client.post(
        url("budgets:budget-change-create", plan_pk=mg.plan.pk),
        {
            "reason": "Evaluatie",
            "regels-TOTAL_FORMS": "1",
            "regels-INITIAL_FORMS": "0",
            "regels-0-budget_line": str(mg.versnelling.pk),
            "regels-0-amount": "-2.500",
            "new_year": "2020",
            "new_line": str(mg.projectmanagement.line_id),
            "new_category": "overig",
            "new_amount": "2.500",
        },
    )
    assert response.status_code == 302, text_of(response)
    created = BudgetLine.objects.get(plan=mg.plan, category="overig")
    assert created.amount == 0
    assert BudgetChangeLine.objects.get(budget_line=created).amount == Decimal("2500")


@pytest.mark.parametrize(
    ("username", "page", "approve", "reject"),
    [
        ("werkkamerlid-midden-gelderland", 403, 403, 403),
        ("secretaris-midden-gelderland", 403, 403, 403),
        ("penningmeester-mg-test", 403, 302, 200),
        ("programmamanager-haaglanden", 403, 403, 403),
        ("penningmeester-haaglanden-test", 403, 403, 403),
    ],
)
def test_who_may_open_which_page(mg, client, username, page, approve, reject):
    change = request_move(mg)
    login(client, username)
    assert client.get(url("budgets:budget-change-create", plan_pk=mg.plan.pk)).status_code == page
    reject_url = url("budgets:budget-change-reject", plan_pk=mg.plan.pk, pk=change.pk)
    assert client.get(reject_url).status_code == reject
    if reject != 200:
        assert client.post(reject_url, {"rejection_reason": "Nee"}).status_code == reject
    response = client.post(url("budgets:budget-change-approve", plan_pk=mg.plan.pk, pk=change.pk))
    assert response.status_code == approve
    expected = Decision.GOEDGEKEURD if approve == 302 else Decision.INGEDIEND
    assert BudgetChange.objects.get(pk=change.pk).status == expected
    money = client.get(url("budgets:plan-money", plan_pk=mg.plan.pk))
    if "haaglanden" in username:  # another region does not see the changes either
        assert money.status_code == 403
        assert REASON not in money.content.decode()
    else:
        assert REASON in money.content.decode()


def test_an_open_plan_takes_no_budget_change(demo, client):
    concept = plan(GOOI)
    assert concept.is_editable
    login(client, "programmamanager-gooi-en-vechtstreek")
    assert client.get(url("budgets:budget-change-create", plan_pk=concept.pk)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.budget_change_request(
            plan=concept, actor=user("programmamanager-gooi-en-vechtstreek"), reason="x", lines=[]
        )


def test_the_werkkamerlid_reads_the_changes_without_buttons(mg, client):
    change = request_move(mg)
    login(client, "werkkamerlid-midden-gelderland")
    page = money_page(client, mg.plan)
    row = element_text(page, f"budget-change-{change.pk}")
    assert REASON in row and "wacht op een tweede paar ogen" in row
    assert "Goedkeuren" not in row
    assert "Begrotingswijziging indienen" not in text_of(page)


def test_the_requester_cannot_approve_through_the_page_even_holding_both_roles(mg, client):
    RoleAssignment.objects.create(user=mg.manager, region=mg.plan.region, role=Role.PENNINGMEESTER)
    change = request_move(mg, actor=user(MANAGER))
    login(client, MANAGER)
    assert "Goedkeuren" not in element_text(
        money_page(client, mg.plan), f"budget-change-{change.pk}"
    )
    response = client.post(url("budgets:budget-change-approve", plan_pk=mg.plan.pk, pk=change.pk))
    assert response.status_code == 403
    assert BudgetChange.objects.get(pk=change.pk).status == Decision.INGEDIEND


def test_a_change_of_another_plan_is_not_found(mg, client):
    change = request_move(mg)
    other = ActionPlan.objects.filter(region=mg.plan.region).exclude(pk=mg.plan.pk).first()
    if other is None:
        other = ActionPlan.objects.create(
            region=mg.plan.region,
            programme=mg.plan.programme,
            title="Ander plan",
            start_date=mg.plan.start_date,
            end_date=mg.plan.end_date,
        )
    login(client, "penningmeester-mg-test")
    response = client.post(url("budgets:budget-change-approve", plan_pk=other.pk, pk=change.pk))
    assert response.status_code == 404
    assert BudgetChange.objects.get(pk=change.pk).status == Decision.INGEDIEND


# Query counts ---------------------------------------------------------------------------------


def _many_changes(mg, count):
    for number in range(count):
        change = request_move(mg, amount=Decimal("100"), reason=f"Wijziging {number}")
        if number % 3 == 0:
            services.budget_change_approve(change=change, actor=mg.penningmeester)
        elif number % 3 == 1:
            services.budget_change_reject(change=change, actor=mg.penningmeester, reason="Nee")


def test_the_changes_selector_runs_a_fixed_number_of_queries(mg, django_assert_num_queries):
    _many_changes(mg, 2)
    with django_assert_num_queries(2):
        changes = selectors.plan_budget_changes(plan=mg.plan)
        [row.amount_after for change in changes for row in change.lines.all()]
    _many_changes(mg, 9)
    with django_assert_num_queries(2):
        changes = selectors.plan_budget_changes(plan=mg.plan)
        [row.amount_after for change in changes for row in change.lines.all()]
    assert len(changes) == 11
    # As the plan page reads its plan: with its programme (budget against actual reads it).
    plan = type(mg.plan).objects.select_related("programme").get(pk=mg.plan.pk)
    with django_assert_num_queries(1):
        revised = selectors.plan_money(plan=plan).revised
    # Four of the eleven were approved, € 100 each.
    assert revised.project(mg.ontwikkel.project_id) == selectors.RevisedAmount(
        current=Decimal("926400.00"), original=Decimal("926000.00")
    )


def test_the_money_page_section_runs_four_queries(mg, rf, django_assert_num_queries):
    from budgets.views.changes import section

    _many_changes(mg, 5)
    request = rf.get("/")
    request.user = mg.penningmeester
    section(plan=mg.plan, request=request)  # the user's roles are read once, then kept
    # changes, their rows, the budget lines moved, the meetings' decisions ("besloten in")
    with django_assert_num_queries(4):
        context = section(plan=mg.plan, request=request)
    assert len(context["budget_changes"]) == 5
    # Newest first: rejected, approved, waiting, rejected, approved.
    assert [change.may_decide for change in context["budget_changes"]] == [
        False,
        False,
        True,
        False,
        False,
    ]


# The most queries each page may run with budget changes, whatever their number (measured:
# session, user and roles included). The money page: only the changes section so far (its
# other sections add theirs). The plan page: the adopted Midden-Gelderland page of
# tests/programmes/test_query_counts.py plus the budget as adopted (one query) and the
# approved changes with their rows (two, only once a change moved the budget).
# With approved changes: the money page's other sections (spending, budget against actual)
# and, on the plan page, the changes and their reasons under the budget table.
# The money page: one query more for the meetings' decisions on its changes and the
# proposals paid from it ("besloten in", regions.selectors.decisions). Both pages: one more
# for the menu's count of unread notifications (issue 15).
PAGE_MAX = {"money": 12, "plan": 28}


@pytest.mark.parametrize("page", ["money", "plan"])
def test_pages_with_changes_do_not_grow_in_queries(mg, client, django_assert_max_num_queries, page):
    _many_changes(mg, 2)
    login(client, "penningmeester-mg-test")
    page_url = (
        url("budgets:plan-money", plan_pk=mg.plan.pk)
        if page == "money"
        else mg.plan.get_absolute_url()
    )
    client.get(page_url)
    with django_assert_max_num_queries(PAGE_MAX[page]) as before:
        assert client.get(page_url).status_code == 200
    _many_changes(mg, 9)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(page_url)
    assert "Wijziging 6" in text_of(response)  # approved: on both pages


# Two approvals at once --------------------------------------------------------------------------


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite serialises writers with a file lock",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_apply_the_change_once():
    world = make_world()
    adopted = make_plan(world)
    line = adopted.lines.get()
    events, jobhunting = line.projects.order_by("position")
    down = BudgetLine.objects.create(plan=adopted, line=line, project=events, year=2019, amount=100)
    up = BudgetLine.objects.create(
        plan=adopted, line=line, project=jobhunting, year=2019, amount=50
    )
    set_status(adopted, ActionPlan.Status.VASTGESTELD)
    change = services.budget_change_request(
        plan=adopted,
        actor=world.users["programmamanager"],
        reason="Naar jobhunting",
        lines=[(down, Decimal("-30")), (up, Decimal("30"))],
    )
    approvers = [
        UserFactory(username=f"penningmeester-{n}", role=(world.region, Role.PENNINGMEESTER))
        for n in range(2)
    ]
    barrier = threading.Barrier(2, timeout=10)
    outcomes = [None, None]

    def approve(index):
        try:
            barrier.wait()
            outcomes[index] = services.budget_change_approve(change=change, actor=approvers[index])
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert refused[0].messages == ["Deze begrotingswijziging is al beoordeeld: goedgekeurd."]
    assert amounts(down, up) == [Decimal("70"), Decimal("80")]
    assert BudgetLine.objects.get(pk=up.pk).original_amount == Decimal("50")
