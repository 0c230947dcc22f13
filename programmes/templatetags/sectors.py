"""`{{ value|sector_label }}`: a stored sector by its name (marktsector, overheidssector), from
the Sector choices rather than a template comparing stored values."""

from django import template

from programmes.choices import Sector

register = template.Library()


@register.filter
def sector_label(value) -> str:
    """The sector's name; nothing for no sector (a total) or a value that is no sector."""
    return str(Sector(value).label) if value in Sector.values else ""
