"""The Werkkamer's network: bodies with their seats and members, meetings with an agenda and a
decision list (besluitenlijst), the action items decisions give, and proposals (voorstellen).

A decision points at what it decided (a proposal, a plan version, a budget change) by string,
so this module imports no floor above regions. What a decision does to a plan is programmes'
rule (`programmes.services.plan_decide`); what it does to a proposal is this app's
(`regions.services.governance.decision_record`)."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Revisioned
from core.formatting import show_date


class MeetingFrequency(models.TextChoices):
    WEKELIJKS = "wekelijks", _("wekelijks")
    TWEEWEKELIJKS = "tweewekelijks", _("elke twee weken")
    MAANDELIJKS = "maandelijks", _("maandelijks")
    TWEEMAANDELIJKS = "tweemaandelijks", _("elke twee maanden")
    KWARTAAL = "kwartaal", _("elk kwartaal")
    HALFJAARLIJKS = "halfjaarlijks", _("twee keer per jaar")
    JAARLIJKS = "jaarlijks", _("jaarlijks")
    AD_HOC = "ad_hoc", _("naar behoefte")


class SeatCategory(models.TextChoices):
    """On whose behalf a member sits: Haaglanden's 3-3-1 board is 3 werkgevers, 3 overheid and
    1 werknemers."""

    WERKGEVERS = "werkgevers", _("werkgevers")
    OVERHEID = "overheid", _("overheid")
    WERKNEMERS = "werknemers", _("werknemers")
    ONDERWIJS = "onderwijs", _("onderwijs")
    OVERIG = "overig", _("overig")


class GoverningBody(Revisioned):
    class Kind(models.TextChoices):
        WERKKAMER = "werkkamer", _("Werkkamer / Regionaal Werkbedrijf")
        BESTUURLIJK_PLATFORM = "bestuurlijk_platform", _("bestuurlijk platform")
        STUURGROEP = "stuurgroep", _("stuurgroep")
        WERKGROEP = "werkgroep", _("werkgroep")
        UITVOERINGSTEAM = "uitvoeringsteam", _("uitvoeringsteam")

    region = models.ForeignKey(
        "regions.Region",
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

    def clean(self):
        if self.parent_id and self.region_id and self.parent.region_id != self.region_id:
            raise ValidationError(
                {"parent": _("Dit orgaan hoort bij een andere arbeidsmarktregio.")}
            )


class SeatRule(models.Model):
    """The composition rule of a body: how many seats each category holds (3-3-1). The
    members who fill them are Memberships; `regions.selectors.body_composition` compares."""

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("orgaan"),
        on_delete=models.CASCADE,
        related_name="seat_rules",
    )
    seat_category = models.CharField(_("zetel namens"), max_length=20, choices=SeatCategory)
    seats = models.PositiveSmallIntegerField(_("aantal zetels"))
    # What the rule was, when and by whom it changed (regions.services.seat_rules_set writes
    # row by row). The moment is when it was entered, not from when it applies.
    history = HistoricalRecords(verbose_name=_("historie zetelverdeling"))

    class Meta:
        verbose_name = _("zetelverdeling")
        verbose_name_plural = _("zetelverdelingen")
        ordering = ["body_id", "seat_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "seat_category"], name="seat_rule_once_per_category"
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=99), name="seat_rule_seats_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.get_seat_category_display()}: {self.seats}"


class Membership(Revisioned):
    SeatCategory = SeatCategory

    class Function(models.TextChoices):
        VOORZITTER = "voorzitter", _("voorzitter")
        SECRETARIS = "secretaris", _("secretaris")
        LID = "lid", _("lid")
        ADVISEUR = "adviseur", _("adviseur")

    # The chair and the members fill seats; a secretary or adviser supports the body without one.
    SEATED = (Function.VOORZITTER, Function.LID)

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("orgaan"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    # A role, never a private person's name ("wethouder Den Haag").
    role_title = models.CharField(_("functie"), max_length=200)
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    seat_category = models.CharField(_("zetel namens"), max_length=20, choices=SeatCategory)
    function = models.CharField(
        _("rol in het orgaan"), max_length=20, choices=Function.choices, default=Function.LID
    )
    start_date = models.DateField(_("vanaf"), null=True, blank=True)
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historie lidmaatschap"))

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

    @property
    def holds_seat(self) -> bool:
        return self.function in self.SEATED

    def clean(self):
        if (
            self.organisation_id
            and self.organisation.region_id
            and self.body_id
            and self.organisation.region_id != self.body.region_id
        ):
            raise ValidationError(
                {"organisation": _("Deze organisatie hoort bij een andere arbeidsmarktregio.")}
            )


class Meeting(Revisioned):
    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("orgaan"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("aanvang"), null=True, blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    notes = models.TextField(_("verslag"), blank=True)
    history = HistoricalRecords(verbose_name=_("historie vergadering"))

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-date"]
        constraints = [
            # One meeting of a body a day: planning from the frequency never doubles a date.
            models.UniqueConstraint(fields=["body", "date"], name="meeting_once_a_day"),
        ]

    def __str__(self):
        return f"{self.body.name} {show_date(self.date)}"

    @property
    def region(self):
        return self.body.region


class Proposal(Revisioned):
    """A voorstel to a body, laid out like Gooi en Vechtstreek's of 8 February 2017. Its status
    moves only through a meeting: on an agenda it is geagendeerd, a decision makes it
    aangenomen, aangehouden or verworpen (`regions.services.governance`)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        GEAGENDEERD = "geagendeerd", _("geagendeerd")
        AANGENOMEN = "aangenomen", _("aangenomen")
        AANGEHOUDEN = "aangehouden", _("aangehouden")
        VERWORPEN = "verworpen", _("verworpen")

    # A proposal decided for good is not put on an agenda again; an aangehouden one is.
    FINAL = (Status.AANGENOMEN, Status.VERWORPEN)

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("aan"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    reference = models.CharField(_("kenmerk"), max_length=50, unique=True)
    date = models.DateField(_("datum"))
    contact_role = models.CharField(_("contactpersoon (functie)"), max_length=200, blank=True)
    unit = models.CharField(_("eenheid"), max_length=200, blank=True)
    confidential = models.BooleanField(_("vertrouwelijk"), default=False)
    subject = models.CharField(_("onderwerp"), max_length=300)
    decision_points = models.TextField(_("besluitpunten"))
    core_message = models.TextField(_("kernboodschap"), blank=True)
    reason = models.TextField(_("aanleiding"), blank=True)
    goal = models.TextField(_("doel"), blank=True)
    arguments = models.TextField(_("argumenten"), blank=True)
    finances = models.TextField(_("financiën (toelichting)"), blank=True)
    execution = models.TextField(_("uitvoering"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    # Where the money comes from (dekking): a budget line of a plan of the same region, and
    # where the proposal moves money, the budget change that does so.
    budget_line = models.ForeignKey(
        "budgets.BudgetLine",
        verbose_name=_("dekking (begrotingsregel)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    budget_change = models.ForeignKey(
        "budgets.BudgetChange",
        verbose_name=_("begrotingswijziging"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    # The total as the document states it; the computed total comes from its cost lines
    # (budgets.selectors), so the two can be compared and a difference shown.
    stated_total = models.DecimalField(
        _("genoemd totaalbedrag"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords(verbose_name=_("historie voorstel"))

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
        region_id = self.body.region_id if self.body_id else None
        if self.budget_line_id and region_id and self.budget_line.plan.region_id != region_id:
            raise ValidationError(
                {"budget_line": _("Deze begrotingsregel hoort bij een plan van een andere regio.")}
            )
        if self.budget_change_id and region_id and self.budget_change.plan.region_id != region_id:
            raise ValidationError(
                {
                    "budget_change": _(
                        "Deze begrotingswijziging hoort bij een plan van een andere regio."
                    )
                }
            )

    @property
    def region(self):
        return self.body.region

    @property
    def is_open(self) -> bool:
        """Can still go on an agenda and be decided."""
        return self.status not in self.FINAL


def _one_subject(prefix: str):
    """At most one of the things an agenda item or decision is about."""
    fields = ["proposal", "plan", "budget_change", "report"]
    if prefix == "decision":
        fields = fields[:3]
    one_or_none = Q()
    for chosen in fields:
        only = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                only &= Q(**{f"{other}__isnull": True})
        one_or_none |= only
    none = Q(**{f"{name}__isnull": True for name in fields})
    return models.CheckConstraint(condition=none | one_or_none, name=f"{prefix}_one_subject")


def subject_field(to, verbose_name, related_name: str = "+"):
    """A thing an agenda item or decision may be about: optional, and protected while it is
    (what was on an agenda or decided is history)."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


class SubjectInRegion(models.Model):
    """An agenda item or decision about at most one thing of its meeting's region."""

    proposal = subject_field(Proposal, _("voorstel"))
    plan = subject_field("programmes.ActionPlan", _("planversie"))
    budget_change = subject_field("budgets.BudgetChange", _("begrotingswijziging"))

    class Meta:
        abstract = True

    # The subject fields, in the order `subject` looks; a subclass may add its own.
    SUBJECTS: ClassVar[tuple[str, ...]] = ("proposal", "plan", "budget_change")

    @property
    def subject(self):
        for name in self.SUBJECTS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def clean_subject(self, meeting):
        """The subject belongs to the meeting's region (a proposal: to the meeting's body)."""
        chosen = [name for name in self.SUBJECTS if getattr(self, f"{name}_id")]
        if len(chosen) > 1:
            raise ValidationError(_("Kies één onderwerp: een voorstel, een plan of een wijziging."))
        if not chosen or meeting is None:
            return
        name = chosen[0]
        region_id = meeting.body.region_id
        if name == "proposal":
            if self.proposal.body_id != meeting.body_id:
                raise ValidationError(
                    {"proposal": _("Dit voorstel is gericht aan een ander orgaan.")}
                )
        elif name == "plan":
            if self.plan.region_id != region_id:
                raise ValidationError({"plan": _("Dit plan is van een andere regio.")})
        elif name == "report":
            # An agenda item's report: a report of a plan of the meeting's region.
            if self.report.plan.region_id != region_id:
                raise ValidationError({"report": _("Deze rapportage is van een andere regio.")})
        elif self.budget_change.plan.region_id != region_id:
            raise ValidationError(
                {"budget_change": _("Deze begrotingswijziging is van een andere regio.")}
            )


class AgendaItem(SubjectInRegion, Revisioned):
    class Purpose(models.TextChoices):
        BESLUITVORMING = "besluitvorming", _("ter besluitvorming")
        BESPREKING = "bespreking", _("ter bespreking")
        KENNISNAME = "kennisname", _("ter kennisname")

    SUBJECTS = ("proposal", "plan", "budget_change", "report")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("agendapunt"), max_length=300)
    purpose = models.CharField(
        _("doel"), max_length=20, choices=Purpose.choices, default=Purpose.BESPREKING
    )
    # The same proposal twice on one agenda is a mistake; on the next meeting's, it is not.
    proposal = subject_field(Proposal, _("voorstel"), "agenda_items")
    report = subject_field("reporting.Report", _("rapportage"))
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting_id", "position", "pk"]
        constraints = [
            _one_subject("agenda_item"),
            models.UniqueConstraint(
                fields=["meeting", "proposal"],
                condition=Q(proposal__isnull=False),
                name="agenda_item_proposal_once",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def clean(self):
        meeting = self.meeting if self.meeting_id else None
        self.clean_subject(meeting)


class Decision(SubjectInRegion, Revisioned):
    """One line of a meeting's besluitenlijst: what the body decided, with its outcome, linked
    to what it decided so that the proposal, plan or budget change shows "besloten in"."""

    class Outcome(models.TextChoices):
        AANGENOMEN = "aangenomen", _("aangenomen")
        AANGEHOUDEN = "aangehouden", _("aangehouden")
        VERWORPEN = "verworpen", _("verworpen")
        KENNISGENOMEN = "kennisgenomen", _("voor kennisgeving aangenomen")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("besluit"))
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    proposal = subject_field(Proposal, _("voorstel"), "decisions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historie besluit"))

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["meeting_id", "number"]
        constraints = [
            _one_subject("decision"),
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_once"),
            # An agenda item about something is decided once (decision_record refuses a second
            # decision under a lock; a report's item, whose decision has no subject, is checked
            # there alone). One without a subject (rondvraag) may carry several.
            models.UniqueConstraint(
                fields=["agenda_item"],
                condition=Q(agenda_item__isnull=False)
                & (
                    Q(proposal__isnull=False)
                    | Q(plan__isnull=False)
                    | Q(budget_change__isnull=False)
                ),
                name="decision_once_per_subject_item",
                violation_error_message=_("Over dit agendapunt is al besloten."),
            ),
            models.CheckConstraint(condition=~Q(text=""), name="decision_has_text"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.number}. {self.text[:60]}"

    def clean(self):
        meeting = self.meeting if self.meeting_id else None
        self.clean_subject(meeting)
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError(
                {"agenda_item": _("Dit agendapunt hoort bij een andere vergadering.")}
            )
        if self.outcome == self.Outcome.KENNISGENOMEN and self.proposal_id:
            raise ValidationError(
                {
                    "outcome": _(
                        "Over een voorstel wordt besloten: aangenomen, aangehouden of verworpen."
                    )
                }
            )


class ActionItem(Revisioned):
    """An actiepunt from a decision: what, who (a role, or an organisation), by when. Open
    ones are on the region's dashboard until someone marks them done."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    description = models.CharField(_("actie"), max_length=300)
    owner_role = models.CharField(_("wie (functie)"), max_length=200)
    owner_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historie actiepunt"))

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["completed_on", "due_date", "pk"]
        indexes = [models.Index(fields=["completed_on", "due_date"])]

    def __str__(self):
        return self.description

    @property
    def is_open(self) -> bool:
        return self.completed_on is None
