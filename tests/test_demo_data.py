"""The demo data: reference data complete, demo logins working, national targets only for the
confirmed years, and a second load changing nothing."""

import io
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from programmes.selectors import national_targets
from regions.models import Municipality, Region, RoleAssignment

pytestmark = pytest.mark.django_db

DEMO_REGIONS = [
    "midden-gelderland",
    "haaglanden",
    "gooi-en-vechtstreek",
    "zuid-kennemerland-en-ijmond",
]
ROLES = ["programmamanager", "werkkamerlid", "secretaris"]


def test_35_regions_and_342_municipalities(demo):
    assert Region.objects.count() == 35
    assert Municipality.objects.count() == 342


def test_every_region_has_a_centre_municipality_of_its_own(demo):
    assert not Region.objects.filter(centre_municipality__isnull=True).exists()
    for region in Region.objects.select_related("centre_municipality"):
        assert region.centre_municipality.region_id == region.pk


@pytest.mark.parametrize(
    ("slug", "centre"),
    [
        ("zuid-kennemerland-en-ijmond", "Haarlem"),
        ("haaglanden", "'s-Gravenhage"),
        ("midden-gelderland", "Arnhem"),
        ("gooi-en-vechtstreek", "Hilversum"),
    ],
)
def test_centre_municipality(demo, slug, centre):
    assert Region.objects.get(slug=slug).centre_municipality.name == centre


def test_midden_gelderland_has_its_nine_municipalities(demo):
    names = set(Municipality.objects.filter(region__code="AM07").values_list("name", flat=True))
    assert names == {
        "Arnhem",
        "Doesburg",
        "Duiven",
        "Lingewaard",
        "Overbetuwe",
        "Rheden",
        "Rozendaal",
        "Westervoort",
        "Zevenaar",
    }


def test_beheerder_is_superuser_and_logs_in_with_demo(demo, client):
    beheerder = get_user_model().objects.get(username="beheerder")
    assert beheerder.is_superuser and beheerder.is_staff
    assert client.login(username="beheerder", password="demo")


@pytest.mark.parametrize("slug", DEMO_REGIONS)
@pytest.mark.parametrize("role", ROLES)
def test_demo_user_holds_exactly_its_role_in_its_region(demo, client, slug, role):
    user = get_user_model().objects.get(username=f"{role}-{slug}")
    assignments = list(RoleAssignment.objects.filter(user=user).values_list("region__slug", "role"))
    assert assignments == [(slug, role)]
    assert not user.is_superuser and not user.is_staff
    assert client.login(username=user.username, password="demo")


def test_national_targets_only_for_confirmed_years(demo):
    rows = {row["measured_on"]: row for row in national_targets()}
    assert sorted(day.year for day in rows) == [2015, 2016, 2017, 2022, 2025]
    assert all(day == date(day.year, 12, 31) for day in rows)
    year_2016 = rows[date(2016, 12, 31)]
    assert (year_2016["market"], year_2016["government"], year_2016["total"]) == (
        14_000,
        6_500,
        20_500,
    )
    assert rows[date(2025, 12, 31)]["total"] == 125_000
    assert date(2018, 12, 31) not in rows


def _row_counts() -> dict[str, int]:
    # Every model, the historical models of simple-history included.
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_twice_changes_nothing(demo):
    before = _row_counts()
    assert any(label.endswith("HistoricalActionPlan") for label in before)
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert _row_counts() == before
    assert "niets nieuw" in out.getvalue()


def test_demo_logins_lists_every_login(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for slug in DEMO_REGIONS:
        for role in ROLES:
            assert f"{role}-{slug}" in text
    assert "beheerder" in text
