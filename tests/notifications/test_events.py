"""Each event makes exactly one notification for each person it concerns, and none for
anyone else: a report ready or failed, spending awaiting approval or rejected, a period
ending within a week, a delivery recorded, an action item from a decision, a report due.
Reporting the same event again (a scan run twice, a retried task) makes nothing more."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets import services as budget_services
from notifications.models import Notification
from placements import services as placement_services
from programmes import tasks as programme_tasks
from programmes.models import ActionPlan
from regions.models import ActionItem, Region, RoleAssignment
from regions.services import action_item_save
from reporting import services as report_services
from reporting import tasks as report_tasks
from tests.api.conftest import make_token
from tests.budgets import spending_files
from tests.budgets.test_spending_import import World as ImportWorld
from tests.factories import (
    PlanFactory,
    RegionFactory,
    ReportedPlanFactory,
    ReportScheduleFactory,
    UserFactory,
)
from tests.placements.importfiles import MIDDEN_GELDERLAND, csv_upload, row
from tests.regions.governance_factories import MeetingFactory, agenda_item, demo_region
from tests.regions.governance_factories import decision as decision_recorded

from .helpers import Email, Kind, choose, mails_to, notified

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


# Reports ----------------------------------------------------------------------------------


@pytest.fixture
def report_world(only_own_schedules, fake_pdf):
    region = RegionFactory(name="Proefregio")
    other = RegionFactory(name="Andere regio")
    return {
        "region": region,
        "plan": ReportedPlanFactory(region=region),
        "manager": UserFactory(username="pm-proef", role=(region, Role.PROGRAMMAMANAGER)),
        "secretary": UserFactory(username="secr-proef", role=(region, Role.SECRETARIS)),
        "elsewhere": UserFactory(username="secr-elders", role=(other, Role.SECRETARIS)),
        "fake_pdf": fake_pdf,
    }


def test_a_report_on_demand_tells_who_asked_for_it(
    report_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(
            plan=report_world["plan"],
            actor=report_world["manager"],
            kind="voortgang",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 3, 31),
        )
    report.refresh_from_db()
    assert notified(Kind.REPORT_READY, f"report:{report.pk}") == {"pm-proef"}
    notification = Notification.objects.get(kind=Kind.REPORT_READY, key=f"report:{report.pk}")
    assert notification.link == reverse("reporting:report-detail", args=[report.pk])
    assert notification.region == report_world["region"]
    assert report.kenmerk in notification.subject
    assert len(mails_to(report_world["manager"])) == 1
    # Built again (a message delivered twice): nothing more.
    report_services.report_build(report=report)
    assert Notification.objects.filter(key=f"report:{report.pk}").count() == 1


def test_a_scheduled_report_tells_the_regions_secretaries(
    report_world, django_capture_on_commit_callbacks
):
    ReportScheduleFactory(plan=report_world["plan"])
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            report_tasks.reports_due(today="2024-07-01")
    assert notified(Kind.REPORT_READY) & {"pm-proef", "secr-proef", "secr-elders"} == {"secr-proef"}
    assert Notification.objects.filter(recipient=report_world["secretary"]).count() == 1


def test_a_failed_report_tells_who_asked_for_it(report_world, django_capture_on_commit_callbacks):
    report_world["fake_pdf"].failures = 99
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(
            plan=report_world["plan"],
            actor=report_world["manager"],
            kind="voortgang",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 3, 31),
        )
    report.refresh_from_db()
    assert report.status == report.Status.MISLUKT
    assert notified(Kind.REPORT_FAILED) & {"pm-proef", "secr-proef"} == {"pm-proef"}
    assert notified(Kind.REPORT_READY, f"report:{report.pk}") == set()
    # The failure reported again for the same attempt: nothing more.
    report_services.report_fail(report=report, reason="nogmaals")
    assert Notification.objects.filter(kind=Kind.REPORT_FAILED).count() == 1


# Spending ---------------------------------------------------------------------------------


def test_spending_asks_the_regions_approvers_but_not_who_recorded_it(
    spending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = spending.record()
    asked = {
        n.recipient
        for n in Notification.objects.filter(
            kind=Kind.SPENDING_AWAITS_APPROVAL, key=f"expenditure:{entry.pk}"
        )
    }
    assert asked == {spending.treasurer, spending.second_treasurer, spending.both}
    notification = Notification.objects.filter(recipient=spending.treasurer).get()
    # The amount and the plan; never the free-text description (it may name a person).
    assert notification.subject == "€ 1.250,00 op Proefplan uitgaven"
    assert notification.link == reverse("awaiting-decision")
    assert len(mails_to(spending.treasurer)) == 1
    message = mails_to(spending.treasurer)[0]
    assert "Drukwerk" not in message.subject and "Drukwerk" not in message.body


def test_who_holds_both_roles_is_not_asked_to_approve_their_own_entry(
    spending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = spending.record(actor=spending.both)
    asked = set(
        Notification.objects.filter(key=f"expenditure:{entry.pk}").values_list(
            "recipient", flat=True
        )
    )
    assert asked == {spending.treasurer.pk, spending.second_treasurer.pk}


def test_a_rejected_entry_tells_who_recorded_it(spending, django_capture_on_commit_callbacks):
    entry = spending.record()
    with django_capture_on_commit_callbacks(execute=True):
        budget_services.expenditure_reject(
            expenditure=entry, actor=spending.treasurer, reason="Geen factuur"
        )
    rejected = Notification.objects.filter(kind=Kind.SPENDING_REJECTED, region=spending.plan.region)
    assert [n.recipient for n in rejected] == [spending.manager]
    assert rejected.get().link == reverse("budgets:plan-money", args=[spending.plan.pk])


def test_an_approved_entry_tells_nobody_it_was_rejected(spending):
    spending.approved()
    assert not Notification.objects.filter(
        kind=Kind.SPENDING_REJECTED, region=spending.plan.region
    ).exists()


def test_a_counter_entry_awaits_approval_too(spending):
    original = spending.approved()
    correction = budget_services.expenditure_correct(
        expenditure=original,
        actor=spending.manager,
        amount=Decimal("-250"),
        reason="Te veel",
        date=date(2019, 6, 1),
    )
    assert Notification.objects.filter(key=f"expenditure:{correction.pk}").count() == 3


def test_a_spending_import_asks_once_for_the_whole_file(demo):
    world = ImportWorld()
    spending_import = budget_services.spending_import_upload(
        plan=world.plan,
        uploaded_file=SimpleUploadedFile(
            "uitgaven.csv", spending_files.csv_bytes(spending_files.honest_rows())
        ),
        actor=world.manager,
    )
    budget_services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    asked = Notification.objects.filter(kind=Kind.SPENDING_AWAITS_APPROVAL, region=world.region)
    assert [(n.recipient, n.key) for n in asked] == [
        (world.treasurer, f"spending-import:{spending_import.pk}")
    ]
    assert asked.get().subject.startswith("3 uitgaven uit uitgaven.csv")


# Periods ----------------------------------------------------------------------------------


@pytest.fixture
def running_plan():
    region = RegionFactory(name="Periodenregio")
    plan = PlanFactory(region=region, title="Lopend plan")  # quarters of 2019
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.VASTGESTELD)
    UserFactory(username="pm-perioden", role=(region, Role.PROGRAMMAMANAGER))
    UserFactory(username="secr-perioden", role=(region, Role.SECRETARIS))
    UserFactory(username="pm-elders", role=(RegionFactory(), Role.PROGRAMMAMANAGER))
    return plan


def test_a_period_ending_within_a_week_tells_the_programme_managers_once(running_plan):
    # 2019-K1 ends on 31-03-2019: a week before, and again the next day.
    assert programme_tasks.periods_closing(today="2019-03-24") == 1
    assert programme_tasks.periods_closing(today="2019-03-25") == 0
    assert notified(Kind.PERIOD_CLOSING) & {"pm-perioden", "secr-perioden", "pm-elders"} == {
        "pm-perioden"
    }
    notification = Notification.objects.get(kind=Kind.PERIOD_CLOSING, region=running_plan.region)
    assert notification.subject == "2019-K1 (01-01-2019 t/m 31-03-2019) van Lopend plan"
    assert notification.link == reverse("placements:grid", kwargs={"plan_pk": running_plan.pk})


@pytest.mark.parametrize("today", ["2019-03-23", "2019-03-31", "2019-04-01"])
def test_no_period_notice_outside_the_week(running_plan, today):
    programme_tasks.periods_closing(today=today)
    assert not Notification.objects.filter(
        kind=Kind.PERIOD_CLOSING, region=running_plan.region
    ).exists()


def test_no_notice_for_a_closed_period_or_a_plan_not_running(running_plan):
    running_plan.periods.filter(code="2019-K1").update(closed_at="2019-03-20T10:00:00+01:00")
    concept = PlanFactory(region=running_plan.region, title="Conceptplan")
    programme_tasks.periods_closing(today="2019-03-24")
    assert not Notification.objects.filter(region=running_plan.region).exists()
    assert concept.status == ActionPlan.Status.CONCEPT


# Deliveries -------------------------------------------------------------------------------


@pytest.fixture
def midden_gelderland(demo):
    region = Region.objects.get(slug="midden-gelderland")
    return {
        "region": region,
        "plan": ActionPlan.objects.get(title=MIDDEN_GELDERLAND),
        "manager": UserFactory(username="pm-tweede", role=(region, Role.PROGRAMMAMANAGER)),
        "member": UserFactory(username="wk-mg", role=(region, Role.WERKKAMERLID)),
        "elsewhere": UserFactory(
            username="pm-haaglanden",
            role=(Region.objects.get(slug="haaglanden"), Role.PROGRAMMAMANAGER),
        ),
        "committer": UserFactory(username="pm-importeur", role=(region, Role.PROGRAMMAMANAGER)),
    }


def test_a_file_import_tells_the_other_programme_managers(midden_gelderland):
    world = midden_gelderland
    delivery = placement_services.delivery_upload(
        plan=world["plan"], uploaded_file=csv_upload([row()]), actor=world["committer"]
    )
    placement_services.delivery_commit(
        delivery=delivery, actor=world["committer"], reason="Nagekomen"
    )
    told = notified(Kind.DELIVERY_IMPORTED, f"delivery:{delivery.pk}")
    assert "pm-tweede" in told
    assert "programmamanager-midden-gelderland" in told  # the demo's
    assert told.isdisjoint({"pm-importeur", "wk-mg", "pm-haaglanden"})
    notification = Notification.objects.get(recipient=world["manager"])
    assert notification.subject == f"1 rij uit levering.csv ({MIDDEN_GELDERLAND})"


def test_an_api_delivery_tells_every_programme_manager(midden_gelderland):
    world = midden_gelderland
    token, _secret = make_token(world["region"], may_deliver=True)
    delivery = placement_services.delivery_upload(
        plan=world["plan"],
        uploaded_file=csv_upload([row(count="7")]),
        actor=token.created_by,
        api_token=token,
    )
    placement_services.delivery_commit(
        delivery=delivery, actor=token.created_by, reason="Nagekomen"
    )
    told = notified(Kind.DELIVERY_IMPORTED, f"delivery:{delivery.pk}")
    assert {"pm-tweede", "pm-importeur"} <= told
    assert told.isdisjoint({"wk-mg", "pm-haaglanden", token.created_by.username})


def test_a_rejected_delivery_tells_nobody(midden_gelderland):
    world = midden_gelderland
    delivery = placement_services.delivery_upload(
        plan=world["plan"], uploaded_file=csv_upload([row(count="-1")]), actor=world["committer"]
    )
    with pytest.raises(Exception):  # noqa: B017  refused, whichever way
        placement_services.delivery_commit(delivery=delivery, actor=world["committer"])
    assert not Notification.objects.filter(key=f"delivery:{delivery.pk}").exists()


# Action items -----------------------------------------------------------------------------


@pytest.fixture
def recorded(demo):
    meeting = MeetingFactory(date=date(2030, 3, 9))
    return decision_recorded(meeting, agenda_item=agenda_item(meeting), text="Besloten.")


def add_item(recorded, owner_role: str, actor=None, **fields) -> ActionItem:
    return action_item_save(
        item=ActionItem(
            decision=recorded, description="Vacature uitzetten", owner_role=owner_role, **fields
        ),
        expected_revision=None,
        actor=actor,
    )


def region_people(role):
    return {
        a.user.username
        for a in RoleAssignment.objects.filter(
            region=demo_region(), role=role, user__is_active=True
        )
    }


def test_an_action_item_for_a_role_tells_who_holds_it_in_the_region(recorded):
    UserFactory(username="pm-gooi", role=(demo_region(), Role.PROGRAMMAMANAGER))
    UserFactory(username="pm-andere", role=(RegionFactory(), Role.PROGRAMMAMANAGER))
    item = add_item(recorded, "programmamanager", due_date=date(2030, 4, 1))
    told = notified(Kind.ACTION_ITEM, f"action-item:{item.pk}")
    assert told == region_people(Role.PROGRAMMAMANAGER)
    assert "pm-gooi" in told and "pm-andere" not in told
    notification = Notification.objects.get(recipient__username="pm-gooi")
    # The decision and the meeting, never the item's free text (the page shows it).
    assert notification.subject.startswith(f"besluit {recorded.number}, uiterlijk 01-04-2030 (")
    assert "Vacature" not in notification.subject
    assert notification.link.endswith(f"#decision-{recorded.pk}")
    # Saved again (its wording corrected): nothing more.
    item.description = "Vacature projectleider uitzetten"
    action_item_save(item=item, expected_revision=item.revision)
    assert Notification.objects.filter(key=f"action-item:{item.pk}").count() == len(told)


def test_an_action_item_for_a_budget_holder_finds_the_penningmeester(recorded):
    item = add_item(recorded, "de budgethouder")
    assert notified(Kind.ACTION_ITEM, f"action-item:{item.pk}") == region_people(
        Role.PENNINGMEESTER
    )


def test_an_action_item_for_someone_outside_the_product_goes_to_the_secretaries(recorded):
    item = add_item(recorded, "wethouder Hilversum")
    told = notified(Kind.ACTION_ITEM, f"action-item:{item.pk}")
    assert told == region_people(Role.SECRETARIS)
    assert told  # the demo region has its secretary


def test_an_action_item_for_a_role_nobody_holds_goes_to_the_secretaries(recorded):
    RoleAssignment.objects.filter(region=demo_region(), role=Role.PENNINGMEESTER).delete()
    item = add_item(recorded, "penningmeester")
    told = notified(Kind.ACTION_ITEM, f"action-item:{item.pk}")
    assert told == region_people(Role.SECRETARIS)
    assert told


def test_who_records_an_action_item_is_not_told_of_it(recorded):
    secretaries = region_people(Role.SECRETARIS)
    actor = UserFactory(username="secr-notulist", role=(demo_region(), Role.SECRETARIS))
    item = add_item(recorded, "secretaris", actor=actor)
    told = notified(Kind.ACTION_ITEM, f"action-item:{item.pk}")
    assert "secr-notulist" not in told
    assert told == secretaries


# Report reminders -------------------------------------------------------------------------


def test_a_reminder_is_one_email_per_person_and_a_notification_each(
    report_world, django_capture_on_commit_callbacks
):
    """The reminder e-mail is the REPORT_DUE notification's e-mail: who wants e-mail at once
    gets the reminder and nothing more for it; who chose the digest finds it there; who
    chose "uit" gets no mail."""
    region = report_world["region"]
    ReportScheduleFactory(plan=report_world["plan"], days_to_deliver=10, remind_days_before=5)
    daily = UserFactory(username="secr-dagelijks", role=(region, Role.SECRETARIS))
    off = UserFactory(username="secr-uit", role=(region, Role.SECRETARIS))
    choose(daily, Email.DAILY)
    choose(off, Email.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        report_tasks.reports_due(today="2024-07-01")  # the report made; ready, not due yet
    mail.outbox.clear()
    for day in ("2024-07-05", "2024-07-06"):
        with django_capture_on_commit_callbacks(execute=True):
            report_tasks.reports_due(today=day)
    assert notified(Kind.REPORT_DUE) & {
        "secr-proef",
        "secr-dagelijks",
        "secr-uit",
        "secr-elders",
        "pm-proef",
    } == {"secr-proef", "secr-dagelijks", "secr-uit"}
    assert [m.subject.split(" – ")[0] for m in mail.outbox] == [
        "Herinnering: voortgangsrapportage uiterlijk 10-07-2024"
    ]
    assert mail.outbox[0].to == [report_world["secretary"].email]
    assert (
        Notification.objects.get(
            kind=Kind.REPORT_DUE, recipient=report_world["secretary"]
        ).emailed_at
        is not None
    )
    from notifications import tasks as notification_tasks

    assert notification_tasks.send_daily_digests() == 1
    assert mail.outbox[1].to == [daily.email]
    assert "Rapportage binnenkort verwacht: voortgangsrapportage uiterlijk 10-07-2024" in (
        mail.outbox[1].body
    )
    assert mails_to(off) == []


def test_users_who_can_leaves_out_the_beheerder_and_other_regions(spending):
    from regions.permissions import Action, users_who_can

    approvers = set(users_who_can(Action.APPROVE_SPENDING, spending.plan.region))
    assert approvers == {spending.treasurer, spending.second_treasurer, spending.both}
    assert list(users_who_can(Action.APPROVE_SPENDING, None)) == []
