# Indicator.Measure stored English values ("flow", "stock") among the app's Dutch ones; now
# "stroom" and "stand" like every other stored choice. The check that a stock has a baseline
# names the value, so it is dropped while the rows change and made again after.

from django.db import migrations, models

FORWARD = {"flow": "stroom", "stock": "stand"}


def rename(mapping):
    def run(apps, schema_editor):
        Indicator = apps.get_model("programmes", "Indicator")
        for old, new in mapping.items():
            Indicator.objects.filter(measure=old).update(measure=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_close_periods_across_versions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="indicator",
            name="indicator_stock_has_baseline",
        ),
        migrations.AlterField(
            model_name="indicator",
            name="measure",
            field=models.CharField(
                choices=[
                    ("stroom", "stroom (opgeteld over perioden)"),
                    ("stand", "stand (gemeten op een datum)"),
                ],
                default="stroom",
                max_length=10,
                verbose_name="meetwijze",
            ),
        ),
        migrations.RunPython(
            rename(FORWARD), rename({new: old for old, new in FORWARD.items()}), elidable=False
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("measure", "stroom"), ("baseline_date__isnull", False), _connector="OR"
                ),
                name="indicator_stock_has_baseline",
            ),
        ),
    ]
