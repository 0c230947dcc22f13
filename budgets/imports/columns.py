"""The spending file's format: its columns, which may be left out, and what each means. One
place, because the reader, the checks, the preview and the template all speak it.

A financial system's export carries a booking date, an amount, a description, an invoice or
booking number and the creditor; what ties a booking to the plan's budget is a cost code the
finance department keeps beside the budget. Here that is the budget line as the plan names
it: its year (by default the year of the date), its description, and where the plan has more
lines in that year, its line, project or category. The template writes all of them."""

from django.utils.translation import gettext_lazy

# The template's columns, in its order. The names are the file format: never translated.
DATE, AMOUNT, DESCRIPTION, REFERENCE, COUNTERPARTY = (
    "datum",
    "bedrag",
    "omschrijving",
    "referentie",
    "organisatie",
)
YEAR, BUDGET_LINE, LINE, PROJECT, CATEGORY = (
    "jaar",
    "begrotingsregel",
    "lijn",
    "project",
    "categorie",
)
COLUMNS = (
    DATE,
    AMOUNT,
    DESCRIPTION,
    REFERENCE,
    COUNTERPARTY,
    YEAR,
    BUDGET_LINE,
    LINE,
    PROJECT,
    CATEGORY,
)
REQUIRED_COLUMNS = (DATE, AMOUNT, DESCRIPTION)
# The columns that find the budget line: looked up in the plan, nothing of them is stored.
LOOKUP_COLUMNS = (YEAR, BUDGET_LINE, LINE, PROJECT, CATEGORY)
COLUMN_HELP = {
    DATE: gettext_lazy(
        "De datum van de uitgave (boekings- of factuurdatum): 16-08-2021 of 2021-08-16, of "
        "een datumcel in Excel. Binnen de looptijd van het plan."
    ),
    AMOUNT: gettext_lazy(
        "Het bedrag in euro, groter dan nul, in Nederlandse schrijfwijze: 1.234,56 of 1234,56 "
        "(een komma voor de centen, een punt alleen tussen duizendtallen; € mag ervoor), of "
        "een getalcel in Excel. Een correctie is een tegenboeking, geen negatief bedrag."
    ),
    DESCRIPTION: gettext_lazy("Waaraan het geld is uitgegeven."),
    REFERENCE: gettext_lazy(
        "Factuur-, boekings- of referentienummer uit de financiële administratie."
    ),
    COUNTERPARTY: gettext_lazy("De betalende of ontvangende organisatie (crediteur)."),
    YEAR: gettext_lazy("Het begrotingsjaar van de begrotingsregel. Leeg: het jaar van de datum."),
    BUDGET_LINE: gettext_lazy(
        "De omschrijving van de begrotingsregel zoals in het plan (hoofdletters en accenten "
        "tellen niet). Leeg als het jaar, de lijn, het project of de categorie de regel al "
        "aanwijzen."
    ),
    LINE: gettext_lazy("De lijn (pijler) van de begrotingsregel, of leeg."),
    PROJECT: gettext_lazy("Het project van de begrotingsregel, of leeg."),
    CATEGORY: gettext_lazy(
        "De categorie van de begrotingsregel (bijvoorbeeld personeel, projectkosten), of leeg."
    ),
}
