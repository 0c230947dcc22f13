"""One home per rule (issue 10): each rule is decided once, in placements, and the progress
page, the dashboard, the PDF and the spreadsheets read the same answer. One test per rule,
on a worked example read back from what each of them shows: realised to date, behind, the
line → project grouping and the rounding of a percentage."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core.numbers import rounded_percentage
from placements.progress import Status
from placements.rules import CountProblem, parse_count
from placements.selectors.progress import plan_progress
from placements.selectors.series import plans_series
from programmes.choices import Sector
from reporting.documents import freeze_figures, render_pdf, render_xlsx
from reporting.documents.formatting import scope_label
from tests.programmes.helpers import HAAGLANDEN, MIDDEN_GELDERLAND, plan
from tests.reporting.test_one_number import documents, page_text, xlsx_shows

pytestmark = pytest.mark.django_db

BANEN = "Banen (Banenafspraak)"
# Doelstellingen sheet: Niveau, Lijn, Project, Indicator, Sector, Doel, Oorspronkelijk doel,
# Gerealiseerd, Percentage van doel, Verwacht, Status, ...
LEVEL, LINE, PROJECT, INDICATOR, REALISED, STATUS = 0, 1, 2, 3, 7, 10


def frozen(plan_obj, end_date=None) -> dict:
    return freeze_figures(
        plan=plan_obj, start_date=plan_obj.start_date, end_date=end_date or plan_obj.end_date
    )


def pdf_text(figures: dict) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(figures, report_meta={})))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def target_rows(figures: dict) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(render_xlsx(figures)))["Doelstellingen"]
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=3)]


def test_realised_to_date_is_one_rule_for_progress_chart_page_pdf_and_xlsx(client, demo):
    """Haaglanden's banen is a stock: the level of 2016-K4, 652 + 701 = 1.353, not the sum
    of the quarters. Progress, the chart's last point, the page, the PDF and the XLSX say so;
    and at the end of 2015 the chart's point is what progress as of that day says."""
    plan_obj = plan(HAAGLANDEN)
    progress = plan_progress(plan=plan_obj, as_of=plan_obj.end_date, with_series=True)
    banen = progress.plan_row("banen").indicator
    assert progress.plan_row("banen").progress.realised == 1353
    charted = plans_series(plans=[plan_obj.pk])[plan_obj.pk]
    for sector, level in (("", 1353), (Sector.MARKT, 652), (Sector.OVERHEID, 701)):
        assert progress.series[(banen.pk, sector)] == charted[(banen.pk, sector)]
        assert charted[(banen.pk, sector)][-1].realised_to_date == level
        assert progress.plan_row("banen", sector).progress.realised == level
    at_2015 = plan_progress(plan=plan_obj, as_of=date(2015, 12, 31))
    point = next(p for p in charted[(banen.pk, Sector.MARKT)] if p.end_date == date(2015, 12, 31))
    assert point.realised_to_date == at_2015.plan_row("banen", Sector.MARKT).progress.realised

    page = page_text(
        client, "werkkamerlid-haaglanden", reverse("placements:progress", args=[plan_obj.pk])
    )
    assert f"{BANEN} (stand) 1.400 1.353 " in page
    figures = frozen(plan_obj)
    total = next(s for s in figures["series"] if s["indicator_code"] == "banen" and not s["sector"])
    assert total["points"][-1]["realised"] == 1353
    text = pdf_text(figures)
    assert f"{BANEN} 1.400 1.353 96,6 %" in text
    assert f"{BANEN}: 1.353 gerealiseerd van 1.400 (96,6 %)" in text
    plan_row = next(row for row in target_rows(figures) if row[INDICATOR] == BANEN and not row[4])
    assert plan_row[REALISED] == 1353


def test_behind_is_one_rule_for_page_dashboard_pdf_and_xlsx(client, demo):
    """Midden-Gelderland ended short of its lines' targets: the lines and projects behind
    (Status.is_behind) are the same on the dashboard, in the PDF's points of attention, and
    in the spreadsheet, where a frozen row's stored status is judged by the same rule."""
    plan_obj = plan(MIDDEN_GELDERLAND)
    progress = plan_progress(plan=plan_obj, as_of=plan_obj.end_date)
    behind = [(row.line_title, row.project_title) for row in progress.behind_scopes]
    assert behind  # the worked example has lines and projects niet gehaald
    assert all(row.progress.status.is_behind for row in progress.behind_scopes)
    assert Status.NIET_GEHAALD.is_behind and not Status.GEHAALD.is_behind
    assert Status.RISICO.is_behind and Status.ACHTER.is_behind
    assert not Status.OP_KOERS.is_behind and not Status.GEEN_GEGEVENS.is_behind

    dashboard = page_text(
        client,
        "secretaris-midden-gelderland",
        reverse("reporting:dashboard", args=["midden-gelderland"]),
    )
    for line, project in behind:
        assert (f"{project} (lijn {line})" if project else f"{line} (lijn)") in dashboard

    figures = frozen(plan_obj)
    text = pdf_text(figures)
    attention = text[text.index("Aandachtspunten") : text.index("Realisatie in de tijd")]
    for line, project in behind:
        assert f"{scope_label(line, project) if project else line}: " in attention
    spreadsheet = [
        (row[LINE], row[PROJECT] or "")
        for row in target_rows(figures)
        if row[LEVEL] in ("lijn", "project")
        and row[STATUS] in {str(status.label) for status in Status if status.is_behind}
    ]
    assert spreadsheet == behind
    stored = [
        (line["title"], project["title"] if project else "")
        for line in figures["lines"]
        for project, rows in [(None, line["rows"])] + [(p, p["rows"]) for p in line["projects"]]
        for row in rows
        if Status(row["status"]).is_behind
    ]
    assert stored == behind


