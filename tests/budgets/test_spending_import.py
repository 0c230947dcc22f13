"""The spending import (budgets.imports, services.spending_import_upload/_commit, the pages):
a financial system's export as CSV or XLSX, checked row by row with Dutch messages naming row
and column, recorded all or nothing, every entry waiting for approval like a typed one; a
file imported twice doubles nothing; hostile files are refused before they cost anything."""

import io
import threading
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budgets import imports, selectors, services
from budgets.models import BudgetLine, Decision, Expenditure, SpendingImport
from regions.models import RoleAssignment
from tests.factories import LineFactory, PlanFactory, ProjectFactory, RegionFactory, UserFactory
from tests.placements import hostile_files as hostile

from . import spending_files as files

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


class World:
    def __init__(self):
        self.region = RegionFactory()
        self.plan = PlanFactory(
            region=self.region,
            title="Plan met uitgaven",
            start_date=date(2021, 1, 1),
            end_date=date(2022, 12, 31),
        )
        self.line = LineFactory(plan=self.plan, title="Werkgeversdienstverlening")
        self.project = ProjectFactory(line=self.line, title="Banenmarkt")
        self.scholing_2021 = BudgetLine.objects.create(
            plan=self.plan, year=2021, description="Scholing en coördinatie", amount=100_000
        )
        self.projectleider = BudgetLine.objects.create(
            plan=self.plan,
            year=2021,
            line=self.line,
            category=BudgetLine.Category.PERSONEEL,
            description="Projectleider",
            amount=60_000,
        )
        self.banenmarkt = BudgetLine.objects.create(
            plan=self.plan,
            year=2021,
            line=self.line,
            project=self.project,
            category=BudgetLine.Category.DIENSTVERLENING,
            description="Banenmarkt",
            amount=25_000,
        )
        self.scholing_2022 = BudgetLine.objects.create(
            plan=self.plan, year=2022, description="Scholing en coördinatie", amount=80_000
        )
        self.manager = UserFactory(role=(self.region, Role.PROGRAMMAMANAGER))
        self.treasurer = UserFactory(role=(self.region, Role.PENNINGMEESTER))
        self.member = UserFactory(role=(self.region, Role.WERKKAMERLID))
        self.other_manager = UserFactory(role=(RegionFactory(), Role.PROGRAMMAMANAGER))


@pytest.fixture
def world(demo):
    return World()


def upload(world, name, content, actor=None):
    return services.spending_import_upload(
        plan=world.plan,
        uploaded_file=SimpleUploadedFile(name, content),
        actor=actor or world.manager,
    )


def entries(world):
    return Expenditure.objects.filter(budget_line__plan=world.plan)


def spent(world, year):
    return selectors.plan_actuals(plan=world.plan).per_year[year].approved


def problems_of(world, name, content):
    """(row, column, message) of every problem of the file, whether it is refused as a
    whole or row by row; and nothing was stored or recorded."""
    before = (SpendingImport.objects.count(), Expenditure.objects.count())
    try:
        result = imports.validate(plan=world.plan, file_name=name, content=content)
        found = result.problems
    except imports.FileRejected as rejected:
        found = rejected.problems
    assert (SpendingImport.objects.count(), Expenditure.objects.count()) == before
    return [(p.row, p.column, p.message) for p in found]


def url(world, name, **kwargs):
    return reverse(f"budgets:{name}", kwargs={"plan_pk": world.plan.pk, **kwargs})


# A good file ------------------------------------------------------------------------------


