"""What a synthetic archived report holds: frozen figures in the shape
reporting.documents.freeze gives (so the report's page and its spreadsheets open), saying
only what the report is about, and the one small PDF every synthetic report points to.
Freezing and rendering each of thousands of reports for real would take hours; the archive
page, which is what is measured at scale, reads neither."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reporting.documents.freeze import FIGURES_VERSION
from reporting.documents.pdf import PDF_VARIANT
from reporting.models import ReportKind

from . import shape

ZERO = "0.00"
NO_ACTUAL = {
    "planned": ZERO,
    "original": ZERO,
    "changed": False,
    "spent": ZERO,
    "awaiting": ZERO,
    "remaining": ZERO,
    "spent_percentage": None,
    "time_percentage": None,
    "warning": "",
    "warning_label": "",
}


def report_figures(*, plan, region, start: date, end: date) -> dict:
    """The frozen figures of a synthetic progress report on `plan` for (start, end)."""
    return {
        "version": FIGURES_VERSION,
        "synthetic": True,
        "kind": str(ReportKind.VOORTGANG),
        "frozen_at": None,
        "period": {"start_date": start.isoformat(), "end_date": end.isoformat()},
        "peildatum": None,
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "version": plan.version,
            "status": plan.status,
            "status_label": str(plan.get_status_display()),
            "start_date": plan.start_date.isoformat(),
            "end_date": plan.end_date.isoformat(),
            "region": region.name,
            "programme": plan.programme.name,
            "on_course_from": plan.programme.on_course_from,
            "at_risk_from": plan.programme.at_risk_from,
        },
        "summary": [],
        "lines": [],
        "prognoses": [],
        "series": [],
        "budget": {"years": [], "total": NO_ACTUAL, "plan_itself": ZERO},
        "budget_categories": [],
        "budget_as_of": None,
        "lag_points": plan.programme.spending_lag_points,
        "monthly_overview": None,
        "budget_led": False,
        "risks": [],
        "activities": [],
    }


PDF_HTML = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Synthetische rapportage</title>
<style>@page { size: A4; margin: 2cm } body { font-family: sans-serif }</style></head>
<body><h1>Synthetische rapportage</h1>
<p>Deze rapportage hoort bij gegenereerde gegevens voor metingen op landelijke schaal
(<code>manage.py generate_scale_data</code>). Alle synthetische rapportages delen dit ene
bestand; de cijfers zijn niet echt.</p></body></html>"""


def ensure_report_file() -> bool:
    """Make the shared PDF once (WeasyPrint, one page); True when it was made now."""
    if default_storage.exists(shape.REPORT_FILE):
        return False
    from weasyprint import HTML  # only here: importing WeasyPrint takes a while

    # Tagged like every PDF the product serves.
    pdf = HTML(string=PDF_HTML).write_pdf(pdf_variant=PDF_VARIANT)
    saved = default_storage.save(shape.REPORT_FILE, ContentFile(pdf))
    if saved != shape.REPORT_FILE:  # another process made it meanwhile: keep one
        default_storage.delete(saved)
    return True
