"""Load the demo data: the reference data (load_reference_data's), then the demo logins and the
five worked examples built on it. Loading twice changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import official_counts, users
from demo.rows import Tally
from demo.worked_examples import (
    dwsra,
    gooi_en_vechtstreek,
    haaglanden,
    midden_gelderland,
    zuid_kennemerland,
)
from programmes.services import reference_data_load

# In this order, after the reference data: the examples need the demo users.
PARTS = [
    ("Demogebruikers", users),
    ("Perspectief op Werk Midden-Gelderland", midden_gelderland),
    ("Banenafspraak Haaglanden", haaglanden),
    ("Werkkamervoorstel Gooi en Vechtstreek", gooi_en_vechtstreek),
    ("Regionaal Mobiliteitsteam Zuid-Kennemerland en IJmond", zuid_kennemerland),
    ("Officiële cijfers Banenafspraak (illustratief voorbeeldbestand)", official_counts),
    ("DWSRA-pilots", dwsra),
]


class Command(BaseCommand):
    help = "Laadt de demodata (referentiegegevens, demogebruikers en de vijf voorbeelden)."

    def handle(self, *args, **options):
        with transaction.atomic():
            reference = Tally(reference_data_load().created)
            tallies = [("Regio's, gemeenten, programma's en indicatoren", reference)]
            for title, part in PARTS:
                tally = Tally()
                part.load(tally)
                tallies.append((title, tally))

        created = sum(tally.total() for _title, tally in tallies)
        if not created:
            self.stdout.write("Demodata: niets nieuw, alles stond er al.")
            return
        self.stdout.write(self.style.SUCCESS(f"Demodata geladen: {created} nieuwe rijen."))
        for title, tally in tallies:
            if tally:
                self.stdout.write(f"- {title}: {tally.describe()}")
        self.stdout.write("De inlognamen toont: python manage.py demo_logins")
