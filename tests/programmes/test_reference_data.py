"""load_reference_data: the regions with their municipalities, the programmes, indicators and
national targets that every install needs, written through the services; a second run
changes nothing, a name changed in the files updates the row."""

import io
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import call_command

from programmes import reference
from programmes.models import Indicator, NationalTarget, Programme
from programmes.services import reference_data_load
from regions import reference as region_reference
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_install():
    """An empty database, as a new install has before its first load: the session's demo
    data is flushed inside this test's transaction, which rolls the flush back afterwards."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


def _load() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    models = [Region, Municipality, Programme, Indicator, NationalTarget]
    return {model: sorted(model.objects.values_list()) for model in models}


def test_loads_35_regions_and_342_municipalities(fresh_install):
    text = _load()
    assert Region.objects.count() == 35
    assert Municipality.objects.count() == 342
    assert not Region.objects.filter(centre_municipality__isnull=True).exists()
    assert Region.objects.get(code="AM07").centre_municipality.name == "Arnhem"
    assert "35 arbeidsmarktregio's, 342 gemeenten" in text


def test_loads_programmes_indicators_and_national_targets():
    _load()
    assert set(Programme.objects.values_list("code", flat=True)) == {
        code for code, _name, _description in reference.PROGRAMMES
    }
    assert Indicator.objects.count() == len(reference.INDICATORS)
    banen = Indicator.objects.get(code="banen")
    assert banen.measure == Indicator.Measure.STOCK
    assert banen.baseline_date == date(2013, 1, 1)
    assert NationalTarget.objects.count() == 10
    target = NationalTarget.objects.get(measured_on=date(2016, 12, 31), sector="markt")
    assert target.value == 14_000


def test_a_second_run_changes_nothing():
    _load()
    before = _snapshot()
    assert "niets nieuw" in _load()
    assert _snapshot() == before


def test_a_changed_region_name_in_the_file_updates_the_region(monkeypatch):
    _load()
    rows = region_reference.region_rows()
    renamed = [
        replace(row, name="Stedendriehoek en Noord-Veluwe") if row.code == "AM06" else row
        for row in rows
    ]
    region = Region.objects.get(code="AM06")
    monkeypatch.setattr(region_reference, "region_rows", lambda: renamed)

    changes = reference_data_load()

    region.refresh_from_db()
    assert region.name == "Stedendriehoek en Noord-Veluwe"
    assert region.slug == "veluwe-stedendriehoek"  # the addresses of its pages stay
    assert changes.updated == {Region: 1}
    assert not changes.created


def test_a_changed_name_is_put_back_to_the_files_name():
    _load()
    Programme.objects.filter(code="pow").update(name="PoW")
    Municipality.objects.filter(code="GM0202").update(name="Arnhem-Zuid")
    Indicator.objects.filter(code="banen").update(name="Banen")

    text = _load()

    assert Programme.objects.get(code="pow").name == "Perspectief op Werk"
    assert Municipality.objects.get(code="GM0202").name == "Arnhem"
    assert Indicator.objects.get(code="banen").name == "Banen (Banenafspraak)"
    assert "Bijgewerkt: 1 gemeente, 1 programma, 1 indicator." in text


def test_a_changed_national_target_value_updates():
    _load()
    NationalTarget.objects.filter(measured_on=date(2025, 12, 31), sector="overheid").update(value=1)
    _load()
    assert NationalTarget.objects.get(measured_on=date(2025, 12, 31), sector="overheid").value == (
        25_000
    )


def test_a_centre_missing_from_its_region_stops_the_load(fresh_install, monkeypatch):
    rows = [
        replace(row, centre="Nergenshuizen") if row.code == "AM07" else row
        for row in region_reference.region_rows()
    ]
    monkeypatch.setattr(region_reference, "region_rows", lambda: rows)
    with pytest.raises(ValueError, match="Nergenshuizen"):
        reference_data_load()
    assert not Region.objects.exists()  # one transaction: nothing half loaded