def test_a_good_csv_is_previewed_committed_and_counts_only_once_approved(world, client):
    client.force_login(world.manager)
    content = files.csv_bytes(files.honest_rows())
    response = client.post(
        url(world, "spending-import-upload"),
        {"file": SimpleUploadedFile("export.csv", content)},
    )
    assert response.status_code == 302
    spending_import = SpendingImport.objects.get(plan=world.plan)
    assert response.url == url(world, "spending-import-preview", pk=spending_import.pk)
    assert not entries(world).exists()  # the preview records nothing

    page = client.get(response.url).content.decode()
    assert "3 rijen: 3 nieuwe uitgaven (samen € 3.685,06)" in page
    assert "2021 – Projectleider – Werkgeversdienstverlening" in page

    response = client.post(url(world, "spending-import-commit", pk=spending_import.pk))
    assert response.status_code == 302
    recorded = entries(world).order_by("date")
    assert [(e.budget_line, e.date, e.amount, e.reference) for e in recorded] == [
        (world.scholing_2021, date(2021, 8, 16), Decimal("1234.56"), "F2021-0815"),
        (world.projectleider, date(2021, 9, 1), Decimal("450.00"), "F2021-0902"),
        (world.scholing_2022, date(2022, 2, 3), Decimal("2000.50"), "F2022-0011"),
    ]
    assert {e.status for e in recorded} == {Decision.INGEDIEND}
    assert {e.spending_import_id for e in recorded} == {spending_import.pk}
    assert {e.recorded_by for e in recorded} == {world.manager}
    assert {e.counterparty for e in recorded} == {"Opleidingsbureau Noord"}
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.VERWERKT
    # Awaiting approval: nothing spent yet.
    assert spent(world, 2021) == Decimal("0.00")

    services.expenditure_approve(expenditure=recorded[0], actor=world.treasurer)
    assert spent(world, 2021) == Decimal("1234.56")


def test_a_good_xlsx_with_real_dates_and_numbers(world):
    spending_import = upload(world, "export.xlsx", files.xlsx_bytes(files.typed_rows()))
    assert spending_import.result.problems == []
    services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert sorted(entries(world).values_list("date", "amount")) == [
        (date(2021, 8, 16), Decimal("1234.56")),
        (date(2021, 10, 1), Decimal("99.00")),
    ]


def test_the_budget_line_is_found_by_any_case_and_accents_and_by_line_or_category(world):
    rows = [
        files.row(begrotingsregel="SCHOLING EN COORDINATIE"),
        files.row(
            referentie="2",
            begrotingsregel="",
            lijn="werkgeversdienstverlening",
            categorie="Personeel",
        ),
        files.row(referentie="3", begrotingsregel="", project="banenmarkt"),
        files.row(referentie="4", jaar="2022", datum="31-12-2021"),
    ]
    result = imports.validate(plan=world.plan, file_name="e.csv", content=files.csv_bytes(rows))
    assert result.problems == []
    assert [row.budget_line_id for row in result.rows] == [
        world.scholing_2021.pk,
        world.projectleider.pk,
        world.banenmarkt.pk,
        world.scholing_2022.pk,  # jaar wins over the year of the date
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("€1.234.567", "1234567"),
        ("EUR 12,5", "12.5"),
        ("1.500", "1500"),
        ("7", "7"),
    ],
)
def test_amounts_in_dutch_notation(text, amount):
    assert imports.parse_amount(text) == Decimal(amount)


# Every kind of error, by row and column ----------------------------------------------------

