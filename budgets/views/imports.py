"""Import of spending (CSV or XLSX, a financial system's export): the template to fill in,
the upload with the plan's earlier imports, a preview of what every row would record, and
the commit. For whoever may record spending on the plan (permissions.can_record_spending);
the checking is budgets.imports, the writes budgets.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.formatting import euro
from core.tabular.pages import TableUploadForm, template_file_response
from programmes.mixins import PlanMixin
from regions.permissions import Action, can_record_spending

from .. import imports, selectors, services
from ..models import SpendingImport


class SpendingImportForm(TableUploadForm):
    file_label = gettext_lazy("Bestand met uitgaven (.csv of .xlsx)")
    required_message = gettext_lazy("Kies een bestand om te importeren.")

    def max_bytes(self) -> int:
        return imports.max_bytes()


class SpendingImportMixin(PlanMixin):
    """Only for people who may record spending on the plan (programme managers of its
    region, while it is not closed): permissions.can_record_spending decides."""

    plan_url_kwarg = "plan_pk"
    permission_action = Action.RECORD_SPENDING

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if not can_record_spending(request.user, self.plan):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            spending_imports=selectors.spending_imports_for(plan=self.plan),
            columns=[
                (name, imports.COLUMN_HELP[name], name in imports.REQUIRED_COLUMNS)
                for name in imports.COLUMNS
            ],
            **kwargs,
        )


class SpendingImportUploadView(SpendingImportMixin, FormView):
    template_name = "budgets/imports/upload.html"
    form_class = SpendingImportForm

    def form_valid(self, form):
        try:
            spending_import = services.spending_import_upload(
                plan=self.plan, uploaded_file=form.cleaned_data["file"], actor=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return redirect(
            "budgets:spending-import-preview", plan_pk=self.plan.pk, pk=spending_import.pk
        )


class SpendingImportPreviewView(SpendingImportMixin, TemplateView):
    """Every row of the file with what committing would record, as the check at upload (or
    at commit) found it and stored it: the file is never read again to draw this page. The
    commit button only without errors; committing checks the file once more."""

    template_name = "budgets/imports/preview.html"

    def get_import(self) -> SpendingImport:
        if not hasattr(self, "spending_import"):
            try:
                self.spending_import = selectors.spending_import_for_preview(
                    plan=self.plan, pk=self.kwargs["pk"]
                )
            except SpendingImport.DoesNotExist as missing:
                raise Http404 from missing
        return self.spending_import

    def get_context_data(self, **kwargs):
        spending_import = self.get_import()
        result = imports.stored_result(spending_import=spending_import)
        problems = result.problems if result else []
        return super().get_context_data(
            spending_import=spending_import,
            result=result,
            summary=result.summary if result else {},
            problems=problems,
            # Of every row, also those a large file's stored result leaves out.
            problem_count=result.error_count if result else len(problems),
            may_commit=spending_import.is_preview and result is not None and not problems,
            **kwargs,
        )


class SpendingImportCommitView(SpendingImportPreviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        spending_import = self.get_import()
        try:
            spending_import = services.spending_import_commit(
                spending_import=spending_import, actor=request.user
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Er is niets verwerkt: %(errors)s") % {"errors": " ".join(error.messages)},
            )
        else:
            result = spending_import.result
            messages.success(
                request,
                _(
                    "Import %(name)s is verwerkt: %(count)s uitgaven (samen %(total)s) wachten op "
                    "goedkeuring."
                )
                % {
                    "name": spending_import.file_name,
                    "count": len(result.to_apply),
                    "total": euro(result.total, cents=True),
                },
            )
        return redirect(
            "budgets:spending-import-preview", plan_pk=self.plan.pk, pk=spending_import.pk
        )


class SpendingImportTemplateView(SpendingImportMixin, View):
    """The template, one row per budget line of the plan, as XLSX or CSV."""

    def get(self, request, *args, format: str, **kwargs):
        make = imports.template_xlsx if format == "xlsx" else imports.template_csv
        return template_file_response(
            make(plan=self.plan), file_name=f"uitgaven-plan-{self.plan.pk}-sjabloon.{format}"
        )
