"""The admin (/beheer/) has no side doors: what it can change goes through
programmes.services with the rules of the pages, or it is read-only here. A plan's status
changes only by the admin actions that call plan_change_status; an adopted or closed plan and
every row of it (lines, projects, targets, activities, risks, periods, budget lines …) are
read-only and cannot be deleted: a new version changes them, and a target of an adopted plan
is revised with a reason on the plan's progress page. A plan with realisations, deliveries or
reports is history and is never deleted."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgets import services as budget_services
from core.concurrency import ConcurrentEditError, Revisioned
from regions.admin import HistoryAdmin
from regions.permissions import can_make_new_version

from . import services
from .models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyFigure,
    NationalTarget,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    ReportingPeriod,
    Risk,
    Target,
)

# Enough to print Target.__str__ (project, line or plan, and indicator) without extra queries.
TARGET_RELATED = ["plan", "line", "project", "indicator"]


def _follow(value, path: str):
    """`value.a.b` for path "a.b"; None as soon as a step is None."""
    for name in path.split(".") if path else []:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _plan_is_open(plan) -> bool:
    return plan is None or plan.is_editable


def _has_history(plan) -> bool:
    """Realisations or deliveries: what was counted stays. (A plan's reports protect it in
    the database: Report.plan is PROTECT.)"""
    return plan.targets.filter(realisations__isnull=False).exists() or plan.deliveries.exists()


def row_save(*, plan, instance, actor) -> None:
    """Save a plan's row from the admin as the pages do: through child_save (refused once the
    plan is adopted, validated, revision counted, author in the history)."""
    if isinstance(instance, Revisioned) and plan is not None:
        expected = instance.revision if instance.pk is not None else None
        services.child_save(plan=plan, instance=instance, expected_revision=expected, actor=actor)
    else:
        services.plan_row_save(plan=plan, instance=instance, actor=actor)


def row_delete(*, plan, instance, actor) -> None:
    if plan is None:  # a key figure of a region, outside any plan
        instance.delete()
    else:
        services.child_delete(plan=plan, instance=instance, actor=actor)


class PlanRowForm(forms.ModelForm):
    """Refuses a row for a plan that is adopted or closed, with the message the pages give."""

    plan_path = "plan"

    def clean(self):
        cleaned = super().clean()
        first, _dot, rest = self.plan_path.partition(".")
        start = cleaned[first] if first in cleaned else getattr(self.instance, first, None)
        plan = _follow(start, rest)
        if not _plan_is_open(plan):
            raise ValidationError(str(services.PlanNotEditableError(plan)))
        return cleaned


class PlanRowAdminMixin:
    """A row of a plan: changed through the services while the plan is open, read-only and
    undeletable once it is adopted or closed. `plan_path` says how the row reaches its plan."""

    form = PlanRowForm
    plan_path = "plan"

    def plan_of(self, obj):
        return _follow(obj, self.plan_path)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or _plan_is_open(self.plan_of(obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or _plan_is_open(self.plan_of(obj))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.plan_path = self.plan_path
        return form

    def save_model(self, request, obj, form, change):
        row_save(plan=self.plan_of(obj), instance=obj, actor=request.user)

    def delete_model(self, request, obj):
        row_delete(plan=self.plan_of(obj), instance=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class PlanRowInlineMixin:
    """Rows shown inside their parent's page follow the parent's plan: editable only while
    it is open. `parent_plan_path` says how the parent reaches its plan ("" for a plan)."""

    parent_plan_path = "plan"

    def _open(self, obj) -> bool:
        return obj is None or _plan_is_open(_follow(obj, self.parent_plan_path))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._open(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._open(obj)


class RowsThroughServicesMixin:
    """The parent's inline rows are saved and deleted through the services as well."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        parent_plan = self.plan_of(form.instance)
        for obj in formset.deleted_objects:
            row_delete(plan=parent_plan, instance=obj, actor=request.user)
        for instance in instances:
            row_save(plan=parent_plan, instance=instance, actor=request.user)
        formset.save_m2m()


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "measure", "baseline_date"]
    list_filter = ["kind", "measure"]
    search_fields = ["name", "code"]