NEGATIVE = "negatief bedrag niet toegestaan; een correctie gaat via een tegenboeking"


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"bedrag": "-12,50"}, "bedrag", NEGATIVE),
        ({"bedrag": "€ -12,50"}, "bedrag", NEGATIVE),
        ({"bedrag": "(12,50)"}, "bedrag", NEGATIVE),
        ({"bedrag": "12,50-"}, "bedrag", NEGATIVE),
        ({"bedrag": "1234.56"}, "bedrag", "is in Engelse schrijfwijze"),
        ({"bedrag": "1,234.56"}, "bedrag", "is in Engelse schrijfwijze"),
        ({"bedrag": "12,345"}, "bedrag", "meer dan twee cijfers achter de komma"),
        ({"bedrag": "twaalf"}, "bedrag", "'twaalf' is geen bedrag"),
        ({"bedrag": "0"}, "bedrag", "Een uitgave is een bedrag groter dan nul."),
        ({"bedrag": ""}, "bedrag", "Het bedrag ontbreekt."),
        ({"datum": ""}, "datum", "De datum ontbreekt."),
        ({"datum": "16/08/2021"}, "datum", "is geen datum. Schrijf de datum als 16-08-2021"),
        ({"datum": "31-02-2021"}, "datum", "31-02-2021 bestaat niet als datum."),
        ({"datum": "16-08-2020"}, "datum", "valt buiten de looptijd van het plan"),
        ({"omschrijving": ""}, "omschrijving", "Vul de omschrijving in"),
        ({"omschrijving": "x" * 301}, "omschrijving", "De tekst is 301 tekens; ten hoogste 300."),
        ({"referentie": "r" * 101}, "referentie", "ten hoogste 100"),
        (
            {"begrotingsregel": "Reiskosten"},
            "begrotingsregel",
            "Geen begrotingsregel van 2021 past bij begrotingsregel 'Reiskosten'",
        ),
        ({"begrotingsregel": ""}, "begrotingsregel", "3 begrotingsregels van 2021 passen"),
        (
            {"jaar": "2023"},
            "jaar",
            "Het plan heeft geen begrotingsregels in 2023 (wel in: 2021, 2022)",
        ),
        ({"jaar": "21"}, "jaar", "'21' is geen jaar"),
        ({"lijn": "Onderwijs"}, "lijn", "Lijn 'Onderwijs' bestaat niet in dit plan."),
        ({"project": "Nergens"}, "project", "Project 'Nergens' bestaat niet in dit plan."),
        ({"categorie": "reizen"}, "categorie", "Onbekende categorie 'reizen'"),
        (
            {"begrotingsregel": "Projectleider", "categorie": "scholing"},
            "categorie",
            "Geen begrotingsregel van 2021 past bij categorie 'scholing' en de kolommen ervoor",
        ),
        ({"omschrijving": '=HYPERLINK("http://x")'}, "omschrijving", "als formule"),
        ({"organisatie": "@SUM(A1)"}, "organisatie", "als formule"),
        ({"referentie": "+31"}, "referentie", "als formule"),
        ({"bedrag": "=1+1"}, "bedrag", "als formule"),
        ({"bedrag": "-1+1"}, "bedrag", "als formule"),
        ({"begrotingsregel": "-Scholing"}, "begrotingsregel", "als formule"),
    ],
)
def test_each_error_names_row_and_column_in_dutch(world, changes, column, fragment):
    rows = [files.row(), files.row(**{"referentie": "F-2", **changes})]
    found = problems_of(world, "export.csv", files.csv_bytes(rows))
    assert any(r == 3 and c == column and fragment in m for r, c, m in found), found
    assert not any(r == 2 for r, _c, _m in found), found  # the good row stays good


def test_a_row_with_only_part_of_a_booking_is_not_skipped(world):
    rows = [files.row(), files.row(datum="", bedrag="", omschrijving="", referentie="F-7")]
    found = problems_of(world, "e.csv", files.csv_bytes(rows))
    assert [(r, c) for r, c, _m in found] == [(3, "datum"), (3, "bedrag"), (3, "omschrijving")]


def test_a_negative_amount_is_not_called_a_formula(world):
    found = problems_of(world, "export.csv", files.csv_bytes([files.row(bedrag="-12,50")]))
    assert found == [(2, "bedrag", NEGATIVE)]


def test_a_problem_reads_with_row_and_column():
    problem = imports.Problem(3, "bedrag", NEGATIVE)
    assert str(problem) == f"Rij 3, kolom bedrag: {NEGATIVE}"


def test_a_duplicate_row_in_the_file_is_flagged(world):
    found = problems_of(world, "e.csv", files.csv_bytes([files.row(), files.row(), files.row()]))
    assert [(r, c) for r, c, _m in found] == [(3, ""), (4, "")]
    assert (
        "Dubbele rij: dezelfde datum, hetzelfde bedrag, dezelfde referentie en "
        "begrotingsregel als rij 2." in found[0][2]
    )