def test_lines_and_projects_are_grouped_once_for_page_pdf_and_xlsx(client, demo):
    """The line → project tree of PlanProgress is the order of the progress page, of the
    frozen report (and so of the PDF's chapter on lines and projects) and of the XLSX."""
    plan_obj = plan(MIDDEN_GELDERLAND)
    progress = plan_progress(plan=plan_obj, as_of=plan_obj.end_date)
    tree = [
        (line.line.title, [project.project.title for project in line.projects])
        for line in progress.tree
    ]
    assert len(tree) == 4  # the fifth line states no target
    ontmoeting = dict(tree)["De Ontmoeting"]
    assert "Organiseren evenementen" in ontmoeting and len(ontmoeting) == 3

    client.login(username="secretaris-midden-gelderland", password="demo")
    html = client.get(reverse("placements:progress", args=[plan_obj.pk])).content.decode()
    shown = re.findall(r'<tr class="(line|project)-row" id="(?:line|project)-(\d+)-', html)
    expected = []
    for line in progress.tree:
        expected += [("line", str(line.line.pk))] * len(line.rows)
        for project in line.projects:
            expected += [("project", str(project.project.pk))] * len(project.rows)
    assert shown == expected

    figures = frozen(plan_obj)
    assert [
        (line["title"], [project["title"] for project in line["projects"] if project["rows"]])
        for line in figures["lines"]
        if line["rows"]
    ] == tree
    text = pdf_text(figures)
    chapter = text[text.index("Lijnen en projecten") :]
    titles = [title for line, projects in tree for title in [line, *projects]]
    assert [chapter.index(title) for title in titles] == sorted(
        chapter.index(title) for title in titles
    )
    grouped: list[tuple[str, list[str]]] = []
    for row in target_rows(figures):
        if row[LEVEL] == "lijn" and (not grouped or grouped[-1][0] != row[LINE]):
            grouped.append((row[LINE], []))
        elif row[LEVEL] == "project" and row[PROJECT] not in grouped[-1][1]:
            grouped[-1][1].append(row[PROJECT])
    assert grouped == tree


def test_a_percentage_is_rounded_once_for_page_pdf_and_xlsx(client, demo):
    """1.353 of 1.400 is 96,642… %: 96,6 % everywhere, by core.numbers; 652 of 710 is
    91,83… %: 91,8 %."""
    plan_obj = plan(HAAGLANDEN)
    progress = plan_progress(plan=plan_obj, as_of=plan_obj.end_date)
    for sector, (realised, target, shown) in {
        "": (1353, 1400, "96,6 %"),
        Sector.MARKT: (652, 710, "91,8 %"),
    }.items():
        row = progress.plan_row("banen", sector).progress
        assert (row.realised, row.target) == (realised, target)
        assert row.percentage == rounded_percentage(Decimal(realised) * 100 / target)
        assert f"{row.percentage}".replace(".", ",") + " %" == shown
    page = page_text(
        client, "werkkamerlid-haaglanden", reverse("placements:progress", args=[plan_obj.pk])
    )
    text, cells, lines = documents(plan_obj)
    for sector, words, figures in (
        ("", "", "1.400 1.353 96,6 %"),
        ("marktsector", "marktsector ", "710 652 91,8 %"),
    ):
        shown = figures.split(" ", 2)[2]
        assert f"{BANEN} (stand) {words}{figures} afgelopen" in page
        label = f" ({sector})" if sector else ""
        assert f"{BANEN}{label} {figures} afgelopen" in text
        assert xlsx_shows(cells[(BANEN, sector)][5]) == shown
        assert lines[(BANEN, sector)]["percentage"] == shown.removesuffix(" %")


@pytest.mark.parametrize(
    ("typed", "count", "problem"),
    [
        ("1400", 1400, None),
        ("1.400", 1400, None),
        (" 12 ", 12, None),
        ("", None, None),
        ("1 400", None, CountProblem.NOT_A_NUMBER),
        ("12,5", None, CountProblem.NOT_WHOLE),
        ("-3", None, CountProblem.NEGATIVE),
        ("١٢", None, CountProblem.FOREIGN_DIGITS),
        ("99999999999", None, CountProblem.TOO_LARGE),
    ],
)
def test_one_parse_count_for_grid_and_import(typed, count, problem):
    """The grid and the import read a count by one rule (placements.rules.parse_count)."""
    if problem is None:
        assert parse_count(typed) == count
    else:
        with pytest.raises(ValidationError) as caught:
            parse_count(typed)
        assert caught.value.code == problem
