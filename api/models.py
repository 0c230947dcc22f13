"""What the API keeps of its own: the answer to each delivery, by its `Idempotency-Key`, so a
retried POST is answered as the first one was and applied once (draft-ietf-httpapi-
idempotency-key-header). Everything else the API serves is the other apps' data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` of one principal (a token, or a signed-in person in the
    browsable API) and the answer its first request got. Written in the same transaction as
    the delivery it answered: a concurrent second request with the key waits on the unique
    constraint until the first is committed, then gets the stored answer. Kept with the
    delivery, as its record of who asked for it."""

    KEY_MAX_LENGTH = 255

    token = models.ForeignKey(
        "regions.ApiToken",
        verbose_name=_("API-token"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The person the request acted as: the token's maker, or the signed-in person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    key = models.CharField(_("sleutel"), max_length=KEY_MAX_LENGTH)
    # SHA-256 of what the request asked (plan, media type, reason, body).
    request_hash = models.CharField(_("kenmerk van de aanvraag"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("statuscode"))
    response = models.JSONField(_("antwoord"))
    delivery = models.ForeignKey(
        "placements.Delivery",
        verbose_name=_("aanlevering"),
        # The stored answer still replays when a delivery is removed (admin).
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotentiesleutel")
        verbose_name_plural = _("idempotentiesleutels")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"],
                condition=Q(token__isnull=False),
                name="idempotency_key_once_per_token",
            ),
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=Q(token__isnull=True),
                name="idempotency_key_once_per_session_user",
            ),
        ]

    def __str__(self):
        return self.key
