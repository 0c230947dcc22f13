from django.urls import path, re_path

from .views import changes, imports, money, plan_rows, spending, staff

app_name = "budgets"
urlpatterns = [
    path("geld/", money.PlanMoneyView.as_view(), name="plan-money"),
    # Spending: recorded, approved or rejected (vier ogen), corrected by a counter-entry;
    # an approved entry has no edit page.
    path(
        "geld/uitgaven/nieuw/",
        spending.ExpenditureCreateView.as_view(),
        name="expenditure-create",
    ),
    path(
        "geld/uitgaven/<int:pk>/goedkeuren/",
        spending.ExpenditureApproveView.as_view(),
        name="expenditure-approve",
    ),
    path(
        "geld/uitgaven/<int:pk>/afkeuren/",
        spending.ExpenditureRejectView.as_view(),
        name="expenditure-reject",
    ),
    path(
        "geld/uitgaven/<int:pk>/corrigeren/",
        spending.ExpenditureCorrectView.as_view(),
        name="expenditure-correct",
    ),
    path(
        "geld/uitgaven/<int:pk>/bon/",
        spending.ExpenditureReceiptView.as_view(),
        name="expenditure-receipt",
    ),
    path(
        "geld/uitgaven/import/",
        imports.SpendingImportUploadView.as_view(),
        name="spending-import-upload",
    ),
    re_path(
        r"^geld/uitgaven/import/sjabloon\.(?P<format>xlsx|csv)$",
        imports.SpendingImportTemplateView.as_view(),
        name="spending-import-template",
    ),
    path(
        "geld/uitgaven/import/<int:pk>/",
        imports.SpendingImportPreviewView.as_view(),
        name="spending-import-preview",
    ),
    path(
        "geld/uitgaven/import/<int:pk>/verwerken/",
        imports.SpendingImportCommitView.as_view(),
        name="spending-import-commit",
    ),
    path(
        "geld/begrotingswijziging/nieuw/",
        changes.BudgetChangeRequestView.as_view(),
        name="budget-change-create",
    ),
    path(
        "geld/begrotingswijziging/<int:pk>/goedkeuren/",
        changes.BudgetChangeApproveView.as_view(),
        name="budget-change-approve",
    ),
    path(
        "geld/begrotingswijziging/<int:pk>/afkeuren/",
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
    path("personeel/nieuw/", staff.StaffCostFormView.as_view(), name="staffcost-create"),
    path("personeel/<int:pk>/", staff.StaffCostFormView.as_view(), name="staffcost-update"),
    path(
        "personeel/<int:pk>/verwijderen/",
        staff.StaffCostDeleteView.as_view(),
        name="staffcost-delete",
    ),
]
