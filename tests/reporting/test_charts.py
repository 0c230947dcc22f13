"""The charts module: SVG that parses, Dutch numbers, a title and a description for screen
readers, no script, and a size that scales."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from reporting import charts

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["2015-K1", "2015-K2", "2015-K3", "2015-K4"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [node.text or "" for node in root.iter() if node.text]


@pytest.fixture
def realisation_svg():
    return charts.realisation_chart(
        title="Banen Haaglanden",
        labels=LABELS,
        realised=[732, 805, 1353, None],
        target_path=[350, 700, 1050, 1400],
        unit="banen",
    )


def test_realisation_chart_is_svg_with_title_and_description(realisation_svg):
    assert not realisation_svg.startswith("<?xml")
    root = parse(realisation_svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Banen Haaglanden"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    # The description gives the figures in a sentence, the Dutch way.
    assert "2015-K3: 1.353 banen" in desc.text
    assert "1.050 banen" in desc.text  # expected at that period
    assert "1.400 banen in 2015-K4" in desc.text


def test_realisation_chart_formats_numbers_the_dutch_way(realisation_svg):
    shown = texts(parse(realisation_svg))
    assert "1.400" in shown or "1.200" in shown  # an axis label with a thousands dot
    assert not any("1,400" in text or text == "1400" for text in shown)
    assert "Gerealiseerd" in shown and "Doelpad" in shown
    for label in LABELS:
        assert label in shown


def test_chart_has_no_script_and_scales(realisation_svg):
    root = parse(realisation_svg)
    assert not [node for node in root.iter() if node.tag == f"{SVG}script"]
    assert "<script" not in realisation_svg
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
    assert root.get("width") == str(charts.WIDTH)
    assert root.get("height") == str(charts.HEIGHT)
    # Only the chart's own description: pygal's per-point tooltip texts are gone.
    assert len(root.findall(f".//{SVG}desc")) == 1


def test_target_path_is_dashed_and_colours_are_the_products(realisation_svg):
    assert "stroke-dasharray:8,5" in realisation_svg.replace(" ", "")
    assert charts.DARK_BLUE in realisation_svg
    assert charts.DARK_GREY in realisation_svg


def test_same_data_draws_the_same_chart():
    arguments = {"title": "T", "labels": ["a"], "realised": [1], "target_path": [2]}
    assert charts.realisation_chart(**arguments) == charts.realisation_chart(**arguments)


def test_nothing_realised_yet_is_said():
    svg = charts.realisation_chart(
        title="Leeg", labels=LABELS, realised=[None] * 4, target_path=[1, 2, 3, 4]
    )
    desc = parse(svg).find(f"{SVG}desc").text
    assert "Er is nog niets gerealiseerd." in desc


def test_budget_chart_shows_euros_the_dutch_way():
    svg = charts.budget_chart(
        title="Begroting",
        years=[2019, 2020],
        planned=[Decimal("1030000.00"), Decimal("970000.00")],
        spent=[Decimal("800000.40"), Decimal("0")],
    )
    root = parse(svg)
    desc = root.find(f"{SVG}desc").text
    assert "2019: begroot € 1.030.000, besteed € 800.000" in desc
    assert "2020: begroot € 970.000, besteed € 0" in desc
    shown = texts(root)
    assert any(text.startswith("€ ") and "." in text for text in shown)  # axis in euros
    assert {"Begroot", "Besteed", "2019", "2020"} <= set(shown)
    assert charts.SKY_BLUE in svg and charts.DARK_ORANGE in svg


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (415, "415"),
        (1400, "1.400"),
        (1030000, "1.030.000"),
        (None, "–"),
        (-2500, "-2.500"),
    ],
)
def test_a_chart_writes_numbers_as_the_page_does(value, shown):
    """The chart's numbers come from core.formatting in the active language: Dutch here (and
    in every report, which renders in Dutch), English on an English page, like the table."""
    assert charts.formatting.count(value) == shown
    with translation.override("en"):
        assert charts.formatting.count(value) == shown.replace(".", ",")


def test_chart_euros_round_to_whole_euros():
    assert charts.formatting.euro(Decimal("2000000.49")) == "€ 2.000.000"
    assert charts.formatting.euro(Decimal("0.50")) == "€ 1"


def _contrast(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(
    "colour", [charts.DARK_BLUE, charts.DARK_GREY, charts.SKY_BLUE, charts.DARK_ORANGE, charts.TEXT]
)
def test_colours_meet_aa_contrast_on_white(colour):
    assert _contrast(colour) >= 4.5
