from django.urls import path, re_path

from .views import grid, imports, progress

app_name = "placements"
urlpatterns = [
    # The entry grid: every cell on one page; a cell saves on its own (htmx) or the whole
    # grid as one form (without JavaScript).
    path("realisaties/", grid.GridView.as_view(), name="grid"),
    path("realisaties/cel/", grid.GridCellView.as_view(), name="grid-cell"),
    path(
        "realisaties/perioden/<int:period_pk>/afsluiten/",
        grid.PeriodCloseView.as_view(),
        name="period-close",
    ),
    # Import of a delivery (CSV/XLSX): template, upload, preview, commit.
    path("realisaties/import/", imports.ImportUploadView.as_view(), name="import-upload"),
    re_path(
        r"^realisaties/import/sjabloon\.(?P<format>xlsx|csv)$",
        imports.ImportTemplateView.as_view(),
        name="import-template",
    ),
    path(
        "realisaties/import/<int:pk>/", imports.ImportPreviewView.as_view(), name="import-preview"
    ),
    path(
        "realisaties/import/<int:pk>/verwerken/",
        imports.ImportCommitView.as_view(),
        name="import-commit",
    ),
    path("voortgang/", progress.ProgressView.as_view(), name="progress"),
    path(
        "voortgang/doelen/<int:target_pk>/herzien/",
        progress.TargetReviseView.as_view(),
        name="target-revise",
    ),
]
