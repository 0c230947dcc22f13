"""Print the demo logins (all with password "demo") and where to sign in."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.users import PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Toont de demo-inlognamen met hun rol en regio."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="waar de site draait")

    def handle(self, *args, **options):
        rows = [("gebruikersnaam", "rol", "regio", "wachtwoord")]
        rows += [(username, role, region, PASSWORD) for username, role, region in demo_logins()]
        widths = [max(len(str(row[column])) for row in rows) for column in range(4)]
        for index, row in enumerate(rows):
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(f"\nOpen {options['url']} en log in met een van deze namen.")
        # The admin asks a second factor (decision 0020): say so before the beheerder meets it.
        if settings.TWO_FACTOR_BYPASS:
            self.stdout.write(
                "Beheer (/beheer/): zonder tweede factor (TWO_FACTOR_BYPASS staat aan)."
            )
        else:
            self.stdout.write(
                "Beheer (/beheer/) vraagt daarna een code uit een authenticator-app, die u bij "
                "de eerste keer instelt; lokaal zonder: TWO_FACTOR_BYPASS=1."
            )
