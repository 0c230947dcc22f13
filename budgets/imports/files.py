"""Reading a spending file: core.tabular reads it (exactly or not at all, under the limits
every import shares, TABLE_IMPORT_* in the settings) with the spending file's columns."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from core import tabular
from core.tabular import Limits

from .columns import COLUMNS, REQUIRED_COLUMNS

FORMAT = tabular.TableFormat(
    columns=COLUMNS, required_columns=REQUIRED_COLUMNS, contents=gettext_lazy("uitgaven")
)


def limits() -> Limits:
    return Limits.from_settings("TABLE_IMPORT")


def max_bytes() -> int:
    return settings.TABLE_IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    tabular.check_size(size, max_bytes())
