"""Budget against actual as the user reads it: the money page's tables (per category, year,
line → project and budget line) as of a peildatum, the plan page's summary, who may read
them, and query counts that do not grow with the entries and budget lines."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetLine, Decision, Expenditure
from programmes.models import ActionPlan
from regions.models import RoleAssignment
from tests.factories import PlanFactory, RegionFactory, UserFactory, approved_expenditure
from tests.programmes.helpers import (
    HAAGLANDEN,
    MIDDEN_GELDERLAND,
    is_login_redirect,
    login,
    plan,
)

pytestmark = pytest.mark.django_db

Category = BudgetLine.Category
RMT_START, RMT_END = date(2021, 9, 1), date(2022, 12, 31)


def money_url(plan_obj, peildatum: str | None = None) -> str:
    url = reverse("budgets:plan-money", kwargs={"plan_pk": plan_obj.pk})
    return f"{url}?peildatum={peildatum}" if peildatum is not None else url


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(page: str, element_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return text(match.group(0))


def rows(page: str, element_id: str) -> list[str]:
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return [text(row) for row in re.findall(r"<tr[^>]*>.*?</tr>", match.group(0), re.S)]


def money_page(client, plan_obj, peildatum=None, username="werkkamerlid-midden-gelderland"):
    login(client, username)
    response = client.get(money_url(plan_obj, peildatum))
    assert response.status_code == 200
    return response.content.decode()


# --- the worked example: Midden-Gelderland, € 2.000.000 by line and year ------------------


def test_midden_gelderland_per_line_and_year(client, demo):
    page = money_page(client, plan(MIDDEN_GELDERLAND), "31-12-2020")
    assert "stand per 31-12-2020" in text(page)
    lines = rows(page, "actuals-per-line")
    # Begroot per line as the plan states it; the demo's approved spending beside it.
    for line, budget in [
        ("Projectmanagement", "€ 150.000"),
        ("Branchegericht ontwikkelarrangement", "€ 1.030.000"),
        ("Vraag en aanbod in beeld", "€ 220.000"),
        ("De Ontmoeting", "€ 350.000"),
        ("Verbeteren ketensamenwerking", "€ 250.000"),
    ]:
        assert any(row.startswith(f"{line} {budget} ") for row in lines), line
    assert "Branchegericht ontwikkelarrangement › Ontwikkeltrajecten € 926.000" in " ".join(lines)
    per_year = table(page, "actuals-per-year")
    assert "2019 € 1.000.000 € 863.240 € 0 € 136.760 86,3 % 100,0 % geen signaal" in per_year
    assert "2020 € 1.000.000 € 927.360 € 0 € 72.640 92,7 % 100,0 % geen signaal" in per_year
    assert "Totaal plan € 2.000.000 € 1.790.600 € 0 € 209.400 89,5 % 100,0 %" in per_year
    assert "scholing € 1.030.000 € 929.600" in table(page, "actuals-per-category")
    # Per budget line to the cent; the one that lags says so in words.
    lagging = [row for row in rows(page, "actuals-per-budget-line") if "loopt achter" in row]
    assert lagging == [
        "2019 · Digitale ontsluiting vraag en aanbod · projectkosten € 50.000,00 € 30.000,00 "
        "€ 0,00 € 20.000,00 60,0 % 100,0 % ▼ loopt achter: minder besteed dan de verstreken tijd",
        "2019 · Versnellingsbudget · projectkosten € 100.000,00 € 70.000,00 € 0,00 € 30.000,00 "
        "70,0 % 100,0 % ▼ loopt achter: minder besteed dan de verstreken tijd",
    ]
    assert "2 begrotingsregels vragen aandacht" in text(page)


def test_the_peildatum_moves_the_time_and_what_counts(client, demo):
    page = money_page(client, plan(MIDDEN_GELDERLAND), "2019-06-30")  # the date picker's form
    assert "stand per 30-06-2019" in text(page)
    per_year = rows(page, "actuals-per-year")
    # 181 of 365 days of 2019 have passed (49,6 %); 2020's money is not yet due (0,0 %).
    assert per_year[1].startswith("2019 € 1.000.000 ") and " 49,6 % " in per_year[1]
    assert per_year[2].startswith("2020 € 1.000.000 € 0 € 0 € 1.000.000 0,0 % 0,0 %")
    # The plan as a whole: half the time of one of its two equal years, 24,8 %.
    assert per_year[3].startswith("Totaal plan € 2.000.000 ") and " 24,8 % " in per_year[3]
    assert 'value="2019-06-30"' in page  # the picker keeps the date


@pytest.mark.parametrize("typed", ["31-02-2021", "morgen", "2021-13-01", "1-1-21"])
def test_an_invalid_peildatum_says_so_in_dutch_and_shows_today(client, demo, typed):
    page = money_page(client, plan(MIDDEN_GELDERLAND), typed)
    assert f"De peildatum „{typed}” is geen geldige datum. Schrijf hem als dd-mm-jjjj" in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert f"stand per {today}" in text(page)


# --- spending as it stands: approved, awaiting, overspent, lagging -------------------------


@pytest.fixture
def rmt():
    """An RMT-like plan from 1 September 2021 to the end of 2022 with one year of budgets (its
    2021 grants run on to the plan's end), in a region of its own with a werkkamerlid."""
    region = RegionFactory(code="AM92", name="Proefregio geld")
    plan_obj = PlanFactory(region=region, title="Proef-RMT", start_date=RMT_START, end_date=RMT_END)
    plan_obj = ActionPlan.objects.select_related("programme").get(pk=plan_obj.pk)
    line = plan_obj.lines.create(title="Crisisdienstverlening", position=1)
    project = line.projects.create(title="Van werk naar werk", position=1)
    services = BudgetLine.objects.create(
        plan=plan_obj,
        line=line,
        project=project,
        year=2021,
        category=Category.DIENSTVERLENING,
        amount=Decimal("160000.00"),
    )
    operations = BudgetLine.objects.create(
        plan=plan_obj, year=2021, category=Category.PERSONEEL, amount=Decimal("40000.00")
    )
    approved_expenditure(
        budget_line=services, date=date(2021, 9, 15), amount=Decimal("10000"), description="a"
    )
    Expenditure.objects.create(
        budget_line=services, date=date(2021, 9, 20), amount=Decimal("5000"), description="b"
    )
    approved_expenditure(
        budget_line=operations, date=date(2021, 10, 1), amount=Decimal("40000.01"), description="c"
    )
    UserFactory(username="werkkamerlid-proef-geld", role=(region, RoleAssignment.Role.WERKKAMERLID))
    return plan_obj, services, operations


def test_awaiting_is_shown_beside_approved_and_not_spent(client, rmt):
    plan_obj, services, operations = rmt
    page = money_page(client, plan_obj, "31-10-2021", username="werkkamerlid-proef-geld")
    (row,) = [row for row in rows(page, "actuals-per-budget-line") if "dienstverlening" in row]
    # € 10.000 approved, € 5.000 waiting: remaining and besteed % count only what is approved.
    # 61 of the 487 days from 01-09-2021 to 31-12-2022 have passed: 12,5 %.
    assert row == (
        "2021 · Van werk naar werk · dienstverlening € 160.000,00 € 10.000,00 € 5.000,00 "
        "€ 150.000,00 6,3 % 12,5 % geen signaal"
    )
    lines = rows(page, "actuals-per-line")
    assert "Crisisdienstverlening € 160.000 € 10.000 € 5.000 € 150.000 6,3 % 12,5 %" in lines[1]
    assert lines[2].startswith("Crisisdienstverlening › Van werk naar werk € 160.000")
    # One cent over: whole euros read € 40.000 and € 0 (rounding), the signal says it.
    assert lines[3] == (
        "Niet aan een lijn toegewezen € 40.000 € 40.000 € 0 € 0 100,0 % 12,5 % "
        "▲ overschreden: meer goedgekeurd dan begroot"
    )


def test_an_overspent_line_and_a_lagging_one_in_words(client, rmt):
    plan_obj, services, operations = rmt
    page = money_page(client, plan_obj, "30-06-2022", username="werkkamerlid-proef-geld")
    per_budget_line = rows(page, "actuals-per-budget-line")
    (personeel,) = [row for row in per_budget_line if "personeel" in row]
    assert "€ 40.000,00 € 40.000,01 € 0,00 € -0,01 100,0 %" in personeel
    assert "overschreden: meer goedgekeurd dan begroot" in personeel
    # 303 of 487 days (62,2 %) against 6,3 % spent: 25 points or more behind.
    (dienstverlening,) = [row for row in per_budget_line if "dienstverlening" in row]
    assert "6,3 % 62,2 % ▼ loopt achter" in dienstverlening
    warnings = text(re.search(r'id="actuals-warnings".*?</div>', page, re.S).group(0))
    assert "2 begrotingsregels vragen aandacht" in warnings
    assert "2021 · hele plan · personeel: overschreden" in warnings
    assert "(besteed 6,3 %, tijd verstreken 62,2 %)" in warnings
    # Status in words, never by colour alone.
    assert '<strong class="spending-warning spending-warning--overschreden">' in page


def test_a_changed_budget_shows_the_original_beside_it(client, rmt):
    plan_obj, services, operations = rmt
    # As budgets.services.budget_change_decide leaves it: amount current, original kept.
    BudgetLine.objects.filter(pk=services.pk).update(
        original_amount=Decimal("150000.00"), amount=Decimal("160000.00")
    )
    page = money_page(client, plan_obj, "31-10-2021", username="werkkamerlid-proef-geld")
    (row,) = [row for row in rows(page, "actuals-per-budget-line") if "dienstverlening" in row]
    assert "€ 160.000,00 oorspronkelijk € 150.000,00 € 10.000,00" in row
    (year,) = [row for row in rows(page, "actuals-per-year") if row.startswith("2021")]
    assert year.startswith("2021 € 200.000 oorspronkelijk € 190.000 ")


def test_the_lag_threshold_is_the_programmes(client, rmt):
    plan_obj, services, operations = rmt
    plan_obj.programme.spending_lag_points = 70
    plan_obj.programme.save()
    page = money_page(client, plan_obj, "30-06-2022", username="werkkamerlid-proef-geld")
    assert "loopt achter" not in page.split('id="actuals-rule"')[1]
    assert "besteed ligt 70 procentpunt of meer achter" in text(page)


# --- the plan page's summary -----------------------------------------------------------------


def test_plan_page_summary_links_to_the_money_page(client, rmt):
    plan_obj, services, operations = rmt
    login(client, "werkkamerlid-proef-geld")
    page = client.get(plan_obj.get_absolute_url()).content.decode()
    summary = table(page, "actuals-summary-table")
    # Today the plan has ended: all of its time has passed.
    assert "2021 € 200.000 € 50.000 € 5.000 € 150.000 25,0 % 100,0 % ▼ loopt achter" in summary
    assert "Totaal plan € 200.000 € 50.000 € 5.000 € 150.000 25,0 % 100,0 %" in summary
    warnings = text(re.search(r'id="actuals-summary-warnings".*?</div>', page, re.S).group(0))
    assert "2021 · hele plan · personeel: overschreden" in warnings
    assert "2021 · Van werk naar werk · dienstverlening: loopt achter" in warnings
    money = reverse("budgets:plan-money", kwargs={"plan_pk": plan_obj.pk})
    # Linked from the summary and from the plan's actions beside Voortgang and Historie.
    assert page.count(f'href="{money}"') == 2
    actions = re.search(r'id="plan-actions".*?</div>', page, re.S).group(0)
    assert f'href="{money}">Begroting en uitgaven<' in actions
    # Edited in place, a budget line refreshes the block as it does the budget table.
    refresh = 'data-hx-trigger="plan-figures-changed from:body" data-hx-select="#actuals-summary"'
    assert refresh in page


def test_plan_page_summary_of_the_worked_example(client, demo):
    login(client, "werkkamerlid-midden-gelderland")
    page = client.get(plan(MIDDEN_GELDERLAND).get_absolute_url()).content.decode()
    summary = table(page, "actuals-summary-table")
    assert "2019 € 1.000.000 € 863.240 € 0 € 136.760 86,3 % 100,0 % geen signaal" in summary
    assert "Totaal plan € 2.000.000 € 1.790.600 € 0 € 209.400 89,5 % 100,0 %" in summary


# --- who may read it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("werkkamerlid-midden-gelderland", 200),
        ("programmamanager-midden-gelderland", 200),
        ("beheerder", 200),
        ("werkkamerlid-haaglanden", 403),  # another region: refused, as on every plan page
        ("programmamanager-haaglanden", 403),
    ],
)
def test_who_may_read_the_money_page(client, demo, username, status):
    login(client, username)
    response = client.get(money_url(plan(MIDDEN_GELDERLAND)))
    assert response.status_code == status
    assert ("Begroting tegen realisatie" in response.content.decode()) is (status == 200)


