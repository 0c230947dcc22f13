"""The money page's section on changes (filled in by its own change)."""


def section(*, plan, request) -> dict:
    return {}
