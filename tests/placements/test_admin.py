"""No side doors in the admin (/beheer/) for what was counted: as a superuser, a realisation
(of a closed period above all) cannot be added, changed, reverted or deleted there, so every
change goes through the grid with its reason and correction; a committed delivery is never
deleted, in the admin or in the database."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from placements import services
from placements.models import Correction, Delivery, Realisation
from programmes import services as programme_services

from ..admin_world import change_url, changelist_url, delete_url, run_action
from .grid_helpers import make_plan, period, target
from .importfiles import csv_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plan = make_plan(world)
    plan.events = target(plan, world.matches, 60, project=plan.lines.get().projects.first())
    return plan


@pytest.fixture
def closed_count(world, plan):
    """4 matches in 2019-K1, then the period closed."""
    realisation = services.realisation_record(
        target=plan.events, period=period(plan, "2019-K1"), count=4, expected_count=None
    )
    programme_services.period_close(period=period(plan, "2019-K1"), actor=world.users["beheerder"])
    return realisation


def committed_delivery(world, plan) -> Delivery:
    content = csv_bytes(
        [
            {
                "lijn": "Werkgeversdienstverlening",
                "project": "Organiseren evenementen",
                "indicator": "matches-test",
                "periode": "2019-K2",
                "aantal": "6",
                "bron": "UWV",
            }
        ]
    )
    manager = world.users["programmamanager"]
    delivery = services.delivery_upload(plan=plan, uploaded_file=upload(content), actor=manager)
    return services.delivery_commit(delivery=delivery, actor=manager)


def test_a_closed_periods_count_cannot_be_changed_in_the_admin(beheerder, closed_count):
    page = beheerder.get(change_url(closed_count))
    assert page.status_code == 200  # readable, pointing to the grid
    grid = reverse("placements:grid", kwargs={"plan_pk": closed_count.target.plan_id})
    assert f'href="{grid}"' in page.content.decode()
    data = {"count": "9", "_save": "Opslaan"}
    assert beheerder.post(change_url(closed_count), data).status_code == 403
    closed_count.refresh_from_db()
    assert closed_count.count == 4
    assert not Correction.objects.filter(realisation=closed_count).exists()


def test_a_closed_periods_count_cannot_be_deleted_in_the_admin(beheerder, closed_count):
    assert beheerder.post(delete_url(closed_count), {"post": "yes"}).status_code == 403
    response = run_action(beheerder, Realisation, "delete_selected", closed_count)
    assert response.status_code == 200
    assert Realisation.objects.filter(pk=closed_count.pk, count=4).exists()


def test_no_realisation_is_added_or_reverted_in_the_admin(beheerder, plan, closed_count):
    url = reverse("admin:placements_realisation_add")
    data = {"target": plan.events.pk, "period": period(plan, "2019-K2").pk, "count": "3"}
    assert beheerder.post(url, data).status_code == 403
    oldest = closed_count.history.last()
    revert = reverse(
        "admin:placements_realisation_simple_history", args=[closed_count.pk, oldest.history_id]
    )
    assert beheerder.post(revert, {"count": "0"}).status_code == 403
    assert list(Realisation.objects.filter(target__plan=plan).values_list("count", flat=True)) == [
        4
    ]


def test_a_committed_delivery_is_not_deleted(beheerder, world, plan):
    delivery = committed_delivery(world, plan)
    assert beheerder.post(delete_url(delivery), {"post": "yes"}).status_code == 403
    run_action(beheerder, Delivery, "delete_selected", delivery)
    assert Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.VERWERKT).exists()
    # Nor past the admin: the counts it delivered protect it in the database.
    with pytest.raises(ProtectedError):
        delivery.delete()
    assert Realisation.objects.get(source="UWV").delivery == delivery


def test_a_delivery_only_previewed_may_be_deleted(beheerder, world, plan):
    # A row for a project the plan does not have: previewed with an error, never committed.
    content = csv_bytes(
        [
            {
                "lijn": "Onbekend",
                "indicator": "matches-test",
                "periode": "2019-K2",
                "aantal": "1",
                "bron": "UWV",
            }
        ]
    )
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=upload(content), actor=world.users["programmamanager"]
    )
    assert delivery.status == Delivery.Status.VOORBEELD
    assert beheerder.post(delete_url(delivery), {"post": "yes"}).status_code == 302
    assert not Delivery.objects.filter(pk=delivery.pk).exists()


def test_deliveries_are_uploaded_on_the_import_page_not_added_here(beheerder):
    assert beheerder.get(reverse("admin:placements_delivery_add")).status_code == 403
    assert beheerder.get(changelist_url(Delivery)).status_code == 200
