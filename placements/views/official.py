"""The beheerder's pages of the official Banenafspraak figures: the imports so far with each
region's latest peildatum, and the import of a file (upload and commit in one step: a file
with any problem is refused whole, its problems listed by row and column, and nothing is
written). The reading and checking is placements.official.formats, the write
placements.official.services; who may is regions.permissions.can_import_official_counts."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from core.tabular import FileRejected, Problem
from core.tabular.pages import TableUploadForm
from regions.permissions import can_import_official_counts

from ..official import formats
from ..official.services import official_counts_import
from ..selectors.reconciliation import official_count_imports, official_latest_per_region


class OfficialCountsUploadForm(TableUploadForm):
    file_label = gettext_lazy("Bestand met officiële cijfers (.csv of .xlsx)")
    required_message = gettext_lazy("Kies een bestand om te importeren.")

    def max_bytes(self) -> int:
        return formats.max_bytes()


class BeheerderMixin(AccessMixin):
    """Only the beheerder: anonymous users go to the login page, anyone else gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_import_official_counts(request.user):
            raise PermissionDenied(_("Alleen de beheerder importeert de officiële cijfers."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=[(name, formats.COLUMN_HELP[name]) for name in formats.COLUMNS], **kwargs
        )


class OfficialCountsView(BeheerderMixin, TemplateView):
    template_name = "placements/official_counts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            imports=official_count_imports(), regions=official_latest_per_region(), **kwargs
        )


class OfficialCountsImportView(BeheerderMixin, FormView):
    template_name = "placements/official_import.html"
    form_class = OfficialCountsUploadForm

    def form_valid(self, form):
        try:
            upload = official_counts_import(
                uploaded_file=form.cleaned_data["file"], actor=self.request.user
            )
        except FileRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, problems=rejected.problems)
            )
        except ValidationError as error:
            problems = [Problem(None, "", message) for message in error.messages]
            return self.render_to_response(self.get_context_data(form=form, problems=problems))
        messages.success(
            self.request,
            _(
                "%(name)s is geïmporteerd: %(new)s nieuw, %(changed)s gewijzigd, "
                "%(unchanged)s ongewijzigd."
            )
            % {
                "name": upload.file_name,
                "new": upload.new_count,
                "changed": upload.changed_count,
                "unchanged": upload.unchanged_count,
            },
        )
        return redirect("official:list")
