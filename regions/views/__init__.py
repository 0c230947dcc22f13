"""The region's governance pages: its meetings and proposals (the secretaris's work). The
home page and the region page compose plans and budgets too: they are reporting's views."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from .. import services
from ..forms import MeetingForm
from ..models import Meeting, Proposal
from .mixins import GovernanceFormMixin, GovernanceRegionMixin


class AboutView(TemplateView):
    template_name = "about.html"


class RegionChildFormView(GovernanceRegionMixin, GovernanceFormMixin, FormView):
    """Create (no `pk`) or edit a meeting or proposal of the region in the URL."""

    manages = True
    template_name = "regions/child_form.html"
    model: type[Meeting] | type[Proposal] | None = None
    title_create: str | Promise = ""
    title_update: str | Promise = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            self.model.objects.filter(body__region=self.region), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        self.object = self.get_object()
        return {**super().get_form_kwargs(), "instance": self.object, "region": self.region}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # loads self.object
        return super().get_context_data(
            title=self.title_update if self.object else self.title_create,
            **kwargs,
        )

    def get_saved_url(self, saved) -> str:
        return self.region.get_absolute_url() + "#governance-heading"


class MeetingFormView(RegionChildFormView):
    model = Meeting
    form_class = MeetingForm
    title_create, title_update = _("Vergadering toevoegen"), _("Vergadering bewerken")

    def get_saved_url(self, saved) -> str:
        return reverse("regions:meeting-detail", args=[self.region.slug, saved.pk])

    def save(self, form):
        return services.meeting_save(
            meeting=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


from .meetings import (  # noqa: E402  (the meeting pages, in their own module)
    ActionItemCompleteView,
    ActionItemCreateView,
    AgendaItemDeleteView,
    AgendaItemFormView,
    AgendaItemMoveView,
    DecisionCreateView,
    DecisionUpdateView,
    MeetingDetailView,
    MeetingListView,
)

__all__ = [
    "AboutView",
    "ActionItemCompleteView",
    "ActionItemCreateView",
    "AgendaItemDeleteView",
    "AgendaItemFormView",
    "AgendaItemMoveView",
    "DecisionCreateView",
    "DecisionUpdateView",
    "GovernanceRegionMixin",
    "MeetingDetailView",
    "MeetingFormView",
    "MeetingListView",
    "RegionChildFormView",
]
