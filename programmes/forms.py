"""Forms for plans and their parts. Each edit form carries the revision it was loaded with,
so a save after someone else's is refused (core.concurrency)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, RevisionFormMixin

from .models import ActionPlan, Activity, PlanLine, Prognosis, Project, Risk, Target


class ActionPlanForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["region", "programme", "title", "start_date", "end_date", "summary", "source"]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
            self.fields["region"].required = True
            self.fields["region"].empty_label = None if regions.count() == 1 else "---------"
        if self.instance.pk:
            # A plan stays in its region; moving it would hand it to other people.
            self.fields["region"].disabled = True


class PlanChildForm(RevisionFormMixin, forms.ModelForm):
    """A form for a row of `plan`: choices of lines and projects are limited to the plan."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if hasattr(self.instance, "plan_id") and not self.instance.plan_id:
            self.instance.plan = plan
        if "line" in self.fields:
            self.fields["line"].queryset = PlanLine.objects.filter(plan=plan)
        if "project" in self.fields:
            self.fields["project"].queryset = Project.objects.filter(
                line__plan=plan
            ).select_related("line")


class PlanLineForm(PlanChildForm):
    class Meta:
        model = PlanLine
        fields = ["position", "title", "description", "accountable_organisation", "partners"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProjectForm(PlanChildForm):
    class Meta:
        model = Project
        fields = [
            "line",
            "position",
            "title",
            "description",
            "accountable_organisation",
            "contact_role",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"line": {"required": _("Kies de lijn waar dit project onder valt.")}}


class TargetForm(PlanChildForm):
    class Meta:
        model = Target
        fields = [
            "line",
            "project",
            "indicator",
            "sector",
            "value",
            "start_date",
            "end_date",
            "description",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}
        help_texts = {
            "line": _("Leeg voor een doel van het hele plan."),
            "project": _("Leeg voor een doel van de lijn of het plan."),
        }
        error_messages = {
            "indicator": {"required": _("Kies wat deze doelstelling telt (de indicator).")},
            "value": {"min_value": _("Een doel kan niet negatief zijn.")},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if not self.instance.pk:
            self.fields["start_date"].initial = plan.start_date
            self.fields["end_date"].initial = plan.end_date


class PrognosisForm(forms.ModelForm):
    class Meta:
        model = Prognosis
        fields = ["label", "start_date", "end_date", "value"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


PrognosisFormSet = forms.inlineformset_factory(
    Target, Prognosis, form=PrognosisForm, extra=2, can_delete=True
)


class ActivityForm(PlanChildForm):
    class Meta:
        model = Activity
        fields = ["description", "owner_role", "project", "due", "due_date", "status"]
        widgets = {"due_date": DATE_INPUT}


class RiskForm(PlanChildForm):
    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "owner_role"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }
