"""Report pages: a region's archive and due/overdue list, the on-demand request, a report's
status page (polled by htmx until it is done) and the downloads. Every view asks
regions.permissions; every write goes through reporting.services."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.dates import DateSpan
from programmes import selectors as programme_selectors
from regions.permissions import (
    Action,
    can,
    can_request_report,
    can_view_governance,
    can_view_report,
)

from .. import documents, services
from ..filters import ReportFilter
from ..forms import ReportRequestForm
from ..models import Report, ReportSchedule
from ..schedule import proposed_period
from ..selectors import governance as governance_selectors
from ..selectors import reports as report_selectors
from ..tables import ReportTable
from .dashboard import RegionInUrlMixin


def _today():
    return timezone.localdate()


class RegionReportsMixin(RegionInUrlMixin):
    """The region in the URL, and its plans for the filter and the request form."""

    def region_plans(self):
        return programme_selectors.plan_list_for(user=self.request.user).filter(region=self.region)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            region=self.region, may_request=can(user, Action.EXPORT_REPORT, self.region), **kwargs
        )


class ReportArchiveView(RegionReportsMixin, SingleTableMixin, FilterView):
    permission_action = Action.VIEW
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "reporting/report_archive.html"
    # The table paginates (one count); the list view's own pagination would count again.
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return report_selectors.region_reports(region=self.region)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "plans": self.region_plans()}

    def get_context_data(self, **kwargs):
        # The meeting packs (vergaderstukken) are archived here too: who reads the region's
        # governance sees them (one query).
        packs = []
        if can_view_governance(self.request.user, self.region):
            packs = governance_selectors.region_meeting_packs(region=self.region)
        return super().get_context_data(packs=packs, **kwargs)


class ReportDeadlineView(RegionReportsMixin, TemplateView):
    """Per active schedule: the period that is due, its due date and whether it is done."""

    permission_action = Action.VIEW
    template_name = "reporting/report_deadlines.html"

    def get_context_data(self, **kwargs):
        today = _today()
        return super().get_context_data(
            deadlines=report_selectors.region_deadlines(region=self.region, today=today),
            today=today,
            **kwargs,
        )


class ReportRequestView(RegionReportsMixin, FormView):
    permission_action = Action.EXPORT_REPORT
    form_class = ReportRequestForm
    template_name = "reporting/report_request.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plans": self.region_plans()}

    def _proposed(self):
        """(plan, period) the form proposes: the plan asked for in the URL, else the
        region's plan with the most recently completed quarter, and that plan's latest
        complete quarter (never a period outside the plan)."""
        today = _today()
        plans = list(self.region_plans())
        asked = self.request.GET.get("plan", "")
        chosen = [plan for plan in plans if str(plan.pk) == asked] or plans
        proposals = [
            (plan, proposed_period(start=plan.start_date, end=plan.end_date, as_of=today))
            for plan in chosen
        ]
        completed = [(plan, period) for plan, period in proposals if period is not None]
        if completed:
            return max(completed, key=lambda pair: pair[1].end)
        return (proposals[0][0], None) if proposals else (None, None)

    def get_initial(self):
        plan, period = self._proposed()
        initial = {}
        if plan is not None:
            initial["plan"] = plan.pk
        if period is not None:
            initial.update(start_date=period.start, end_date=period.end)
        for name in ("plan", "kind", "start_date", "end_date"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = services.report_request(
                plan=data["plan"],
                actor=self.request.user,
                start_date=data["start_date"],
                end_date=data["end_date"],
                kind=data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De rapportage %(kenmerk)s is aangevraagd.") % {"kenmerk": report.kenmerk},
        )
        return redirect("reporting:report-detail", pk=report.pk)


class ScheduleReportMakeView(AccessMixin, View):
    """The due list's button on an overdue deadline: make the report on the schedule's due
    period now (POST only; the schedule's one report of that period, however often pressed)."""

    def post(self, request, *args, pk, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            schedule = report_selectors.active_schedule(pk=pk)
        except ReportSchedule.DoesNotExist as missing:
            raise Http404 from missing
        if not can_request_report(request.user, schedule.plan):
            raise PermissionDenied
        try:
            report, created = services.report_for_deadline(
                schedule=schedule, actor=request.user, today=_today()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:report-deadlines", slug=schedule.plan.region.slug)
        # Without a broker the build has already run by now: say what it came to.
        report.refresh_from_db(fields=["status"])
        wording = {
            Report.Status.KLAAR: _("De rapportage %(kenmerk)s over %(period)s is klaar."),
            Report.Status.MISLUKT: _("De rapportage %(kenmerk)s over %(period)s is mislukt."),
        }.get(
            report.status,
            _("De rapportage %(kenmerk)s over %(period)s wordt gemaakt.")
            if created
            else _("De rapportage %(kenmerk)s over %(period)s staat al in de wachtrij."),
        )
        say = messages.error if report.status == Report.Status.MISLUKT else messages.success
        say(
            request,
            wording
            % {
                "kenmerk": report.kenmerk,
                "period": str(DateSpan(report.start_date, report.end_date)),
            },
        )
        return redirect("reporting:report-detail", pk=report.pk)


class ReportMixin(AccessMixin):
    """The report in the URL, for those who may read its plan's region: others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.report = report_selectors.report_detail(pk=kwargs["pk"])
        except Report.DoesNotExist as missing:
            raise Http404 from missing
        if not can_view_report(request.user, self.report):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportDetailView(ReportMixin, TemplateView):
    """The status page: queued → being made → done (with the downloads) or failed (with the
    reason). While the report is not finished, htmx asks for the status part every 2 s."""

    template_name = "reporting/report_detail.html"

    def polled(self) -> bool:
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx) and not htmx.boosted

    def get(self, request, *args, **kwargs):
        # The page's poll says what it shows; nothing changed → 204, htmx leaves it alone
        # (and a screen reader is not told the same status again).
        seen = f"{self.report.status}-{self.report.attempts}"
        if self.polled() and request.GET.get("gezien") == seen:
            return HttpResponse(status=204)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.polled():
            return ["reporting/report_detail.html#status"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        report = self.report
        return super().get_context_data(
            report=report,
            region=report.plan.region,
            finished=report.is_finished,
            may_request=can_request_report(self.request.user, report.plan),
            # An uitgavenoverzicht shows its overview here too, drawn from the frozen figures.
            overview=documents.monthly_overview(report.figures) if report.is_ready else None,
            **kwargs,
        )


class ReportRetryView(ReportMixin, View):
    """Queue a failed report again (the same report: a schedule's period keeps one report)."""

    def post(self, request, *args, **kwargs):
        if not can_request_report(request.user, self.report.plan):
            raise PermissionDenied
        try:
            services.report_requeue(report=self.report, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De rapportage staat opnieuw in de wachtrij."))
        return redirect("reporting:report-detail", pk=self.report.pk)


# The media types of the files a finished report is downloaded as.
REPORT_CONTENT_TYPES = {
    "pdf": mimetypes.types_map[".pdf"],
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def report_file_response(report: Report, fmt: str):
    """A finished report as a download: the PDF as it was made; XLSX and CSV rendered now
    from the frozen figures. The one download of the report pages and of the API
    (api.views.reports); Http404 when it is not finished or its PDF is missing."""
    if report.status != Report.Status.KLAAR:
        raise Http404(_("Deze rapportage is nog niet klaar."))
    filename = f"{report.kenmerk or report.pk}.{fmt}"
    if fmt == "pdf":
        if not report.file:
            raise Http404(_("Het bestand van deze rapportage ontbreekt."))
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type=REPORT_CONTENT_TYPES[fmt],
        )
    render = {"xlsx": documents.render_xlsx, "csv": documents.render_csv}[fmt]
    response = HttpResponse(render(report.figures), content_type=REPORT_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReportDownloadView(ReportMixin, View):
    """The PDF as it was made; XLSX and CSV rendered now from the frozen figures."""

    def get(self, request, *args, fmt, **kwargs):
        return report_file_response(self.report, fmt)
