"""Text a spreadsheet program would run as a formula (core.spreadsheet_text): one rule for
every XLSX and CSV the product writes and for the import."""

import pytest

from core.spreadsheet_text import csv_safe

# Free text that Excel, LibreOffice or Sheets would take for a formula (OWASP CSV injection).
HOSTILE = [
    '=HYPERLINK("http://x";"UWV")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_safe_puts_an_apostrophe_before_every_trigger(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-5, 12, "-1234,50", "-1.234,50", "-12.5", "-5 %", "2019-K1", "Matches", "", None]
)
def test_csv_safe_leaves_numbers_and_plain_text_alone(value):
    assert csv_safe(value) == value
