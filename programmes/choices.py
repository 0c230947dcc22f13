"""Choices shared by the floors above (placements counts by the same sectors and groups)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    MARKT = "markt", _("marktsector")
    OVERHEID = "overheid", _("overheidssector")


class TargetGroup(models.TextChoices):
    WSW = "wsw", _("Wsw-indicatie")
    WAJONG = "wajong", _("Wajong")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet, kan geen WML verdienen")
    WIW_ID = "wiw_id", _("Wiw/ID-banen")
    PRO_VSO = "pro_vso", _("PrO/VSO-schoolverlaters")
    OVERIG = "overig", _("overig")
