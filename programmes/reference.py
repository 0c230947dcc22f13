"""Programmes' reference data: the programmes, the indicators and the national Banenafspraak
targets. services.reference_programmes_sync writes it; the load_reference_data command runs it
after the regions (regions/reference.py)."""

from datetime import date

from .models import Indicator

# The programmes (regelingen) the regions run plans under: code, name, description.
PROGRAMMES = [
    (
        "banenafspraak",
        "Banenafspraak",
        "Extra banen voor mensen met een arbeidsbeperking (Sociaal Akkoord 2013), geteld per "
        "marktsector en overheidssector.",
    ),
    (
        "pow",
        "Perspectief op Werk",
        "Regionale actieplannen om werkzoekenden met een afstand tot de arbeidsmarkt aan het werk "
        "te helpen (2019–2020).",
    ),
    (
        "rmt",
        "Regionaal Mobiliteitsteam",
        "Aanvullende crisisdienstverlening (Tijdelijke regeling aanvullende crisisdienstverlening "
        "COVID-19) door regionale mobiliteitsteams.",
    ),
    (
        "dwsra",
        "DWSRA-pilots",
        "Pilots Dienstverlening en Samenwerking en Regie Arbeidsmarkt (SER-advies 2015).",
    ),
]

# What plans count: code, name, kind, baseline (stock indicators only). Every
# indicator is a flow (counted per period, summed over periods) except the Banenafspraak's
# jobs: a stock, the level of extra jobs above the nulmeting of 1 January 2013, counted per
# sector (marktsector/overheidssector).
INDICATORS = [
    ("matches", "Matches", Indicator.Kind.MATCHES, None),
    ("plaatsingen", "Plaatsingen", Indicator.Kind.PLAATSINGEN, None),
    ("banen", "Banen (Banenafspraak)", Indicator.Kind.BANEN, date(2013, 1, 1)),
    ("vacatures", "Vacatures met baangarantie", Indicator.Kind.VACATURES, None),
    ("personen-in-beeld", "Personen in beeld", Indicator.Kind.PERSONEN_IN_BEELD, None),
    ("deelnemers", "Deelnemers", Indicator.Kind.DEELNEMERS, None),
    ("trajecten", "Trajecten", Indicator.Kind.TRAJECTEN, None),
    ("praktijkverklaringen", "Praktijkverklaringen", Indicator.Kind.CERTIFICATEN, None),
]
BANEN_DESCRIPTION = (
    "Extra banen ten opzichte van de nulmeting van 1 januari 2013, cumulatief aan het eind van "
    "het jaar. Eén baan telt als 25,5 uur per week."
)

# The Banenafspraak's national targets, extra jobs at year end: year, market sector, government
# sector. Only the years with a confirmed figure; no other years.
NATIONAL_TARGETS = [
    (2015, 6_000, 3_000),
    (2016, 14_000, 6_500),
    (2017, 23_000, 10_000),
    (2022, 70_000, 22_500),
    (2025, 100_000, 25_000),
]
