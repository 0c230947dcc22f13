"""Writing the official figures: the one import every caller goes through (the beheerder's
page, the command import_official_counts, the demo load)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from regions.permissions import can_import_official_counts

from ..models import OfficialCount, OfficialCountImport
from .formats import DEFAULT_FORMAT, FORMATS, read_official_counts


def official_counts_import(
    *, uploaded_file, actor, format_name: str = DEFAULT_FORMAT
) -> OfficialCountImport:
    """Import a file of official figures (`uploaded_file`: an uploaded file, or anything with
    `name` and `read()`), as the beheerder `actor`. Every row is checked first
    (formats.FORMATS[format_name]); a file with any problem raises FileRejected naming row
    and column, and nothing is written. Otherwise, in one transaction: the import is kept
    (file, bytes, who, when) and each row's figure is new, changed (a publication corrects
    an earlier quarter: the figure is replaced, its history keeps the old one and who
    replaced it) or unchanged. Figures of the database the file does not mention stay as
    they are. Returns the import with new_count, changed_count and unchanged_count."""
    if not can_import_official_counts(actor):
        raise PermissionDenied(_("Alleen de beheerder importeert de officiële cijfers."))
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}")
    file_name = uploaded_file.name.rsplit("/", 1)[-1]
    content = uploaded_file.read()
    rows = read_official_counts(file_name=file_name, content=content, format_name=format_name)
    with transaction.atomic():
        now = timezone.now()
        peildata = {row.peildatum for row in rows}
        stored = {
            (count.region_id, count.peildatum, count.sector): count
            for count in OfficialCount.objects.select_for_update().filter(peildatum__in=peildata)
        }
        upload = OfficialCountImport(
            file_name=file_name,
            content=content,
            status=OfficialCountImport.Status.VERWERKT,
            format=format_name,
            row_count=len(rows),
            uploaded_by=actor,
            committed_at=now,
        )
        new, changed, unchanged = [], [], 0
        changes = []
        for row in rows:
            count = stored.get((row.region_id, row.peildatum, row.sector))
            if count is None:
                new.append(row)
            elif (count.extra_jobs, count.source) == (row.extra_jobs, row.source):
                unchanged += 1
            else:
                changes.append(
                    {
                        "row": row.number,
                        "region": row.region_code,
                        "peildatum": row.peildatum.isoformat(),
                        "sector": row.sector,
                        "old": count.extra_jobs,
                        "new": row.extra_jobs,
                    }
                )
                count.extra_jobs, count.source = row.extra_jobs, row.source
                changed.append(count)
        upload.new_count, upload.changed_count, upload.unchanged_count = (
            len(new),
            len(changed),
            unchanged,
        )
        upload.results = {"changes": changes}
        upload.full_clean()
        upload.save()
        created = [
            OfficialCount(
                region_id=row.region_id,
                peildatum=row.peildatum,
                sector=row.sector,
                extra_jobs=row.extra_jobs,
                source=row.source,
                official_import=upload,
            )
            for row in new
        ]
        for count in created:
            count.full_clean(exclude=["official_import", "region"], validate_unique=False)
        bulk_create_with_history(created, OfficialCount, default_user=actor, default_date=now)
        for count in changed:
            count.official_import = upload
            count.updated_at = now
        bulk_update_with_history(
            changed,
            OfficialCount,
            ["extra_jobs", "source", "official_import", "updated_at"],
            default_user=actor,
            default_date=now,
        )
    return upload
