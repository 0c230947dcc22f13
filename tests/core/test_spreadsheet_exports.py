"""No export carries a live formula (OWASP CSV injection): hostile text in every free-text
field of a plan reaches the report's XLSX and CSV and the realisation template only as plain
text. Every cell is read back the way Excel would get it: openpyxl's cell type, the raw sheet
XML (no <f> element) and every CSV field."""

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from budgets.models import BudgetLine
from core.spreadsheet_text import FORMULA_TRIGGERS
from placements import imports
from placements import services as placement_services
from programmes import services as programme_services
from programmes.models import ActionPlan, Activity, Indicator, Prognosis, Risk, Target
from regions.models import Organisation
from reporting.documents import freeze_figures, render_csv, render_xlsx
from tests.core.test_spreadsheet_text import HOSTILE
from tests.factories import UserFactory, approved_expenditure

pytestmark = pytest.mark.django_db


class Hostile:
    """Hands out the hostile texts in turn, each made unique, and remembers them all."""

    def __init__(self):
        self.given: list[str] = []

    def __call__(self, name: str) -> str:
        text = f"{HOSTILE[len(self.given) % len(HOSTILE)]} {name}"
        self.given.append(text)
        return text


@pytest.fixture
def hostile():
    return Hostile()


@pytest.fixture
def hostile_plan(hostile):
    """An adopted plan with hostile text in every free-text field: region, organisation,
    plan, line, project, indicator, target, prognosis, activity, risk, budget line, spending,
    realisation source and the reason of a target revision."""
    from programmes.models import Programme
    from regions.models import Region

    region = Region.objects.create(code="AM97", name=hostile("regio"), slug="vijandig")
    organisation = Organisation.objects.create(name=hostile("organisatie"), kind="uwv")
    programme = Programme.objects.create(code="vijandig", name=hostile("programma"))
    indicator = Indicator.objects.create(
        code="vijandig-matches", name=hostile("indicator"), kind="matches"
    )
    actor = UserFactory(username="pm")
    plan = programme_services.plan_create(
        actor=actor,
        region=region,
        programme=programme,
        title=hostile("plan"),
        summary=hostile("samenvatting"),
        source=hostile("bron"),
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    line = plan.lines.create(
        title=hostile("lijn"),
        description=hostile("lijnomschrijving"),
        partners=hostile("partners"),
        accountable_organisation=organisation,
    )
    project = line.projects.create(
        title=hostile("project"),
        description=hostile("projectomschrijving"),
        contact_role=hostile("contactpersoon"),
        accountable_organisation=organisation,
    )
    target = Target.objects.create(
        plan=plan,
        line=line,
        project=project,
        indicator=indicator,
        value=100,
        description=hostile("doel"),
        start_date=plan.start_date,
        end_date=plan.end_date,
    )
    Prognosis.objects.create(
        target=target,
        label=hostile("prognose"),
        start_date=date(2024, 1, 1),
        end_date=date(2024, 6, 30),
        value=40,
    )
    Activity.objects.create(
        plan=plan,
        project=project,
        description=hostile("activiteit"),
        owner_role=hostile("wie"),
        due=hostile("wanneer"),
        due_date=date(2024, 6, 1),
    )
    Risk.objects.create(
        plan=plan,
        description=hostile("risico"),
        likelihood="hoog",
        impact="hoog",
        mitigation=hostile("maatregel"),
        owner_role=hostile("eigenaar"),
    )
    budget_line = BudgetLine.objects.create(
        plan=plan,
        line=line,
        year=2024,
        category="overig",
        description=hostile("begroting"),
        amount=1000,
    )
    # Spent more than planned: the remaining amount is a negative number, which stays a number.
    approved_expenditure(
        budget_line=budget_line, date=date(2024, 2, 1), amount=1500, description=hostile("uitgave")
    )
    placement_services.realisation_record(
        target=target,
        period=plan.periods.get(code="2024-K1"),
        count=30,
        source=hostile("leverancier"),
        expected_count=None,
    )
    for status in (ActionPlan.Status.TER_BESPREKING, ActionPlan.Status.VASTGESTELD):
        plan.refresh_from_db()
        programme_services.plan_change_status(
            plan=plan, actor=actor, new_status=status, expected_revision=plan.revision
        )
    target.refresh_from_db()
    programme_services.target_revise(
        target=target,
        value=120,
        reason=hostile("herziening"),
        actor=actor,
        expected_revision=target.revision,
    )
    plan.refresh_from_db()
    return plan


def _cells(content: bytes):
    """Every non-empty cell of every sheet."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def assert_no_live_formula(content: bytes) -> list[str]:
    """No cell is a formula, in openpyxl's reading and in the raw XML; every text that starts
    like a formula is a string cell with Excel's quote prefix. Returns every text read."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<f[\s>/]", xml), name
    texts = []
    for sheet, cell in _cells(content):
        assert cell.data_type != "f", (sheet, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            texts.append(cell.value)
            assert cell.data_type == "s", (sheet, cell.coordinate, cell.value)
            if cell.value.startswith(FORMULA_TRIGGERS):
                assert cell.quotePrefix, (sheet, cell.coordinate, cell.value)
    return texts


def assert_csv_safe(content: bytes) -> list[str]:
    """No field starts like a formula, except a plain (negative) number. Returns every field."""
    text = content.decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text), delimiter=";") for field in row]
    for field in fields:
        if field.startswith(FORMULA_TRIGGERS):
            assert re.fullmatch(r"-\d[\d.,]*( ?%)?", field), repr(field)  # a negative number
    return fields


