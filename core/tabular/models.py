"""An uploaded table kept for its import: the bytes, where it stands (preview, committed,
refused), what the check found per row, who uploaded it and when. Abstract: each import's
model (placements.Delivery, budgets.SpendingImport) adds the plan it belongs to."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadedTable(models.Model):
    """Kept so the preview and the commit read the same bytes, and so the archive shows who
    delivered what, when."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", _("voorbeeld")
        VERWERKT = "verwerkt", _("verwerkt")
        AFGEKEURD = "afgekeurd", _("afgekeurd")

    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField(_("inhoud"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VOORBEELD
    )
    row_count = models.PositiveIntegerField(_("aantal rijen"), default=0)
    error_count = models.PositiveIntegerField(_("aantal fouten"), default=0)
    # What the check of the file found, per row (the import's ImportResult.as_json), set at
    # upload and at commit: the preview shows this and never reads the file again. Empty for
    # a delivery stored before results were kept.
    results = models.JSONField(_("uitkomst per rij"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangeleverd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("aangeleverd op"), auto_now_add=True)
    committed_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    # The check of the file itself, not stored: set on the row the import's upload and commit
    # services return, for the page or command that called them to show (its ImportResult).
    result: Any

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.VOORBEELD

    @property
    def is_committed(self) -> bool:
        return self.status == self.Status.VERWERKT
