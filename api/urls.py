"""/api/v1/: the resources (no trailing slashes, /core/no-trailing-slash), the OpenAPI
document at its well-known address /api/v1/openapi.json (/core/publish-openapi) and its
browsable docs; anything else under /api/ is a 404 in problem details."""

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from .problems import not_found
from .views.official import OfficialCountViewSet, RegionReconciliationView
from .views.regions import RegionViewSet

router = SimpleRouter(trailing_slash=False)
router.register("regions", RegionViewSet, basename="region")
# --- official-show ---
router.register("official-counts", OfficialCountViewSet, basename="official-count")
official_show = [
    path(
        "regions/<str:code>/reconciliation",
        RegionReconciliationView.as_view(),
        name="region-reconciliation",
    ),
]
# --- end official-show ---

app_name = "api"

v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    *official_show,
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^.*$", not_found, name="not-found"),
]
