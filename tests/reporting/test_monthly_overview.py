"""The treasurer's monthly overview (maandoverzicht uitgaven voor de kassier): an
uitgavenoverzicht freezes per category and budget line the budget, what was approved in the
month and to its end, the change since last month, what awaits approval and the warnings;
read back from its PDF, its XLSX and its status page, made once per month by the schedule."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budgets import selectors as budget_selectors
from budgets.models import BudgetLine, Decision, Expenditure
from programmes.models import ActionPlan
from regions.models import RoleAssignment
from reporting import services
from reporting.documents import freeze_figures, render_csv, render_pdf, render_xlsx
from reporting.models import Report, ReportKind, ReportSchedule
from reporting.tasks import reports_due
from tests.factories import (
    PlanFactory,
    RegionFactory,
    ReportScheduleFactory,
    UserFactory,
    approved_expenditure,
)
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
START, END = date(2021, 9, 1), date(2022, 12, 31)
OCTOBER = {"start_date": date(2021, 10, 1), "end_date": date(2021, 10, 31)}


@pytest.fixture
def region():
    return RegionFactory(code="AM96", name="Proefregio Kust")


@pytest.fixture
def rmt(region):
    """An RMT-like plan: three budgets over September 2021 – December 2022, two of them in
    one category, with approved, awaiting and rejected entries over September–November."""
    plan = PlanFactory(region=region, title="Proef-RMT", start_date=START, end_date=END)
    staff = BudgetLine.objects.create(
        plan=plan,
        year=2021,
        category=BudgetLine.Category.PERSONEEL,
        amount=Decimal("447942.00"),
        description="Budget beschikbaar voor personeel",
    )
    services_a = BudgetLine.objects.create(
        plan=plan,
        year=2021,
        category=BudgetLine.Category.DIENSTVERLENING,
        amount=Decimal("647105.00"),
        description="Budget dienstverlening werkzoekenden",
    )
    services_b = BudgetLine.objects.create(
        plan=plan,
        year=2021,
        category=BudgetLine.Category.DIENSTVERLENING,
        amount=Decimal("338604.00"),
        description="Budget dienstverlening werkgevers",
    )
    # September: approved 10.000,50 on staff.
    approved_expenditure(
        budget_line=staff, date=date(2021, 9, 30), amount=Decimal("10000.50"), description="sep"
    )
    # October: approved 20.000 staff and 5.000 services; 3.000 awaiting; 999 rejected.
    approved_expenditure(
        budget_line=staff, date=date(2021, 10, 15), amount=Decimal("20000.00"), description="okt"
    )
    approved_expenditure(
        budget_line=services_a,
        date=date(2021, 10, 20),
        amount=Decimal("5000.00"),
        description="okt",
    )
    Expenditure.objects.create(
        budget_line=services_b,
        date=date(2021, 10, 25),
        amount=Decimal("3000.00"),
        description="wacht",
    )
    Expenditure.objects.create(
        budget_line=staff,
        date=date(2021, 10, 26),
        amount=Decimal("999.00"),
        description="afgekeurd",
        status=Decision.AFGEKEURD,
        rejection_reason="valt buiten de regeling",
        decided_at="2021-10-27T10:00Z",
    )
    # November: counts neither in October nor before it.
    approved_expenditure(
        budget_line=staff, date=date(2021, 11, 2), amount=Decimal("7000.00"), description="nov"
    )
    plan = ActionPlan.objects.select_related("programme", "region").get(pk=plan.pk)
    return plan, {"staff": staff, "services_a": services_a, "services_b": services_b}


@pytest.fixture
def october(rmt):
    plan, _lines = rmt
    return freeze_figures(plan=plan, kind=ReportKind.FINANCIEEL, **OCTOBER)


def test_the_selector_gives_the_month_and_the_change_since_last_month(rmt):
    plan, lines = rmt
    with CaptureQueriesContext(connection) as queries:
        overview = budget_selectors.period_overview(plan=plan, **OCTOBER)
    assert len(queries) == 2
    assert overview.previous_end == date(2021, 9, 30)
    total = overview.plan
    assert total.current.approved == Decimal("35000.50")
    assert total.previous.approved == Decimal("10000.50")
    assert total.approved_in_period == Decimal("25000.00")
    assert total.current.awaiting == Decimal("3000.00")  # the rejected 999 counts nowhere
    staff = overview.per_budget_line[lines["staff"].pk]
    assert staff.approved_in_period == Decimal("20000.00")
    services = overview.per_category[BudgetLine.Category.DIENSTVERLENING]
    assert services.current.budgeted == Decimal("985709.00")
    assert services.current.approved == Decimal("5000.00")
    assert services.current.awaiting == Decimal("3000.00")
    # More entries and budget lines, the same two queries.
    for day in range(1, 21):
        extra = BudgetLine.objects.create(plan=plan, year=2022, amount=Decimal("10"))
        approved_expenditure(
            budget_line=extra, date=date(2021, 10, day), amount=Decimal("1"), description="x"
        )
    with CaptureQueriesContext(connection) as queries:
        grown = budget_selectors.period_overview(plan=plan, **OCTOBER)
    assert len(queries) == 2
    assert grown.plan.approved_in_period == Decimal("25020.00")


def test_the_overview_is_frozen_for_the_reports_month(october):
    overview = october["monthly_overview"]
    assert october["kind"] == ReportKind.FINANCIEEL and october["version"] == 2
    assert (overview["start_date"], overview["end_date"]) == ("2021-10-01", "2021-10-31")
    assert overview["previous_end"] == "2021-09-30"
    assert overview["single_month"] is True
    total = overview["total"]
    assert total["planned"] == "1433651.00"
    assert total["approved_in_period"] == "25000.00"
    assert total["previous_cumulative"] == "10000.50"
    assert total["spent"] == "35000.50"
    assert total["awaiting"] == "3000.00"
    assert total["remaining"] == "1398650.50"
    assert [c["label"] for c in overview["categories"]] == ["personeel", "dienstverlening"]
    services = overview["categories"][1]
    assert [line["planned"] for line in services["lines"]] == ["647105.00", "338604.00"]
    # The totals are the selector's, and they are the sum of the parts.
    assert sum(Decimal(c["approved_in_period"]) for c in overview["categories"]) == Decimal(
        total["approved_in_period"]
    )
    # A progress report on the same plan has no overview.
    plan_figures = freeze_figures(plan=ActionPlan.objects.get(pk=october["plan"]["id"]), **OCTOBER)
    assert plan_figures["monthly_overview"] is None


def test_the_pdf_says_what_the_overview_holds(october):
    meta = {
        "kenmerk": "AM96-2021-0042",
        "kind": ReportKind.FINANCIEEL,
        "audience": ReportSchedule.Audience.KASSIER,
        "contact_role": "penningmeester RMT",
        "date": "10-11-2021",
    }
    text = pdf_text(render_pdf(october, report_meta=meta))
    assert "Maandoverzicht uitgaven oktober 2021" in text
    assert "kassier" in text and "Proefregio Kust" in text and "Proef-RMT" in text
    assert "AM96-2021-0042" in text and "penningmeester RMT" in text
    assert "Peildatum 31-10-2021" in text
    assert "Alleen goedgekeurde uitgaven tellen als besteed" in text
    assert "€ 447.942" in text
    # Totals: budget, this month, cumulative (and to the end of September), awaiting.
    total = text[text.index("Totaal") :]
    assert total.startswith(
        "Totaal € 1.433.651 € 25.000 € 35.001 t/m 30-09-2021: € 10.001 € 3.000 € 1.398.651"
    )
    assert "Dienstverlening € 985.709 € 5.000 € 5.000" in text
    # Change since last month, as known when frozen: said so.
    assert "zoals bekend op" in text


def test_the_xlsx_holds_numbers_and_totals_equal_the_parts(october):
    workbook = load_workbook(io.BytesIO(render_xlsx(october)))
    assert workbook.sheetnames == ["Maandoverzicht"]
    sheet = workbook["Maandoverzicht"]
    headers = [cell.value for cell in sheet[2]]
    assert headers[:4] == ["Categorie", "Begrotingspost", "Jaar", "Lijn of project"]
    assert "Goedgekeurd in de periode" in headers and "Wacht op goedkeuring" in headers
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert not any(
        cell.data_type == "f" for row in sheet.iter_rows() for cell in row
    )  # no formulas
    column = {header: index for index, header in enumerate(headers)}
    categories = [row for row in rows if row[1] is None and row[0] != "Totaal"]
    lines = [row for row in rows if row[1]]
    (total,) = [row for row in rows if row[0] == "Totaal"]
    for header in (
        "Begroot",
        "Goedgekeurd in de periode",
        "Goedgekeurd cumulatief",
        "Wacht op goedkeuring",
        "Resterend",
    ):
        index = column[header]
        assert all(isinstance(row[index], int | float) for row in rows)
        assert sum(Decimal(str(row[index])) for row in categories) == Decimal(str(total[index]))
        assert sum(Decimal(str(row[index])) for row in lines) == Decimal(str(total[index]))
    assert total[column["Begroot"]] == 1433651
    assert total[column["Goedgekeurd in de periode"]] == 25000
    assert total[column["Goedgekeurd cumulatief"]] == 35000.5
    assert total[column["Wacht op goedkeuring"]] == 3000
    money = sheet.cell(row=3, column=column["Begroot"] + 1)
    assert "€" in money.number_format
    csv_text = render_csv(october).decode("utf-8-sig")
    assert "Totaal;;;;1433651;" in csv_text


def test_budget_figures_in_a_progress_report_are_budget_against_actual(rmt):
    plan, lines = rmt
    figures = freeze_figures(plan=plan, start_date=date(2022, 1, 1), end_date=date(2022, 3, 31))
    assert figures["budget_led"] is True
    (year,) = figures["budget"]["years"]
    assert (year["planned"], year["spent"], year["awaiting"]) == (
        "1433651.00",
        "42000.50",
        "3000.00",
    )
    staff = figures["budget_categories"][0]["lines"][0]
    # 8,3 % spent of 43,5 % of the time: 25 points or more behind (the programme's default).
    assert staff["warning"] == "achter"
    text = pdf_text(render_pdf(figures, report_meta={"kenmerk": "AM96-2021-0043"}))
    summary = text[text.index("Samenvatting") : text.index("Realisatie in de tijd")]
    assert "Wacht op goedkeuring" in summary
    assert "loopt achter" in summary
    assert "Budget dienstverlening werkgevers" in summary
    # The spreadsheet's budget sheet has the same columns.
    sheet = load_workbook(io.BytesIO(render_xlsx(figures)))["Begroting"]
    headers = [cell.value for cell in sheet[2]]
    rows = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=3)}
    total = rows[("hele plan", "totaal")]
    assert total[headers.index("Wacht op goedkeuring")].value == 3000
    assert total[headers.index("Signaal")].value.startswith("loopt achter")
    assert total[headers.index("Tijd verstreken")].value == pytest.approx(0.435)


def test_a_version_1_report_still_renders():
    """A report frozen before budget against actual (version 1: planned, spent, remaining)."""
    figures = {
        "version": 1,
        "frozen_at": "2021-11-05T10:00:00+00:00",
        "period": {"start_date": "2021-09-01", "end_date": "2021-10-31"},
        "peildatum": None,
        "plan": {
            "id": 1,
            "title": "Oud RMT-plan",
            "version": 1,
            "status": "vastgesteld",
            "status_label": "vastgesteld",
            "start_date": "2021-09-01",
            "end_date": "2022-12-31",
            "region": "Oude regio",
            "programme": "RMT",
            "on_course_from": 90,
            "at_risk_from": 70,
        },
        "summary": [],
        "lines": [],
        "prognoses": [],
        "series": [],
        "budget": {
            "years": [
                {"year": 2021, "planned": "447942.00", "spent": "0.00", "remaining": "447942.00"}
            ],
            "total": {"planned": "447942.00", "spent": "0.00", "remaining": "447942.00"},
            "plan_itself": "447942.00",
        },
        "budget_categories": [
            {
                "category": "personeel",
                "label": "personeel",
                "planned": "447942.00",
                "spent": "0.00",
                "remaining": "447942.00",
                "lines": [
                    {
                        "year": 2021,
                        "description": "Budget personeel",
                        "line": "",
                        "project": "",
                        "planned": "447942.00",
                        "spent": "0.00",
                        "remaining": "447942.00",
                    }
                ],
            }
        ],
        "budget_led": True,
        "risks": [],
        "activities": [],
    }
    text = pdf_text(render_pdf(figures, report_meta={"kenmerk": "OUD-2021-0001"}))
    assert "Personeel € 447.942 € 0 € 447.942" in text
    assert "Wacht op goedkeuring" not in text
    workbook = load_workbook(io.BytesIO(render_xlsx(figures)))
    assert "Begroting" in workbook.sheetnames
    assert render_csv(figures).decode("utf-8-sig").count("begroting") >= 2


def test_the_schedule_makes_one_overview_per_month_however_often_it_runs(
    rmt, only_own_schedules, fake_pdf, django_capture_on_commit_callbacks
):
    plan, _lines = rmt
    schedule = ReportScheduleFactory(
        plan=plan,
        kind=ReportKind.FINANCIEEL,
        frequency=ReportSchedule.Frequency.MAANDELIJKS,
        audience=ReportSchedule.Audience.KASSIER,
        contact_role="penningmeester RMT",
    )
    with django_capture_on_commit_callbacks(execute=True):
        reports_due(today="2021-11-03")
    with django_capture_on_commit_callbacks(execute=True):
        reports_due(today="2021-11-04")
    (report,) = Report.objects.filter(schedule=schedule)
    assert (report.start_date, report.end_date) == (date(2021, 10, 1), date(2021, 10, 31))
    assert report.kind == ReportKind.FINANCIEEL and report.status == Report.Status.KLAAR
    overview = report.figures["monthly_overview"]
    assert (overview["start_date"], overview["end_date"]) == ("2021-10-01", "2021-10-31")
    assert overview["total"]["approved_in_period"] == "25000.00"


@pytest.fixture
def overview_report(rmt, fake_pdf):
    plan, _lines = rmt
    report = services.report_request(plan=plan, actor=None, kind=ReportKind.FINANCIEEL, **OCTOBER)
    return services.report_build(report=report)


@pytest.mark.parametrize(
    ("role", "same_region", "status"),
    [
        (Role.WERKKAMERLID, True, 200),
        (Role.PENNINGMEESTER, True, 200),
        (Role.WERKKAMERLID, False, 403),
        (Role.PENNINGMEESTER, False, 403),
    ],
)
def test_who_may_open_the_overview(client, region, overview_report, role, same_region, status):
    where = region if same_region else RegionFactory(code="AM95", name="Buurregio")
    client.force_login(UserFactory(username=f"{role}-{same_region}", role=(where, role)))
    page = client.get(reverse("reporting:report-detail", kwargs={"pk": overview_report.pk}))
    assert page.status_code == status
    xlsx = client.get(reverse("reporting:report-xlsx", kwargs={"pk": overview_report.pk}))
    assert xlsx.status_code == status
    if status == 200:
        html = re.sub(r"<[^>]+>", " ", page.content.decode())
        html = re.sub(r"\s+", " ", html)
        assert "Maandoverzicht uitgaven oktober 2021" in html
        assert "€ 25.000" in html and "€ 3.000" in html and "€ 447.942" in html


def test_the_penningmeester_may_request_an_overview(client, region, rmt, fake_pdf):
    plan, _lines = rmt
    url = reverse("reporting:report-request", kwargs={"slug": region.slug})
    treasurer = UserFactory(username="penningmeester-proef", role=(region, Role.PENNINGMEESTER))
    member = UserFactory(username="werkkamerlid-proef", role=(region, Role.WERKKAMERLID))
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(treasurer)
    assert client.get(url).status_code == 200
    before = Report.objects.count()
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "kind": ReportKind.FINANCIEEL,
            "start_date": "2021-10-01",
            "end_date": "2021-10-31",
        },
    )
    assert response.status_code == 302
    assert Report.objects.count() == before + 1
