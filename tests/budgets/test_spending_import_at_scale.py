"""Spending files of tens of thousands of rows (docs/decisions/0018): recorded completely, each
entry waiting for approval with its history row, in the same few queries whatever the
number of rows; the same file again is refused rather than doubled."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import services
from budgets.models import Decision, Expenditure

from . import spending_files as files
from .test_spending_import import World, entries, upload

pytestmark = pytest.mark.django_db
History = Expenditure.history.model


@pytest.fixture
def world(demo):
    return World()


def spending_rows(count: int) -> list[dict]:
    start = date(2021, 1, 1)
    return [
        files.row(
            datum=(start + timedelta(days=n % 365)).strftime("%d-%m-%Y"),
            bedrag=f"{n % 900 + 1},{n % 100:02d}",
            referentie=f"F-{n}",
            omschrijving=f"Factuur {n}",
        )
        for n in range(count)
    ]


def test_a_file_above_the_old_limit_is_recorded_completely_with_history(world):
    rows = spending_rows(20_001)
    spending_import = services.spending_import_commit(
        spending_import=upload(world, "groot.csv", files.csv_bytes(rows)), actor=world.manager
    )
    assert spending_import.result.summary["nieuw"] == 20_001
    written = entries(world).filter(spending_import=spending_import)
    assert written.count() == 20_001
    assert set(written.values_list("status", "recorded_by", "revision", "receipt")) == {
        (Decision.INGEDIEND, world.manager.pk, 1, "")
    }
    assert written.get(reference="F-7").description == "Factuur 7"
    history = History.objects.filter(spending_import_id=spending_import.pk)
    assert history.filter(history_type="+", history_user=world.manager).count() == 20_001
    again = upload(world, "opnieuw.csv", files.csv_bytes(rows))
    assert again.result.summary["fout"] == 20_001
    assert again.result.error_count == 20_001
    with pytest.raises(ValidationError):
        services.spending_import_commit(spending_import=again, actor=world.manager)
    assert written.count() == 20_001


def commit_queries(world, count: int) -> int:
    rows = [files.row(referentie=f"{count}-{n}") for n in range(count)]
    spending_import = upload(world, f"e{count}.csv", files.csv_bytes(rows))
    with CaptureQueriesContext(connection) as queries:
        services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert entries(world).filter(spending_import=spending_import).count() == count
    return len(queries)


def test_the_queries_of_a_commit_do_not_grow_with_its_rows(world):
    # 17: one more since the commit asks the region's approvers to look (notify's lookup).
    assert commit_queries(world, 30) == commit_queries(world, 300) <= 17
