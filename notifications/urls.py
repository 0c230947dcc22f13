from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("instellingen/", views.NotificationSettingsView.as_view(), name="settings"),
    path("alles-gelezen/", views.NotificationsReadAllView.as_view(), name="read-all"),
    # Opening one: marked read, then on to what it is about.
    path("<int:pk>/", views.NotificationOpenView.as_view(), name="open"),
    path("<int:pk>/gelezen/", views.NotificationReadView.as_view(), name="read"),
]
