"""The ground floor: labour-market regions, their municipalities and partners, and who holds
which role where. The governance network (bodies, seats, meetings, agendas, decisions,
proposals) is in `governance.py` beside this module."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    centre_municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("centrumgemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Made by demo's generate_scale_data for measuring at national scale: everything under
    # it is generated, and removing it (generate_scale_data --remove) touches nothing else.
    synthetic = models.BooleanField(
        _("synthetisch"),
        default=False,
        help_text=_(
            "Een gegenereerde regio voor metingen op landelijke schaal (generate_scale_data); "
            "geen echte arbeidsmarktregio."
        ),
    )

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:detail", kwargs={"slug": self.slug})


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("gemeente")
        UWV = "uwv", _("UWV")
        WSP = "wsp", _("Werkgeversservicepunt (WSP)")
        WERKGEVERSORGANISATIE = "werkgeversorganisatie", _("werkgeversorganisatie")
        VAKBOND = "vakbond", _("vakbond")
        ONDERWIJS = "onderwijs", _("onderwijs")
        OO_FONDS = "oo_fonds", _("O&O-fonds")
        SW_BEDRIJF = "sw_bedrijf", _("SW-bedrijf")
        RIJK = "rijk", _("rijksoverheid")
        OVERIG = "overig", _("overig")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    # Empty for national organisations (UWV as a whole, SZW, FNV) that work in every region.
    region = models.ForeignKey(
        Region,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region"], name="organisation_unique_name_per_region"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(region__isnull=True),
                name="organisation_unique_national_name",
            ),
        ]

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """Which role a user holds in which region. One user may hold roles in several regions;
    what each role may do is decided in regions.permissions, nowhere else."""

    class Role(models.TextChoices):
        PROGRAMMAMANAGER = "programmamanager", _("programmamanager")
        WERKKAMERLID = "werkkamerlid", _("Werkkamerlid")
        SECRETARIS = "secretaris", _("secretaris")
        # Approves spending and budget changes (vier ogen) and receives the monthly overview.
        PENNINGMEESTER = "penningmeester", _("penningmeester / budgethouder")
        # Manages the region's API tokens (and, later, its people).
        REGIOBEHEERDER = "regiobeheerder", _("regiobeheerder")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Source(models.TextChoices):
        PRODUCT = "product", _("in het product")
        # Given from the groups claim of the organisation account at a login, taken away again
        # at the first login without the group (regions.services.sso). Never touched by hand.
        SSO = "sso", _("via single sign-on")

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    # Since when the role is held, and who gave it (empty: before this was kept, or the
    # single sign-on). The whole record of changes is PeopleChange.
    granted_at = models.DateTimeField(_("sinds"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gegeven door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("bron"),
        max_length=10,
        choices=Source.choices,
        default=Source.PRODUCT,
        help_text=_(
            "Via single sign-on: gegeven en weer afgenomen volgens de groepen van het "
            "organisatie-account, bij elke login."
        ),
    )

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        ordering = ["region__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="role_assignment_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.region}"


from .governance import (  # noqa: E402  the governance models, registered with this app
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    MeetingFrequency,
    Membership,
    Proposal,
    SeatCategory,
    SeatRule,
)
from .identities import ExternalIdentity  # noqa: E402  registered with this app
from .people import Invitation, PeopleChange  # noqa: E402  registered with this app
from .tokens import ApiToken  # noqa: E402  registered with this app

__all__ = [
    "ActionItem",
    "ApiToken",
    "ExternalIdentity",
    "AgendaItem",
    "Decision",
    "GoverningBody",
    "Invitation",
    "Meeting",
    "MeetingFrequency",
    "Membership",
    "Municipality",
    "Organisation",
    "PeopleChange",
    "Proposal",
    "Region",
    "RoleAssignment",
    "SeatCategory",
    "SeatRule",
]
