"""The money page's section on spending (filled in by its own change)."""


def section(*, plan, request) -> dict:
    return {}
