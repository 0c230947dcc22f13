"""Report pages. Included by reporting/urls.py (namespace "reporting") at the site root:
a region's archive lives under its region, a report under /rapportages/<pk>/ (national plans
have no region)."""

from django.urls import path

from . import views_reports as views

urlpatterns = [
    path(
        "regios/<slug:slug>/rapportages/",
        views.ReportArchiveView.as_view(),
        name="report-archive",
    ),
    path(
        "regios/<slug:slug>/rapportages/termijnen/",
        views.ReportDeadlineView.as_view(),
        name="report-deadlines",
    ),
    path(
        "regios/<slug:slug>/rapportages/aanvragen/",
        views.ReportRequestView.as_view(),
        name="report-request",
    ),
    path(
        "rapportageschemas/<int:pk>/nu-maken/",
        views.ScheduleReportMakeView.as_view(),
        name="schedule-report-make",
    ),
    path("rapportages/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("rapportages/<int:pk>/opnieuw/", views.ReportRetryView.as_view(), name="report-retry"),
    *(
        path(
            f"rapportages/<int:pk>/{fmt}/",
            views.ReportDownloadView.as_view(),
            {"fmt": fmt},
            name=f"report-{fmt}",
        )
        for fmt in ("pdf", "xlsx", "csv")
    ),
]
