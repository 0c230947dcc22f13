"""Reading a delivery file: core.tabular reads it (exactly or not at all, under the limits)
with the delivery's columns and the realisation import's limits, named REALISATION_IMPORT_*
in the settings."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from core import tabular
from core.tabular import EXTENSIONS, Limits

from .columns import COLUMNS, REQUIRED_COLUMNS

__all__ = ["EXTENSIONS", "FORMAT", "Limits", "check_size", "limits", "max_bytes", "read_table"]

FORMAT = tabular.TableFormat(
    columns=COLUMNS, required_columns=REQUIRED_COLUMNS, contents=gettext_lazy("realisaties")
)


def limits() -> Limits:
    return Limits.from_settings("REALISATION_IMPORT")


def max_bytes() -> int:
    return settings.REALISATION_IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    tabular.check_size(size, max_bytes())


def read_table(*, file_name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the delivery as (row number, {column: text}); raises FileRejected
    for a file that cannot be imported at all."""
    return tabular.read_table(file_name=file_name, content=content, table=FORMAT, limit=limits())
