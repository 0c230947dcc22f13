"""Organisation accounts: which user an OpenID Connect login is. A login is matched on the
provider (`issuer`) and the provider's stable identifier of the person (`subject`, the `sub`
claim unless OIDC_USERNAME_CLAIM names another), never on the e-mail address, which people
change and which a provider may let anyone set (regions.services.sso)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("kenmerk bij de provider"), max_length=255)
    created_at = models.DateTimeField(_("gekoppeld op"), default=timezone.now)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisatie-account")
        verbose_name_plural = _("organisatie-accounts")
        ordering = ["issuer", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_unique_subject"
            ),
            # One account per provider for a user: two would be two people in one login.
            models.UniqueConstraint(
                fields=["user", "issuer"], name="external_identity_one_per_issuer"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.issuer}"
