from django.urls import path

from .views import changes, money, plan_rows

app_name = "budgets"
urlpatterns = [
    path("geld/", money.PlanMoneyView.as_view(), name="plan-money"),
    path(
        "begrotingswijziging/nieuw/",
        changes.BudgetChangeRequestView.as_view(),
        name="budget-change-create",
    ),
    path(
        "begrotingswijziging/<int:pk>/goedkeuren/",
        changes.BudgetChangeApproveView.as_view(),
        name="budget-change-approve",
    ),
    path(
        "begrotingswijziging/<int:pk>/afkeuren/",
        changes.BudgetChangeRejectView.as_view(),
        name="budget-change-reject",
    ),
    path("begroting/nieuw/", plan_rows.BudgetLineFormView.as_view(), name="budgetline-create"),
    path("begroting/<int:pk>/", plan_rows.BudgetLineFormView.as_view(), name="budgetline-update"),
    path(
        "begroting/<int:pk>/verwijderen/",
        plan_rows.BudgetLineDeleteView.as_view(),
        name="budgetline-delete",
    ),
    path("financiering/nieuw/", plan_rows.FundingFormView.as_view(), name="funding-create"),
    path("financiering/<int:pk>/", plan_rows.FundingFormView.as_view(), name="funding-update"),
    path(
        "financiering/<int:pk>/verwijderen/",
        plan_rows.FundingDeleteView.as_view(),
        name="funding-delete",
    ),
]
