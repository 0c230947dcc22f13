"""Who may do what: the one place that decides. Views, templates, admin, exports and tasks
all ask `can()` (or the querysets below); nothing else checks roles.

A role holds in one region. *beheerder* is a superuser and may do everything everywhere.

An API token (`ApiToken`) stands where a user stands: `can()`, `region_ids_for()` and
`limit_to_regions()` take one as their `user` and answer by `TOKEN_ACTIONS`: a token reads
its own region (a national token every region) and delivers counts only with its
*aanleveren* scope; nothing else, whoever made it."""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import ApiToken, Region, RoleAssignment

Role = RoleAssignment.Role


class Action(StrEnum):
    VIEW = "view"  # read plans, dashboards and reports of the region
    EDIT_PLAN = "edit_plan"  # plans, lines, projects, targets, budgets, activities, risks
    RECORD_REALISATION = "record_realisation"
    # The governance network: bodies, members and seats, meetings, agendas, decisions, action
    # items and proposals (the secretaris's work).
    MANAGE_MEETINGS = "manage_meetings"
    EXPORT_REPORT = "export_report"
    RECORD_SPENDING = "record_spending"  # spending, its import and counter-entries, budget changes
    APPROVE_SPENDING = "approve_spending"  # the second pair of eyes on spending and budget changes
    MANAGE_API_TOKENS = "manage_api_tokens"  # make and revoke the region's API tokens
    # Invite people, give and take their roles in the region, deactivate their accounts.
    MANAGE_PEOPLE = "manage_people"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.PROGRAMMAMANAGER: frozenset(
        {
            Action.VIEW,
            Action.EDIT_PLAN,
            Action.RECORD_REALISATION,
            Action.EXPORT_REPORT,
            Action.RECORD_SPENDING,
        }
    ),
    Role.WERKKAMERLID: frozenset({Action.VIEW}),
    Role.SECRETARIS: frozenset({Action.VIEW, Action.MANAGE_MEETINGS, Action.EXPORT_REPORT}),
    Role.PENNINGMEESTER: frozenset({Action.VIEW, Action.EXPORT_REPORT, Action.APPROVE_SPENDING}),
    Role.REGIOBEHEERDER: frozenset({Action.VIEW, Action.MANAGE_API_TOKENS, Action.MANAGE_PEOPLE}),
}


def token_actions(token: ApiToken) -> frozenset[Action]:
    """What an API token may do where it holds (its region, or every region when national):
    read, and record realisations (a delivery) only with the aanleveren scope."""
    if not token.is_active:
        return frozenset()
    if token.may_deliver:
        return frozenset({Action.VIEW, Action.RECORD_REALISATION})
    return frozenset({Action.VIEW})


