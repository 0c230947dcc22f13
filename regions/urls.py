from django.urls import path

from . import views
from .views import bodies, people, proposals, tokens

# The region page itself ("detail") is reporting's view; config.urls puts it in this namespace.
app_name = "regions"
urlpatterns = [
    path(
        "<slug:slug>/vergaderingen/nieuw/", views.MeetingFormView.as_view(), name="meeting-create"
    ),
    path(
        "<slug:slug>/vergaderingen/<int:pk>/bewerken/",
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
    # Partner organisations and bodies (members, seats, planning).
    path(
        "<slug:slug>/organisaties/",
        bodies.OrganisationListView.as_view(),
        name="organisations",
    ),
    path("<slug:slug>/organen/nieuw/", bodies.BodyFormView.as_view(), name="body-create"),
    path("<slug:slug>/organen/<int:pk>/", bodies.BodyDetailView.as_view(), name="body-detail"),
    path(
        "<slug:slug>/organen/<int:pk>/bewerken/",
        bodies.BodyFormView.as_view(),
        name="body-update",
    ),
    path("<slug:slug>/organen/<int:pk>/zetels/", bodies.SeatRulesView.as_view(), name="seat-rules"),
    path(
        "<slug:slug>/organen/<int:body_pk>/leden/nieuw/",
        bodies.MembershipFormView.as_view(),
        name="membership-create",
    ),
    path(
        "<slug:slug>/organen/<int:body_pk>/leden/<int:pk>/",
        bodies.MembershipFormView.as_view(),
        name="membership-update",
    ),
    path(
        "<slug:slug>/organen/<int:pk>/vergaderingen-plannen/",
        bodies.MeetingsPlanView.as_view(),
        name="meetings-plan",
    ),
    # The meeting pages (H2): list, meeting with agenda and besluitenlijst, their forms.
    path("<slug:slug>/vergaderingen/", views.MeetingListView.as_view(), name="meeting-list"),
    path(
        "<slug:slug>/vergaderingen/<int:pk>/",
        views.MeetingDetailView.as_view(),
        name="meeting-detail",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/agenda/nieuw/",
        views.AgendaItemFormView.as_view(),
        name="agenda-item-create",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/agenda/<int:pk>/",
        views.AgendaItemFormView.as_view(),
        name="agenda-item-update",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/agenda/<int:pk>/verwijderen/",
        views.AgendaItemDeleteView.as_view(),
        name="agenda-item-delete",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/agenda/<int:pk>/verplaatsen/",
        views.AgendaItemMoveView.as_view(),
        name="agenda-item-move",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/besluiten/nieuw/",
        views.DecisionCreateView.as_view(),
        name="decision-create",
    ),
    path(
        "<slug:slug>/vergaderingen/<int:meeting_pk>/besluiten/<int:pk>/",
        views.DecisionUpdateView.as_view(),
        name="decision-update",
    ),
    path(
        "<slug:slug>/besluiten/<int:decision_pk>/acties/nieuw/",
        views.ActionItemCreateView.as_view(),
        name="action-item-create",
    ),
    path(
        "<slug:slug>/acties/<int:pk>/afronden/",
        views.ActionItemCompleteView.as_view(),
        name="action-item-complete",
    ),
    # --- tokens --- The region's API tokens (its regiobeheerder and the beheerder).
    path("<slug:slug>/api-tokens/", tokens.ApiTokenListView.as_view(), name="api-tokens"),
    path(
        "<slug:slug>/api-tokens/nieuw/",
        tokens.ApiTokenCreateView.as_view(),
        name="api-token-create",
    ),
    path(
        "<slug:slug>/api-tokens/<int:pk>/intrekken/",
        tokens.ApiTokenRevokeView.as_view(),
        name="api-token-revoke",
    ),
    # --- end tokens ---
    # --- people --- The region's people, invitations and history (its regiobeheerder).
    path("<slug:slug>/mensen/", people.PeopleListView.as_view(), name="people"),
    path(
        "<slug:slug>/mensen/uitnodigen/",
        people.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "<slug:slug>/mensen/uitnodigingen/<int:pk>/intrekken/",
        people.InvitationWithdrawView.as_view(),
        name="invitation-withdraw",
    ),
    path("<slug:slug>/mensen/<int:user_pk>/", people.PersonView.as_view(), name="person"),
    # --- end people ---
]

# --- tokens --- The national API tokens (region None, the beheerder only), at /api-tokens/
# (config.urls), by the same views without a slug.
national_token_urlpatterns = [
    path("", tokens.ApiTokenListView.as_view(), name="api-tokens"),
    path("nieuw/", tokens.ApiTokenCreateView.as_view(), name="api-token-create"),
    path("<int:pk>/intrekken/", tokens.ApiTokenRevokeView.as_view(), name="api-token-revoke"),
]
# --- end tokens ---

# --- people --- The menu's "Mensen" (/mensen/) and the invitation link (/uitnodiging/<secret>/),
# outside any region's address (config.urls).
people_urlpatterns = [
    path("mensen/", people.PeopleIndexView.as_view(), name="people-index"),
    path(
        "uitnodiging/<str:secret>/",
        people.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
]
# --- end people ---
