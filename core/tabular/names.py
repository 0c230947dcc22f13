"""How an imported cell and a name the product holds are compared."""

import unicodedata


def fold(text: str) -> str:
    """A name as an imported cell and the product compare it: any case, any accents
    ("Scholing" is "scholing", "coördinatie" is "coordinatie"), runs of spaces as one."""
    if text.isascii():  # no accents to take off: the common case, kept fast
        return " ".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
