"""`manage.py import_realisations`: scheduled deliveries through the same checks and the
same all-or-nothing commit as the import page."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from placements.models import Correction, Delivery, Realisation
from programmes.models import ActionPlan, Target
from programmes.services import period_close

from ..programmes.helpers import user
from .importfiles import EVENEMENTEN, MIDDEN_GELDERLAND, SOURCE, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-midden-gelderland"


@pytest.fixture
def plan(demo):
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    plan.periods.update(closed_at=None, closed_by=None)
    return plan


@pytest.fixture
def target(plan):
    return Target.objects.get(plan=plan, project__title=EVENEMENTEN, indicator__code="matches")


def run(*args):
    out = io.StringIO()
    call_command("import_realisations", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def write(tmp_path, rows, name="uwv.csv"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


def counts(target):
    return dict(
        Realisation.objects.filter(target=target, source=SOURCE).values_list(
            "period__code", "count"
        )
    )


def test_imports_and_reports_per_row(tmp_path, plan, target):
    path = write(tmp_path, [row(count="5"), row(period="2019-K2", count="6")])
    out = run(plan.pk, path, "--user", MANAGER)
    assert "rij 2: nieuw" in out
    assert "rij 3: nieuw" in out
    assert "verwerkt: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 overgeslagen." in out
    assert counts(target) == {"2019-K1": 5, "2019-K2": 6}
    delivery = Delivery.objects.get(file_name="uwv.csv")
    assert (delivery.status, delivery.uploaded_by) == (Delivery.Status.VERWERKT, user(MANAGER))


def test_running_it_again_doubles_nothing(tmp_path, plan, target):
    path = write(tmp_path, [row(count="5")], name="uwv.xlsx")
    run(plan.pk, path)
    out = run(plan.pk, path)
    assert "rij 2: ongewijzigd" in out
    assert counts(target) == {"2019-K1": 5}


def test_a_file_with_errors_stores_nothing_and_exits_non_zero(tmp_path, plan, target):
    path = write(tmp_path, [row(count="5"), row(period="2031-K1"), row(count="abc")])
    before = Realisation.objects.count()
    with pytest.raises(CommandError) as caught:
        run(plan.pk, path)
    message = str(caught.value)
    assert message.startswith("Er is niets verwerkt; 3 fout(en):")
    assert "Rij 3, kolom periode: Periode '2031-K1' bestaat niet of valt buiten het plan" in message
    assert "Rij 4, kolom aantal: 'abc' is geen getal." in message
    assert "Rij 4: Dubbele rij" in message
    assert Realisation.objects.count() == before
    assert Delivery.objects.get(file_name="uwv.csv").status == Delivery.Status.AFGEKEURD


def test_exit_status_is_non_zero_from_the_shell(tmp_path, plan):
    # call_command raises; manage.py turns a CommandError into exit status 1.
    from django.core.management import ManagementUtility

    path = write(tmp_path, [row(count="-1")])
    utility = ManagementUtility(["manage.py", "import_realisations", str(plan.pk), str(path)])
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1


def test_dry_run_stores_nothing(tmp_path, plan, target):
    path = write(tmp_path, [row(count="5")])
    out = run(plan.pk, path, "--dry-run")
    assert "rij 2: nieuw" in out
    assert "Proefdraai (--dry-run): er is niets opgeslagen." in out
    assert counts(target) == {}
    assert not Delivery.objects.exists()


def test_a_file_that_cannot_be_read(tmp_path, plan):
    path = tmp_path / "uwv.xlsx"
    path.write_bytes(b"geen werkmap")
    with pytest.raises(CommandError, match="uwv.xlsx heet een Excel-bestand"):
        run(plan.pk, path)
    assert not Delivery.objects.exists()


def test_a_closed_period_needs_reason(tmp_path, plan, target):
    period_close(period=plan.periods.get(code="2019-K1"), actor=user(MANAGER))
    path = write(tmp_path, [row(count="5")])
    with pytest.raises(CommandError, match="Geef de reden met --reason"):
        run(plan.pk, path)
    assert counts(target) == {}
    run(plan.pk, path, "--reason", "Nagekomen cijfers")
    assert counts(target) == {"2019-K1": 5}
    assert Correction.objects.get(realisation__target=target).reason == "Nagekomen cijfers"


@pytest.mark.parametrize(
    "username", ["werkkamerlid-midden-gelderland", "programmamanager-haaglanden"]
)
def test_the_user_must_be_allowed_to_record(tmp_path, plan, target, username):
    path = write(tmp_path, [row(count="5")])
    with pytest.raises(CommandError, match="mag geen realisaties vastleggen"):
        run(plan.pk, path, "--user", username)
    assert counts(target) == {}


def test_unknown_plan_user_or_file(tmp_path, plan):
    path = write(tmp_path, [row()])
    with pytest.raises(CommandError, match="Actieplan 999999 bestaat niet"):
        run(999999, path)
    with pytest.raises(CommandError, match="Gebruiker niemand bestaat niet"):
        run(plan.pk, path, "--user", "niemand")
    with pytest.raises(CommandError, match="bestaat niet"):
        run(plan.pk, tmp_path / "weg.csv")
