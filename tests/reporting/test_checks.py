"""The deploy check that WeasyPrint subsets fonts with HarfBuzz, not the slower fontTools."""

from weasyprint.text import ffi

from reporting.checks import weasyprint_subsets_fonts_with_harfbuzz


def test_a_machine_without_libharfbuzz_subset_is_warned(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    [warning] = weasyprint_subsets_fonts_with_harfbuzz(None)
    assert warning.id == "reporting.W001"
    assert "libharfbuzz-subset0" in warning.hint


def test_no_warning_where_harfbuzz_subsets(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", object())

    assert weasyprint_subsets_fonts_with_harfbuzz(None) == []
