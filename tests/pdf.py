"""Reading a PDF back as a user's reader would: its text, for asserting what it says."""

import io
import re

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, as a reader gets it, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
