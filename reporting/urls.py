"""The reporting pages, mounted at the site root with namespace "reporting": the region
dashboard and the national overview, and the reports: a region's archive lives under its
region, a report under /rapportages/<pk>/ (national plans have no region)."""

from django.urls import path

from .views import dashboard, governance, reports

app_name = "reporting"
urlpatterns = [
    path("regios/<slug:slug>/dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("overzicht/", dashboard.OverviewIndexView.as_view(), name="overview-index"),
    path("overzicht/<slug:code>/", dashboard.OverviewView.as_view(), name="overview"),
    path(
        "regios/<slug:slug>/rapportages/",
        reports.ReportArchiveView.as_view(),
        name="report-archive",
    ),
    path(
        "regios/<slug:slug>/rapportages/termijnen/",
        reports.ReportDeadlineView.as_view(),
        name="report-deadlines",
    ),
    path(
        "regios/<slug:slug>/rapportages/aanvragen/",
        reports.ReportRequestView.as_view(),
        name="report-request",
    ),
    path(
        "rapportageschemas/<int:pk>/nu-maken/",
        reports.ScheduleReportMakeView.as_view(),
        name="schedule-report-make",
    ),
    path(
        "regios/<slug:slug>/voorstellen/<int:pk>/pdf/",
        governance.ProposalPdfView.as_view(),
        name="proposal-pdf",
    ),
    path(
        "regios/<slug:slug>/vergaderingen/<int:pk>/vergaderstukken/",
        governance.MeetingPackRequestView.as_view(),
        name="meeting-pack-request",
    ),
    path(
        "regios/<slug:slug>/vergaderstukken/<int:pk>/",
        governance.MeetingPackDetailView.as_view(),
        name="meeting-pack",
    ),
    path(
        "regios/<slug:slug>/vergaderstukken/<int:pk>/pdf/",
        governance.MeetingPackFileView.as_view(),
        name="meeting-pack-file",
    ),
    path("rapportages/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("rapportages/<int:pk>/opnieuw/", reports.ReportRetryView.as_view(), name="report-retry"),
    *(
        path(
            f"rapportages/<int:pk>/{fmt}/",
            reports.ReportDownloadView.as_view(),
            {"fmt": fmt},
            name=f"report-{fmt}",
        )
        for fmt in ("pdf", "xlsx", "csv")
    ),
]
