"""A region's partner organisations and its bodies: the body page with members, composition
check, seat history and meetings, and the secretary's forms (body, member, seats, planning).

Whoever holds a role in the region reads (`can_view_governance`); the secretary (and a
beheerder) changes (`can_manage_governance`); another region's users get 403 everywhere."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from programmes import selectors as programme_selectors

from .. import services
from ..forms_bodies import BodyForm, MembershipForm, PlannedMeetingFormSet, SeatRulesForm
from ..models import GoverningBody, Membership
from ..selectors import bodies as selectors
from .mixins import REFUSALS, GovernanceFormMixin, GovernanceRegionMixin, refusal_messages


class OrganisationListView(GovernanceRegionMixin, TemplateView):
    """The region's partner organisations by kind, with the bodies they sit in and the
    lines and projects they are accountable for."""

    template_name = "regions/organisation_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        organisations = selectors.region_organisations(region=self.region, on=today)
        work = programme_selectors.accountable_work(
            region=self.region, organisations=[o.pk for o in organisations]
        )
        for organisation in organisations:
            organisation.work = work.get(organisation.pk)
        return super().get_context_data(
            groups=selectors.organisations_by_kind(organisations), today=today, **kwargs
        )


class BodyDetailView(GovernanceRegionMixin, TemplateView):
    template_name = "regions/body_detail.html"

    def get_body(self):
        if not hasattr(self, "body"):
            self.body = self.found(selectors.body_detail, pk=self.kwargs["pk"])
        return self.body

    def get_planning_formset(self, today):
        proposed = selectors.proposed_meeting_dates(self.get_body(), after=today)
        return PlannedMeetingFormSet(
            initial=[{"chosen": False, "date": day} for day in proposed],
            prefix="plan",
            today=today,
        )

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        body = self.get_body()
        context = super().get_context_data(**kwargs)
        if context["may_manage"] and "planning" not in kwargs:
            context["planning"] = self.get_planning_formset(today)
        return {
            **context,
            "body": body,
            "today": today,
            "composition": selectors.body_composition(body, on=today),
            "history": selectors.seat_history(body, on=today),
            "members": selectors.body_members(body, on=today),
            "meetings": selectors.body_meetings(body, on=today),
        }


class MeetingsPlanView(BodyDetailView):
    """POST: the secretary's ticked dates become meetings of the body."""

    manages = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        body = self.get_body()
        formset = PlannedMeetingFormSet(request.POST, prefix="plan", today=timezone.localdate())
        if formset.is_valid():
            try:
                planned = services.meetings_plan(
                    body=body, dates=formset.chosen_dates, actor=request.user
                )
            except REFUSALS as error:
                # A date refused, or someone planned the same date at the same moment (the
                # database refused it). Django's formsets have no public way to add a
                # non-form error after validation, so the refusal is set where
                # non_form_errors() reads it.
                formset._non_form_errors = formset.error_class(
                    refusal_messages(error), error_class="nonform"
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s vergadering gepland.",
                        "%(count)s vergaderingen gepland.",
                        len(planned),
                    )
                    % {"count": len(planned)},
                )
                return redirect(body_url(body))
        return self.render_to_response(self.get_context_data(planning=formset))


class GovernanceFormView(GovernanceRegionMixin, GovernanceFormMixin, FormView):
    """A secretary's form of the region: saved through a service; a stale or refused save
    shows the Dutch message on the form."""

    manages = True
    template_name = "regions/body_form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.get_title(), cancel_url=self.get_cancel_url(), **kwargs
        )

    def get_title(self):
        return self.title


def body_url(body) -> str:
    return reverse("regions:body-detail", args=[body.region.slug, body.pk])


class BodyFormView(GovernanceFormView):
    """Create (no `pk`) or edit a body of the region."""

    form_class = BodyForm

    def get_object(self):
        if not hasattr(self, "object"):
            if "pk" in self.kwargs:
                self.object = get_object_or_404(
                    GoverningBody.objects.select_related("region"),
                    region=self.region,
                    pk=self.kwargs["pk"],
                )
            else:
                self.object = GoverningBody(region=self.region)
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def get_title(self):
        body = self.get_object()
        if body.pk:
            return _("Orgaan bewerken: %(name)s") % {"name": body.name}
        return _("Orgaan toevoegen")

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.get_object(), **kwargs)

    def get_cancel_url(self):
        body = self.get_object()
        if body.pk:
            return body_url(body)
        return self.region.get_absolute_url() + "#governance-heading"

    def save(self, form):
        return services.body_save(
            body=form.instance, expected_revision=form.expected_revision, actor=self.request.user
        )

    def get_saved_url(self, saved):
        return body_url(saved)


class BodyChildMixin:
    """A page under one body of the region (`body_pk` or `pk` in the URL)."""

    body_kwarg = "body_pk"

    def get_body(self):
        if not hasattr(self, "body"):
            self.body = get_object_or_404(
                GoverningBody.objects.select_related("region"),
                region=self.region,
                pk=self.kwargs[self.body_kwarg],
            )
        return self.body

    def get_cancel_url(self):
        return body_url(self.get_body())

    def get_saved_url(self, saved):
        return body_url(self.get_body())

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.get_body(), **kwargs)


class MembershipFormView(BodyChildMixin, GovernanceFormView):
    """Add (no `pk`) or edit a member of a body. There is no delete: a member leaves by an
    end date, so the seat history keeps them."""

    form_class = MembershipForm

    def get_object(self):
        if not hasattr(self, "object"):
            body = self.get_body()
            if "pk" in self.kwargs:
                self.object = self.found(
                    selectors.region_membership, body_pk=body.pk, pk=self.kwargs["pk"]
                )
            else:
                self.object = Membership(body=body)
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def get_title(self):
        membership = self.get_object()
        if membership.pk:
            return _("Lid bewerken: %(role)s") % {"role": membership.role_title}
        return _("Lid toevoegen aan %(body)s") % {"body": self.get_body().name}

    def save(self, form):
        return services.membership_save(
            membership=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )


class SeatRulesView(BodyChildMixin, GovernanceFormView):
    """The body's composition rule: seats per category."""

    form_class = SeatRulesForm
    body_kwarg = "pk"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("region")
        body = self.get_body()
        rules = {rule.seat_category: rule.seats for rule in body.seat_rules.all()}
        return {**kwargs, "rules": rules, "revision": body.revision}

    def get_title(self):
        return _("Zetelverdeling: %(body)s") % {"body": self.get_body().name}

    def save(self, form):
        return services.seat_rules_set(
            body=self.get_body(),
            seats=form.seats,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )
