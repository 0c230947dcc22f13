from django.urls import path

from . import views

app_name = "budgets"
urlpatterns = [
    path("begroting/nieuw/", views.BudgetLineFormView.as_view(), name="budgetline-create"),
    path("begroting/<int:pk>/", views.BudgetLineFormView.as_view(), name="budgetline-update"),
    path(
        "begroting/<int:pk>/verwijderen/",
        views.BudgetLineDeleteView.as_view(),
        name="budgetline-delete",
    ),
    path("financiering/nieuw/", views.FundingFormView.as_view(), name="funding-create"),
    path("financiering/<int:pk>/", views.FundingFormView.as_view(), name="funding-update"),
    path(
        "financiering/<int:pk>/verwijderen/",
        views.FundingDeleteView.as_view(),
        name="funding-delete",
    ),
]
