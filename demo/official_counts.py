"""The official Banenafspraak figures of the demo: the illustrative sample file
placements/data/officiele-cijfers-banenafspraak-voorbeeld.csv (no UWV publication: every
row says so in its bron), imported by the demo beheerder through the one import service, so
Haaglanden's and Gooi en Vechtstreek's registration stand beside an official figure. The
figures are chosen to differ plausibly from the worked examples' levels: within the 5 %
tolerance in most quarters, beyond it in a few (docs: the official-figures format)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

import placements
from demo.rows import Tally
from placements.models import OfficialCount, OfficialCountImport
from placements.official.services import official_counts_import

SAMPLE_FILE = (
    Path(placements.__file__).parent / "data" / "officiele-cijfers-banenafspraak-voorbeeld.csv"
)


def load(tally: Tally) -> None:
    """Import the sample file once: a second load finds it imported and changes nothing."""
    content = SAMPLE_FILE.read_bytes()
    if OfficialCountImport.objects.filter(file_name=SAMPLE_FILE.name, content=content).exists():
        return
    upload = official_counts_import(
        uploaded_file=SimpleUploadedFile(SAMPLE_FILE.name, content),
        actor=get_user_model().objects.get(username="beheerder"),
    )
    tally.add(OfficialCountImport)
    tally.add(OfficialCount, upload.new_count)
