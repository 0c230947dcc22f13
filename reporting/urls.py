"""The reporting pages: the region dashboard, the national overview, and (urls_reports) the
report archive, requests and downloads. Mounted at the site root, namespace "reporting"."""

from django.urls import include, path

from . import views

app_name = "reporting"
urlpatterns = [
    path("regios/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("overzicht/", views.OverviewIndexView.as_view(), name="overview-index"),
    path("overzicht/<slug:code>/", views.OverviewView.as_view(), name="overview"),
    path("", include("reporting.urls_reports")),
]
