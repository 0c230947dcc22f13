"""Forms of the meeting page: agenda items, decisions and action items. What may be chosen
is the meeting's region's (and, for a proposal, the meeting's body's); the services check it
again. The plans, reports and budget changes are other apps' models: their querysets come
from the model fields, so this module imports no floor above regions."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, RevisionFormMixin

from .models import ActionItem, AgendaItem, Decision, Proposal
from .selectors.bodies import organisations_for_region


def _subject_label(item) -> str:
    if item.proposal_id:
        return item.proposal.subject
    if item.plan_id:
        return str(item.plan)
    if item.report_id:
        return str(item.report)
    if item.budget_change_id:
        return item.budget_change.reason[:300]
    return ""


class AgendaItemForm(RevisionFormMixin, forms.ModelForm):
    """An agenda item: a title, its purpose and at most one subject of this region."""

    SUBJECT_FIELDS = ("proposal", "plan", "report", "budget_change")

    class Meta:
        model = AgendaItem
        fields = ["title", "purpose", "proposal", "plan", "report", "budget_change", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _("Leeg laten: de titel van het gekozen onderwerp."),
            "proposal": _(
                "Een open voorstel aan dit orgaan. Op de agenda wordt het geagendeerd, "
                "ter besluitvorming."
            ),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        region = meeting.body.region
        self.fields["title"].required = False
        proposals = Proposal.objects.filter(body=meeting.body).exclude(status__in=Proposal.FINAL)
        if self.instance.proposal_id:
            proposals = proposals | Proposal.objects.filter(pk=self.instance.proposal_id)
        self.fields["proposal"].queryset = proposals.order_by("-date", "reference")
        self.fields["plan"].queryset = (
            self.fields["plan"].queryset.filter(region=region).order_by("title", "version")
        )
        self.fields["report"].queryset = (
            self.fields["report"]
            .queryset.filter(plan__region=region)
            .select_related("plan")
            .order_by("-start_date", "pk")
        )
        self.fields["report"].label_from_instance = lambda report: f"{report} – {report.plan.title}"
        self.fields["budget_change"].queryset = (
            self.fields["budget_change"]
            .queryset.filter(plan__region=region)
            .select_related("plan")
            .order_by("-pk")
        )

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in self.SUBJECT_FIELDS if cleaned.get(name)]
        if len(chosen) > 1:
            raise forms.ValidationError(
                _(
                    "Kies één onderwerp: een voorstel, een planversie, een rapportage of een "
                    "begrotingswijziging."
                )
            )
        if not cleaned.get("title"):
            probe = AgendaItem(**{name: cleaned.get(name) for name in self.SUBJECT_FIELDS})
            title = _subject_label(probe)
            if not title:
                self.add_error("title", _("Geef het agendapunt een titel of kies een onderwerp."))
            cleaned["title"] = title
        return cleaned


class DecisionForm(forms.ModelForm):
    """A line of the besluitenlijst: the agenda item it is about (or none), the outcome and
    the text. What it decided follows from the agenda item's subject."""

    class Meta:
        model = Decision
        fields = ["agenda_item", "outcome", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "agenda_item": _(
                "Het besluit gaat over het onderwerp van het agendapunt: een voorstel, een "
                "planversie of een begrotingswijziging. Zonder agendapunt: een los besluit."
            ),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        field = self.fields["agenda_item"]
        # An item about something (proposal, plan, budget change, report) is decided once
        # (decision_record refuses a second decision); one without (rondvraag) stays open.
        decided = Exists(Decision.objects.filter(agenda_item_id=OuterRef("pk")))
        without_subject = Q(**{f"{name}__isnull": True for name in AgendaItem.SUBJECTS})
        field.queryset = (
            AgendaItem.objects.filter(meeting=meeting)
            .filter(without_subject | ~decided)
            .order_by("position", "pk")
        )
        field.label_from_instance = lambda item: f"{item.position}. {item.title}"
        field.error_messages["invalid_choice"] = _(
            "Over dit agendapunt is al besloten, of het staat niet op de agenda van deze "
            "vergadering."
        )

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("agenda_item")
        decision = self.instance
        decision.proposal_id = item.proposal_id if item else None
        decision.plan_id = item.plan_id if item else None
        decision.budget_change_id = item.budget_change_id if item else None
        return cleaned


class DecisionUpdateForm(RevisionFormMixin, forms.ModelForm):
    """Correct a decision's wording; its outcome and subject stand."""

    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner_role", "owner_organisation", "due_date"]
        widgets = {"due_date": DATE_INPUT}
        help_texts = {"owner_role": _("Een functie, geen naam.")}

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.decision = decision
        region = decision.meeting.body.region
        # The region's own organisations and the national ones (UWV as a whole, SZW, FNV).
        self.fields["owner_organisation"].queryset = organisations_for_region(region=region)


class ActionItemCompleteForm(RevisionFormMixin, forms.Form):
    """Mark an action item done: the button on the meeting page and the dashboard."""