@admin.register(NationalTarget)
class NationalTargetAdmin(admin.ModelAdmin):
    list_display = ["programme", "indicator", "sector", "measured_on", "value"]
    list_filter = ["programme", "indicator", "sector"]
    list_select_related = ["programme", "indicator"]


class PlanLineInline(PlanRowInlineMixin, admin.TabularInline):
    parent_plan_path = ""
    model = PlanLine
    fields = ["position", "title", "accountable_organisation", "partners"]
    autocomplete_fields = ["accountable_organisation"]
    extra = 0
    show_change_link = True


def _transition_action(new_status: str, label):
    """An admin action that moves the selected plans to `new_status` through
    plan_change_status, with its rules; a plan that may not make the step is named."""

    def action(modeladmin, request, queryset):
        changed, refused = 0, []
        for plan in queryset:
            try:
                services.plan_change_status(
                    plan=plan,
                    actor=request.user,
                    new_status=new_status,
                    expected_revision=plan.revision,
                )
            except (services.StatusTransitionError, ConcurrentEditError) as error:
                refused.append(f"{plan}: {error}")
            else:
                changed += 1
        if changed:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d plan heeft nu de status %(status)s.",
                    "%(count)d plannen hebben nu de status %(status)s.",
                    changed,
                )
                % {"count": changed, "status": ActionPlan.Status(new_status).label},
                messages.SUCCESS,
            )
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = f"make_{new_status}"
    action.short_description = label
    return action


@admin.register(ActionPlan)
class ActionPlanAdmin(HistoryAdmin):
    """A plan's status changes only through the actions, which call plan_change_status; an
    adopted or closed plan is read-only (make a new version: the action here or the button on
    the plan's page), and a plan with history (realisations, deliveries, reports) or an
    adopted one is never deleted. A plan added here is made by plan_create, as on the page."""

    list_display = [
        "title",
        "version",
        "region",
        "programme",
        "status",
        "start_date",
        "end_date",
    ]
    list_filter = ["region", "programme", "status"]
    list_select_related = ["region", "programme"]
    search_fields = ["title", "region__name", "programme__name"]
    autocomplete_fields = ["region"]
    # The lifecycle belongs to the services: status by the actions, versions by "new version".
    readonly_fields = [
        "status",
        "status_changed_at",
        "status_changed_by",
        "version",
        "previous_version",
        "created_at",
        "updated_at",
    ]
    inlines = [PlanLineInline]
    actions = [
        _transition_action(ActionPlan.Status.TER_BESPREKING, _("Ter bespreking brengen")),
        _transition_action(ActionPlan.Status.CONCEPT, _("Terugzetten naar concept")),
        _transition_action(ActionPlan.Status.VASTGESTELD, _("Vaststellen")),
        _transition_action(ActionPlan.Status.AFGESLOTEN, _("Afsluiten")),
        "make_new_version",
    ]

    @admin.action(description=_("Nieuwe versie maken"), permissions=["add"])
    def make_new_version(self, request, queryset):
        """The plan page's "Nieuwe versie maken" for the selected plans: the same permission
        (can_make_new_version) and the same service, so the budget comes along."""
        for plan in queryset:
            if not can_make_new_version(request.user, plan):
                message = _("U mag van dit plan geen nieuwe versie maken.")
                self.message_user(request, f"{plan}: {message}", messages.ERROR)
                continue
            try:
                new_plan = budget_services.plan_new_version_with_budget(
                    plan=plan, actor=request.user
                )
            except services.StatusTransitionError as error:
                self.message_user(request, f"{plan}: {error}", messages.ERROR)
            else:
                created = _("Versie %(version)s is aangemaakt als concept.") % {
                    "version": new_plan.version
                }
                self.message_user(request, f"{plan}: {created}", messages.SUCCESS)

    def plan_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _plan_is_open(obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.is_editable and not _has_history(obj))

    def save_model(self, request, obj, form, change):
        if change:
            services.plan_update(plan=obj, actor=request.user, expected_revision=obj.revision)
        else:
            services.plan_create(actor=request.user, plan=obj)

    def save_formset(self, request, form, formset, change):
        RowsThroughServicesMixin.save_formset(self, request, form, formset, change)


class ProjectInline(PlanRowInlineMixin, admin.TabularInline):
    model = Project
    fields = ["position", "title", "accountable_organisation", "start_date", "end_date"]
    autocomplete_fields = ["accountable_organisation"]
    extra = 0
    show_change_link = True