def test_anonymous_goes_to_login_and_an_unknown_plan_is_404(client, demo):
    assert is_login_redirect(client.get(money_url(plan(MIDDEN_GELDERLAND))))
    login(client, "werkkamerlid-midden-gelderland")
    missing = ActionPlan.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("budgets:plan-money", kwargs={"plan_pk": missing})).status_code == 404
    assert client.get(money_url(plan(HAAGLANDEN))).status_code == 403


# --- queries ----------------------------------------------------------------------------------

# Session, user, roles, the plan, budget against actual (1), the spending list and what awaits
# approval (2), the budget changes and the budget they moved (2), the meetings' decisions on
# the changes and on the proposals paid from the plan ("besloten in", 1), the import link
# (none); the menu's count of unread notifications (issue 15, 1).
MONEY_PAGE_MAX = 11


def grow(plan_obj, budget_lines: int, entries: int) -> None:
    line = plan_obj.lines.create(title=f"Groei {budget_lines}", position=50)
    for number in range(budget_lines):
        project = line.projects.create(title=f"Groeiproject {number}", position=number)
        budget_line = BudgetLine.objects.create(
            plan=plan_obj, line=line, project=project, year=2022, amount=Decimal("1000")
        )
        for day in range(entries):
            fields = {"budget_line": budget_line, "amount": 1, "description": "x"}
            fields["date"] = date(2022, 1 + day % 12, 1)
            if day % 3:
                approved_expenditure(**fields)
            else:
                Expenditure.objects.create(status=Decision.INGEDIEND, **fields)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["money", "plan"])
def test_query_counts_do_not_grow_with_entries_and_budget_lines(client, rmt, page):
    plan_obj = rmt[0]
    login(client, "werkkamerlid-proef-geld")
    url = money_url(plan_obj, "31-12-2022") if page == "money" else plan_obj.get_absolute_url()
    client.get(url)  # warm up
    grow(plan_obj, budget_lines=3, entries=3)
    few = queries(client, url)
    grow(plan_obj, budget_lines=30, entries=30)
    many = queries(client, url)
    assert many == few
    if page == "money":
        assert few <= MONEY_PAGE_MAX
    assert "Groeiproject 29" in client.get(url).content.decode()