def test_a_file_imported_twice_is_refused_rather_than_doubled(world):
    content = files.csv_bytes(files.honest_rows())
    services.spending_import_commit(
        spending_import=upload(world, "export.csv", content), actor=world.manager
    )
    assert entries(world).count() == 3
    again = upload(world, "export-opnieuw.csv", content)
    assert again.result.summary == {"nieuw": 0, "overgeslagen": 0, "fout": 3}
    assert all(
        "Deze uitgave is al geïmporteerd uit export.csv" in p.message for p in again.result.problems
    )
    with pytest.raises(ValidationError):
        services.spending_import_commit(spending_import=again, actor=world.manager)
    assert entries(world).count() == 3


def test_a_rejected_entry_may_be_delivered_again(world):
    services.spending_import_commit(
        spending_import=upload(world, "a.csv", files.csv_bytes([files.row()])), actor=world.manager
    )
    services.expenditure_reject(
        expenditure=entries(world).get(), actor=world.treasurer, reason="Verkeerde regel"
    )
    assert upload(world, "b.csv", files.csv_bytes([files.row()])).result.problems == []


# All or nothing -------------------------------------------------------------------------


def test_one_bad_row_and_nothing_is_written(world, client):
    rows = [*files.honest_rows(), files.row(referentie="F-9", bedrag="-5,00")]
    spending_import = upload(world, "export.csv", files.csv_bytes(rows))
    before = Expenditure.objects.count()
    client.force_login(world.manager)
    page = client.get(url(world, "spending-import-preview", pk=spending_import.pk)).content.decode()
    assert "Dit bestand heeft 1 fout. Er wordt niets verwerkt" in page
    assert f"Rij 5, kolom bedrag: {NEGATIVE}" in page
    assert 'id="commit-form"' not in page
    response = client.post(url(world, "spending-import-commit", pk=spending_import.pk))
    assert response.status_code == 302
    assert Expenditure.objects.count() == before
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.AFGEKEURD


def test_a_budget_changed_after_the_preview_refuses_the_commit(world):
    spending_import = upload(world, "export.csv", files.csv_bytes(files.honest_rows()))
    assert spending_import.result.problems == []
    BudgetLine.objects.filter(pk=world.projectleider.pk).update(
        revision=world.projectleider.revision + 1
    )
    before = Expenditure.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert "Rij 3: De begrotingsregel van deze rij (2021 – Projectleider" in str(refused.value)
    assert Expenditure.objects.count() == before
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.AFGEKEURD


def test_a_budget_line_renamed_after_the_preview_refuses_the_commit(world):
    spending_import = upload(world, "export.csv", files.csv_bytes(files.honest_rows()))
    BudgetLine.objects.filter(pk=world.projectleider.pk).update(description="Coördinator")
    before = Expenditure.objects.count()
    with pytest.raises(ValidationError):
        services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert Expenditure.objects.count() == before


def test_a_failing_row_at_commit_rolls_back_the_rows_before_it(world, monkeypatch):
    spending_import = upload(world, "export.csv", files.csv_bytes(files.honest_rows()))
    before = Expenditure.objects.count()
    written = []

    def history_fails(*args):
        written.append(Expenditure.objects.count())
        raise PermissionDenied("stop")

    # The entries are written in bulk, then their history: that fails.
    monkeypatch.setattr(services.imports, "_expenditures_history", history_fails)
    with pytest.raises(PermissionDenied):
        services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert written == [before + 3]  # the entries had been written, and are rolled back
    assert Expenditure.objects.count() == before


def test_an_import_is_committed_once(world):
    spending_import = upload(world, "export.csv", files.csv_bytes(files.honest_rows()))
    services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    with pytest.raises(ValidationError, match="al verwerkt"):
        services.spending_import_commit(spending_import=spending_import, actor=world.manager)
    assert entries(world).count() == 3


