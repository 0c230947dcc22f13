"""Load the reference data every install needs, production included: the 35 arbeidsmarktregio's
with their 342 municipalities, the programmes, the indicators and the national targets.
Running twice changes nothing; a name changed in the files updates the row."""

from django.core.management.base import BaseCommand

from programmes.services import reference_data_load


def _describe(counts) -> str:
    """In Dutch, for people: "35 arbeidsmarktregio's, 342 gemeenten"."""
    parts = []
    for model, count in counts.items():
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        parts.append(f"{count} {name}")
    return ", ".join(parts)


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
            self.stdout.write(self.style.SUCCESS(f"Nieuw: {_describe(changes.created)}."))
        if changes.updated:
            self.stdout.write(self.style.SUCCESS(f"Bijgewerkt: {_describe(changes.updated)}."))
