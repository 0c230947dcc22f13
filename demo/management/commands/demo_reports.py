"""Fill the demo's report archive: the reports its schedules would have made for their last
complete periods (see demo/reports.py). Running twice makes nothing twice."""

from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.reports import make_reports
from reporting.models import Report


class Command(BaseCommand):
    help = (
        "Maakt de rapportages die de rapportageschema's van de demodata over hun laatste "
        "afgelopen perioden hadden gemaakt (na load_demo_data; make run doet dit)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--periods",
            type=int,
            default=2,
            help="aantal laatste afgelopen perioden per schema (standaard 2)",
        )
        parser.add_argument(
            "--all", action="store_true", help="alle afgelopen perioden van elk schema"
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="peildag (JJJJ-MM-DD)"
        )

    def handle(self, *args, **options):
        created, existing = make_reports(
            today=options["today"] or timezone.localdate(),
            periods=None if options["all"] else options["periods"],
        )
        if not created:
            self.stdout.write(f"Demorapportages: niets nieuw, {len(existing)} stonden er al.")
            return
        statuses = Counter(
            Report.objects.filter(pk__in=[r.pk for r in created]).values_list("status", flat=True)
        )
        # Without a broker they were made just now; with one, the workers make them.
        parts = [
            f"{statuses[status]} {label}"
            for status, label in Report.Status.choices
            if statuses[status]
        ]
        self.stdout.write(
            self.style.SUCCESS(f"Demorapportages: {len(created)} nieuw ({', '.join(parts)}).")
        )
