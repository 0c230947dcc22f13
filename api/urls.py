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
from .views.deliveries import DeliveryDetailView, PlanDeliveriesView
from .views.governance import (
    BodyViewSet,
    DecisionViewSet,
    MeetingViewSet,
    OrganisationViewSet,
    ProposalViewSet,
)
from .views.money import BudgetLineViewSet, ExpenditureViewSet, PlanBudgetView
from .views.official import OfficialCountViewSet, RegionReconciliationView
from .views.plans import PlanViewSet, RealisationViewSet, ReportingPeriodViewSet
from .views.progress import PlanProgressView, ProgressViewSet
from .views.regions import RegionViewSet
from .views.reports import ReportViewSet

router = SimpleRouter(trailing_slash=False)
router.register("regions", RegionViewSet, basename="region")
# The governance network.
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("bodies", BodyViewSet, basename="body")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("proposals", ProposalViewSet, basename="proposal")
# Plans and their figures.
router.register("plans", PlanViewSet, basename="plan")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
router.register("realisations", RealisationViewSet, basename="realisation")
router.register("progress", ProgressViewSet, basename="progress")
# Money and reports.
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("expenditures", ExpenditureViewSet, basename="expenditure")
router.register("reports", ReportViewSet, basename="report")
# UWV's official figures (national reference data; every region reads its own).
router.register("official-counts", OfficialCountViewSet, basename="official-count")

# A plan's sub-resources beside the plans viewset: its progress, its money totals and the
# counts delivered into it (POST, the one write of the API), and a delivery on its own.
plan_paths = [
    path("plans/<int:pk>/progress", PlanProgressView.as_view(), name="plan-progress"),
    path("plans/<int:pk>/budget", PlanBudgetView.as_view(), name="plan-budget"),
    path("plans/<int:pk>/deliveries", PlanDeliveriesView.as_view(), name="plan-deliveries"),
    path("deliveries/<int:pk>", DeliveryDetailView.as_view(), name="delivery-detail"),
    # A region's own figures beside UWV's official ones.
    path(
        "regions/<str:code>/reconciliation",
        RegionReconciliationView.as_view(),
        name="region-reconciliation",
    ),
]

app_name = "api"

v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    *plan_paths,
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^.*$", not_found, name="not-found"),
]
