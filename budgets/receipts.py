"""The receipt (bon of factuur) of a spending entry: a PDF or an image, checked for what it
really is before it is stored, since it is opened later by someone else (the penningmeester).
The name says what a file claims to be; its bytes must agree: a PDF opens with pypdf, an image
passes Pillow's verify() in the format its extension names. Everything else is refused with a
message that names the file and what is wrong."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError


@dataclass(frozen=True)
class ReceiptKind:
    label: str  # how a person names it, in the messages
    content_type: str
    signature: bytes  # how the file starts
    image_format: str | None = None  # Pillow's name for it; None for a PDF


PDF = ReceiptKind("PDF", "application/pdf", b"%PDF-")
PNG = ReceiptKind("PNG", "image/png", b"\x89PNG\r\n\x1a\n", "PNG")
JPEG = ReceiptKind("JPEG", "image/jpeg", b"\xff\xd8\xff", "JPEG")
KINDS: dict[str, ReceiptKind] = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG}

# A PDF's header may follow some bytes of junk (the specification allows 1024), no further.
PDF_HEADER_WITHIN = 1024


def max_bytes() -> int:
    return settings.RECEIPT_MAX_BYTES


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def kind_of(name: str) -> ReceiptKind | None:
    """The kind a stored or uploaded receipt is, by its name (the stored name keeps the
    validated extension)."""
    return KINDS.get(extension_of(name))


def _refuse(name: str, problem: str) -> ValidationError:
    return ValidationError(
        _("Bon ‘%(name)s’: %(problem)s") % {"name": name, "problem": problem}, code="receipt"
    )


def _check_pdf(name: str, upload) -> None:
    upload.seek(0)
    if PDF.signature not in upload.read(PDF_HEADER_WITHIN):
        raise _refuse(name, _("dit bestand is geen PDF, al eindigt de naam op .pdf."))
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) == 0:
            raise _refuse(name, _("deze PDF heeft geen pagina's."))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _refuse(name, _("deze PDF is beschadigd en kan niet worden geopend.")) from error


def _check_image(name: str, upload, kind: ReceiptKind) -> None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except Image.DecompressionBombError as error:
        raise _refuse(
            name, _("deze afbeelding heeft te veel beeldpunten om veilig te openen.")
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        upload.seek(0)
        if upload.read(len(kind.signature)) == kind.signature:
            raise _refuse(
                name, _("deze afbeelding is beschadigd en kan niet worden geopend.")
            ) from error
        raise _refuse(
            name,
            _("dit bestand is geen %(kind)s-afbeelding, al eindigt de naam zo.")
            % {"kind": kind.label},
        ) from error
    if found != kind.image_format:
        raise _refuse(
            name,
            _("de naam zegt %(kind)s, maar het bestand is een %(found)s-afbeelding.")
            % {"kind": kind.label, "found": found},
        )


def validate_receipt(upload) -> ReceiptKind:
    """Check an uploaded receipt and return its kind; raise ValidationError (with the file's
    name and what is wrong) otherwise. Leaves the file at its start, ready to be stored."""
    name = upload.name or ""
    kind = kind_of(name)
    if kind is None:
        raise _refuse(
            name,
            _("alleen een PDF of een afbeelding (PNG of JPEG) kan als bon worden bewaard."),
        )
    if upload.size is None or upload.size > max_bytes():
        raise _refuse(
            name,
            _("het bestand is %(size)s; de grens is %(limit)s.")
            % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(max_bytes())},
        )
    if upload.size == 0:
        raise _refuse(name, _("het bestand is leeg."))
    try:
        if kind is PDF:
            _check_pdf(name, upload)
        else:
            _check_image(name, upload, kind)
    finally:
        upload.seek(0)
    return kind
