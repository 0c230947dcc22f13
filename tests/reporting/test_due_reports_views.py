"""Making a due report from the pages: the request form proposes the latest complete period
inside the plan, and an overdue deadline has a button that makes its report (POST, allowed to
those who may request a report, the schedule's one report of the period however often)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from regions.models import RoleAssignment
from reporting import services
from reporting.models import Report
from reporting.views import reports as report_views
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def region():
    return RegionFactory(name="Proefregio")


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(report_views, "_today", lambda: day)

    return set_today


@pytest.fixture
def secretary(region):
    return UserFactory(username="secretaris", role=(region, Role.SECRETARIS))


def request_page(client, user, region, **query):
    client.force_login(user)
    url = reverse("reporting:report-request", kwargs={"slug": region.slug})
    return client.get(url, query).content.decode()


def proposed(page: str) -> tuple[str, str, str]:
    """(selected plan, start, end) the form proposes."""
    plan = re.search(r'<option value="(\d+)" selected>', page)
    start = re.search(r'name="start_date" value="([\d-]+)"', page)
    end = re.search(r'name="end_date" value="([\d-]+)"', page)
    return tuple(match.group(1) if match else "" for match in (plan, start, end))


def test_the_form_proposes_the_last_complete_quarter_of_an_ended_plan(
    client, region, secretary, today
):
    today(date(2026, 12, 1))
    ended = ReportedPlanFactory(
        region=region,
        title="Plan 2015-2016",
        start_date=date(2015, 1, 1),
        end_date=date(2016, 12, 31),
    )
    page = request_page(client, secretary, region)
    # Not the last quarter before today (2026), which lies outside the plan.
    assert proposed(page) == (str(ended.pk), "2016-10-01", "2016-12-31")


def test_the_form_clips_the_period_to_a_plan_starting_mid_quarter(client, region, secretary, today):
    today(date(2021, 12, 1))
    rmt = ReportedPlanFactory(
        region=region, title="RMT", start_date=date(2021, 9, 1), end_date=date(2022, 12, 31)
    )
    ReportedPlanFactory(
        region=region,
        title="Toekomstig plan",
        start_date=date(2023, 1, 1),
        end_date=date(2023, 12, 31),
    )
    page = request_page(client, secretary, region)
    assert proposed(page) == (str(rmt.pk), "2021-09-01", "2021-09-30")


def test_the_form_proposes_for_the_plan_in_the_url(client, region, secretary, today):
    today(date(2026, 12, 1))
    ReportedPlanFactory(
        region=region, title="Recent", start_date=date(2024, 1, 1), end_date=date(2024, 12, 31)
    )
    older = ReportedPlanFactory(
        region=region, title="Ouder", start_date=date(2019, 1, 1), end_date=date(2020, 12, 31)
    )
    page = request_page(client, secretary, region, plan=older.pk)
    assert proposed(page) == (str(older.pk), "2020-10-01", "2020-12-31")


def test_no_period_is_proposed_before_the_plan_has_a_complete_quarter(
    client, region, secretary, today
):
    today(date(2024, 2, 1))
    plan = ReportedPlanFactory(region=region)
    assert proposed(request_page(client, secretary, region)) == (str(plan.pk), "", "")


# The due list's button -------------------------------------------------------------------


def deadlines(client, user, region) -> str:
    client.force_login(user)
    url = reverse("reporting:report-deadlines", kwargs={"slug": region.slug})
    return client.get(url).content.decode()


def make_url(schedule):
    return reverse("reporting:schedule-report-make", kwargs={"pk": schedule.pk})


@pytest.fixture
def overdue(region, today):
    """A quarterly schedule whose Q2 2024 report was due on 10-07-2024; today is 20-07."""
    today(date(2024, 7, 20))
    return ReportScheduleFactory(plan__region=region)


def test_an_overdue_deadline_has_a_button_that_makes_its_report_once(
    client, region, secretary, overdue, fake_pdf, django_capture_on_commit_callbacks
):
    page = deadlines(client, secretary, region)
    assert "te laat" in page and make_url(overdue) in page and "Nu maken" in page

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(make_url(overdue))
        second = client.post(make_url(overdue))
    report = Report.objects.get()
    assert (report.schedule, report.start_date, report.end_date) == (
        overdue,
        date(2024, 4, 1),
        date(2024, 6, 30),
    )
    assert (report.status, report.requested_by) == (Report.Status.KLAAR, secretary)
    assert first["Location"] == second["Location"] == f"/rapportages/{report.pk}/"
    assert len(fake_pdf.calls) == 1
    page = deadlines(client, secretary, region)
    assert "Nu maken" not in page and ">klaar<" in page


def test_the_button_queues_a_failed_report_again(
    client, region, secretary, overdue, fake_pdf, django_capture_on_commit_callbacks
):
    report, _created = services.report_for_schedule(
        schedule=overdue, start_date=date(2024, 4, 1), end_date=date(2024, 6, 30)
    )
    services.report_fail(report=report, reason="RuntimeError: stuk")
    assert "Nu maken" in deadlines(client, secretary, region)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(make_url(overdue))
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert report.status == Report.Status.KLAAR


@pytest.mark.parametrize("role", [Role.WERKKAMERLID, None])
def test_who_may_not_request_a_report_gets_no_button_and_a_refusal(
    client, region, other_region_user, overdue, role
):
    user = UserFactory(username="lezer", role=(region, role)) if role else other_region_user
    if role:
        assert "Nu maken" not in deadlines(client, user, region)
    client.force_login(user)
    assert client.post(make_url(overdue)).status_code == 403
    assert not Report.objects.exists()


@pytest.fixture
def other_region_user():
    other = RegionFactory(code="AM97", name="Andere regio")
    return UserFactory(username="secretaris-elders", role=(other, Role.SECRETARIS))


def test_the_button_answers_only_to_post(client, secretary, overdue):
    client.force_login(secretary)
    assert client.get(make_url(overdue)).status_code == 405
    assert not Report.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, overdue):
    response = client.post(make_url(overdue))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Report.objects.exists()
