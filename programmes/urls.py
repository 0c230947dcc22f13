from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
]
