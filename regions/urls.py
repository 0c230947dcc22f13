from django.urls import path

from . import views
from .views import proposals

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
    # Proposals (H3): the list, the page, the edit form; cost lines are posted to the page.
    path("<slug:slug>/voorstellen/", proposals.ProposalListView.as_view(), name="proposal-list"),
    path(
        "<slug:slug>/voorstellen/nieuw/",
        proposals.ProposalFormView.as_view(),
        name="proposal-create",
    ),
    path(
        "<slug:slug>/voorstellen/<int:pk>/",
        proposals.ProposalDetailView.as_view(),
        name="proposal-detail",
    ),
    path(
        "<slug:slug>/voorstellen/<int:pk>/bewerken/",
        proposals.ProposalFormView.as_view(),
        name="proposal-update",
    ),
]
