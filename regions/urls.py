from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("<slug:slug>/", views.RegionDetailView.as_view(), name="detail"),
]
