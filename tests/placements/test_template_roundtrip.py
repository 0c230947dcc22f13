"""The plan's own import template comes back in: a line or project whose title starts like a
formula ("- Werkgevers", "+ Extra") is written as plain text (an apostrophe in the CSV, a
string cell in the XLSX) and read back as the title it is, while a source that starts like a
formula is still refused."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from placements import imports
from placements.imports import Outcome
from programmes.models import PlanLine, Project

from .grid_helpers import make_plan, make_world, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    world = make_world()
    plan = make_plan(world)
    line = PlanLine.objects.create(plan=plan, position=2, title="- Werkgevers")
    project = Project.objects.create(line=line, position=1, title="+ Extra banen")
    target(plan, world.matches, 40, project=project)
    return plan


def _filled_csv(template: bytes, source: str = "UWV") -> bytes:
    text = template.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert body and body[0][0] == "'- Werkgevers"  # escaped on the way out
    for record in body:
        record[header.index("aantal")] = "3"
        record[header.index("bron")] = source
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows([header, *body])
    return out.getvalue().encode("utf-8")


def _filled_xlsx(template: bytes) -> bytes:
    sheet = load_workbook(io.BytesIO(template))["Realisaties"]
    header = [cell.value for cell in sheet[1]]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows and rows[0][0] == "- Werkgevers"  # a string cell, not a formula
    workbook = Workbook()
    out_sheet = workbook.active
    out_sheet.append(header)
    for record in rows:
        record[header.index("aantal")] = 3
        record[header.index("bron")] = "UWV"
        out_sheet.append(record)
    for row in out_sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_csv_template_of_a_plan_with_formula_like_titles_comes_back_in(plan):
    content = _filled_csv(imports.template_csv(plan=plan))
    result = imports.validate(plan=plan, file_name="sjabloon.csv", content=content)
    assert result.problems == []
    assert len(result.rows) == 8
    assert {row.outcome for row in result.rows} == {Outcome.NEW}


def test_the_xlsx_template_of_a_plan_with_formula_like_titles_comes_back_in(plan):
    content = _filled_xlsx(imports.template_xlsx(plan=plan))
    result = imports.validate(plan=plan, file_name="sjabloon.xlsx", content=content)
    assert result.problems == []
    assert {row.outcome for row in result.rows} == {Outcome.NEW}


def test_a_source_that_starts_like_a_formula_is_still_refused(plan):
    content = _filled_csv(imports.template_csv(plan=plan), source="-UWV")
    result = imports.validate(plan=plan, file_name="sjabloon.csv", content=content)
    assert result.problems
    assert {(p.column, "begint met '-'" in p.message) for p in result.problems} == {("bron", True)}


def test_a_line_that_is_not_in_the_plan_and_starts_like_a_formula_is_refused(plan):
    content = _filled_csv(imports.template_csv(plan=plan)).replace(
        b"'- Werkgevers", b"=HYPERLINK(1)", 1
    )
    result = imports.validate(plan=plan, file_name="sjabloon.csv", content=content)
    assert [(p.row, p.column) for p in result.problems] == [(2, "lijn")]
    assert "als formule" in result.problems[0].message