def is_beheerder(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _token_region_ids(token: ApiToken, action: Action) -> set[int] | None:
    """The regions where a token may do `action`: its own, every one (None) when national."""
    if action not in token_actions(token):
        return set()
    if token.region_id is None:  # national
        return None
    return {token.region_id}


def roles_by_region(user) -> dict[int, set[str]]:
    """The user's roles per region id, read once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_roles_by_region", None)
    if cached is None:
        cached = {}
        for region_id, role in RoleAssignment.objects.filter(user=user).values_list(
            "region_id", "role"
        ):
            cached.setdefault(region_id, set()).add(role)
        user._roles_by_region = cached
    return cached


def can(user, action: Action, region) -> bool:
    """May `user` do `action` in `region` (a Region or its id)? `region` None means national
    (a plan of no single region): every signed-in user reads it, only a beheerder changes it."""
    if isinstance(user, ApiToken):
        if region is None:  # a national plan: read by every token, delivered by a national one
            return action in token_actions(user) and (action == Action.VIEW or user.is_national)
        ids = _token_region_ids(user, action)
        return ids is None or getattr(region, "pk", region) in ids
    if is_beheerder(user):
        return True
    if region is None:
        return action == Action.VIEW and user.is_authenticated and user.is_active
    region_id = getattr(region, "pk", region)
    roles = roles_by_region(user).get(region_id, set())
    return any(action in ROLE_ACTIONS[role] for role in roles)


def can_view_governance(user, region) -> bool:
    """Read a region's partner organisations, bodies, meetings, agendas, decision lists and
    proposals: whoever holds a role in the region. Another region sees nothing of them."""
    return can(user, Action.VIEW, region)


def can_manage_governance(user, region) -> bool:
    """Manage bodies, members, seats, meetings, agendas, decisions, action items and
    proposals: the region's secretaris (and a beheerder)."""
    return can(user, Action.MANAGE_MEETINGS, region)


def can_edit_plan(user, plan) -> bool:
    """Edit a plan and everything in it: the right role, and the plan still open (concept or
    ter bespreking). An adopted or closed plan is read-only for everyone."""
    return plan.is_editable and can(user, Action.EDIT_PLAN, plan.region_id)


def can_record_realisations(user, plan) -> bool:
    """Enter, import and correct realisations, and close periods: the right role, in a plan
    that is not closed (afgesloten). Realisations are recorded while a plan runs, so an
    adopted plan accepts them."""
    return plan.accepts_realisations and can(user, Action.RECORD_REALISATION, plan.region_id)


def can_revise_target(user, plan) -> bool:
    """Revise a target of an adopted plan (the original value stays visible)."""
    return plan.accepts_target_revisions and can(user, Action.EDIT_PLAN, plan.region_id)


def can_change_plan_status(user, plan) -> bool:
    return can(user, Action.EDIT_PLAN, plan.region_id)


def can_make_new_version(user, plan) -> bool:
    """Make the next version of a plan (the plan page's button and the admin action): whoever
    edits plans in its region. Which plans may get one (adopted or closed, no newer version
    yet) is the service's rule."""
    return can(user, Action.EDIT_PLAN, plan.region_id)


def can_record_spending(user, plan) -> bool:
    """Record spending on a plan's budget lines, import it, and enter a counter-entry: the
    programmamanager, while the plan is not closed (money is spent while a plan runs)."""
    return plan.accepts_realisations and can(user, Action.RECORD_SPENDING, plan.region_id)


def _second_pair_of_eyes(user, entry, region_id) -> bool:
    """Decide on an entry that awaits a decision: the approving role in the entry's region,
    and never the person who recorded it, whatever roles they hold (a beheerder neither)."""
    return (
        entry.is_awaiting
        and user.is_authenticated
        and entry.recorded_by_id != user.pk
        and can(user, Action.APPROVE_SPENDING, region_id)
    )


def can_approve_spending(user, expenditure, plan) -> bool:
    """Approve or reject a spending entry of `plan` (the entry's budget line's plan)."""
    return plan.accepts_realisations and _second_pair_of_eyes(user, expenditure, plan.region_id)


def can_request_budget_change(user, plan) -> bool:
    """Propose a begrotingswijziging: moving money between lines or years of an adopted plan
    (an open plan's budget is simply edited)."""
    return plan.accepts_target_revisions and can(user, Action.RECORD_SPENDING, plan.region_id)


def can_decide_budget_change(user, change, plan) -> bool:
    """Approve or reject a proposed budget change of `plan`."""
    return plan.accepts_target_revisions and _second_pair_of_eyes(user, change, plan.region_id)


def approves_spending_somewhere(user) -> bool:
    """Holds the approving role in some region (or is a beheerder): shown what awaits them."""
    ids = region_ids_for(user, Action.APPROVE_SPENDING)
    return ids is None or bool(ids)


def can_view_receipt(user, plan) -> bool:
    """Open a spending entry's receipt: whoever reads the plan."""
    return can(user, Action.VIEW, plan.region_id)


def can_manage_api_tokens(user, region) -> bool:
    """Make, see and revoke API tokens of `region`: its regiobeheerder (and a beheerder). A
    national token (region None) only a beheerder makes."""
    if isinstance(user, ApiToken):
        return False
    return can(user, Action.MANAGE_API_TOKENS, region) if region is not None else is_beheerder(user)


def can_grant_delivery_scope(user, region) -> bool:
    """Give a token of `region` the aanleveren scope: whoever may record realisations there
    themselves (a regiobeheerder who is also the region's programmamanager, say) and a
    beheerder; a national token (region None) only a beheerder. A token cannot hand on more
    than its maker may do."""
    if isinstance(user, ApiToken):
        return False
    if region is None:
        return is_beheerder(user)
    return can(user, Action.RECORD_REALISATION, region)


def can_deliver_realisations(token, plan) -> bool:
    """Deliver counts into a plan by the API: a token with the aanleveren scope for the
    plan's region (a national token: every region), into a plan that is not closed."""
    return plan.accepts_realisations and can(token, Action.RECORD_REALISATION, plan.region_id)


def can_manage_people(user, region) -> bool:
    """See the people of `region` with their roles and history, invite people, give and take
    their roles there: its regiobeheerder (and a beheerder). Never an API token."""
    if isinstance(user, ApiToken):
        return False
    # A deactivated account manages nothing (the services ask with the actor read again
    # under their lock, so one deactivated meanwhile is refused).
    return region is not None and user.is_active and can(user, Action.MANAGE_PEOPLE, region)


def manages_people_somewhere(user) -> bool:
    """Holds MANAGE_PEOPLE in some region (or is a beheerder): the menu shows "Mensen"."""
    if isinstance(user, ApiToken):
        return False
    ids = region_ids_for(user, Action.MANAGE_PEOPLE)
    return ids is None or bool(ids)


def can_change_roles_of(user, person, region) -> bool:
    """Give or take `person`'s roles in `region`: whoever manages its people, and never their
    own roles (a beheerder excepted): no one raises themselves, and the last regiobeheerder
    cannot lock the region out by taking their own role. Which roles may be given: every
    role of a region (RoleAssignment.Role); a beheerder is no role and is never given here."""
    if not can_manage_people(user, region):
        return False
    return is_beheerder(user) or person.pk != user.pk


def account_deactivation_refusal(
    user, person, person_region_ids: set[int], *, deactivated_by_beheerder: bool = False
) -> str:
    """Why `user` may not deactivate or reactivate `person`'s account ("" when they may).
    `person_region_ids`: every region where `person` holds a role (read by the caller, for an
    inactive person too); `deactivated_by_beheerder`: the account is deactivated and the
    latest deactivation was a beheerder's (regions.selectors.people). An account works in
    every region at once, so a regiobeheerder changes it only when all of the person's roles
    are in regions whose people they manage; never their own, never a beheerder's, and never
    undoing a beheerder's deactivation (after an incident, say); a beheerder everyone's but
    their own. A deactivated account changes none."""
    if isinstance(user, ApiToken) or not user.is_authenticated or not user.is_active:
        return _("U mag dit account niet wijzigen.")
    if person.pk == user.pk:
        return _("Uw eigen account kunt u niet deactiveren.")
    if is_beheerder(user):
        return ""
    if person.is_superuser or person.is_staff:
        return _("Dit is een account van een beheerder; vraag de beheerder.")
    if deactivated_by_beheerder and not person.is_active:
        return _(
            "De beheerder heeft dit account gedeactiveerd; alleen de beheerder kan het weer "
            "actief maken."
        )
    managed = region_ids_for(user, Action.MANAGE_PEOPLE) or set()
    if not person_region_ids or not person_region_ids & managed:
        return _("U mag dit account niet wijzigen.")
    if not person_region_ids <= managed:
        return _("%(person)s heeft ook rollen in een andere regio; vraag de beheerder.") % {
            "person": person.get_username()
        }
    return ""


def can_import_official_counts(user) -> bool:
    """Import the official Banenafspraak figures (UWV's counts per arbeidsmarktregio): national
    reference data, so the beheerder only. Every region reads its own figures (VIEW)."""
    if isinstance(user, ApiToken):
        return False
    return is_beheerder(user)


def can_link_organisation_account(user) -> bool:
    """Link an existing user to an organisation account (single sign-on): the beheerder only;
    the link opens the account to whoever logs in with that account."""
    if isinstance(user, ApiToken):
        return False
    return is_beheerder(user)


def can_view_overview(user) -> bool:
    """The national overview of a programme (every region's target, realised and status side
    by side): any signed-in user. Comparing regions' figures is what Werkkamers do, and the
    figures are the regions' reported totals, not their plans' details."""
    return bool(user.is_authenticated and user.is_active)


def can_view_report(user, report) -> bool:
    """Open a report: its status page and its PDF, XLSX and CSV. Whoever reads the plan's
    region (a national plan's reports: every signed-in user, as `can` says)."""
    return can(user, Action.VIEW, report.plan.region_id)


def can_request_report(user, plan) -> bool:
    """Start a report on a plan on demand (secretaris, programmamanager, penningmeester,
    beheerder: whoever holds EXPORT_REPORT in the plan's region)."""
    return can(user, Action.EXPORT_REPORT, plan.region_id)


def region_ids_for(user, action: Action) -> set[int] | None:
    """The regions where `user` (or an API token) may do `action`; None means every region
    (beheerder, national token)."""
    if isinstance(user, ApiToken):
        return _token_region_ids(user, action)
    if is_beheerder(user):
        return None
    return {
        region_id
        for region_id, roles in roles_by_region(user).items()
        if any(action in ROLE_ACTIONS[role] for role in roles)
    }


def users_who_can(action: Action, region):
    """The active users who may do `action` in `region` by a role they hold there: whom an
    event in the region concerns (spending to approve: APPROVE_SPENDING; a period closing:
    RECORD_REALISATION; a report: MANAGE_MEETINGS, the secretaries). The beheerder, who may
    do everything everywhere, is not among them unless given a role there: told of every
    region's events they would hear nothing. None for no region (a national plan)."""
    User = get_user_model()
    if region is None:
        return User.objects.none()
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__region=region,
            role_assignments__role__in=roles,
        )
        .distinct()
        .order_by("username")
    )


