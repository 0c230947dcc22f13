from django.urls import path

from .views import money, plan_rows, staff

app_name = "budgets"
urlpatterns = [
    path("geld/", money.PlanMoneyView.as_view(), name="plan-money"),
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
    path("personeel/nieuw/", staff.StaffCostFormView.as_view(), name="staffcost-create"),
    path("personeel/<int:pk>/", staff.StaffCostFormView.as_view(), name="staffcost-update"),
    path(
        "personeel/<int:pk>/verwijderen/",
        staff.StaffCostDeleteView.as_view(),
        name="staffcost-delete",
    ),
]
