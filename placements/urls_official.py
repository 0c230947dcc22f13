"""The official Banenafspraak figures, national reference data (not under a plan): included
from config/urls.py at /officiele-cijfers/."""

from django.urls import path

from .views import official

app_name = "official"
urlpatterns = [
    path("", official.OfficialCountsView.as_view(), name="list"),
    path("importeren/", official.OfficialCountsImportView.as_view(), name="import"),
]
