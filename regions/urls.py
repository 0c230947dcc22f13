from django.urls import path

from . import views

# The region page itself ("detail") is reporting's view; config.urls puts it in this namespace.
app_name = "regions"
urlpatterns = [
    path(
        "<slug:slug>/vergaderingen/nieuw/", views.MeetingFormView.as_view(), name="meeting-create"
    ),
    path(
        "<slug:slug>/vergaderingen/<int:pk>/",
        views.MeetingFormView.as_view(),
        name="meeting-update",
    ),
    path(
        "<slug:slug>/voorstellen/nieuw/", views.ProposalFormView.as_view(), name="proposal-create"
    ),
    path(
        "<slug:slug>/voorstellen/<int:pk>/",
        views.ProposalFormView.as_view(),
        name="proposal-update",
    ),
]