# Hostile files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "fragment"),
    [
        ("e.xlsx", lambda: hostile.zip_bomb(), "e.xlsx is uitgepakt"),
        ("e.xlsx", lambda: hostile.million_cell_row(), "is verdacht sterk ingepakt"),
        ("e.xlsx", lambda: hostile.million_cell_row_unpackable(), "meer dan 50 kolommen"),
        (
            "e.xlsx",
            lambda: hostile.many_parts(),
            "een Excel-werkmap met uitgaven heeft er hoogstens",
        ),
        ("e.xlsx", lambda: hostile.billion_laughs(), "DTD"),
        ("e.xlsx", lambda: b"PK\x03\x04 kapot", "beschadigd of onvolledig"),
        ("e.xlsx", lambda: files.csv_bytes(files.honest_rows()), "is geen Excel-werkmap"),
        ("e.csv", lambda: files.xlsx_bytes(files.honest_rows()), "lijkt een Excel-werkmap"),
        (
            "e.csv",
            lambda: files.csv_bytes(files.honest_rows()).replace(b"Training", b"Trai\x00ning"),
            "bevat een NUL-teken",
        ),
        (
            "e.csv",
            # As Excel's plain "CSV" saves it: Windows-1252, ö as one byte 0xF6.
            lambda: files.csv_bytes([files.row()]).replace(
                "coördinatie".encode(), "coördinatie".encode("cp1252")
            ),
            "is geen UTF-8-tekst",
        ),
        (
            "e.csv",
            lambda: files.csv_bytes([files.row(omschrijving="x" * 200_000)]),
            "heeft een veld van meer dan",
        ),
        ("e.pdf", lambda: b"%PDF-1.4", "is geen CSV- of Excel-bestand"),
        ("e.csv", lambda: b"", "is leeg"),
        ("e.csv", lambda: files.csv_bytes([]), "bevat geen gegevens"),
        (
            "e.csv",
            lambda: files.csv_bytes([files.row()], columns=[*imports.COLUMNS, "btw"]),
            "Onbekende kolom",
        ),
        (
            "e.csv",
            lambda: files.csv_bytes(
                [files.row()], columns=[c for c in imports.COLUMNS if c != "bedrag"]
            ),
            "Deze kolom ontbreekt in de kopregel",
        ),
        (
            "e.csv",
            lambda: files.csv_bytes(
                [{**files.row(), **{f"k{n}": "1" for n in range(60)}}],
                columns=[*imports.COLUMNS, *(f"k{n}" for n in range(60))],
            ),
            "meer dan 50 kolommen",
        ),
    ],
    ids=[
        "zip-bomb",
        "million-cell-row",
        "million-cell-row-unpackable",
        "many-parts",
        "billion-laughs",
        "damaged-zip",
        "csv-named-xlsx",
        "xlsx-named-csv",
        "nul-byte",
        "not-utf-8",
        "huge-cell",
        "not-a-table",
        "empty",
        "header-only",
        "unknown-column",
        "missing-column",
        "too-many-columns",
    ],
)
def test_a_hostile_file_is_refused_and_nothing_stored(world, name, build, fragment):
    found = problems_of(world, name, build())
    assert any(fragment in message for _r, _c, message in found), found
    with pytest.raises(imports.FileRejected):
        upload(world, name, build())
    assert not SpendingImport.objects.filter(plan=world.plan).exists()


def test_too_many_rows_are_refused(world, settings):
    settings.TABLE_IMPORT_MAX_ROWS = 2
    rows = [files.row(referentie=str(n)) for n in range(3)]
    found = problems_of(world, "e.csv", files.csv_bytes(rows))
    assert found == [
        (None, "", "e.csv heeft meer dan 2 rijen. Splits het op in kleinere bestanden.")
    ]


