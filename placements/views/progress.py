"""The progress page of a plan (ligt de regio op koers?) and revising a target. Every view
asks regions.permissions; a revision is written by programmes.services, figures come from
placements.selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.concurrency import ConcurrentEditError, concurrent_edit_message
from programmes import selectors as programme_selectors
from programmes import services as programme_services
from programmes.mixins import PlanMixin
from regions.permissions import Action, can_record_realisations, can_revise_target

from ..forms import TargetRevisionForm
from ..progress import has_ended
from ..selectors.progress import plan_progress, prognoses_with_realisation
from ..selectors.records import corrections_for


class ProgressView(PlanMixin, TemplateView):
    """Ligt de regio op koers? Per indicator and sector for the plan, then per line and
    project: target, realised to date, expected to date, status and forecast; the prognoses
    against what was realised; and the corrections."""

    template_name = "placements/progress.html"
    plan_url_kwarg = "plan_pk"
    permission_action = Action.VIEW

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        today = timezone.localdate()
        progress = plan_progress(plan=plan, today=today)
        may_revise = can_revise_target(user, plan)
        if may_revise:
            for row in progress.targets:
                row.target.revision_form = TargetRevisionForm(
                    initial={"value": row.target.value, "revision": row.target.revision},
                    prefix_id=f"target{row.target.pk}",
                )
        prognoses = prognoses_with_realisation(plan=plan)
        return super().get_context_data(
            progress=progress,
            as_of=progress.peildatum,
            plan_ended=has_ended(plan.end_date, today),
            lines=progress.tree,
            prognoses=prognoses,
            corrections=corrections_for(plan=plan),
            may_revise=may_revise,
            may_record=can_record_realisations(user, plan),
            **kwargs,
        )


class TargetReviseView(PlanMixin, FormView):
    """Revise a target of an adopted plan: a new value and the reason; the original value
    stays visible beside it."""

    template_name = "placements/progress_target_revise.html"
    form_class = TargetRevisionForm
    plan_url_kwarg = "plan_pk"
    permission_action = Action.VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if not can_revise_target(request.user, self.plan):
                raise PermissionDenied(
                    _("Alleen de programmamanager kan een doel van een vastgesteld plan herzien.")
                )
        return super().dispatch(request, *args, **kwargs)

    def get_target(self):
        if not hasattr(self, "target"):
            target = (
                programme_selectors.plan_targets(plan=self.plan)
                .filter(pk=self.kwargs["target_pk"])
                .first()
            )
            if target is None:
                raise Http404
            self.target = target
        return self.target

    def get_initial(self):
        target = self.get_target()
        return {"value": target.value, "revision": target.revision}

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.get_target(), **kwargs)

    def form_valid(self, form):
        target = self.get_target()
        try:
            programme_services.target_revise(
                target=target,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except programme_services.TargetRevisionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ConcurrentEditError as error:
            form.add_error(None, concurrent_edit_message(error))
            data = form.data.copy()
            data["revision"] = error.current.revision
            form.data = data
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het doel is herzien: %(value)s (oorspronkelijk %(original)s).")
            % {"value": target.value, "original": target.original_value},
        )
        return redirect("placements:progress", plan_pk=self.plan.pk)
