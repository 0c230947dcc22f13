"""Fixtures of the report tests: files under a temporary MEDIA_ROOT, and a fast stand-in
for the PDF renderer where the PDF's content is not what is tested."""

import pytest

from reporting import documents
from reporting.models import Report, ReportSchedule


@pytest.fixture
def only_own_schedules(db):
    """The due-reports job goes over every schedule in the database: without the demo's
    schedules and reports (deleted inside the test's transaction), a test counts its own."""
    Report.objects.all().delete()
    ReportSchedule.objects.all().delete()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class FakeRenderer:
    """Records what it was asked to render; raises the first `failures` times if told to."""

    def __init__(self):
        self.calls = []
        self.failures = 0

    def __call__(self, figures, *, report_meta):
        self.calls.append(report_meta)
        if len(self.calls) <= self.failures:
            raise RuntimeError("de PDF-opmaak liep vast (proef)")
        return b"%PDF-1.7\n% proef " + report_meta["kenmerk"].encode() + b"\n%%EOF\n"


@pytest.fixture
def fake_pdf(monkeypatch, media_root):
    renderer = FakeRenderer()
    monkeypatch.setattr(documents, "render_pdf", renderer, raising=False)
    return renderer
