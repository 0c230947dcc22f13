"""The meeting pages: a region's meetings per body, one meeting with its agenda, decision
list (besluitenlijst) and action items, and the secretary's forms for them. Reading is for
whoever holds a role in the region (`can_view_governance`), writing for its secretaris and a
beheerder (`can_manage_governance`); another region's user gets 403, anonymous goes to login.

Every write goes through a service; a refusal (GovernanceError, StatusTransitionError,
ConcurrentEditError) is shown on the form in Dutch, never as a 500."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from programmes.services import plan_decide
from reporting.views import governance as pack_views

from .. import services
from ..forms_meetings import (
    ActionItemCompleteForm,
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    DecisionUpdateForm,
)
from ..selectors import meetings as selectors
from .mixins import (
    REFUSALS,
    GovernanceFormMixin,
    GovernanceRegionMixin,
    found_or_404,
    refusal_messages,
)


class MeetingListView(GovernanceRegionMixin, TemplateView):
    template_name = "regions/meeting_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            groups=selectors.meeting_list(region=self.region, today=today), today=today, **kwargs
        )


class MeetingDetailView(GovernanceRegionMixin, TemplateView):
    template_name = "regions/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.found(selectors.meeting_detail, pk=self.kwargs["pk"])
        return super().get_context_data(
            # The meeting pack panel (reporting/meeting_pack_panel.html) gets its context
            # from reporting, which owns it: meeting, packs (region and may_manage as here).
            **pack_views.panel_context(
                meeting=meeting, region=self.region, may_manage=self.may_manage
            ),
            agenda=selectors.meeting_agenda(meeting=meeting),
            decisions=selectors.meeting_decisions(meeting=meeting),
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingPartMixin(GovernanceRegionMixin):
    """A form or button on one meeting of the region: the secretaris's."""

    manages = True

    @property
    def meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = self.found(selectors.meeting_detail, pk=self.kwargs["meeting_pk"])
        return self._meeting

    def found_in_meeting(self, read, **kwargs):
        """What `read` finds on this meeting (an agenda item, a decision); 404 otherwise."""
        return found_or_404(read, meeting=self.meeting, **kwargs)

    def meeting_url(self, anchor: str = "") -> str:
        url = reverse("regions:meeting-detail", args=[self.region.slug, self.meeting.pk])
        return f"{url}#{anchor}" if anchor else url


class MeetingPartFormView(MeetingPartMixin, GovernanceFormMixin, FormView):
    template_name = "regions/meeting_part_form.html"
    title: str | Promise = ""  # a subclass's lazy heading, translated when shown
    anchor = ""

    def get_object(self):
        return None

    def get_form_kwargs(self):
        if not hasattr(self, "object"):
            self.object = self.get_object()
        kwargs = {**super().get_form_kwargs(), "meeting": self.meeting}
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            meeting=self.meeting,
            title=self.title,
            cancel_url=self.meeting_url(self.anchor),
            **kwargs,
        )

    def get_saved_url(self, saved) -> str:
        return self.meeting_url(self.anchor)


class AgendaItemFormView(MeetingPartFormView):
    form_class = AgendaItemForm
    anchor = "agenda-heading"

    @property
    def title(self):
        return _("Agendapunt bewerken") if self.object else _("Agendapunt toevoegen")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return self.found_in_meeting(selectors.agenda_item_of, pk=self.kwargs["pk"])

    def save(self, form):
        return services.agenda_item_save(
            item=form.instance, expected_revision=form.expected_revision, actor=self.request.user
        )


class AgendaItemDeleteView(MeetingPartMixin, TemplateView):
    """Ask, then take the item off the agenda; one that was decided stays (the reason shown)."""

    template_name = "regions/agenda_item_confirm_delete.html"

    def get_context_data(self, **kwargs):
        item = self.found_in_meeting(selectors.agenda_item_of, pk=self.kwargs["pk"])
        return super().get_context_data(
            meeting=self.meeting, item=item, cancel_url=self.meeting_url("agenda-heading"), **kwargs
        )

    def post(self, request, *args, **kwargs):
        item = self.found_in_meeting(selectors.agenda_item_of, pk=self.kwargs["pk"])
        try:
            services.agenda_item_delete(item=item, actor=request.user)
        except REFUSALS as error:
            refusal = refusal_messages(error)
            return self.render_to_response(self.get_context_data(refusal=refusal), status=200)
        messages.success(request, _("Het agendapunt is van de agenda gehaald."))
        return redirect(self.meeting_url("agenda-heading"))


