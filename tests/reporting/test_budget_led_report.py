"""The report of a budget-led plan: the RMT of Zuid-Kennemerland en IJmond has budgets and no
targets, so its report leads with the budget per category, the activities with their status
and the risks (worked example 4: four 2021 budgets, € 2.059.453 in all)."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgets.models import BudgetLine
from demo.worked_examples import zuid_kennemerland
from programmes.models import ActionPlan
from reporting.documents import freeze_figures, render_csv, render_pdf, render_xlsx
from tests.factories import RegionFactory, ReportedPlanFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
PERIOD = {"start_date": date(2021, 9, 1), "end_date": date(2021, 12, 31)}
BUDGETS = ["€ 447.942", "€ 647.105", "€ 625.802", "€ 338.604"]


@pytest.fixture
def rmt_figures(demo):
    plan = ActionPlan.objects.get(title=zuid_kennemerland.TITLE)
    return freeze_figures(plan=plan, **PERIOD)


def test_a_plan_with_targets_is_not_budget_led():
    plan = ReportedPlanFactory(region=RegionFactory(name="Proefregio"))
    BudgetLine.objects.create(plan=plan, year=2024, amount=Decimal("1000"))
    figures = freeze_figures(plan=plan, start_date=date(2024, 1, 1), end_date=date(2024, 3, 31))
    assert figures["budget_led"] is False
    assert [c["planned"] for c in figures["budget_categories"]] == ["1000.00"]


def test_a_plan_without_targets_or_budget_is_not_budget_led():
    plan = ReportedPlanFactory(region=RegionFactory(name="Proefregio"))
    plan.targets.all().delete()
    figures = freeze_figures(plan=plan, start_date=date(2024, 1, 1), end_date=date(2024, 3, 31))
    assert figures["budget_led"] is False


def test_the_rmt_report_shows_budget_per_category_activities_and_risks(rmt_figures):
    assert rmt_figures["budget_led"] is True
    text = pdf_text(render_pdf(rmt_figures, report_meta={"kenmerk": "AM37-2021-0001"}))

    assert "Het actieplan heeft geen doelstellingen" not in text
    assert "stuurt op budget, niet op doelstellingen" in text
    summary = text[text.index("Samenvatting") : text.index("Realisatie in de tijd")]
    # The four 2021 budgets, each on its own budget line, and the total.
    for amount in BUDGETS:
        assert f"2021 {amount}" in summary
    assert "Totaal € 2.059.453" in summary
    # Per category: the two services budgets together under dienstverlening.
    assert "Dienstverlening € 985.709" in summary
    assert "Personeel € 447.942" in summary
    assert "Scholing € 625.802" in summary
    activities = len(zuid_kennemerland.ACTIVITIES)
    assert f"Activiteiten: {activities} (gepland {activities})" in summary
    assert "Risico's: 4" in summary
    # And the activities and risks themselves, with status and mitigation.
    assert "Getekende samenwerkingsafpraak/bestuurlijk akkoord" in text
    assert "Het gebrek aan capaciteit voor de uitvoering gedurende de zomermaanden." in text
    assert "wordt gewerkt met een groeimodel" in text

    # The XLSX and CSV hold the same budget per category.
    workbook = load_workbook(io.BytesIO(render_xlsx(rmt_figures)))
    rows = {row[0].value: row for row in workbook["Begroting"].iter_rows(min_row=3)}
    assert rows["categorie dienstverlening"][2].value == 985_709
    assert rows["categorie personeel"][2].value == 447_942
    lines = sorted(
        row[2].value for label, row in rows.items() if label and ": Budget beschikbaar" in label
    )
    assert lines == [338_604, 447_942, 625_802, 647_105]

    content = render_csv(rmt_figures).decode("utf-8-sig")
    budget = [
        row
        for row in csv.DictReader(io.StringIO(content), delimiter=";")
        if row["sectie"] == "begroting"
    ]
    assert {"categorie scholing", "categorie personeel"} <= {row["onderdeel"] for row in budget}


def test_the_szw_report_shows_the_use_of_each_of_the_four_budgets(rmt_figures):
    """The report every two months to SZW (a progress report on the budget-led plan): per
    budget the budget, approved, awaiting, remaining and spent % against time %."""
    lines = [line for category in rmt_figures["budget_categories"] for line in category["lines"]]
    assert sorted(Decimal(line["planned"]) for line in lines) == [
        Decimal(n) for n in ("338604.00", "447942.00", "625802.00", "647105.00")
    ]
    for line in lines:
        assert {"spent", "awaiting", "remaining", "spent_percentage", "time_percentage"} <= set(
            line
        )
    text = pdf_text(render_pdf(rmt_figures, report_meta={"kenmerk": "AM37-2021-0002"}))
    summary = text[text.index("Samenvatting") : text.index("Realisatie in de tijd")]
    assert "Wacht op goedkeuring" in summary and "Besteed / tijd verstreken" in summary
    for amount in BUDGETS:
        # budget, approved, awaiting, remaining, spent % / time %
        assert re.search(
            rf"2021 {amount} € [\d.]+ € [\d.]+ € [\d.]+ [\d,]+ % / [\d,]+ %", summary
        ), amount
