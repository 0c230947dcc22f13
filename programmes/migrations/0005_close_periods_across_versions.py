# A period closed in one version of a plan is closed in every version of it.
#
# 0003 copied the closed state only forward (previous version -> next version). Before 0003
# closing a period closed only that version's period, so a period closed in version 2 alone
# stayed open in version 1; since 0003 version 1 reads and writes the same realisations
# (placements.selectors.counted_for, services.realisation_record), and realisation_record
# checks the closed state of the period of the version typed in: through version 1 such a
# count could be changed or cleared without a correction. period_close closes the period of
# the same start date in every version of the plan family; this brings stored data in line.

from django.db import migrations


def close_across_versions(apps, schema_editor):
    ActionPlan = apps.get_model("programmes", "ActionPlan")
    ReportingPeriod = apps.get_model("programmes", "ReportingPeriod")
    previous = dict(ActionPlan.objects.values_list("pk", "previous_version_id"))

    def root(plan_id):
        seen = set()
        while previous.get(plan_id) is not None and plan_id not in seen:
            seen.add(plan_id)
            plan_id = previous[plan_id]
        return plan_id

    first_closed = {}
    for period in ReportingPeriod.objects.filter(closed_at__isnull=False).order_by(
        "closed_at", "pk"
    ):
        first_closed.setdefault((root(period.plan_id), period.start_date), period)
    for period in ReportingPeriod.objects.filter(closed_at__isnull=True):
        closed = first_closed.get((root(period.plan_id), period.start_date))
        if closed is not None:
            period.closed_at, period.closed_by_id = closed.closed_at, closed.closed_by_id
            period.save(update_fields=["closed_at", "closed_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_target_lineage_required"),
    ]

    operations = [
        migrations.RunPython(close_across_versions, migrations.RunPython.noop),
    ]
