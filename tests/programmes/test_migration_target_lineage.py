"""The fill-in of migration programmes/0003 (target lineage and predecessor, docs/decisions/0001)
on data stored before it: the database is migrated back to the state before 0003, a plan with
two versions is built with the historical models, and after migrating forward to the latest
state each copied target continues its original, a target new in version 2 starts a lineage of
its own, a closed period is closed in version 2 too and version 2 reads version 1's counts.
A pair whose versions both hold a count for the same cell is left apart (counted once each).
A period closed in version 2 only (as closing worked before 0003) ends up closed in version 1
too (migration 0005), as programmes.services.period_close closes it across the versions now.

The test migrates the real test database, so it runs outside a transaction and always ends
with the database at the latest migrations (try/finally), whatever happens in between."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from placements.models import Realisation
from placements.selectors import counted as placement_counted
from placements.selectors import progress as placement_progress
from programmes.models import ActionPlan, ReportingPeriod, Target

LINEAGE = ("programmes", "0003_target_lineage_and_predecessor")
CLOSED_AT = datetime(2019, 4, 10, 9, 30, tzinfo=UTC)
CLOSED_IN_V2_AT = datetime(2019, 7, 12, 14, 0, tzinfo=UTC)
QUARTERS = [
    ("2019-K1", date(2019, 1, 1), date(2019, 3, 31)),
    ("2019-K2", date(2019, 4, 1), date(2019, 6, 30)),
    ("2019-K3", date(2019, 7, 1), date(2019, 9, 30)),
    ("2019-K4", date(2019, 10, 1), date(2019, 12, 31)),
]


def before_lineage(graph) -> list[tuple[str, str]]:
    """Per app, the last migration that does not need programmes/0003: the state the fill-in
    starts from. Whatever depends on 0003 (in any app) is rolled back with it."""
    after = set(graph.backwards_plan(LINEAGE))
    kept = {node for node in graph.nodes if node not in after}
    return sorted(
        node
        for node in kept
        if not any(child in kept and child[0] == node[0] for child in graph.node_map[node].children)
    )


def migrate(targets=None) -> MigrationExecutor:
    """Migrate to `targets` (default: the latest migrations) and return a fresh executor."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)  # reload what is applied now
    return executor


def build_two_versions(apps):
    """Version 1 (adopted, K1 closed) and its version 2 as the app stored them before 0003:
    copies without any link between them. Returns the primary keys the test checks."""
    User = apps.get_model("auth", "User")
    Region = apps.get_model("regions", "Region")
    Programme = apps.get_model("programmes", "Programme")
    Indicator = apps.get_model("programmes", "Indicator")
    ActionPlan = apps.get_model("programmes", "ActionPlan")
    ReportingPeriod = apps.get_model("programmes", "ReportingPeriod")
    PlanLine = apps.get_model("programmes", "PlanLine")
    Project = apps.get_model("programmes", "Project")
    Target = apps.get_model("programmes", "Target")
    Realisation = apps.get_model("placements", "Realisation")

    closer = User.objects.create(username="sluiter")
    region = Region.objects.create(code="9901", name="Testregio", slug="testregio")
    programme = Programme.objects.create(code="test", name="Testprogramma")
    matches = Indicator.objects.create(code="matches-m", name="Matches", kind="matches")
    placements = Indicator.objects.create(code="plaats-m", name="Plaatsingen", kind="plaatsingen")
    trainees = Indicator.objects.create(code="deeln-m", name="Deelnemers", kind="deelnemers")

    def plan(version, previous=None, status="vastgesteld"):
        made = ActionPlan.objects.create(
            region=region,
            programme=programme,
            title="Actieplan migratie",
            version=version,
            previous_version=previous,
            status=status,
            start_date=date(2019, 1, 1),
            end_date=date(2019, 12, 31),
            period_length="kwartaal",
        )
        periods = {
            code: ReportingPeriod.objects.create(
                plan=made, code=code, start_date=start, end_date=end
            )
            for code, start, end in QUARTERS
        }
        line = PlanLine.objects.create(plan=made, position=1, title="Werkgeversdienstverlening")
        fair = Project.objects.create(line=line, position=1, title="Banenmarkt")
        desk = Project.objects.create(line=line, position=2, title="Matchpunt")
        return made, periods, line, fair, desk

    def target(plan, indicator, value, *, line, project=None, sector=""):
        return Target.objects.create(
            plan=plan,
            line=line,
            project=project,
            indicator=indicator,
            sector=sector,
            value=value,
            start_date=date(2019, 1, 1),
            end_date=date(2019, 12, 31),
        )

    def count(target, period, number, source=""):
        return Realisation.objects.create(target=target, period=period, count=number, source=source)

    v1, p1, line1, fair1, desk1 = plan(1)
    p1["2019-K1"].closed_at = CLOSED_AT
    p1["2019-K1"].closed_by = closer
    p1["2019-K1"].save()
    fair_matches1 = target(v1, matches, 60, line=line1, project=fair1)
    line_placements1 = target(v1, placements, 30, line=line1)
    dropped1 = target(v1, matches, 40, line=line1, project=desk1)
    both_counted1 = target(v1, trainees, 20, line=line1, project=fair1)
    v1_counts = [
        count(fair_matches1, p1["2019-K1"], 5),
        count(fair_matches1, p1["2019-K2"], 7),
        count(both_counted1, p1["2019-K2"], 8, source="UWV"),
    ]
    dropped_count = count(dropped1, p1["2019-K1"], 4)

    v2, p2, line2, fair2, desk2 = plan(2, previous=v1, status="concept")
    fair_matches2 = target(v2, matches, 70, line=line2, project=fair2)  # revised value
    line_placements2 = target(v2, placements, 30, line=line2)
    both_counted2 = target(v2, trainees, 20, line=line2, project=fair2)
    new2 = target(v2, placements, 25, line=line2, project=desk2)  # only in version 2
    # Counts typed in version 2: another period (no clash) and the same cell as version 1.
    v2_count = count(fair_matches2, p2["2019-K3"], 3)
    # Before 0003 closing a period closed it in that version only: K2 was closed in v2 alone.
    p2["2019-K2"].closed_at = CLOSED_IN_V2_AT
    p2["2019-K2"].closed_by = closer
    p2["2019-K2"].save()
    clash = count(both_counted2, p2["2019-K2"], 9, source="UWV")

    return {
        "closer": closer.pk,
        "v1": v1.pk,
        "v2": v2.pk,
        "copies": {
            fair_matches2.pk: fair_matches1.pk,
            line_placements2.pk: line_placements1.pk,
        },
        "fair_matches1": fair_matches1.pk,
        "fair_matches2": fair_matches2.pk,
        "dropped1": dropped1.pk,
        "dropped_count": dropped_count.pk,
        "both_counted1": both_counted1.pk,
        "both_counted2": both_counted2.pk,
        "clash": clash.pk,
        "new2": new2.pk,
        "counts_of_fair_matches": {v1_counts[0].pk, v1_counts[1].pk, v2_count.pk},
    }


