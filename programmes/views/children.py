"""The rows of a plan (lines, projects, targets, activities, risks), edited while the plan is
open through programmes.services with the shared plan-row views of programmes.mixins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import ConcurrentEditError, refuse_stale_save

from .. import services
from ..forms import (
    ActivityForm,
    PlanLineForm,
    PrognosisFormSet,
    ProjectForm,
    RiskForm,
    TargetForm,
)
from ..mixins import PlanChildFormView
from ..models import Activity, PlanLine, Project, Risk, Target


# Class-level titles are lazy: they are translated per request, in the user's language.
class LineFormView(PlanChildFormView):
    model, form_class, anchor = PlanLine, PlanLineForm, "lines-heading"
    title_create, title_update = gettext_lazy("Lijn toevoegen"), gettext_lazy("Lijn bewerken")


class ProjectFormView(PlanChildFormView):
    model, form_class, anchor = Project, ProjectForm, "lines-heading"
    title_create, title_update = gettext_lazy("Project toevoegen"), gettext_lazy("Project bewerken")

    def scoped_queryset(self):
        return Project.objects.filter(line__plan=self.plan)

    def get_initial(self):
        return {"line": self.request.GET["lijn"]} if "lijn" in self.request.GET else {}


class TargetFormView(PlanChildFormView):
    model, form_class, anchor = Target, TargetForm, "targets-heading"
    title_create, title_update = (
        gettext_lazy("Doelstelling toevoegen"),
        gettext_lazy("Doelstelling bewerken"),
    )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # loads self.object
        kwargs.setdefault("extra_template", "programmes/includes/prognoses.html")
        if "prognoses" not in kwargs:
            kwargs["prognoses"] = PrognosisFormSet(
                instance=self.object or Target(), prefix="prognoses"
            )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        prognoses = PrognosisFormSet(
            request.POST, instance=self.object or Target(), prefix="prognoses"
        )
        if form.is_valid() and prognoses.is_valid():
            try:
                services.target_save(
                    plan=self.plan,
                    target=form.instance,
                    prognoses=prognoses,
                    expected_revision=form.expected_revision,
                    actor=request.user,
                )
            except ConcurrentEditError as error:
                refuse_stale_save(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Opgeslagen."))
                self.after_save(form)
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form, prognoses=prognoses))


class ActivityFormView(PlanChildFormView):
    model, form_class, anchor = Activity, ActivityForm, "activities-heading"
    title_create, title_update = (
        gettext_lazy("Activiteit toevoegen"),
        gettext_lazy("Activiteit bewerken"),
    )


class RiskFormView(PlanChildFormView):
    model, form_class, anchor = Risk, RiskForm, "risks-heading"
    title_create, title_update = gettext_lazy("Risico toevoegen"), gettext_lazy("Risico bewerken")
