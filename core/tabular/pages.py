"""What the import pages share: the upload form (one CSV or XLSX file, refused here when it
is larger than the import allows) and the response that hands out a template file."""

from django import forms
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import check_size

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


class TableUploadForm(forms.Form):
    """One file to import. Each import names its file (`file_label`), what to say when none
    is chosen (`required_message`) and its largest file (`max_bytes`)."""

    file_label: Promise
    required_message: Promise

    file = forms.FileField(
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv," + XLSX_TYPE}),
        error_messages={"empty": gettext_lazy("Het gekozen bestand is leeg.")},
    )

    def max_bytes(self) -> int:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.label = self.file_label
        field.error_messages["required"] = self.required_message
        field.help_text = _(
            "Een CSV-bestand (UTF-8, kolommen gescheiden door ; of ,) of een Excel-werkmap, "
            "ten hoogste %(size)s, met de kolommen van het sjabloon."
        ) % {"size": filesizeformat(self.max_bytes())}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_size(uploaded.size, self.max_bytes())  # FileRejected is a ValidationError
        return uploaded


def template_file_response(content: bytes, *, file_name: str) -> HttpResponse:
    """A template file (.xlsx or .csv, by `file_name`'s extension) as a download."""
    extension = file_name.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
