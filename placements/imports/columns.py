"""The delivery file's format: its columns, which may be left out, and what each means.
One place, because the reader, the checks, the preview and the template all speak it."""

from django.utils.translation import gettext_lazy

# The template's columns, in its order. The names are the file format: never translated.
LINE, PROJECT, INDICATOR, SECTOR, TARGET_GROUP, PERIOD, COUNT, SOURCE = (
    "lijn",
    "project",
    "indicator",
    "sector",
    "doelgroep",
    "periode",
    "aantal",
    "bron",
)
COLUMNS = (LINE, PROJECT, INDICATOR, SECTOR, TARGET_GROUP, PERIOD, COUNT, SOURCE)
# sector and doelgroep may be left out of a file that has no breakdown at all.
REQUIRED_COLUMNS = (LINE, PROJECT, INDICATOR, PERIOD, COUNT, SOURCE)
COLUMN_HELP = {
    LINE: gettext_lazy(
        "Titel van de lijn (pijler) zoals in het plan. Leeg voor een doelstelling van het "
        "hele plan."
    ),
    PROJECT: gettext_lazy(
        "Titel van het project binnen die lijn. Leeg voor een doelstelling van de lijn of het plan."
    ),
    INDICATOR: gettext_lazy("Code of naam van de indicator (wat er geteld wordt)."),
    SECTOR: gettext_lazy(
        "markt of overheid: de sector van de doelstelling, of de uitsplitsing als de indicator "
        "per sector wordt uitgesplitst. Anders leeg."
    ),
    TARGET_GROUP: gettext_lazy(
        "Code van de doelgroep, alleen als de indicator per doelgroep wordt uitgesplitst. "
        "Anders leeg."
    ),
    PERIOD: gettext_lazy("Code van de rapportageperiode van het plan, bijvoorbeeld 2019-K1."),
    COUNT: gettext_lazy("Het aantal: een geheel getal van 0 of meer."),
    SOURCE: gettext_lazy("Wie het aantal aanlevert, bijvoorbeeld UWV, WSP of een gemeente."),
}