@admin.register(PlanLine)
class PlanLineAdmin(PlanRowAdminMixin, RowsThroughServicesMixin, HistoryAdmin):
    list_display = ["title", "plan", "position", "accountable_organisation"]
    list_filter = ["plan__region", "plan__programme"]
    list_select_related = ["plan", "accountable_organisation"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan", "accountable_organisation"]
    inlines = [ProjectInline]


@admin.register(Project)
class ProjectAdmin(PlanRowAdminMixin, HistoryAdmin):
    plan_path = "line.plan"

    list_display = [
        "title",
        "line",
        "position",
        "accountable_organisation",
        "start_date",
        "end_date",
    ]
    list_filter = ["line__plan__region", "line__plan__programme"]
    list_select_related = ["line", "accountable_organisation"]
    search_fields = ["title", "line__title", "line__plan__title"]
    autocomplete_fields = ["line", "accountable_organisation"]


@admin.register(Activity)
class ActivityAdmin(PlanRowAdminMixin, admin.ModelAdmin):
    list_display = ["description", "plan", "project", "owner_role", "due", "due_date", "status"]
    list_filter = ["status", "plan__region", "plan__programme"]
    list_select_related = ["plan", "project"]
    search_fields = ["description", "owner_role", "plan__title"]
    autocomplete_fields = ["plan", "project"]


@admin.register(Risk)
class RiskAdmin(PlanRowAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "likelihood", "impact", "owner_role"]
    list_filter = ["likelihood", "impact", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["description", "mitigation", "plan__title"]
    autocomplete_fields = ["plan"]


class PrognosisInline(PlanRowInlineMixin, admin.TabularInline):
    model = Prognosis
    fields = ["label", "start_date", "end_date", "value"]
    ordering = ["start_date"]
    extra = 0


@admin.register(Target)
class TargetAdmin(PlanRowAdminMixin, RowsThroughServicesMixin, HistoryAdmin):
    """A target of an adopted plan is read-only here: it is revised with a reason on the
    plan's progress page (target_revise), so the original value stays visible beside it."""

    list_display = [
        "__str__",
        "plan",
        "line",
        "project",
        "indicator",
        "sector",
        "value",
        "start_date",
        "end_date",
    ]
    list_filter = ["plan__region", "plan__programme", "indicator", "sector"]
    list_select_related = TARGET_RELATED
    search_fields = [
        "description",
        "plan__title",
        "line__title",
        "project__title",
        "indicator__name",
    ]
    autocomplete_fields = ["plan", "line", "project", "indicator"]
    inlines = [PrognosisInline]


@admin.register(Prognosis)
class PrognosisAdmin(PlanRowAdminMixin, admin.ModelAdmin):
    plan_path = "target.plan"

    list_display = ["target", "label", "start_date", "end_date", "value"]
    list_filter = ["target__plan__region", "target__indicator"]
    list_select_related = [f"target__{name}" for name in TARGET_RELATED]
    # Meta.ordering ("target", …) makes Django report an ordering loop; order by the key.
    ordering = ["target_id", "start_date"]
    search_fields = ["label", "target__plan__title"]
    autocomplete_fields = ["target"]


@admin.register(KeyFigure)
class KeyFigureAdmin(PlanRowAdminMixin, admin.ModelAdmin):
    list_display = ["label", "region", "plan", "value", "unit", "target_group", "reference_date"]
    list_filter = ["region", "unit", "target_group"]
    list_select_related = ["region", "plan"]
    search_fields = ["label", "source"]
    autocomplete_fields = ["region", "plan"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PlanRowAdminMixin, admin.ModelAdmin):
    """Periods are made from the plan's period length; a plan with its own division
    ("eigen indeling") has its periods added here while it is open. A closed period is
    read-only: closing is done on the grid, and it is never reopened here."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_closed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_closed)

    list_display = ["plan", "code", "start_date", "end_date", "closed_at", "closed_by"]
    list_filter = ["plan__region", "plan__programme"]
    list_select_related = ["plan", "closed_by"]
    search_fields = ["code", "plan__title"]
    ordering = ["plan_id", "start_date"]
    autocomplete_fields = ["plan"]
    readonly_fields = ["closed_at", "closed_by"]