def reached(hostile_text: str, texts: list[str]) -> bool:
    """The hostile text is in the export, as text (in a CSV behind its apostrophe)."""
    return any(hostile_text in text for text in texts)


def as_read_from_xlsx(text: str) -> str:
    """XML reads a carriage return in a cell's text back as a line feed (XML 1.0 line-end
    handling): what a spreadsheet shows, still starting with a formula trigger."""
    return text.replace("\r", "\n")


def test_report_xlsx_holds_hostile_text_as_plain_text(hostile_plan, hostile):
    figures = freeze_figures(
        plan=hostile_plan, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31)
    )
    texts = assert_no_live_formula(render_xlsx(figures))
    for field in ("regio", "plan", "lijn", "project", "indicator", "prognose", "herziening"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert reached(as_read_from_xlsx(given), texts), field
    for field in ("activiteit", "wie", "wanneer", "risico", "maatregel", "eigenaar"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert as_read_from_xlsx(given) in texts, field  # a cell of its own, as typed
    # The formula is kept as its text, not run, and not changed.
    assert '=HYPERLINK("http://x";"UWV") regio' in " ".join(texts)


def test_report_xlsx_keeps_negative_numbers_numbers(hostile_plan):
    figures = freeze_figures(
        plan=hostile_plan, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31)
    )
    workbook = load_workbook(io.BytesIO(render_xlsx(figures)))
    remaining = [row[4] for row in workbook["Begroting"].iter_rows(min_row=3, values_only=True)]
    assert -500 in remaining  # 1.000 planned, 1.500 spent: a number a spreadsheet can add up


def test_report_csv_escapes_hostile_text(hostile_plan, hostile):
    figures = freeze_figures(
        plan=hostile_plan, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31)
    )
    fields = assert_csv_safe(render_csv(figures))
    for field in ("activiteit", "wie", "wanneer", "risico", "maatregel", "eigenaar", "herziening"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert "'" + given in fields, field  # the whole text, behind one apostrophe
    for field in ("regio", "plan", "lijn", "project", "indicator"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert reached(given, fields), field
    # Overspent: the remaining amount is written as a negative number, not as text.
    rows = list(csv.DictReader(io.StringIO(render_csv(figures).decode("utf-8-sig")), delimiter=";"))
    remaining = [row["resterend"] for row in rows if row["sectie"] == "begroting"]
    assert any(re.fullmatch(r"-\d[\d.,]*", value) for value in remaining), remaining


def test_template_xlsx_holds_hostile_text_as_plain_text(hostile_plan, hostile):
    texts = assert_no_live_formula(imports.template_xlsx(plan=hostile_plan))
    for field in ("lijn", "project", "indicator", "plan"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert reached(as_read_from_xlsx(given), texts), field


def test_template_csv_escapes_hostile_text(hostile_plan, hostile):
    fields = assert_csv_safe(imports.template_csv(plan=hostile_plan))
    for field in ("lijn", "project"):
        given = next(text for text in hostile.given if text.endswith(f" {field}"))
        assert "'" + given in fields, field
