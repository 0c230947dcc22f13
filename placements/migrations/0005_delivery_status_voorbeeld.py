# The delivery status values in one language: "preview" becomes "voorbeeld", beside
# "verwerkt" and "afgekeurd" (issue 10, naming).

from django.db import migrations, models


def to_voorbeeld(apps, schema_editor):
    Delivery = apps.get_model("placements", "Delivery")
    Delivery.objects.filter(status="preview").update(status="voorbeeld")


def to_preview(apps, schema_editor):
    Delivery = apps.get_model("placements", "Delivery")
    Delivery.objects.filter(status="voorbeeld").update(status="preview")


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0004_realisation_delivery_protect"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("voorbeeld", "voorbeeld"),
                    ("verwerkt", "verwerkt"),
                    ("afgekeurd", "afgekeurd"),
                ],
                default="voorbeeld",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(to_voorbeeld, to_preview),
    ]
