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
from .views.governance import (  # --- api-gov ---
    BodyViewSet,
    DecisionViewSet,
    MeetingViewSet,
    OrganisationViewSet,
    ProposalViewSet,
)
from .views.regions import RegionViewSet

router = SimpleRouter(trailing_slash=False)
router.register("regions", RegionViewSet, basename="region")
# --- api-gov ---
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("bodies", BodyViewSet, basename="body")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("proposals", ProposalViewSet, basename="proposal")
# --- end api-gov ---

# --- api-money ---
from .views.money import BudgetLineViewSet, ExpenditureViewSet, PlanBudgetView  # noqa: E402
from .views.reports import ReportViewSet  # noqa: E402

router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("expenditures", ExpenditureViewSet, basename="expenditure")
router.register("reports", ReportViewSet, basename="report")
# Beside the plans resource of api-plans, not in its viewset: a plan's money totals.
money_urls = [path("plans/<int:pk>/budget", PlanBudgetView.as_view(), name="plan-budget")]
# --- end api-money ---

app_name = "api"

v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    *money_urls,  # api-money
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^.*$", not_found, name="not-found"),
]
