"""The sector's name on the pages comes from the Sector choices, in the active language."""

from django.template import Context, Template
from django.utils import translation


def render(value) -> str:
    return Template("{% load sectors %}{{ value|sector_label }}").render(Context({"value": value}))


def test_a_sector_reads_by_its_name_in_both_languages():
    assert render("markt") == "marktsector"
    assert render("overheid") == "overheidssector"
    with translation.override("en"):
        assert render("markt") != "marktsector" and render("markt")


def test_no_sector_reads_as_nothing():
    assert render("") == ""
    assert render(None) == ""
