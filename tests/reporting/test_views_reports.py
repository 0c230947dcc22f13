"""The report pages as users see them: the archive and the due list of a region, asking for a
report, its status page (polled by htmx) and its downloads; both sides of every permission,
and query counts that do not grow with the number of reports."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import RoleAssignment
from regions.permissions import can_request_report, can_view_report
from reporting import services
from reporting.models import Report
from reporting.views import reports as report_views
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory, UserFactory

from .report_helpers import record

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
Q1 = {"start_date": date(2024, 1, 1), "end_date": date(2024, 3, 31)}


@pytest.fixture
def region():
    return RegionFactory(name="Proefregio")


@pytest.fixture
def other_region():
    return RegionFactory(code="AM97", name="Andere regio")


@pytest.fixture
def plan(region):
    return ReportedPlanFactory(region=region)


@pytest.fixture
def people(region, other_region):
    return {
        "secretaris": UserFactory(username="secretaris", role=(region, Role.SECRETARIS)),
        "programmamanager": UserFactory(
            username="programmamanager", role=(region, Role.PROGRAMMAMANAGER)
        ),
        "werkkamerlid": UserFactory(username="werkkamerlid", role=(region, Role.WERKKAMERLID)),
        "buur": UserFactory(
            username="werkkamerlid-andere-regio", role=(other_region, Role.WERKKAMERLID)
        ),
        "buur-secretaris": UserFactory(
            username="secretaris-andere-regio", role=(other_region, Role.SECRETARIS)
        ),
    }


def text(html: str) -> str:
    """What the page says, without its tags."""
    return re.sub(r"<[^>]+>", "", html)


def as_user(client, user):
    client.force_login(user)
    return client


def finished_report(plan, actor=None, **period) -> Report:
    report = services.report_request(plan=plan, actor=actor, kind="voortgang", **(period or Q1))
    return services.report_build(report=report)


def archive_url(region):
    return reverse("reporting:report-archive", kwargs={"slug": region.slug})


def detail_url(report):
    return reverse("reporting:report-detail", kwargs={"pk": report.pk})


def file_url(report, fmt):
    return reverse(f"reporting:report-{fmt}", kwargs={"pk": report.pk})


# The archive ------------------------------------------------------------------------------


def test_archive_lists_who_made_what_when(client, plan, people, fake_pdf):
    on_demand = finished_report(plan, actor=people["secretaris"])
    scheduled, _ = services.report_for_schedule(
        schedule=ReportScheduleFactory(plan=plan),
        start_date=date(2024, 4, 1),
        end_date=date(2024, 6, 30),
    )
    response = as_user(client, people["werkkamerlid"]).get(archive_url(plan.region))
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('id="report-table"') :]
    assert on_demand.kenmerk in table and scheduled.kenmerk in table
    assert "secretaris" in table
    assert "automatisch (schema)" in table
    assert "01-01-2024 t/m 31-03-2024" in text(table)
    assert f"{timezone.localtime(on_demand.generated_at):%d-%m-%Y %H:%M}" in table
    assert "in de wachtrij" in table and "klaar" in table
    # Downloads for the finished report only.
    assert file_url(on_demand, "pdf") in table
    assert file_url(on_demand, "xlsx") in table and file_url(on_demand, "csv") in table
    assert file_url(scheduled, "pdf") not in table


def test_archive_filters_by_status_and_year(client, plan, people, fake_pdf):
    done = finished_report(plan)
    queued = services.report_request(
        plan=plan,
        actor=None,
        kind="financieel",
        start_date=date(2024, 4, 1),
        end_date=date(2024, 6, 30),
    )
    client = as_user(client, people["secretaris"])
    page = client.get(archive_url(plan.region), {"status": "wachtrij"}).content.decode()
    assert queued.kenmerk in page and done.kenmerk not in page
    page = client.get(archive_url(plan.region), {"kind": "voortgang"}).content.decode()
    assert done.kenmerk in page and queued.kenmerk not in page
    page = client.get(archive_url(plan.region), {"year": 2023}).content.decode()
    assert "Nog geen rapportages." in page


def test_archive_shows_only_the_regions_reports(client, plan, other_region, people, fake_pdf):
    ours = finished_report(plan)
    theirs = finished_report(ReportedPlanFactory(region=other_region, title="Plan van de buren"))
    page = as_user(client, people["secretaris"]).get(archive_url(plan.region)).content.decode()
    assert ours.kenmerk in page and theirs.kenmerk not in page


def test_archive_offers_a_request_only_to_who_may_ask(client, plan, people):
    assert "Rapportage aanvragen" in (
        as_user(client, people["secretaris"]).get(archive_url(plan.region)).content.decode()
    )
    assert "Rapportage aanvragen" not in (
        as_user(client, people["werkkamerlid"]).get(archive_url(plan.region)).content.decode()
    )


@pytest.mark.parametrize("name", ["buur", "buur-secretaris"])
def test_archive_of_another_region_is_refused(client, plan, people, name):
    assert as_user(client, people[name]).get(archive_url(plan.region)).status_code == 403


def test_region_page_links_to_the_archive(client, plan, people):
    page = as_user(client, people["werkkamerlid"]).get(plan.region.get_absolute_url())
    assert archive_url(plan.region) in page.content.decode()


def test_archive_asks_an_anonymous_visitor_to_log_in(client, plan):
    response = client.get(archive_url(plan.region))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _reports(plan, number):
    for month in range(1, number + 1):
        report = Report.objects.create(
            plan=plan,
            start_date=date(2024, 1, 1),
            end_date=date(2024, 1, month % 28 + 1),
            status=Report.Status.KLAAR,
            generated_at=timezone.now(),
        )
        report.kenmerk = f"AM98-2024-{report.pk:04d}"
        report.save(update_fields=["kenmerk"])


@pytest.mark.parametrize("number", [3, 30])
def test_archive_query_count_does_not_grow(
    client, plan, people, number, django_assert_max_num_queries
):
    _reports(plan, number)
    ReportedPlanFactory(region=plan.region, title="Tweede plan")
    client = as_user(client, people["secretaris"])
    # Nine since issue 15: the menu counts the user's unread notifications (one query).
    with django_assert_max_num_queries(9):
        response = client.get(archive_url(plan.region))
    assert response.content.decode().count("AM98-2024-") >= min(number, 25)


# The due/overdue list ------------------------------------------------------------------------


def deadlines_url(region):
    return reverse("reporting:report-deadlines", kwargs={"slug": region.slug})


@pytest.fixture
def today(monkeypatch):
    """Fix the date the pages count from."""

    def set_today(day):
        monkeypatch.setattr(report_views, "_today", lambda: day)

    return set_today


def test_deadlines_show_due_overdue_and_done(client, people, region, fake_pdf, today):
    today(date(2024, 7, 20))
    done = ReportScheduleFactory(plan__region=region, plan__title="Plan klaar")
    ReportScheduleFactory(plan__region=region, plan__title="Plan te laat", days_to_deliver=10)
    ReportScheduleFactory(plan__region=region, plan__title="Plan te doen", days_to_deliver=30)
    report, _ = services.report_for_schedule(
        schedule=done, start_date=date(2024, 4, 1), end_date=date(2024, 6, 30)
    )
    services.report_build(report=report)

    page = as_user(client, people["werkkamerlid"]).get(deadlines_url(region)).content.decode()
    rows = {
        title: text(page[page.index(title) : page.index("</tr>", page.index(title))]).replace(
            title, ""
        )
        for title in ("Plan klaar", "Plan te laat", "Plan te doen")
    }
    assert "klaar" in rows["Plan klaar"] and report.kenmerk in rows["Plan klaar"]
    assert "te laat" in rows["Plan te laat"] and "10-07-2024" in rows["Plan te laat"]
    assert "te doen" in rows["Plan te doen"] and "30-07-2024" in rows["Plan te doen"]
    assert "te laat" not in rows["Plan te doen"] + rows["Plan klaar"]
    assert "klaar" not in rows["Plan te doen"] + rows["Plan te laat"]
    for row in rows.values():
        assert "01-04-2024 t/m 30-06-2024" in row  # the period that is due
        assert "01-07-2024 t/m 30-09-2024" in row  # the period running now


def test_deadlines_before_the_first_period_ends(client, people, region, today):
    today(date(2024, 2, 1))
    ReportScheduleFactory(plan__region=region, plan__title="Nieuw plan")
    page = text(as_user(client, people["werkkamerlid"]).get(deadlines_url(region)).content.decode())
    assert "nog geen afgelopen periode" in page
    assert "01-01-2024 t/m 31-03-2024" in page and "10-04-2024" in page


def test_deadlines_of_another_region_are_refused(client, plan, people):
    assert as_user(client, people["buur"]).get(deadlines_url(plan.region)).status_code == 403


@pytest.mark.parametrize("number", [2, 12])
def test_deadlines_query_count_does_not_grow(
    client, people, region, number, fake_pdf, today, django_assert_max_num_queries
):
    today(date(2024, 7, 20))
    for index in range(number):
        schedule = ReportScheduleFactory(plan__region=region, plan__title=f"Plan {index}")
        Report.objects.create(
            plan=schedule.plan,
            schedule=schedule,
            start_date=date(2024, 4, 1),
            end_date=date(2024, 6, 30),
            status=Report.Status.KLAAR,
            kenmerk=f"K-{index}",
        )
    client = as_user(client, people["werkkamerlid"])
    # Seven since issue 15: the menu counts the user's unread notifications (one query).
    with django_assert_max_num_queries(7):
        page = client.get(deadlines_url(region)).content.decode()
    assert page.count(">klaar<") == number


# Asking for a report ------------------------------------------------------------------------


def request_url(region):
    return reverse("reporting:report-request", kwargs={"slug": region.slug})


def test_request_form_defaults_to_the_latest_complete_quarter(client, plan, people, today):
    today(date(2025, 2, 14))
    page = as_user(client, people["secretaris"]).get(request_url(plan.region)).content.decode()
    assert 'value="2024-10-01"' in page and 'value="2024-12-31"' in page
    assert "Proefplan" in page


def test_secretary_requests_a_report_and_sees_it_done(
    client, plan, people, fake_pdf, django_capture_on_commit_callbacks
):
    record(plan, "2024-K1", 30)
    client = as_user(client, people["secretaris"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url(plan.region),
            {
                "plan": plan.pk,
                "kind": "voortgang",
                "start_date": "2024-01-01",
                "end_date": "2024-03-31",
            },
        )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(report)
    assert (report.requested_by, report.status) == (people["secretaris"], Report.Status.KLAAR)
    page = client.get(detail_url(report)).content.decode()
    assert f"De rapportage {report.kenmerk} is aangevraagd." in page
    assert "Klaar op" in page and file_url(report, "pdf") in page
    assert 'data-hx-trigger="every 2s"' not in page  # done: no more polling


def test_a_wrong_period_is_refused_with_a_message(client, plan, people):
    response = as_user(client, people["secretaris"]).post(
        request_url(plan.region),
        {
            "plan": plan.pk,
            "kind": "voortgang",
            "start_date": "2024-03-31",
            "end_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum" in response.content.decode()
    assert not Report.objects.exists()


def test_a_period_outside_the_plan_is_refused_with_a_message(client, plan, people):
    response = as_user(client, people["secretaris"]).post(
        request_url(plan.region),
        {
            "plan": plan.pk,
            "kind": "voortgang",
            "start_date": "2023-01-01",
            "end_date": "2023-03-31",
        },
    )
    assert "valt buiten de looptijd van het plan (01-01-2024 t/m 31-12-2024)" in (
        response.content.decode()
    )
    assert not Report.objects.exists()


def test_plan_of_another_region_cannot_be_chosen(client, plan, other_region, people):
    theirs = ReportedPlanFactory(region=other_region, title="Plan van de buren")
    response = as_user(client, people["secretaris"]).post(
        request_url(plan.region),
        {
            "plan": theirs.pk,
            "kind": "voortgang",
            "start_date": "2024-01-01",
            "end_date": "2024-03-31",
        },
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("secretaris", 200),
        ("programmamanager", 200),
        ("werkkamerlid", 403),
        ("buur-secretaris", 403),
    ],
)
def test_who_may_request_a_report(client, plan, people, name, status):
    client = as_user(client, people[name])
    assert client.get(request_url(plan.region)).status_code == status
    response = client.post(
        request_url(plan.region),
        {
            "plan": plan.pk,
            "kind": "voortgang",
            "start_date": "2024-01-01",
            "end_date": "2024-03-31",
        },
    )
    assert Report.objects.exists() is (status == 200)
    if status == 403:
        assert response.status_code == 403


# The status page and the downloads ----------------------------------------------------------


def test_status_page_polls_while_queued(client, plan, people):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    client = as_user(client, people["werkkamerlid"])
    page = client.get(detail_url(report)).content.decode()
    assert 'data-hx-trigger="every 2s"' in page
    assert "In de wachtrij" in page
    assert 'aria-current="step">In de wachtrij' in page

    # The poll: only the status part, or nothing (204) while nothing changed.
    poll = client.get(detail_url(report), HTTP_HX_REQUEST="true")
    assert poll.content.decode().lstrip().startswith('<div id="report-status"')
    unchanged = client.get(detail_url(report), {"gezien": "wachtrij-0"}, HTTP_HX_REQUEST="true")
    assert unchanged.status_code == 204

    Report.objects.filter(pk=report.pk).update(status=Report.Status.BEZIG, attempts=1)
    running = client.get(detail_url(report), {"gezien": "wachtrij-0"}, HTTP_HX_REQUEST="true")
    assert running.status_code == 200
    assert 'aria-current="step">Wordt gemaakt' in running.content.decode()


def test_status_page_shows_the_reason_of_a_failure(client, plan, people):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    Report.objects.filter(pk=report.pk).update(attempts=4)
    services.report_fail(report=report, reason="RuntimeError: de PDF-opmaak liep vast")
    secretary = as_user(client, people["secretaris"]).get(detail_url(report)).content.decode()
    assert "mislukt na 4 pogingen" in secretary
    assert "RuntimeError: de PDF-opmaak liep vast" in secretary
    assert "Opnieuw proberen" in secretary
    assert 'data-hx-trigger="every 2s"' not in secretary
    member = as_user(client, people["werkkamerlid"]).get(detail_url(report)).content.decode()
    assert "Opnieuw proberen" not in member


def test_retry_queues_a_failed_report_again(
    client, plan, people, fake_pdf, django_capture_on_commit_callbacks
):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_fail(report=report, reason="stuk")
    url = reverse("reporting:report-retry", kwargs={"pk": report.pk})
    assert as_user(client, people["werkkamerlid"]).post(url).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.MISLUKT
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, people["secretaris"]).post(url)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.KLAAR


def test_pdf_download(client, plan, people, fake_pdf):
    report = finished_report(plan)
    response = as_user(client, people["werkkamerlid"]).get(file_url(report, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{report.kenmerk}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_csv_and_xlsx_come_from_the_frozen_figures(client, plan, people, fake_pdf):
    record(plan, "2024-K1", 30)
    report = finished_report(plan)
    client = as_user(client, people["werkkamerlid"])
    before = client.get(file_url(report, "csv")).content
    record(plan, "2024-K1", 45)  # changed after the report was made
    after = client.get(file_url(report, "csv"))
    assert after.status_code == 200
    assert after["Content-Type"].startswith("text/csv")
    assert f'filename="{report.kenmerk}.csv"' in after["Content-Disposition"]
    assert after.content == before
    rows = list(csv.reader(io.StringIO(before.decode("utf-8-sig")), delimiter=";"))
    assert any("30" in row for row in rows)
    assert not any("45" in row for row in rows)
    xlsx = client.get(file_url(report, "xlsx"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_unfinished_report_has_no_downloads(client, plan, people):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    client = as_user(client, people["secretaris"])
    for fmt in ("pdf", "xlsx", "csv"):
        assert client.get(file_url(report, fmt)).status_code == 404


@pytest.mark.parametrize("name", ["buur", "buur-secretaris"])
def test_another_region_cannot_open_a_report(client, plan, people, fake_pdf, name):
    report = finished_report(plan)
    client = as_user(client, people[name])
    assert client.get(detail_url(report)).status_code == 403
    for fmt in ("pdf", "xlsx", "csv"):
        assert client.get(file_url(report, fmt)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, plan, fake_pdf):
    report = finished_report(plan)
    for url in (detail_url(report), file_url(report, "pdf")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_national_plans_report_follows_can(client, people, fake_pdf):
    report = finished_report(ReportedPlanFactory(region=None, title="Landelijk plan"))
    client = as_user(client, people["buur"])
    assert client.get(detail_url(report)).status_code == 200
    assert client.get(file_url(report, "pdf")).status_code == 200


def test_missing_report_is_not_found(client, people):
    assert as_user(client, people["secretaris"]).get("/rapportages/999999/").status_code == 404


# The rules themselves (regions.permissions) ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "may_view", "may_request"),
    [
        ("secretaris", True, True),
        ("programmamanager", True, True),
        ("werkkamerlid", True, False),
        ("buur", False, False),
        ("buur-secretaris", False, False),
    ],
)
def test_report_rules_per_role(plan, people, name, may_view, may_request):
    report = Report(plan=plan, **Q1)
    assert can_view_report(people[name], report) is may_view
    assert can_request_report(people[name], plan) is may_request


def test_report_rules_of_a_national_plan(people, django_user_model):
    plan = ReportedPlanFactory(region=None, title="Landelijk plan")
    report = Report(plan=plan, **Q1)
    beheerder = django_user_model.objects.create_superuser("beheerder-proef", password="x")
    assert all(can_view_report(user, report) for user in [*people.values(), beheerder])
    assert not any(can_request_report(user, plan) for user in people.values())
    assert can_request_report(beheerder, plan)
