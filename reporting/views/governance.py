"""The governance documents' pages: a proposal's PDF (rendered on request), and a meeting's
pack (vergaderstukken): the panel with the request button, the status page (polled by htmx
until the pack is done, like a report's) and the file. Reading needs
regions.permissions.can_view_governance in the region of the URL, requesting a pack
can_manage_governance; another region's user gets 403, anonymous goes to login."""

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from regions.selectors import meetings as meeting_selectors
from regions.views.mixins import GovernanceRegionMixin

from .. import documents, services
from ..selectors import governance as governance_selectors


class ProposalPdfView(GovernanceRegionMixin, View):
    """The proposal as a PDF laid out like the Gooi en Vechtstreek voorstel, made now."""

    def get(self, request, *args, pk, **kwargs):
        proposal = self.found(governance_selectors.proposal_document, pk=pk)
        pdf = documents.render_proposal_pdf(proposal)
        response = HttpResponse(pdf, content_type=mimetypes.types_map[".pdf"])
        filename = f"voorstel-{proposal.reference}.pdf".replace(" ", "-")
        # The reference is typed by the secretaris: quoted (or encoded) by Django, so a quote
        # or a newline in it cannot break the header.
        response["Content-Disposition"] = content_disposition_header(False, filename)
        return response


def panel_context(*, meeting, region, may_manage: bool) -> dict:
    """The context of reporting/meeting_pack_panel.html (the meeting page includes it);
    `may_manage` is the view's (GovernanceRegionMixin.may_manage)."""
    return {
        "meeting": meeting,
        "region": region,
        "packs": governance_selectors.meeting_packs(meeting=meeting),
        "may_manage": may_manage,
    }


class MeetingPackRequestView(GovernanceRegionMixin, TemplateView):
    """GET: the meeting's packs with the request button (the panel, on its own page until
    the meeting page includes it). POST: start a new pack (the secretaris)."""

    template_name = "reporting/meeting_packs.html"

    def meeting(self):
        return self.found(meeting_selectors.meeting_detail, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **panel_context(meeting=self.meeting(), region=self.region, may_manage=self.may_manage),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.require_manage()
        meeting = self.meeting()
        pack = services.meeting_pack_request(meeting=meeting, actor=request.user)
        messages.success(
            request,
            _("De vergaderstukken van %(meeting)s worden gemaakt.") % {"meeting": meeting},
        )
        return redirect("reporting:meeting-pack", self.region.slug, pack.pk)


class MeetingPackDetailView(GovernanceRegionMixin, TemplateView):
    """The pack's status page: queued → being made (with its progress) → done (with the
    download) or failed (with the reason). htmx asks for the status part every 2 s until
    the pack is finished; an unchanged status answers 204."""

    template_name = "reporting/meeting_pack_detail.html"

    def polled(self) -> bool:
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx) and not htmx.boosted

    def get(self, request, *args, pk, **kwargs):
        self.pack = self.found(governance_selectors.meeting_pack_detail, pk=pk)
        seen = f"{self.pack.status}-{self.pack.attempts}-{self.pack.progress}"
        if self.polled() and request.GET.get("gezien") == seen:
            return HttpResponse(status=204)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.polled():
            return ["reporting/meeting_pack_detail.html#status"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        pack = self.pack
        return super().get_context_data(
            pack=pack,
            meeting=pack.meeting,
            seen=f"{pack.status}-{pack.attempts}-{pack.progress}",
            **kwargs,
        )


class MeetingPackFileView(GovernanceRegionMixin, View):
    """The pack's PDF as it was made."""

    def get(self, request, *args, pk, **kwargs):
        pack = self.found(governance_selectors.meeting_pack_detail, pk=pk)
        if not pack.is_ready:
            raise Http404(_("Deze vergaderstukken zijn nog niet klaar."))
        if not pack.file:
            raise Http404(_("Het bestand van deze vergaderstukken ontbreekt."))
        meeting = pack.meeting
        return FileResponse(
            pack.file.open("rb"),
            as_attachment=True,
            filename=f"vergaderstukken-{meeting.date:%Y-%m-%d}.pdf",
            content_type=mimetypes.types_map[".pdf"],
        )
