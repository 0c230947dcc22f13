"""Migration programmes/0006 renames Indicator.Measure's stored values to Dutch ("flow" →
"stroom", "stock" → "stand") and back when migrated backwards; the check that a stock has a
baseline holds on either side. Migrates the real test database, so it runs outside a
transaction and always ends at the latest migrations."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from programmes.models import Indicator

BEFORE = ("programmes", "0005_close_periods_across_versions")
RENAMED = ("programmes", "0006_indicator_measure_in_dutch")


def migrate(targets=None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)


OWN = ["matches-m", "banen-m"]  # the test's own indicators (the demo's may be there too)


def measures(apps) -> dict[str, str]:
    indicators = apps.get_model("programmes", "Indicator").objects.filter(code__in=OWN)
    return dict(indicators.values_list("code", "measure"))


def measures_now() -> dict[str, str]:
    return dict(Indicator.objects.filter(code__in=OWN).values_list("code", "measure"))


@pytest.mark.django_db(transaction=True)
def test_measure_values_are_renamed_forward_and_back():
    try:
        executor = migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps.get_model("programmes", "Indicator")
        old.objects.create(code="matches-m", name="Matches", kind="matches", measure="flow")
        old.objects.create(
            code="banen-m",
            name="Banen",
            kind="banen",
            measure="stock",
            baseline_date=date(2013, 1, 1),
        )
        migrate([RENAMED])
        assert measures_now() == {
            "matches-m": Indicator.Measure.FLOW,
            "banen-m": Indicator.Measure.STOCK,
        }
        assert Indicator.Measure.FLOW == "stroom" and Indicator.Measure.STOCK == "stand"
        with pytest.raises(IntegrityError), transaction.atomic():  # a stand needs its baseline
            Indicator.objects.filter(code="banen-m").update(baseline_date=None)

        executor = migrate([BEFORE])
        assert measures(executor.loader.project_state([BEFORE]).apps) == {
            "matches-m": "flow",
            "banen-m": "stock",
        }
    finally:
        migrate()
    assert measures_now() == {"matches-m": "stroom", "banen-m": "stand"}