def region_ids_held(user_ids) -> dict[int, set[int]]:
    """For each of the users `user_ids`, the regions where they hold a role, in one query:
    whom an event of a region still concerns when its e-mail goes out (a person whose roles
    there were taken meanwhile is no longer told by e-mail). The beheerder holds no role;
    who asks must let `is_beheerder` users through."""
    held: dict[int, set[int]] = {}
    for user_id, region_id in (
        RoleAssignment.objects.filter(user_id__in=list(user_ids))
        .values_list("user_id", "region_id")
        .distinct()
    ):
        held.setdefault(user_id, set()).add(region_id)
    return held


def regions_for(user, action: Action = Action.VIEW):
    ids = region_ids_for(user, action)
    regions = Region.objects.all()
    return regions if ids is None else regions.filter(pk__in=ids)


def limit_to_regions(queryset, user, action: Action = Action.VIEW, field: str = "region"):
    """Filter any queryset with a path to a region down to what `user` may `action`;
    national rows (no region) stay in for reading."""
    ids = region_ids_for(user, action)
    if ids is None:
        return queryset
    allowed = Q(**{f"{field}__in": ids})
    if action == Action.VIEW:
        allowed |= Q(**{f"{field}__isnull": True})
    return queryset.filter(allowed)


class RegionPermissionMixin(AccessMixin):
    """For views about one region's objects: set `permission_action` and implement
    `get_permission_region()`. Anonymous users go to the login page; others get 403."""

    permission_action: Action = Action.VIEW

    def get_permission_region(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.permission_action, self.get_permission_region()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
