"""The house style of a report: 1.400, € 1.030.000 and 90,6 %, in Dutch whoever asks. The
figures are core.formatting's, as on the pages, bound to the report's language; dates and
periods are core.formatting's `show_date` and `show_period`."""

from django.utils.translation import gettext as _

from core import formatting

LANGUAGE = "nl"  # reports go to Dutch boards and ministries, whoever asks for them


def show_count(value) -> str:
    """1.400"""
    return formatting.count(value, language=LANGUAGE)


def show_signed_count(value) -> str:
    """+12 for a gain, -3 for a shortfall."""
    return formatting.count(value, signed=True, language=LANGUAGE)


def show_euro(value) -> str:
    """€ 1.030.000 (whole euros, as the plans state their budgets)"""
    return formatting.euro(value, language=LANGUAGE)


def show_percentage(value) -> str:
    """90,6 % (one decimal)"""
    return formatting.percentage(value, language=LANGUAGE)


def scope_label(line: str, project: str) -> str:
    """Where a row belongs: "line › project", the line alone, or the whole plan."""
    if project:
        return f"{line} › {project}" if line else project
    return line or _("hele plan")
