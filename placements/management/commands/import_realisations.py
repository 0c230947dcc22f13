"""Import a delivery of realisations from a file, for scheduled deliveries: the same checks,
the same limits and the same all-or-nothing commit as the import page (placements.services)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from placements import imports, services
from placements.imports import Outcome
from programmes.models import ActionPlan
from regions.permissions import can_record_realisations


class Command(BaseCommand):
    help = (
        "Importeer realisaties uit een CSV- of XLSX-bestand in een actieplan: per rij een "
        "verslag; bij een fout wordt niets verwerkt en eindigt het commando met een foutcode."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_pk", type=int, help="id van het actieplan")
        parser.add_argument("file", type=Path, help="het bestand (.csv of .xlsx)")
        parser.add_argument(
            "--user",
            help="gebruikersnaam van wie aanlevert; moet realisaties mogen vastleggen in de regio",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alleen controleren en het verslag tonen; niets opslaan",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="reden voor correcties in afgesloten perioden",
        )

    def handle(self, *args, plan_pk, file, user, dry_run, reason, **options):
        try:
            plan = ActionPlan.objects.get(pk=plan_pk)
        except ActionPlan.DoesNotExist as missing:
            raise CommandError(f"Actieplan {plan_pk} bestaat niet.") from missing
        actor = self._actor(user, plan)
        if not file.is_file():
            raise CommandError(f"Bestand {file} bestaat niet.")
        try:
            # The same limits as the import page, the size before a byte is read.
            imports.check_size(file.stat().st_size)
            content = file.read_bytes()
            if dry_run:
                result = imports.validate(plan=plan, file_name=file.name, content=content)
            else:
                delivery = services.delivery_upload(
                    plan=plan,
                    uploaded_file=SimpleUploadedFile(file.name, content),
                    actor=actor,
                )
                result = delivery.result
        except ValidationError as error:
            raise CommandError(self._errors(error.messages)) from error
        self._report(result)
        if dry_run:
            if result.problems:
                raise CommandError(self._errors([str(problem) for problem in result.problems]))
            self.stdout.write("Proefdraai (--dry-run): er is niets opgeslagen.")
            return
        # With errors the commit refuses (and marks the delivery afgekeurd): nothing is stored.
        try:
            services.delivery_commit(delivery=delivery, actor=actor, reason=reason)
        except services.PeriodClosedError as error:
            raise CommandError(" ".join(error.messages) + " Geef de reden met --reason.") from error
        except ValidationError as error:
            raise CommandError(self._errors(error.messages)) from error
        summary = result.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Aanlevering {delivery.pk} verwerkt: {summary[Outcome.NEW]} nieuw, "
                f"{summary[Outcome.CHANGED]} gewijzigd, {summary[Outcome.UNCHANGED]} ongewijzigd, "
                f"{summary[Outcome.SKIPPED]} overgeslagen."
            )
        )

    def _actor(self, username, plan):
        if not username:
            return None
        try:
            actor = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"Gebruiker {username} bestaat niet.") from missing
        if not can_record_realisations(actor, plan):
            raise CommandError(
                f"{username} mag geen realisaties vastleggen in {plan} (of het plan is afgesloten)."
            )
        return actor

    def _report(self, result):
        for row in result.rows:
            where = f"rij {row.number}"
            if row.outcome == Outcome.ERROR:
                columns = ", ".join(
                    f"kolom {p.column}" if p.column else "rij" for p in row.problems
                )
                self.stdout.write(f"{where}: fout ({columns})")
            elif row.outcome == Outcome.CHANGED:
                self.stdout.write(f"{where}: gewijzigd {row.old_count} → {row.count}")
            else:
                self.stdout.write(f"{where}: {Outcome(row.outcome).label}")

    @staticmethod
    def _errors(messages) -> str:
        lines = [f"Er is niets verwerkt; {len(messages)} fout(en):", *messages]
        return "\n".join(lines)
