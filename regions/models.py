"""The ground floor: labour-market regions, their municipalities and partners, the governance
network (bodies, seats, meetings, proposals) and who holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.formatting import show_date


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


class MeetingFrequency(models.TextChoices):
    WEKELIJKS = "wekelijks", _("wekelijks")
    TWEEWEKELIJKS = "tweewekelijks", _("elke twee weken")
    MAANDELIJKS = "maandelijks", _("maandelijks")
    TWEEMAANDELIJKS = "tweemaandelijks", _("elke twee maanden")
    KWARTAAL = "kwartaal", _("elk kwartaal")
    HALFJAARLIJKS = "halfjaarlijks", _("twee keer per jaar")
    JAARLIJKS = "jaarlijks", _("jaarlijks")
    AD_HOC = "ad_hoc", _("naar behoefte")


class GoverningBody(models.Model):
    class Kind(models.TextChoices):
        WERKKAMER = "werkkamer", _("Werkkamer / Regionaal Werkbedrijf")
        BESTUURLIJK_PLATFORM = "bestuurlijk_platform", _("bestuurlijk platform")
        STUURGROEP = "stuurgroep", _("stuurgroep")
        WERKGROEP = "werkgroep", _("werkgroep")
        UITVOERINGSTEAM = "uitvoeringsteam", _("uitvoeringsteam")

    region = models.ForeignKey(
        Region,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="governing_bodies",
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    meeting_frequency = models.CharField(
        _("vergaderfrequentie"), max_length=20, choices=MeetingFrequency, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("overleg- of bestuursorgaan")
        verbose_name_plural = _("overleg- en bestuursorganen")
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_unique_name_per_region"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="body_not_its_own_parent"),
        ]

    def __str__(self):
        return f"{self.name} ({self.region})"


class Membership(models.Model):
    class SeatCategory(models.TextChoices):
        WERKGEVERS = "werkgevers", _("werkgevers")
        OVERHEID = "overheid", _("overheid")
        WERKNEMERS = "werknemers", _("werknemers")
        ONDERWIJS = "onderwijs", _("onderwijs")
        OVERIG = "overig", _("overig")

    class Function(models.TextChoices):
        VOORZITTER = "voorzitter", _("voorzitter")
        SECRETARIS = "secretaris", _("secretaris")
        LID = "lid", _("lid")
        ADVISEUR = "adviseur", _("adviseur")

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("orgaan"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    # A role, never a private person's name ("wethouder Den Haag").
    role_title = models.CharField(_("functie"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    seat_category = models.CharField(_("zetel namens"), max_length=20, choices=SeatCategory.choices)
    function = models.CharField(
        _("rol in het orgaan"), max_length=20, choices=Function.choices, default=Function.LID
    )
    start_date = models.DateField(_("vanaf"), null=True, blank=True)
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["body_id", "function", "seat_category", "role_title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.role_title} – {self.body.name}"


class Meeting(Revisioned):
    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("orgaan"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("datum"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    notes = models.TextField(_("verslag"), blank=True)

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.body.name} {show_date(self.date)}"


class Proposal(Revisioned):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        INGEDIEND = "ingediend", _("ingediend")
        AANGENOMEN = "aangenomen", _("aangenomen")
        AANGEHOUDEN = "aangehouden", _("aangehouden")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("aan"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    reference = models.CharField(_("kenmerk"), max_length=50, unique=True)
    date = models.DateField(_("datum"))
    contact_role = models.CharField(_("contactpersoon (functie)"), max_length=200, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=300)
    decision_points = models.TextField(_("besluitpunten"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    decided_at = models.ForeignKey(
        Meeting,
        verbose_name=_("besloten in vergadering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    # The total as the document states it; the computed total comes from its cost lines
    # (budgets.selectors), so the two can be compared and a difference shown.
    stated_total = models.DecimalField(
        _("genoemd totaalbedrag"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stated_total__isnull=True) | Q(stated_total__gte=0),
                name="proposal_stated_total_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    def clean(self):
        decided = {self.Status.AANGENOMEN, self.Status.AANGEHOUDEN, self.Status.AFGEWEZEN}
        if self.status in decided and self.decided_at_id is None:
            raise ValidationError(
                {"decided_at": _("Kies de vergadering waarin over dit voorstel is besloten.")}
            )
        if self.decided_at_id and self.body_id and self.decided_at.body_id != self.body_id:
            raise ValidationError(
                {"decided_at": _("Deze vergadering is van een ander orgaan dan het voorstel.")}
            )

    @property
    def region(self):
        return self.body.region


class RoleAssignment(models.Model):
    """Which role a user holds in which region. One user may hold roles in several regions;
    what each role may do is decided in regions.permissions, nowhere else."""

    class Role(models.TextChoices):
        PROGRAMMAMANAGER = "programmamanager", _("programmamanager")
        WERKKAMERLID = "werkkamerlid", _("Werkkamerlid")
        SECRETARIS = "secretaris", _("secretaris")
        # Approves spending and budget changes (vier ogen) and receives the monthly overview.
        PENNINGMEESTER = "penningmeester", _("penningmeester / budgethouder")

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
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

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