def test_too_large_a_file_is_refused_before_it_is_read(world, client, settings):
    settings.TABLE_IMPORT_MAX_BYTES = 100
    client.force_login(world.manager)
    response = client.post(
        url(world, "spending-import-upload"),
        {"file": SimpleUploadedFile("e.csv", files.csv_bytes(files.honest_rows()))},
    )
    assert response.status_code == 200
    assert "de grens is 100" in response.content.decode()
    assert not SpendingImport.objects.filter(plan=world.plan).exists()


def test_a_formula_in_a_workbook_cell_is_refused(world):
    content = files.xlsx_bytes([files.row(omschrijving="=1+1")])
    found = problems_of(world, "e.xlsx", content)
    assert [(r, c) for r, c, _m in found] == [(2, "omschrijving")]


# Who may import ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "treasurer", "other_manager"])
def test_others_may_not_import(world, client, who):
    user = getattr(world, who)
    client.force_login(user)
    content = files.csv_bytes(files.honest_rows())
    assert client.get(url(world, "spending-import-upload")).status_code == 403
    assert client.get(url(world, "spending-import-template", format="csv")).status_code == 403
    response = client.post(
        url(world, "spending-import-upload"), {"file": SimpleUploadedFile("e.csv", content)}
    )
    assert response.status_code == 403
    assert not SpendingImport.objects.filter(plan=world.plan).exists()
    with pytest.raises(PermissionDenied):
        upload(world, "e.csv", content, actor=user)
    # An import the manager left waiting cannot be committed by them either.
    waiting = upload(world, "e.csv", content)
    assert client.post(url(world, "spending-import-commit", pk=waiting.pk)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.spending_import_commit(spending_import=waiting, actor=user)
    assert not entries(world).exists()
    waiting.refresh_from_db()
    assert waiting.status == SpendingImport.Status.VOORBEELD


def test_an_import_of_another_plan_is_not_found(world, client):
    other = World()
    theirs = services.spending_import_upload(
        plan=other.plan,
        uploaded_file=SimpleUploadedFile("e.csv", files.csv_bytes(files.honest_rows())),
        actor=other.manager,
    )
    client.force_login(world.manager)
    assert client.get(url(world, "spending-import-preview", pk=theirs.pk)).status_code == 404
    assert client.post(url(world, "spending-import-commit", pk=theirs.pk)).status_code == 404
    assert not Expenditure.objects.filter(spending_import=theirs).exists()


def test_the_money_page_links_to_the_import_only_for_who_may_import(world, client):
    client.force_login(world.manager)
    page = client.get(url(world, "plan-money")).content.decode()
    assert 'id="spending-import-links"' in page
    assert url(world, "spending-import-template", format="xlsx") in page
    client.force_login(world.member)
    page = client.get(url(world, "plan-money")).content.decode()
    assert 'id="spending-import-links"' not in page


# The template -----------------------------------------------------------------------------


def test_the_xlsx_template_has_a_row_per_budget_line_and_no_formulas(world, client):
    BudgetLine.objects.create(plan=world.plan, year=2022, description="=HYPERLINK(1)", amount=1)
    client.force_login(world.manager)
    response = client.get(url(world, "spending-import-template", format="xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Uitgaven"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == imports.COLUMNS
    assert len(rows) == 1 + 5
    filled = [r[5:] for r in rows[1:]]
    assert (2021, "Scholing en coördinatie", None, None, "projectkosten") in filled
    assert (2021, "Projectleider", "Werkgeversdienstverlening", None, "personeel") in filled
    assert (2022, "=HYPERLINK(1)", None, None, "projectkosten") in filled  # as text
    assert all(r[:5] == (None,) * 5 for r in rows[1:])
    for each in workbook.worksheets:
        for line in each.iter_rows():
            assert all(cell.data_type != "f" for cell in line)
    assert "Toelichting" in workbook.sheetnames


def test_the_csv_template_filled_in_imports(world, client):
    client.force_login(world.manager)
    template = client.get(url(world, "spending-import-template", format="csv")).content
    lines = template.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(imports.COLUMNS)
    scholing = lines.index(";;;;;2021;Scholing en coördinatie;;;projectkosten")
    lines[scholing] = "16-08-2021;1.234,56;Training;F1;Bureau" + lines[scholing][4:]
    result = imports.validate(
        plan=world.plan, file_name="sjabloon.csv", content="\r\n".join(lines).encode("utf-8")
    )
    assert result.problems == []
    assert result.summary == {"nieuw": 1, "overgeslagen": 3, "fout": 0}
    assert result.to_apply[0].budget_line_id == world.scholing_2021.pk


# Query counts ------------------------------------------------------------------------------


def _preview_queries(world, client, rows) -> int:
    spending_import = upload(
        world,
        f"e{rows}.csv",
        files.csv_bytes([files.row(referentie=f"F-{n}") for n in range(rows)]),
    )
    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world, "spending-import-preview", pk=spending_import.pk))
    assert response.status_code == 200
    return len(queries)


def test_the_preview_costs_the_same_few_queries_whatever_the_rows(world, client):
    few, many = _preview_queries(world, client, 3), _preview_queries(world, client, 60)
    assert few == many
    # What every plan page reads, the import, the earlier imports, and (since issue 15) the
    # menu's count of unread notifications.
    assert many <= 7


def test_checking_a_file_costs_the_same_queries_whatever_the_rows(world):
    def checked(rows):
        content = files.csv_bytes([files.row(referentie=f"F-{n}") for n in range(rows)])
        with CaptureQueriesContext(connection) as queries:
            imports.validate(plan=world.plan, file_name="e.csv", content=content)
        return len(queries)

    assert checked(3) == checked(100) == 4  # budget lines, lines, projects, entries


def test_the_upload_page_lists_earlier_imports_in_the_same_few_queries(world, client):
    def page_queries():
        client.force_login(world.manager)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(world, "spending-import-upload"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    upload(world, "eerste.csv", files.csv_bytes(files.honest_rows()))
    one, _page = page_queries()
    for n in range(5):
        upload(world, f"export-{n}.csv", files.csv_bytes([files.row(referentie=f"R{n}")]))
    six, page = page_queries()
    assert one == six
    assert all(f"export-{n}.csv</a>" in page for n in range(5))
    assert "eerste.csv</a>" in page


def test_committing_through_the_page_says_what_awaits_approval(world, client):
    spending_import = upload(world, "export.csv", files.csv_bytes(files.honest_rows()))
    client.force_login(world.manager)
    response = client.post(url(world, "spending-import-commit", pk=spending_import.pk), follow=True)
    page = response.content.decode()
    assert (
        "Import export.csv is verwerkt: 3 uitgaven (samen € 3.685,06) wachten op goedkeuring."
        in page
    )
    assert '<dd id="import-status">verwerkt' in page
    assert 'id="commit-form"' not in page


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two real connections")
@pytest.mark.django_db(transaction=True)
def test_the_same_file_committed_twice_at_once_is_recorded_once():
    """Two people commit two uploads of one export at the same moment: the budget lines are
    locked before the file is checked again, so the second waits, then finds the first's
    entries and records nothing."""
    world = World()
    content = files.csv_bytes(files.honest_rows())
    first, second = upload(world, "a.csv", content), upload(world, "b.csv", content)
    barrier = threading.Barrier(2, timeout=10)
    original = services.imports._lock_budget_lines

    def lock_together(stored):
        barrier.wait()  # both are inside their transaction, about to lock and check
        return original(stored)

    outcomes = [None, None]

    def commit(index, spending_import):
        try:
            outcomes[index] = services.spending_import_commit(
                spending_import=spending_import, actor=world.manager
            )
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    with mock.patch.object(services.imports, "_lock_budget_lines", lock_together):
        threads = [
            threading.Thread(target=commit, args=(i, each))
            for i, each in enumerate((first, second))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    committed = [o for o in outcomes if isinstance(o, SpendingImport)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(committed), len(refused)) == (1, 1), outcomes
    assert "al geïmporteerd" in " ".join(refused[0].messages)
    assert entries(world).count() == 3
