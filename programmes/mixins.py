"""The plan named in the URL, and the views for a row of an open plan: the library that
the plan pages of programmes, budgets and placements build on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, ProtectedError
from django.forms import BaseForm
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.concurrency import ConcurrentEditError, refuse_stale_save
from regions.permissions import Action, RegionPermissionMixin, can

from . import selectors, services
from .models import ActionPlan, Project


class PlanMixin(RegionPermissionMixin):
    """Loads the plan named in the URL and checks the permission in its region."""

    plan_url_kwarg = "pk"

    def get_permission_region(self):
        if not hasattr(self, "plan"):
            try:
                self.plan = selectors.plan_detail(pk=self.kwargs[self.plan_url_kwarg])
            except ActionPlan.DoesNotExist as missing:
                raise Http404 from missing
        return self.plan.region

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class EditablePlanMixin(PlanMixin):
    """Only for people who may edit the plan's region, and only while the plan is open."""

    permission_action = Action.EDIT_PLAN

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if can(request.user, Action.EDIT_PLAN, self.plan.region) and not self.plan.is_editable:
                raise PermissionDenied(
                    _(
                        "Dit plan is %(status)s en kan niet meer worden gewijzigd. "
                        "Maak een nieuwe versie om het aan te passen."
                    )
                    % {"status": self.plan.get_status_display()}
                )
        return super().dispatch(request, *args, **kwargs)


class PlanChildFormView(EditablePlanMixin, FormView):
    """Create (no `pk` in the URL) or edit a row of an open plan."""

    plan_url_kwarg = "plan_pk"
    model: type[Model]  # each view names its row's model, form_class and titles
    template_name = "programmes/child_form.html"
    title_create: str | Promise
    title_update: str | Promise
    anchor = ""
    # In-place editing on the plan page (htmx): a smaller form rendered as a table row, and
    # the read-only row it turns back into after saving. Without JavaScript (or without these
    # two) the full form page is used instead.
    inline_template: str | None = None
    inline_form_class: type[BaseForm] | None = None

    def is_inline(self) -> bool:
        return bool(self.inline_template and self.request.htmx and "inline" in self.request.GET)

    def get_form_class(self):
        return self.inline_form_class if self.is_inline() else super().get_form_class()

    def get_template_names(self):
        if self.is_inline():
            return [f"{self.inline_template}#form-row"]
        return super().get_template_names()

    def render_saved_row(self, instance):
        response = render(
            self.request,
            f"{self.inline_template}#row",
            {"row": instance, "plan": self.plan, "may_edit": True},
        )
        # Tell the plan page to refresh its computed totals.
        response["HX-Trigger"] = "plan-figures-changed"
        return response

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.scoped_queryset(), pk=self.kwargs["pk"])

    def scoped_queryset(self):
        return self.model.objects.filter(plan=self.plan)

    def get_form_kwargs(self):
        self.object = self.get_object()
        return {**super().get_form_kwargs(), "instance": self.object, "plan": self.plan}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # loads self.object
        return super().get_context_data(
            title=self.title_update if self.object else self.title_create,
            object=self.object,
            cancel_url=self.get_success_url(),
            delete_url=self.request.path + "verwijderen/" if self.object else None,
            **kwargs,
        )

    def get_success_url(self):
        return self.plan.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")

    def save(self, form):
        return services.child_save(
            plan=self.plan,
            instance=form.instance,
            expected_revision=form.expected_revision,
            actor=self.request.user,
        )

    def form_valid(self, form):
        try:
            self.save(form)
        except ConcurrentEditError as error:
            refuse_stale_save(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if self.is_inline():
            return self.render_saved_row(form.instance)
        messages.success(self.request, _("Opgeslagen."))
        self.after_save(form)
        return HttpResponseRedirect(self.get_success_url())

    def after_save(self, form):
        """Warn (not refuse) when a stated figure now differs from the sum of its parts."""
        rollup = selectors.plan_target_rollup(plan=self.plan)
        figures = list(rollup.plan.values())
        for line_figures in rollup.lines.values():
            figures.extend(line_figures.values())
        for figure in figures:
            if figure.is_discrepancy:
                messages.warning(
                    self.request,
                    _(
                        "Let op: een genoemd doel (%(stated)s) wijkt af van de som van de "
                        "onderdelen (%(computed)s). Zie de markering op de planpagina."
                    )
                    % {"stated": figure.stated, "computed": figure.computed},
                )
                break


class PlanChildDeleteView(EditablePlanMixin, TemplateView):
    plan_url_kwarg = "plan_pk"
    model: type[Model]  # set by each view
    template_name = "programmes/child_confirm_delete.html"
    anchor = ""

    def get_object(self):
        queryset = self.model.objects.all()
        if hasattr(self.model, "plan"):
            queryset = queryset.filter(plan=self.plan)
        elif self.model is Project:
            queryset = queryset.filter(line__plan=self.plan)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.get_object(), cancel_url=self.plan.get_absolute_url(), **kwargs
        )

    def delete(self, instance) -> None:
        """Remove the row through its service (a view of another app names its own)."""
        services.child_delete(plan=self.plan, instance=instance, actor=self.request.user)

    def post(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            self.delete(instance)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "'%(object)s' kan niet worden verwijderd: er zijn al realisaties of uitgaven "
                    "op vastgelegd."
                )
                % {"object": instance},
            )
        else:
            messages.success(request, _("'%(object)s' is verwijderd.") % {"object": instance})
        return redirect(self.plan.get_absolute_url() + (f"#{self.anchor}" if self.anchor else ""))
