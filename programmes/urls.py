from django.urls import include, path

from .mixins import PlanChildDeleteView
from .models import Activity, PlanLine, Project, Risk, Target
from .views import children, plans, versions

app_name = "programmes"

# Rows of a plan: /plannen/<plan>/<segment>/nieuw/, …/<pk>/ and …/<pk>/verwijderen/.
CHILDREN = [
    ("lijnen", "line", children.LineFormView, PlanLine),
    ("projecten", "project", children.ProjectFormView, Project),
    ("doelen", "target", children.TargetFormView, Target),
    ("activiteiten", "activity", children.ActivityFormView, Activity),
    ("risicos", "risk", children.RiskFormView, Risk),
]


def child_urls(segment, name, form_view, model):
    delete_view = type(
        f"{model.__name__}DeleteView",
        (PlanChildDeleteView,),
        {"model": model, "anchor": form_view.anchor},
    )
    return [
        path(f"{segment}/nieuw/", form_view.as_view(), name=f"{name}-create"),
        path(f"{segment}/<int:pk>/", form_view.as_view(), name=f"{name}-update"),
        path(f"{segment}/<int:pk>/verwijderen/", delete_view.as_view(), name=f"{name}-delete"),
    ]


plan_children = [url for child in CHILDREN for url in child_urls(*child)]

urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plan-list"),
    path("nieuw/", plans.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/bewerken/", plans.PlanUpdateView.as_view(), name="plan-update"),
    path("<int:pk>/status/", plans.PlanStatusView.as_view(), name="plan-status"),
    path("<int:pk>/nieuwe-versie/", versions.PlanNewVersionView.as_view(), name="plan-new-version"),
    path("<int:pk>/vergelijken/", versions.PlanCompareView.as_view(), name="plan-compare"),
    path("<int:pk>/historie/", versions.PlanHistoryView.as_view(), name="plan-history"),
    path("<int:plan_pk>/", include(plan_children)),
]