@pytest.mark.django_db(transaction=True)
def test_fill_in_links_versions_and_carries_closed_periods():
    executor = MigrationExecutor(connection)
    start = before_lineage(executor.loader.graph)
    assert ("programmes", "0002_progress_settings_and_periods") in start
    try:
        executor = migrate(start)
        assert LINEAGE not in executor.loader.applied_migrations
        ids = build_two_versions(executor.loader.project_state(start).apps)
    finally:
        executor = migrate()
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())

    v1, v2 = ActionPlan.objects.get(pk=ids["v1"]), ActionPlan.objects.get(pk=ids["v2"])
    assert not Target.objects.filter(lineage__isnull=True).exists()

    # Each copy continues the target it copies: same lineage, predecessor the original.
    for copy_pk, original_pk in ids["copies"].items():
        copy, original = Target.objects.get(pk=copy_pk), Target.objects.get(pk=original_pk)
        assert copy.predecessor_id == original.pk
        assert copy.lineage_id == original.lineage_id
        assert original.predecessor_id is None

    # New in version 2, dropped in version 2, both counted: each a lineage of its own.
    new = Target.objects.get(pk=ids["new2"])
    dropped = Target.objects.get(pk=ids["dropped1"])
    apart1 = Target.objects.get(pk=ids["both_counted1"])
    apart2 = Target.objects.get(pk=ids["both_counted2"])
    assert new.predecessor_id is None
    assert apart2.predecessor_id is None
    assert not Target.objects.filter(predecessor=dropped).exists()
    assert not Target.objects.filter(predecessor=apart1).exists()
    lineages = [Target.objects.get(pk=pk).lineage_id for pk in ids["copies"].values()]
    lineages += [new.lineage_id, dropped.lineage_id, apart1.lineage_id, apart2.lineage_id]
    assert len(set(lineages)) == len(lineages)
    assert Target.objects.filter(lineage=new.lineage_id).count() == 1

    # A closed period is closed in both versions (same start date), whichever version closed
    # it (0003 copies forward, 0005 closes across the family); the others stay open.
    for plan in (v1, v2):
        periods = {p.code: p for p in ReportingPeriod.objects.filter(plan=plan)}
        assert periods["2019-K1"].closed_at == CLOSED_AT, plan
        assert periods["2019-K2"].closed_at == CLOSED_IN_V2_AT, plan
        assert periods["2019-K1"].closed_by_id == periods["2019-K2"].closed_by_id == ids["closer"]
        assert periods["2019-K3"].closed_at is None
        assert periods["2019-K4"].closed_at is None

    # Version 2 reads version 1's counts (and version 1 the one typed in version 2), not the
    # dropped target's; the pair both versions counted is counted once in each version.
    counted = set(placement_counted.counted_for(plans=[v2.pk]).values_list("pk", flat=True))
    assert ids["counts_of_fair_matches"] <= counted
    assert ids["dropped_count"] not in counted
    progress2 = placement_progress.plan_progress(plan=v2, today=date(2019, 11, 1))
    progress1 = placement_progress.plan_progress(plan=v1, today=date(2019, 11, 1))
    assert progress2.for_target(ids["fair_matches2"]).realised == 15
    assert progress1.for_target(ids["fair_matches1"]).realised == 15
    assert progress2.for_target(ids["both_counted2"]).realised == 9
    assert progress1.for_target(ids["both_counted1"]).realised == 8
    assert progress1.for_target(ids["dropped1"]).realised == 4
    assert progress2.for_target(ids["new2"]).realised is None
    assert Realisation.objects.get(pk=ids["clash"]).target_id == ids["both_counted2"]
