"""Load the reference data every install needs, production included: the 35 arbeidsmarktregio's
with their 342 municipalities, the programmes, the indicators and the national targets.
Running twice changes nothing; a name changed in the files updates the row."""

from django.core.management.base import BaseCommand

from core.formatting import rows_counted
from programmes.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Laadt de referentiegegevens: arbeidsmarktregio's, gemeenten, programma's, indicatoren "
        "en landelijke doelstellingen."
    )

    def handle(self, *args, **options):
        changes = reference_data_load()
        if not changes:
            self.stdout.write("Referentiegegevens: niets nieuw, alles stond er al.")
            return
        if changes.created:
            self.stdout.write(self.style.SUCCESS(f"Nieuw: {rows_counted(changes.created)}."))
        if changes.updated:
            self.stdout.write(self.style.SUCCESS(f"Bijgewerkt: {rows_counted(changes.updated)}."))
