"""Link an existing local user to an organisation account (single sign-on), keeping their
roles: through the service (regions.services.sso.sso_link), so its rules hold here too (the
beheerder only, never a superuser, an account linked to one user at most)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.services.sso import sso_link


class Command(BaseCommand):
    help = (
        "Koppel een bestaande gebruiker aan een organisatie-account (single sign-on): bij de "
        "volgende login met dat account is het deze gebruiker, met zijn rollen."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="gebruikersnaam van de bestaande gebruiker")
        parser.add_argument(
            "--issuer",
            default=getattr(settings, "OIDC_OP_ISSUER", "") or None,
            required=not getattr(settings, "OIDC_OP_ISSUER", ""),
            help="de identity provider (standaard OIDC_OP_ISSUER)",
        )
        parser.add_argument(
            "--subject",
            required=True,
            help="het kenmerk van de persoon bij de provider (de claim OIDC_USERNAME_CLAIM)",
        )
        parser.add_argument("--by", required=True, help="gebruikersnaam van de beheerder")

    def handle(self, *args, username, issuer, subject, by, **options):
        users = get_user_model().objects
        try:
            user = users.get(username=username)
            actor = users.get(username=by)
        except get_user_model().DoesNotExist as missing:
            name = by if users.filter(username=username).exists() else username
            raise CommandError(f"Gebruiker {name} bestaat niet.") from missing
        try:
            identity = sso_link(user=user, issuer=issuer, subject=subject, actor=actor)
        except PermissionDenied as refused:
            raise CommandError(
                f"{by} mag geen organisatie-accounts koppelen: alleen de beheerder."
            ) from refused
        except ValidationError as error:
            raise CommandError(
                "Niet gekoppeld:\n" + "\n".join(f"- {message}" for message in error.messages)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{identity.user} is gekoppeld aan {identity.subject} bij {identity.issuer}."
            )
        )
