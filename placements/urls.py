from django.urls import include, path

from . import views

app_name = "placements"
urlpatterns = [
    # The entry grid: every cell on one page; a cell saves on its own (htmx) or the whole
    # grid as one form (without JavaScript).
    path("realisaties/", views.GridView.as_view(), name="grid"),
    path("realisaties/cel/", views.GridCellView.as_view(), name="grid-cell"),
    path(
        "realisaties/perioden/<int:period_pk>/afsluiten/",
        views.PeriodCloseView.as_view(),
        name="period-close",
    ),
    # Import of a delivery (CSV/XLSX): template, upload, preview, commit.
    path("realisaties/import/", include("placements.urls_import")),
    path("voortgang/", views.ProgressView.as_view(), name="progress"),
    path(
        "voortgang/doelen/<int:target_pk>/herzien/",
        views.TargetReviseView.as_view(),
        name="target-revise",
    ),
]
