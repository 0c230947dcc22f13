"""The demo data: reference data complete, demo logins working, national targets only for the
confirmed years, and a second load changing nothing."""

import io
import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from budgets.models import Expenditure
from placements.models import Correction, Realisation
from programmes.models import Indicator, ReportingPeriod
from programmes.selectors import national_targets
from regions.models import Municipality, Region, RoleAssignment
from regions.permissions import (
    can_approve_spending,
    can_manage_api_tokens,
    can_record_spending,
)

pytestmark = pytest.mark.django_db

DEMO_REGIONS = [
    "midden-gelderland",
    "haaglanden",
    "gooi-en-vechtstreek",
    "zuid-kennemerland-en-ijmond",
]
ROLES = ["programmamanager", "werkkamerlid", "secretaris", "penningmeester"]


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


def test_midden_gelderland_has_a_regiobeheerder_who_manages_its_api_tokens(demo, client):
    user = get_user_model().objects.get(username="regiobeheerder-midden-gelderland")
    assert user.first_name == "Regiobeheerder Midden-Gelderland"
    assignments = list(RoleAssignment.objects.filter(user=user).values_list("region__slug", "role"))
    assert assignments == [("midden-gelderland", "regiobeheerder")]
    assert not user.is_superuser and not user.is_staff
    assert can_manage_api_tokens(user, Region.objects.get(slug="midden-gelderland"))
    assert not can_manage_api_tokens(user, Region.objects.get(slug="haaglanden"))
    assert not can_manage_api_tokens(user, None)
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


def test_only_banenafspraak_jobs_are_a_stock_counted_per_sector(demo):
    measures = dict(Indicator.objects.values_list("code", "measure"))
    assert {code for code, measure in measures.items() if measure == Indicator.Measure.STOCK} == {
        "banen"
    }
    banen = Indicator.objects.get(code="banen")
    assert banen.baseline_date == date(2013, 1, 1)
    assert banen.breakdown == Indicator.Breakdown.SECTOR


def test_realisations_per_plan(demo):
    per_plan = {}
    for title, sector in Realisation.objects.values_list("target__plan__title", "sector"):
        per_plan[(title, sector)] = per_plan.get((title, sector), 0) + 1
    assert per_plan == {
        # five leaf targets × eight quarters 2019–2020
        ("Regionaal actieplan Perspectief op Werk Midden-Gelderland", ""): 40,
        # two sector targets × eight quarters 2015–2016
        ("Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden", "markt"): 8,
        ("Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden", "overheid"): 8,
        # one target, two sectors × four quarters 2016
        ("Banenafspraak 2016 Gooi en Vechtstreek", "markt"): 4,
        ("Banenafspraak 2016 Gooi en Vechtstreek", "overheid"): 4,
        # SPT Drenthe's two pilot years
        (
            "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, "
            "11-03-2019)",
            "",
        ): 2,
    }
    assert Correction.objects.count() == 1
    closed = ReportingPeriod.objects.filter(closed_at__isnull=False)
    assert sorted(closed.values_list("code", "closed_by__username")) == [
        ("2016-K1", "programmamanager-gooi-en-vechtstreek"),
        ("2016-K2", "programmamanager-gooi-en-vechtstreek"),
        ("2016-K3", "programmamanager-gooi-en-vechtstreek"),
        ("2016-K4", "programmamanager-gooi-en-vechtstreek"),
        ("2019-K1", "programmamanager-midden-gelderland"),
        ("2019-K2", "programmamanager-midden-gelderland"),
        ("2019-K3", "programmamanager-midden-gelderland"),
        ("2019-K4", "programmamanager-midden-gelderland"),
    ]


def test_realisations_only_in_periods_of_their_own_plan_and_target(demo):
    rows = Realisation.objects.select_related("target", "period")
    for row in rows:
        assert row.period.plan_id == row.target.plan_id
        assert row.target.start_date <= row.period.start_date <= row.target.end_date
        assert not row.target.sector or row.sector == row.target.sector


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


def test_loading_twice_keeps_counts_closings_corrections_and_spending(demo):
    def snapshot():
        return (
            sorted(Realisation.objects.values_list("pk", "count", "updated_at")),
            sorted(ReportingPeriod.objects.values_list("pk", "closed_at", "closed_by")),
            sorted(Correction.objects.values_list("pk", "old_count", "new_count", "corrected_at")),
            sorted(
                Expenditure.objects.values_list(
                    "pk", "amount", "status", "recorded_at", "decided_by", "decided_at", "revision"
                )
            ),
        )

    before = snapshot()
    call_command("load_demo_data", stdout=io.StringIO())
    assert snapshot() == before


def test_the_penningmeester_approves_and_records_nothing(demo):
    user = get_user_model().objects.get(username="penningmeester-zuid-kennemerland-en-ijmond")
    assert user.first_name == "Penningmeester Zuid-Kennemerland en IJmond"
    region = Region.objects.get(slug="zuid-kennemerland-en-ijmond")
    plan = region.action_plans.get(programme__code="rmt")
    entry = Expenditure.objects.filter(budget_line__plan=plan, status="ingediend").first()
    assert can_approve_spending(user, entry, plan)
    assert not can_record_spending(user, plan)
    manager = get_user_model().objects.get(username="programmamanager-zuid-kennemerland-en-ijmond")
    assert can_record_spending(manager, plan)
    assert not can_approve_spending(manager, entry, plan)


def test_demo_logins_lists_every_login(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for slug in DEMO_REGIONS:
        for role in ROLES:
            assert f"{role}-{slug}" in text
    assert re.search(
        r"regiobeheerder-midden-gelderland +regiobeheerder +Midden-Gelderland +demo", text
    )
    assert "beheerder" in text
