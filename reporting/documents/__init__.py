"""What a report contains: the figures of a plan frozen as plain data at the end of the
report's period, and the documents drawn from them (PDF, XLSX, CSV).

The documents are pure functions of the frozen figures: a report sent to the board is drawn
again, byte for byte the same figures, however the plan's realisations change afterwards.
Frozen figures hold no model instances: Decimals as strings, dates as ISO strings, labels in
Dutch, so they survive a round trip through a JSONField.

The package's modules:

- freeze: the figures of a plan as of a date, gathered from the selectors of the apps below;
- formatting: core.formatting's counts, amounts and percentages in the report's language
  (Dutch), shared by the renderers;
- pdf: the PDF for the board (template, charts, stylesheet, no network), and the
  treasurer's monthly overview (as a PDF and for its page);
- governance: a proposal and a meeting pack, printed the same way (the pack draws its
  reports again from their frozen figures);
- spreadsheets: the same figures as an XLSX workbook and as a CSV for Excel-NL.

Callers use the names re-exported here, and look them up on this package
(`documents.render_pdf(...)`), so a test or the test worker can stand in for a renderer by
setting the attribute here.
"""

from .formatting import LANGUAGE, show_count, show_euro, show_percentage
from .freeze import FIGURES_VERSION, freeze_figures
from .governance import render_meeting_pack, render_proposal_pdf
from .pdf import (
    STATIC_DIR,
    STYLESHEET,
    local_fetcher,
    monthly_overview,
    render_pdf,
    report_part,
    write_pdf,
)
from .spreadsheets import (
    BUDGET_KEYS,
    COUNT_FORMAT,
    CSV_COLUMNS,
    DATE_FORMAT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    render_csv,
    render_xlsx,
)

__all__ = [
    "BUDGET_KEYS",
    "COUNT_FORMAT",
    "CSV_COLUMNS",
    "DATE_FORMAT",
    "FIGURES_VERSION",
    "LANGUAGE",
    "MONEY_FORMAT",
    "PERCENT_FORMAT",
    "STATIC_DIR",
    "STYLESHEET",
    "freeze_figures",
    "local_fetcher",
    "monthly_overview",
    "render_csv",
    "render_meeting_pack",
    "render_proposal_pdf",
    "render_pdf",
    "render_xlsx",
    "report_part",
    "show_count",
    "show_euro",
    "show_percentage",
    "write_pdf",
]
