"""API tokens: how another system (UWV's or a municipality's, a Power BI) reads a region's
figures and delivers its counts. A token belongs to one region, or with no region to the
whole country (made by a beheerder only); it reads, and delivers counts only when it has the
*aanleveren* scope. What a token may do is decided in regions.permissions, like a role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One API token. The secret is shown once, when it is made; only its SHA-256 is kept
    (`key_hash`), beside its first characters (`prefix`) by which people recognise it. A
    revoked token stays, so its use remains on record; it never works again."""

    # The secret is a random 40 characters (regions.services.tokens): a slow password hash
    # adds nothing to a key nobody can guess, and SHA-256 lets a request find it by index.
    PREFIX_LENGTH = 8

    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Waarvoor het token dient, bijvoorbeeld: aanlevering UWV doelgroepregister."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text=_("Leeg: een landelijk token, dat alle regio's leest (alleen de beheerder)."),
    )
    may_deliver = models.BooleanField(
        _("mag aanleveren"),
        default=False,
        help_text=_("Mag realisaties aanleveren (POST …/deliveries). Anders alleen lezen."),
    )
    prefix = models.CharField(_("begin van het token"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["region__name", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    # A token stands where a signed-in user stands in regions.permissions.
    is_authenticated = True
    is_superuser = False

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_national(self) -> bool:
        return self.region_id is None
