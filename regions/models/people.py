"""A region's people: the invitations its regiobeheerder sends and the record of every change
to who holds which role (`PeopleChange`). What a regiobeheerder may do is decided in
regions.permissions; the writes are regions.services.people."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """An invitation by e-mail to work in one region with the given roles. The link carries a
    random secret of which only the SHA-256 is kept (`key_hash`), like an API token; it works
    once, until `expires_at`. An accepted, expired or withdrawn invitation stays on record."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mailadres"))
    # The role values (RoleAssignment.Role) the person gets on accepting; checked by the service.
    roles = models.JSONField(_("rollen"), default=list)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangenomen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.region}"

    @staticmethod
    def hash_of(secret: str) -> str:
        """What `key_hash` holds for the secret of a link (a random 40 characters: SHA-256
        is enough, and lets the link find its invitation by index)."""
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def role_labels(self) -> list[str]:
        """The roles' names, in the order given."""
        return [_role_label(role) for role in self.roles]

    @property
    def is_open(self) -> bool:
        """Still usable: not accepted, not withdrawn, not expired."""
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )


class PeopleChange(models.Model):
    """One change to a region's people, for the audit history: an invitation sent, accepted
    or withdrawn, a role given or taken, an account deactivated or reactivated. Written by
    regions.services.people (and the single sign-on's role sync), never edited."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("uitgenodigd")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("uitnodiging ingetrokken")
        ACCEPTED = "accepted", _("uitnodiging aangenomen")
        ROLE_GIVEN = "role_given", _("rol gegeven")
        ROLE_TAKEN = "role_taken", _("rol afgenomen")
        DEACTIVATED = "deactivated", _("account gedeactiveerd")
        REACTIVATED = "reactivated", _("account weer actief")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="people_changes",
    )
    kind = models.CharField(_("wijziging"), max_length=30, choices=Kind.choices)
    # Whom it concerns: a user, or (before acceptance) only the invited address.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    role = models.CharField(_("rol"), max_length=20, blank=True)
    # Who made the change; empty for the single sign-on's role sync.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("wijziging in de mensen")
        verbose_name_plural = _("wijzigingen in de mensen")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.person or self.email} – {self.region}"

    @property
    def role_label(self) -> str:
        return _role_label(self.role) if self.role else ""


def _role_label(value: str) -> str:
    """A role's name (RoleAssignment.Role, which lives beside Region in the package)."""
    from . import RoleAssignment  # noqa: PLC0415  the package imports this module at its end

    try:
        return str(RoleAssignment.Role(value).label)
    except ValueError:
        return value
