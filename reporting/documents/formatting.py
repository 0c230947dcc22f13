"""The Dutch house style of a report: 16-08-2021, 1.400, € 1.030.000 and 90,6 %, in Dutch
whoever asks. One place, so the PDF, the XLSX and the CSV show a figure the same way."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.werkregio import count, euro, percentage

LANGUAGE = "nl"  # reports go to Dutch boards and ministries, whoever asks for them


def to_date(value) -> date | None:
    """A date as frozen (ISO text), a date or a datetime (in local time) as a date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def show_date(value) -> str:
    """16-08-2021, or "" for no date."""
    day = to_date(value)
    return f"{day:%d-%m-%Y}" if day else ""


def show_period(start, end) -> str:
    """16-08-2021 t/m 31-12-2021 (the wording of reporting.schedule.Period)."""
    return f"{show_date(start)} t/m {show_date(end)}"


# The house style's filters, under the names the renderers use. Each shows "–" for nothing
# known and rounds half up by core.numbers, as the pages do; the callers override the
# language to LANGUAGE.
show_count = count  # 1.400
show_euro = euro  # € 1.030.000 (whole euros, as the plans state their budgets)
show_percentage = percentage  # 90,6 % (one decimal)


def scope_label(line: str, project: str) -> str:
    """Where a row belongs: "line › project", the line alone, or the whole plan."""
    if project:
        return f"{line} › {project}" if line else project
    return line or _("hele plan")
