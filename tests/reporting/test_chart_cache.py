"""Charts kept in the cache by the figures they were drawn from (reporting.charts, decision
0017): the same figures are drawn once, any changed figure, label, title or language draws a
new chart, so a kept chart never shows stale figures. On the dashboard too."""

import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from placements.models import Realisation
from reporting import charts
from tests.factories import RegionFactory, UserFactory

from .dashboard_helpers import PASSWORD, Role, full_plan

LABELS = ["2015-K1", "2015-K2", "2015-K3", "2015-K4"]


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


@pytest.fixture(autouse=True)
def empty_cache(settings):
    caches[settings.CHART_CACHE].clear()
    yield
    caches[settings.CHART_CACHE].clear()


@pytest.fixture
def drawn(monkeypatch):
    """The charts pygal really drew, by kind."""
    calls = {"realisation": 0, "spending": 0, "budget": 0}
    for kind in calls:
        draw = getattr(charts, f"_draw_{kind}")

        def counting(*, _draw=draw, _kind=kind, **inputs):
            calls[_kind] += 1
            return _draw(**inputs)

        monkeypatch.setattr(charts, f"_draw_{kind}", counting)
    return calls


def realisation(**changes) -> str:
    figures = {
        "title": "Banen Haaglanden",
        "labels": LABELS,
        "realised": [732, 805, 1353, None],
        "target_path": [350, 700, 1050, 1400],
        "unit": "banen",
    }
    return charts.realisation_chart(**{**figures, **changes})


def test_same_figures_are_drawn_once(drawn):
    first = realisation()
    assert realisation() == first
    assert drawn["realisation"] == 1


def test_a_changed_figure_draws_a_new_chart_with_it(drawn):
    before = realisation()
    after = realisation(realised=[732, 805, 1354, None])
    assert drawn["realisation"] == 2
    assert "1.353 banen" in before and "1.354 banen" not in before
    assert "1.354 banen" in after and "1.353 banen" not in after
    assert realisation() == before  # the first figures are still kept
    assert drawn["realisation"] == 2


@pytest.mark.parametrize(
    "change",
    [
        {"labels": ["2016-K1", "2016-K2", "2016-K3", "2016-K4"]},
        {"target_path": [350, 700, 1050, 1401]},
        {"realised": [732, 805, 1353, 1400]},
        {"title": "Banen Haaglanden (marktsector)"},
        {"unit": "matches"},
        {"baseline": ("nulmeting 01-01-2013", 0)},
    ],
)
def test_every_input_is_part_of_the_key(drawn, change):
    before = realisation()
    assert realisation(**change) != before
    assert drawn["realisation"] == 2


def test_the_language_is_part_of_the_key(drawn):
    dutch = realisation()
    with translation.override("en"):
        english = realisation()
    assert drawn["realisation"] == 2
    assert "1.353 banen" in dutch
    assert "1,353 banen" in english


def test_spending_and_budget_charts_are_kept_by_their_figures(drawn):
    spending = {
        "title": "Begroting en uitgaven",
        "labels": ["2019-01", "2019-02"],
        "approved": [Decimal("100.00"), None],
        "expected": [Decimal("500.00"), Decimal("1000.00")],
    }
    assert charts.spending_chart(**spending) == charts.spending_chart(**spending)
    changed = {**spending, "approved": [Decimal("101.00"), None]}
    assert "€ 101" in charts.spending_chart(**changed)
    assert drawn["spending"] == 2
    budget = {"title": "Begroting", "years": ["2019"], "planned": [Decimal("10")], "spent": [0]}
    charts.budget_chart(**budget)
    charts.budget_chart(**budget)
    charts.budget_chart(**{**budget, "spent": [Decimal("5")]})
    assert drawn["budget"] == 2


def test_the_drawing_version_is_part_of_the_key(monkeypatch):
    key = charts.chart_key("realisation", realised=[1, 2])
    assert charts.chart_key("realisation", realised=[1, 2]) == key
    assert charts.chart_key("realisation", realised=[1, 3]) != key
    monkeypatch.setattr(charts, "DRAWING_VERSION", charts.DRAWING_VERSION + 1)
    assert charts.chart_key("realisation", realised=[1, 2]) != key


@pytest.mark.django_db
def test_the_dashboard_draws_again_only_what_changed(client, drawn):
    region = RegionFactory(name="Cacheregio")
    plan = full_plan(region)
    user = UserFactory(username="werkkamerlid-cache", role=(region, Role.WERKKAMERLID))
    client.login(username=user.username, password=PASSWORD)
    url = reverse("reporting:dashboard", args=[region.slug])

    first = client.get(url).content.decode()
    assert drawn == {"realisation": 1, "spending": 1, "budget": 0}
    assert "Gerealiseerd tot en met 2019-K4: 100 matches." in first
    assert svgs(client.get(url).content.decode()) == svgs(first)  # nothing drawn again
    assert drawn == {"realisation": 1, "spending": 1, "budget": 0}

    # One more realisation: the realisation chart is drawn again with the new figure, the
    # spending chart (its figures unchanged) comes from the cache.
    realisation = Realisation.objects.filter(target__plan=plan, count=30).first()
    realisation.count = 31
    realisation.save()
    page = client.get(url).content.decode()
    assert drawn == {"realisation": 2, "spending": 1, "budget": 0}
    assert "Gerealiseerd tot en met 2019-K4: 101 matches." in page
    assert "Gerealiseerd tot en met 2019-K4: 100 matches." not in page