class AgendaItemMoveView(MeetingPartMixin, View):
    """POST direction=up|down: the item swaps places with its neighbour."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.found_in_meeting(selectors.agenda_item_of, pk=self.kwargs["pk"])
        try:
            services.agenda_item_move(
                item=item, direction=request.POST.get("direction", ""), actor=request.user
            )
        except REFUSALS as error:
            for text in refusal_messages(error):
                messages.error(request, text)
        else:
            messages.success(request, _("De volgorde van de agenda is aangepast."))
        return redirect(self.meeting_url(f"agenda-item-{item.pk}"))


class DecisionCreateView(MeetingPartFormView):
    """Record a decision. About a plan version, programmes decides what it does to the plan
    (plan_decide adopts one that is ter bespreking); otherwise regions' decision_record."""

    form_class = DecisionForm
    anchor = "decisions-heading"
    title = _("Besluit vastleggen")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("agendapunt", "").isdigit():
            initial["agenda_item"] = int(self.request.GET["agendapunt"])
        return initial

    def save(self, form):
        decision = form.instance
        if decision.plan_id:
            return plan_decide(decision=decision, actor=self.request.user)
        return services.decision_record(decision=decision, actor=self.request.user)


class DecisionUpdateView(MeetingPartFormView):
    form_class = DecisionUpdateForm
    anchor = "decisions-heading"
    title = _("Besluit bewerken")

    def get_object(self):
        return self.found_in_meeting(selectors.decision_of, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("meeting")
        return kwargs

    def save(self, form):
        return services.decision_update(
            decision=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


class ActionItemCreateView(MeetingPartFormView):
    form_class = ActionItemForm
    title = _("Actiepunt toevoegen")

    @property
    def decision(self):
        if not hasattr(self, "_decision"):
            self._decision = self.found(selectors.decision_in_region, pk=self.kwargs["decision_pk"])
        return self._decision

    @property
    def meeting(self):
        return self.decision.meeting

    @property
    def anchor(self):
        return f"decision-{self.decision.pk}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("meeting")
        return {**kwargs, "decision": self.decision}

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision=self.decision, **kwargs)

    def save(self, form):
        return services.action_item_save(
            item=form.instance, expected_revision=None, actor=self.request.user
        )


class ActionItemCompleteView(GovernanceRegionMixin, View):
    """POST (with the item's revision): the action item is done and leaves the dashboard.
    `return_to=dashboard` goes back to the dashboard, otherwise to the meeting page. A
    refusal or an incomplete form (no revision) is said on the page it returns to."""

    manages = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.found(selectors.action_item_in_region, pk=self.kwargs["pk"])
        form = ActionItemCompleteForm(request.POST)
        # Both buttons post the revision the page showed; without it the stale check would
        # be skipped, so here it is required (RevisionFormMixin leaves it optional).
        form.fields["revision"].required = True
        if not item.is_open:
            messages.info(request, _("Dit actiepunt was al afgerond."))
        elif form.is_valid():
            try:
                services.action_item_complete(
                    item=item,
                    on=timezone.localdate(),
                    expected_revision=form.expected_revision,
                    actor=request.user,
                )
            except REFUSALS as error:
                messages.error(request, " ".join(refusal_messages(error)))
            else:
                messages.success(
                    request,
                    _("Actiepunt afgerond: %(what)s") % {"what": item.description},
                )
        else:
            messages.error(
                request,
                _(
                    "Het actiepunt is niet afgerond: het formulier was onvolledig. Laad de "
                    "pagina opnieuw en probeer het nog eens."
                ),
            )
        if request.POST.get("return_to") == "dashboard":
            return redirect(reverse("reporting:dashboard", args=[self.region.slug]) + "#actions")
        meeting = item.decision.meeting
        url = reverse("regions:meeting-detail", args=[self.region.slug, meeting.pk])
        return redirect(f"{url}#decision-{item.decision_id}")


__all__ = [
    "ActionItemCompleteView",
    "ActionItemCreateView",
    "AgendaItemDeleteView",
    "AgendaItemFormView",
    "AgendaItemMoveView",
    "DecisionCreateView",
    "DecisionUpdateView",
    "MeetingDetailView",
    "MeetingListView",
]
