"""The money page's section on actuals (filled in by its own change)."""


def section(*, plan, request) -> dict:
    return {}
