"""System checks of what reports need from the machine: with `manage.py check --deploy`
only, so other commands do not pay for importing WeasyPrint."""

from django.core.checks import Warning, register


@register(deploy=True)
def weasyprint_subsets_fonts_with_harfbuzz(app_configs, **kwargs) -> list[Warning]:
    """Without libharfbuzz-subset0 WeasyPrint subsets every font of every PDF with fontTools: a
    warning per font and about a third more time per report (823 ms against 629 ms for a 5-page
    report on the bare stack)."""
    try:
        from weasyprint.text import ffi
    except OSError:  # Pango itself is missing: WeasyPrint fails loudly on the first report
        return []
    if ffi.harfbuzz_subset is not None:
        return []
    return [
        Warning(
            "WeasyPrint cannot load libharfbuzz-subset0: report PDFs subset their fonts with "
            "fontTools, more slowly.",
            hint="Install the system package libharfbuzz-subset0 (the Dockerfile does).",
            id="reporting.W001",
        )
    ]
