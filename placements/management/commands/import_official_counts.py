"""Import the official Banenafspraak figures from a file, as the beheerder's page does: the
same service (placements.official.services.official_counts_import), the same checks, all
or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from core import tabular
from placements.official.formats import DEFAULT_FORMAT, FORMATS, limits
from placements.official.services import official_counts_import


class Command(BaseCommand):
    help = (
        "Importeer de officiële cijfers van de Banenafspraak (per arbeidsmarktregio, sector en "
        "peildatum) uit een CSV- of XLSX-bestand. Bij een fout wordt niets opgeslagen en "
        "eindigt het commando met een foutcode."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="het bestand (.csv of .xlsx)")
        parser.add_argument(
            "--user", required=True, help="gebruikersnaam van de beheerder die importeert"
        )
        parser.add_argument(
            "--format",
            default=DEFAULT_FORMAT,
            choices=sorted(FORMATS),
            help=f"de indeling van het bestand (standaard {DEFAULT_FORMAT})",
        )

    def handle(self, *args, file, user, format, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"Gebruiker {user} bestaat niet.") from missing
        if not file.is_file():
            raise CommandError(f"Bestand {file} bestaat niet.")
        try:
            tabular.check_size(file.stat().st_size, limits().max_bytes)
            upload = official_counts_import(
                uploaded_file=SimpleUploadedFile(file.name, file.read_bytes()),
                actor=actor,
                format_name=format,
            )
        except PermissionDenied as refused:
            raise CommandError(
                f"{user} mag de officiële cijfers niet importeren: alleen de beheerder."
            ) from refused
        except ValidationError as error:
            raise CommandError(
                "Niets geïmporteerd:\n" + "\n".join(f"- {message}" for message in error.messages)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{upload.file_name} geïmporteerd: {upload.row_count} rijen, "
                f"{upload.new_count} nieuw, {upload.changed_count} gewijzigd, "
                f"{upload.unchanged_count} ongewijzigd."
            )
        )
