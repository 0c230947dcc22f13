"""The people pages of a region (`/regios/<slug>/mensen/…`): who holds which role since when
and given by whom, the open invitations and the history of changes; inviting someone,
withdrawing an invitation, and one person's page (give and take roles, deactivate and
reactivate the account). Who may is `can_manage_people` (the region's regiobeheerder and the
beheerder): anonymous users go to the login page, anyone else gets 403, and a person or an
invitation of another region is a 404. The menu's "Mensen" (`/mensen/`) leads to the user's
region, or lets them choose when they manage several.

The invitation's own page (`/uitnodiging/<secret>/`) is for whoever holds the link: a new
person sets a password there and is signed in; someone with an account signs in first (with
a password, or the organisation account) and accepts. It is never cached: its address is the
secret."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.formatting import show_date

from .. import selectors as region_selectors
from ..forms_people import InvitationForm, InvitationPasswordForm, RoleGiveForm
from ..models import RoleAssignment
from ..permissions import account_deactivation_refusal, can_change_roles_of, can_manage_people
from ..selectors import people as people_selectors
from ..services import people as people_services
from .mixins import refusal_messages, show_refusal

HISTORY_PAGE_SIZE = 25


class PeoplePageMixin(AccessMixin):
    """The region of the URL's slug as `self.region` (404 when unknown), and the right to
    manage its people."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.region = region_selectors.region_detail(slug=kwargs["slug"])
        except ObjectDoesNotExist as missing:
            raise Http404 from missing
        if not can_manage_people(request.user, self.region):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        return reverse("regions:people", args=[self.region.slug])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **{"region": self.region, "list_url": self.list_url(), **kwargs}
        )


class PeopleIndexView(LoginRequiredMixin, TemplateView):
    """The menu's "Mensen": straight to the one region whose people the user manages, or a
    choice of them; 403 for someone who manages none."""

    template_name = "regions/people_index.html"

    def get(self, request, *args, **kwargs):
        regions = list(people_selectors.people_regions_for(user=request.user))
        if not regions:
            raise PermissionDenied
        if len(regions) == 1:
            return redirect("regions:people", regions[0].slug)
        return self.render_to_response(self.get_context_data(regions=regions))


class PeopleListView(PeoplePageMixin, TemplateView):
    """The region's people with their roles, the open invitations, and the history (paged)."""

    template_name = "regions/people.html"

    def get_context_data(self, **kwargs):
        history = Paginator(
            people_selectors.region_people_history(region=self.region), HISTORY_PAGE_SIZE
        ).get_page(self.request.GET.get("pagina"))
        return super().get_context_data(
            people=people_selectors.region_people(region=self.region),
            invitations=people_selectors.region_open_invitations(region=self.region),
            history=history,
            **kwargs,
        )


class InvitationCreateView(PeoplePageMixin, FormView):
    template_name = "regions/invitation_form.html"
    form_class = InvitationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(valid_days=settings.INVITATION_VALID_DAYS, **kwargs)

    def form_valid(self, form):
        try:
            invitation, _link = people_services.invitation_send(
                region=self.region,
                email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
                actor=self.request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De uitnodiging is verstuurd aan %(email)s; de link werkt tot %(until)s.")
            % {
                "email": invitation.email,
                "until": show_date(invitation.expires_at),
            },
        )
        return redirect(self.list_url())


class InvitationWithdrawView(PeoplePageMixin, TemplateView):
    """Withdrawing an invitation: a confirmation page (GET), then the withdrawal (POST). One
    already accepted, withdrawn or expired meanwhile is said so, and nothing changes."""

    template_name = "regions/invitation_withdraw.html"

    def get_invitation(self):
        try:
            return people_selectors.region_invitation(region=self.region, pk=self.kwargs["pk"])
        except ObjectDoesNotExist as missing:
            raise Http404 from missing

    def get_context_data(self, **kwargs):
        invitation = self.get_invitation()
        return super().get_context_data(
            invitation=invitation,
            problem=people_selectors.invitation_problem(invitation),
            roles=people_selectors.role_labels(invitation.roles),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        try:
            people_services.invitation_withdraw(invitation=invitation, actor=request.user)
        except ValidationError as error:
            for text in refusal_messages(error):
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("De uitnodiging aan %(email)s is ingetrokken: de link werkt niet meer.")
                % {"email": invitation.email},
            )
        return redirect(self.list_url())


