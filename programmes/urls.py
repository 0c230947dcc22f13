from django.urls import include, path

from . import views
from .mixins import PlanChildDeleteView

app_name = "programmes"

# Rows of a plan: /plannen/<plan>/<segment>/nieuw/, …/<pk>/ and …/<pk>/verwijderen/.
CHILDREN = [
    ("lijnen", "line", views.LineFormView, views.PlanLine),
    ("projecten", "project", views.ProjectFormView, views.Project),
    ("doelen", "target", views.TargetFormView, views.Target),
    ("activiteiten", "activity", views.ActivityFormView, views.Activity),
    ("risicos", "risk", views.RiskFormView, views.Risk),
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
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("nieuw/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/bewerken/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("<int:pk>/status/", views.PlanStatusView.as_view(), name="plan-status"),
    path("<int:pk>/nieuwe-versie/", views.PlanNewVersionView.as_view(), name="plan-new-version"),
    path("<int:pk>/vergelijken/", views.PlanCompareView.as_view(), name="plan-compare"),
    path("<int:pk>/historie/", views.PlanHistoryView.as_view(), name="plan-history"),
    path("<int:plan_pk>/", include(plan_children)),
]
