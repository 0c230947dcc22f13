"""URLs of the import (placements.import_views); included under the placements namespace at
plannen/<plan_pk>/realisaties/import/."""

from django.urls import path, re_path

from . import import_views

urlpatterns = [
    path("", import_views.ImportUploadView.as_view(), name="import-upload"),
    re_path(
        r"^sjabloon\.(?P<format>xlsx|csv)$",
        import_views.ImportTemplateView.as_view(),
        name="import-template",
    ),
    path("<int:pk>/", import_views.ImportPreviewView.as_view(), name="import-preview"),
    path("<int:pk>/verwerken/", import_views.ImportCommitView.as_view(), name="import-commit"),
]
