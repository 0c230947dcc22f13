"""Text that a spreadsheet program would run as a formula (CSV/formula injection, OWASP).

One rule for the whole product: the import refuses free text that starts like a formula, and
every XLSX or CSV the product writes stores such text as plain text."""

# A cell whose text starts with one of these is evaluated by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """True when `text` would be taken for a formula by a spreadsheet program."""
    return isinstance(text, str) and text.startswith(FORMULA_TRIGGERS)
