"""Import of a delivery of realisations (CSV or XLSX): the template to fill in, the upload,
a preview of what every row would do, and the commit. For programme managers of the plan's
region (placements.mixins.RecordingPlanMixin); the checking is placements.imports, the writes
placements.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.tabular.pages import TableUploadForm, template_file_response

from .. import imports, services
from ..mixins import RecordingPlanMixin
from ..models import Delivery
from ..selectors import records


class DeliveryUploadForm(TableUploadForm):
    file_label = gettext_lazy("Bestand met realisaties (.csv of .xlsx)")
    required_message = gettext_lazy("Kies een bestand om aan te leveren.")

    def max_bytes(self) -> int:
        return imports.max_bytes()


class DeliveryCommitForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden voor de correcties in afgesloten perioden"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeliveriesMixin(RecordingPlanMixin):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            deliveries=records.deliveries_for(plan=self.plan),
            columns=[
                (name, imports.COLUMN_HELP[name], name in imports.REQUIRED_COLUMNS)
                for name in imports.COLUMNS
            ],
            max_size=imports.max_bytes(),
            **kwargs,
        )


class ImportUploadView(DeliveriesMixin, FormView):
    template_name = "placements/import_upload.html"
    form_class = DeliveryUploadForm

    def form_valid(self, form):
        try:
            delivery = services.delivery_upload(
                plan=self.plan, uploaded_file=form.cleaned_data["file"], actor=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return redirect("placements:import-preview", plan_pk=self.plan.pk, pk=delivery.pk)


class ImportPreviewView(DeliveriesMixin, TemplateView):
    """Every row of the delivery with what committing would do, as the check at upload (or
    at commit) found it and stored it: the file is never read again to draw this page.
    Errors named by row and column. The commit button only without errors; committing
    checks the file once more against the plan as it is then."""

    template_name = "placements/import_preview.html"

    def get_delivery(self) -> Delivery:
        if not hasattr(self, "delivery"):
            self.delivery = get_object_or_404(
                # The file itself is not needed: the page shows the stored results.
                Delivery.objects.select_related("uploaded_by", "plan").defer("content"),
                pk=self.kwargs["pk"],
                plan=self.plan,
            )
        return self.delivery

    def get_context_data(self, **kwargs):
        delivery = self.get_delivery()
        result = imports.stored_result(delivery=delivery)
        problems = result.problems if result else []
        return super().get_context_data(
            delivery=delivery,
            result=result,
            summary=result.summary if result else {},
            problems=problems,
            # Of every row, also those a large file's stored result leaves out.
            problem_count=result.error_count if result else len(problems),
            # Without a stored result (a delivery from before they were kept) the commit
            # still checks the file itself.
            may_commit=delivery.status == Delivery.Status.VOORBEELD and not problems,
            commit_form=kwargs.pop("commit_form", None) or DeliveryCommitForm(),
            **kwargs,
        )


class ImportCommitView(ImportPreviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        delivery = self.get_delivery()
        form = DeliveryCommitForm(request.POST)
        if form.is_valid():
            try:
                delivery = services.delivery_commit(
                    delivery=delivery, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except services.PeriodClosedError as error:
                form.add_error("reason", error)
            except ValidationError as error:
                messages.error(
                    request,
                    _("Er is niets verwerkt: %(errors)s") % {"errors": " ".join(error.messages)},
                )
                return redirect("placements:import-preview", plan_pk=self.plan.pk, pk=delivery.pk)
            else:
                summary = delivery.result.summary
                messages.success(
                    request,
                    _(
                        "Aanlevering %(name)s is verwerkt: %(new)s nieuw, %(changed)s gewijzigd, "
                        "%(unchanged)s ongewijzigd."
                    )
                    % {
                        "name": delivery.file_name,
                        "new": summary[imports.Outcome.NEW],
                        "changed": summary[imports.Outcome.CHANGED],
                        "unchanged": summary[imports.Outcome.UNCHANGED],
                    },
                )
                return redirect("placements:import-preview", plan_pk=self.plan.pk, pk=delivery.pk)
        return self.render_to_response(self.get_context_data(commit_form=form))


class ImportTemplateView(RecordingPlanMixin, View):
    """The template, pre-filled with the plan's targets and periods, as XLSX or CSV."""

    def get(self, request, *args, format: str, **kwargs):
        make = imports.template_xlsx if format == "xlsx" else imports.template_csv
        return template_file_response(
            make(plan=self.plan), file_name=f"realisaties-plan-{self.plan.pk}-sjabloon.{format}"
        )
