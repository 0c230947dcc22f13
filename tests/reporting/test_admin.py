"""Reports in the admin are the record of what was sent: read-only, never added there, and a
finished report is never deleted; a failed one is made again through report_requeue."""

from datetime import date
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reporting import services
from reporting.models import Report
from tests.factories import RegionFactory, ReportedPlanFactory

from ..otp import verified_login
from ..programmes.test_admin import change_url, delete_url, run_action

pytestmark = pytest.mark.django_db
PERIOD = {"start_date": date(2024, 1, 1), "end_date": date(2024, 3, 31)}


@pytest.fixture
def beheerder(client):
    user = get_user_model().objects.create_user("beheerder-rapport", is_superuser=True)
    verified_login(client, user)
    return client


@pytest.fixture
def plan():
    return ReportedPlanFactory(region=RegionFactory(name="Proefregio"))


def test_a_finished_report_is_read_only_and_stays(beheerder, plan):
    report = Report.objects.create(plan=plan, status=Report.Status.KLAAR, **PERIOD)
    assert beheerder.get(change_url(report)).status_code == 200
    data = {"status": Report.Status.MISLUKT, "end_date": "30-06-2024", "_save": "Opslaan"}
    assert beheerder.post(change_url(report), data).status_code == 403
    assert beheerder.post(delete_url(report), {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert (report.status, report.end_date) == (Report.Status.KLAAR, date(2024, 3, 31))
    assert beheerder.get(reverse("admin:reporting_report_add")).status_code == 403


def test_a_failed_report_is_made_again_through_the_service(beheerder, plan):
    report = Report.objects.create(plan=plan, status=Report.Status.MISLUKT, **PERIOD)
    with mock.patch.object(services, "_enqueue_build") as enqueue:
        run_action(beheerder, Report, "requeue", report)
    report.refresh_from_db()
    assert report.status == Report.Status.WACHTRIJ
    enqueue.assert_called_once()
