from django.urls import include, path

app_name = "placements"
urlpatterns = [
    # Import of a delivery (CSV/XLSX): template, upload, preview, commit.
    path("realisaties/import/", include("placements.urls_import")),
]
