from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from . import services
from .models import (
    ActionItem,
    AgendaItem,
    ApiToken,
    Decision,
    ExternalIdentity,
    GoverningBody,
    Invitation,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    PeopleChange,
    Proposal,
    Region,
    RoleAssignment,
    SeatRule,
)
from .permissions import is_beheerder
from .services import governance
from .services import people as people_services

admin.site.site_header = _("Werkregio beheer")
admin.site.site_title = _("Werkregio beheer")


def _beheerder_only(request) -> bool:
    # The admin edits every region at once: only a beheerder, as regions.permissions decides,
    # who also gave the second factor at the admin's login (maykin-2fa, decision 0020).
    return is_beheerder(request.user) and request.user.is_verified()


# On the default site, so that every app's admin.register keeps working unchanged.
admin.site.has_permission = _beheerder_only  # type: ignore[method-assign]


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "revert to this version" obeys the change permission:
    django-simple-history saves a revert for anyone who may only view the row, which would be
    a side door past a read-only admin (a realisation, an adopted plan)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class MunicipalityInline(admin.TabularInline):
    """Shown for reference; a municipality is edited on its own page."""

    model = Municipality
    fields = ["code", "name"]
    readonly_fields = ["code", "name"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "centre_municipality", "synthetic"]
    list_select_related = ["centre_municipality"]
    list_filter = ["synthetic"]
    # Set by generate_scale_data alone: its --remove deletes what is marked synthetic.
    readonly_fields = ["synthetic"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["centre_municipality"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["role_title", "organisation", "seat_category", "function", "start_date", "end_date"]
    autocomplete_fields = ["organisation"]
    extra = 0
    # A member leaves by an end date: the row is the seat history, never deleted.
    can_delete = False


class SeatRuleInline(admin.TabularInline):
    model = SeatRule
    fields = ["seat_category", "seats"]
    extra = 0


@admin.register(GoverningBody)
class GoverningBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "meeting_frequency", "parent"]
    list_filter = ["region", "kind", "meeting_frequency"]
    list_select_related = ["region", "parent__region"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["parent"]
    inlines = [SeatRuleInline, MembershipInline]

    def save_model(self, request, obj, form, change):
        # As the body page saves it: validated, revision counted, author in the history.
        expected = obj.revision if change else None
        services.body_save(body=obj, expected_revision=expected, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is SeatRule:
            if not formset.has_changed():
                return  # the rule as it was: the body's revision is not counted up again
            # The whole rule at once, as the seats page sets it (against the body's revision,
            # which body_save has just counted up).
            seats = {}
            for row in formset.forms:
                data = getattr(row, "cleaned_data", None) or {}
                if data and not data.get("DELETE") and data.get("seat_category"):
                    seats[data["seat_category"]] = data.get("seats") or 0
            services.seat_rules_set(
                body=form.instance,
                seats=seats,
                expected_revision=form.instance.revision,
                actor=request.user,
            )
            # What the admin's change message reads (the rows are replaced as a whole).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        if formset.model is Membership:
            for membership in formset.save(commit=False):
                expected = membership.revision if membership.pk else None
                services.membership_save(
                    membership=membership, expected_revision=expected, actor=request.user
                )
            return
        super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "role_title",
        "body",
        "organisation",
        "seat_category",
        "function",
        "start_date",
        "end_date",
    ]
    list_filter = ["body__region", "seat_category", "function"]
    list_select_related = ["body__region", "organisation"]
    search_fields = ["role_title", "body__name", "organisation__name"]
    autocomplete_fields = ["body", "organisation"]

    def has_delete_permission(self, request, obj=None):
        # Ending a membership is setting its end date; the row stays in the seat history.
        return False

    def save_model(self, request, obj, form, change):
        expected = obj.revision if change else None
        services.membership_save(membership=obj, expected_revision=expected, actor=request.user)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "location"]
    list_filter = ["body__region"]
    list_select_related = ["body__region"]
    search_fields = ["body__name", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]

    def get_readonly_fields(self, request, obj=None):
        # A meeting with agenda items or decisions keeps its body (meeting_save refuses it).
        fixed = obj is not None and governance.meeting_body_fixed(obj)
        return [*super().get_readonly_fields(request, obj), *(["body"] if fixed else [])]

    def save_model(self, request, obj, form, change):
        # As the region page saves it: validated, revision counted, author in the history.
        expected = obj.revision if change else None
        services.meeting_save(meeting=obj, expected_revision=expected, actor=request.user)


class WrittenOnTheMeetingPage(ReadOnlyAdmin):
    """Agenda items, decisions and action items are written on the meeting page, through the
    services that move a proposal's status and adopt a plan: the admin only shows them
    (decision 0006: the admin is no side door)."""


@admin.register(AgendaItem)
class AgendaItemAdmin(WrittenOnTheMeetingPage):
    list_display = ["meeting", "position", "title", "purpose"]
    list_filter = ["purpose", "meeting__body__region"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "meeting__body__name"]


@admin.register(Decision)
class DecisionAdmin(WrittenOnTheMeetingPage):
    list_display = ["meeting", "number", "outcome", "text"]
    list_filter = ["outcome", "meeting__body__region"]
    list_select_related = ["meeting__body"]
    search_fields = ["text", "meeting__body__name"]


@admin.register(ActionItem)
class ActionItemAdmin(WrittenOnTheMeetingPage):
    list_display = ["description", "owner_role", "due_date", "completed_on", "decision"]
    list_filter = ["decision__meeting__body__region"]
    list_select_related = ["decision__meeting__body"]
    search_fields = ["description", "owner_role"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["reference", "subject", "body", "date", "status", "stated_total"]
    list_filter = ["status", "body__region"]
    list_select_related = ["body__region"]
    search_fields = ["reference", "subject"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]
    raw_id_fields = ["budget_line", "budget_change"]
    readonly_fields = ["status"]
    # Laid out like the document (Algemeen, Voorstel, ..., Financiën, Uitvoering); the status
    # is the meetings' (read-only here as everywhere).
    fieldsets = [
        (
            _("Algemeen"),
            {
                "fields": [
                    "body",
                    "reference",
                    "date",
                    "subject",
                    "contact_role",
                    "unit",
                    "confidential",
                    "status",
                ]
            },
        ),
        (_("Voorstel"), {"fields": ["decision_points", "core_message"]}),
        (_("Toelichting"), {"fields": ["reason", "goal", "arguments"]}),
        (
            _("Financiën"),
            {"fields": ["finances", "stated_total", "budget_line", "budget_change"]},
        ),
        (_("Uitvoering"), {"fields": ["execution"]}),
    ]

    def has_change_permission(self, request, obj=None):
        """A proposal that is aangenomen or verworpen is read-only here too (proposal_save
        refuses it): the admin shows it without a save button."""
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A proposal has a history (agenda, decisions) and its cost lines (StaffCost) would
        # go with it: it is never deleted.
        return False

    def get_readonly_fields(self, request, obj=None):
        # On an agenda or decided, a proposal keeps its body (proposal_save refuses it).
        fixed = obj is not None and governance.proposal_body_fixed(obj)
        return [*super().get_readonly_fields(request, obj), *(["body"] if fixed else [])]

    def save_model(self, request, obj, form, change):
        expected = obj.revision if change else None
        services.proposal_save(proposal=obj, expected_revision=expected, actor=request.user)


# --- people ---
@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    """Read-only: roles are given and taken on the region's people page (Regio → Mensen,
    /regios/<slug>/mensen/), which the beheerder opens for every region, through
    regions.services.people, so each change is in the region's history; the single sign-on
    gives and takes its own (regions.services.sso)."""

    list_display = ["user", "region", "role", "source", "granted_at", "granted_by"]
    list_filter = ["role", "source", "region"]
    list_select_related = ["user", "region", "granted_by"]
    search_fields = ["user__username", "user__email", "region__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations, read-only: sent and withdrawn on the people page (the secret of the link
    is never kept, only its hash, which is not shown)."""

    list_display = ["email", "region", "invited_by", "created_at", "expires_at", "state"]
    list_filter = ["region"]
    list_select_related = ["region", "invited_by"]
    search_fields = ["email", "region__name"]
    exclude = ["key_hash"]

    @admin.display(description=_("stand"))
    def state(self, invitation):
        if invitation.accepted_at:
            return _("aangenomen")
        if invitation.withdrawn_at:
            return _("ingetrokken")
        return _("open") if invitation.is_open else _("verlopen")


@admin.register(PeopleChange)
class PeopleChangeAdmin(ReadOnlyAdmin):
    """The audit history of the regions' people, read-only: written only by the services."""

    list_display = ["at", "region", "kind", "person", "email", "role", "actor"]
    list_filter = ["kind", "region"]
    list_select_related = ["region", "person", "actor"]
    search_fields = ["email", "person__username", "actor__username", "region__name"]
    date_hierarchy = "at"


class AccountAdmin(UserAdmin):
    """Django's user admin, with "actief" read-only: an account is deactivated and
    reactivated by regions.services.people (on a person's page under Mensen, or by the
    actions here), so each region's history records it and the rules hold (never one's own
    account). Never deleted (its roles would go without a trace in the history:
    deactivate it instead), and an existing account's user name and e-mail address are
    read-only, as everywhere else: an open invitation finds its account by them."""

    actions = ["deactivate", "reactivate"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["is_active"] if obj is None else ["username", "email", "is_active"]
        return [*super().get_readonly_fields(request, obj), *fixed]

    def has_delete_permission(self, request, obj=None):
        return False

    def _set_active(self, request, queryset, service, done_text):
        changed = 0
        for person in queryset:
            try:
                service(person=person, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                changed += 1
        self.message_user(request, done_text % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Geselecteerde accounts deactiveren"))
    def deactivate(self, request, queryset):
        self._set_active(
            request,
            queryset,
            people_services.account_deactivate,
            gettext("%(count)d account(s) gedeactiveerd."),
        )

    @admin.action(description=_("Geselecteerde accounts weer activeren"))
    def reactivate(self, request, queryset):
        self._set_active(
            request,
            queryset,
            people_services.account_reactivate,
            gettext("%(count)d account(s) weer actief."),
        )


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)
# --- end people ---


# --- tokens ---
@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens, read-only: they are made on the token pages (Regio → API-tokens, or
    /api-tokens/ for national ones), where the secret is shown once; here only their use and
    revocation. Never deleted: a revoked token stays, with its record of use. Revoking goes
    through api_token_revoke, as on the page."""

    list_display = ["name", "region", "prefix", "scope", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["may_deliver", ("revoked_at", admin.EmptyFieldListFilter), "region"]
    list_select_related = ["region", "created_by"]
    search_fields = ["name", "prefix", "region__name"]
    fields = readonly_fields = (
        "name",
        "region",
        "may_deliver",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_by",
        "revoked_at",
    )
    actions = ["revoke"]

    @admin.display(description=_("mag"))
    def scope(self, token):
        return _("lezen + aanleveren") if token.may_deliver else _("lezen")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token, actor=request.user)
            revoked += 1
        skipped = queryset.count() - revoked
        self.message_user(
            request,
            ngettext("%(count)d token ingetrokken.", "%(count)d tokens ingetrokken.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                gettext("%(count)d al ingetrokken, overgeslagen.") % {"count": skipped},
                messages.WARNING,
            )


# --- end tokens ---


# --- sso ---
@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Which organisation account logs in as which user. Made by the first login; shown,
    and deleted to unlink (the next login then makes a new user, when OIDC_CREATE_USER)."""

    list_display = ["user", "issuer", "subject", "created_at", "last_login_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created_at", "last_login_at"]

    def has_add_permission(self, request):
        return False