class PersonView(PeoplePageMixin, TemplateView):
    """One person of the region: their roles here (take one, give another) and their account
    (deactivate, reactivate). Every button posts what it was shown for (the role, the
    account's state), so a change someone else made meanwhile is refused with a message and
    nothing is lost."""

    template_name = "regions/person.html"
    ACTIONS = ("give", "take", "deactivate", "reactivate")

    def get_person(self):
        try:
            return people_selectors.region_person(region=self.region, pk=self.kwargs["user_pk"])
        except ObjectDoesNotExist as missing:
            raise Http404 from missing

    def get_context_data(self, *, person=None, give_form=None, **kwargs):
        person = person or self.get_person()
        held = {assignment.role for assignment in person.region_roles}
        user = self.request.user
        refusal = account_deactivation_refusal(
            user,
            person,
            people_selectors.person_region_ids(person),
            deactivated_by_beheerder=people_selectors.deactivated_by_beheerder(person),
        )
        return super().get_context_data(
            person=person,
            may_change_roles=can_change_roles_of(user, person, self.region),
            give_form=give_form or RoleGiveForm(held=held),
            all_roles_held=len(held) == len(RoleAssignment.Role.values),
            account_refusal=refusal,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            return redirect(request.path)
        try:
            if action == "give":
                held = {assignment.role for assignment in person.region_roles}
                form = RoleGiveForm(request.POST, held=held)
                if not form.is_valid():
                    # The role was given meanwhile (no longer a choice): the service says so.
                    role = request.POST.get("role", "")
                else:
                    role = form.cleaned_data["role"]
                people_services.role_give(
                    person=person, region=self.region, role=role, actor=request.user
                )
                text = _("%(person)s heeft nu de rol %(role)s.")
            elif action == "take":
                role = request.POST.get("role", "")
                people_services.role_take(
                    person=person, region=self.region, role=role, actor=request.user
                )
                text = _("De rol %(role)s is %(person)s afgenomen.")
            elif action == "deactivate":
                people_services.account_deactivate(person=person, actor=request.user)
                text = _("Het account van %(person)s is gedeactiveerd.")
                role = ""
            else:
                people_services.account_reactivate(person=person, actor=request.user)
                text = _("Het account van %(person)s is weer actief.")
                role = ""
        except ValidationError as error:
            for line in refusal_messages(error):
                messages.error(request, line)
        else:
            label = RoleAssignment.Role(role).label if role in RoleAssignment.Role.values else ""
            messages.success(request, text % {"person": person.get_username(), "role": label})
            if action == "take" and len(person.region_roles) == 1:
                # Their last role here: they are no longer one of the region's people.
                return redirect(self.list_url())
        return redirect(request.path)


class InvitationAcceptView(TemplateView):
    """The link in the e-mail. What it shows follows from the invitation and who is signed in:
    a refusal (unknown, used, withdrawn, expired), the password form (no account with the
    address yet), "sign in as …" (an account has it), or "accept" (signed in as that
    account)."""

    template_name = "regions/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = people_selectors.invitation_by_secret(kwargs["secret"])
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def state(self):
        """(problem, account): why the link does not work ("" when it does), and the existing
        account it is for (None: accepting makes one)."""
        if self.invitation is None:
            unknown = _(
                "Deze link is geen geldige uitnodiging. Controleer of u de hele link uit de "
                "e-mail heeft gebruikt."
            )
            return unknown, None
        problem = people_selectors.invitation_problem(self.invitation)
        account = None if problem else people_selectors.invitation_account(self.invitation)
        return problem, account

    def get_context_data(self, *, form=None, **kwargs):
        problem, account = self.state()
        user = self.request.user
        signed_in = user.is_authenticated
        invitation = self.invitation
        context = {
            "invitation": invitation,
            "problem": problem,
            "account": account,
            "signed_in_as_account": bool(account and signed_in and user.pk == account.pk),
            "signed_in_as_other": bool(signed_in and (account is None or user.pk != account.pk)),
            "oidc_enabled": settings.OIDC_ENABLED,
            "next": self.request.path,
            **kwargs,
        }
        if invitation is not None:
            context["roles"] = people_selectors.role_labels(invitation.roles)
            context["until"] = show_date(invitation.expires_at)
        if not problem and account is None and not signed_in:
            context["form"] = form or InvitationPasswordForm()
        return super().get_context_data(**context)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        status = 404 if self.invitation is None else (410 if context["problem"] else 200)
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        problem, account = self.state()
        if problem:
            return self.get(request, *args, **kwargs)
        form = None
        password = ""
        if account is None and not request.user.is_authenticated:
            form = InvitationPasswordForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            password = form.cleaned_data["password1"]
        try:
            person = people_services.invitation_accept(
                invitation=self.invitation,
                user=request.user if request.user.is_authenticated else None,
                password=password,
            )
        except ValidationError as error:
            if form is not None:
                show_refusal(form, error)
                return self.render_to_response(self.get_context_data(form=form))
            for line in refusal_messages(error):
                messages.error(request, line)
            return redirect(request.path)
        if not request.user.is_authenticated:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        region = self.invitation.region
        messages.success(
            request,
            _("Welkom bij %(region)s: u heeft nu de rol %(roles)s.")
            % {"region": region.name, "roles": people_selectors.role_labels(self.invitation.roles)},
        )
        return redirect(region.get_absolute_url())
