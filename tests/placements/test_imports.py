"""Import of realisations (placements.imports, services.delivery_upload/delivery_commit):
every error names its row (as the spreadsheet numbers it, header = 1), column and problem;
a file with any error commits nothing; importing the same delivery twice doubles nothing."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum

from placements import imports, services
from placements.imports import COLUMNS, FileRejected, Outcome
from placements.models import Correction, Delivery, Realisation
from programmes import services as programme_services
from programmes.models import ActionPlan, Indicator, Project, Target

from .importfiles import (
    APK,
    CARROUSEL,
    EVENEMENTEN,
    HAAGLANDEN,
    KETEN,
    MIDDEN_GELDERLAND,
    ONTMOETING,
    SOURCE,
    csv_bytes,
    csv_upload,
    row,
    xlsx_bytes,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-midden-gelderland"


@pytest.fixture
def plan(demo):
    """Midden-Gelderland with every period open (the demo data may close some): the tests
    close what they need themselves."""
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    plan.periods.update(closed_at=None, closed_by=None)
    return plan


@pytest.fixture
def manager(demo):
    return get_user_model().objects.get(username=MANAGER)


def check(plan, rows, **kwargs):
    return imports.validate(plan=plan, file_name="levering.csv", content=csv_bytes(rows, **kwargs))


def problems(plan, rows, **kwargs):
    """(row, column, message) of every problem in a CSV file of `rows`."""
    return [(p.row, p.column, p.message) for p in check(plan, rows, **kwargs).problems]


def rejected(plan, content, name="levering.csv"):
    with pytest.raises(FileRejected) as caught:
        imports.validate(plan=plan, file_name=name, content=content)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def target(plan, project_title, indicator="matches"):
    return Target.objects.get(
        plan=plan, project__title=project_title, indicator__code=indicator, sector=""
    )


def realised(target_, period_code=None, source=None) -> int:
    rows = Realisation.objects.filter(target=target_)
    if period_code:
        rows = rows.filter(period__code=period_code)
    if source:
        rows = rows.filter(source=source)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def commit(plan, manager, rows, reason="", name="levering.csv"):
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=csv_upload(rows, name=name), actor=manager
    )
    return services.delivery_commit(delivery=delivery, actor=manager, reason=reason)


# A valid file: what each row will do -----------------------------------------------------------


def test_valid_rows_are_new_and_name_their_target_period_and_source(plan):
    result = check(
        plan,
        [
            row(count="5"),
            row(project=CARROUSEL, period="2019-K2", count="1.400"),
            row(line=KETEN, project=APK, indicator="Matches", period="2020-k4", count="0"),
            row(line="Branchegericht ontwikkelarrangement", project="", count="7"),
        ],
    )
    assert result.problems == []
    assert [r.number for r in result.rows] == [2, 3, 4, 5]
    assert [r.outcome for r in result.rows] == [Outcome.NEW] * 4
    assert [r.count for r in result.rows] == [5, 1400, 0, 7]
    first = result.rows[0]
    assert first.target == target(plan, EVENEMENTEN)
    assert first.period.code == "2019-K1"
    assert first.source == SOURCE
    assert result.rows[2].period.code == "2020-K4"
    assert result.rows[3].target.line.title == "Branchegericht ontwikkelarrangement"
    assert result.rows[3].target.project is None


def test_row_numbers_are_the_spreadsheets_even_after_blank_lines(plan):
    content = (
        csv_bytes([row(), row(period="2019-K2")])
        + b";;;;;;;\r\n\r\n"
        + csv_bytes([row(period="2019-K3", count="x")]).split(b"\r\n", 1)[1]
    )
    result = imports.validate(plan=plan, file_name="levering.csv", content=content)
    assert [r.number for r in result.rows] == [2, 3, 6]
    assert [(p.row, p.column) for p in result.problems] == [(6, "aantal")]


def test_comma_separated_without_byte_order_mark(plan):
    result = check(
        plan, [row(line=ONTMOETING, project=CARROUSEL, count="3")], delimiter=",", bom=False
    )
    assert result.problems == []
    assert result.rows[0].outcome == Outcome.NEW


def test_xlsx_is_read_like_csv(plan):
    content = xlsx_bytes([row(count="5"), row(period="2019-K2", count="x")])
    result = imports.validate(plan=plan, file_name="levering.xlsx", content=content)
    assert result.rows[0].outcome == Outcome.NEW
    assert result.rows[0].count == 5
    assert [(p.row, p.column) for p in result.problems] == [(3, "aantal")]


def test_template_rows_left_empty_are_skipped(plan):
    result = check(plan, [row(count="", source=""), row(period="2019-K2")])
    assert [r.outcome for r in result.rows] == [Outcome.SKIPPED, Outcome.NEW]
    assert result.problems == []


# Every error: row, column and problem ----------------------------------------------------------


def test_unknown_line(plan):
    assert problems(plan, [row(), row(line="Lijn die niet bestaat")]) == [
        (3, "lijn", "Lijn 'Lijn die niet bestaat' bestaat niet in dit plan.")
    ]


def test_unknown_project(plan):
    assert problems(plan, [row(project="Onbekend project")]) == [
        (2, "project", "Project 'Onbekend project' bestaat niet in lijn 'De Ontmoeting'.")
    ]


def test_project_of_another_line(plan):
    assert problems(plan, [row(line=ONTMOETING, project=APK)]) == [
        (2, "project", "Project 'Verbreden APK' bestaat niet in lijn 'De Ontmoeting'.")
    ]


def test_unknown_indicator(plan):
    assert problems(plan, [row(indicator="bananen")]) == [
        (2, "indicator", "Indicator 'bananen' bestaat niet.")
    ]


def test_unknown_target_no_target_for_that_indicator_there(plan):
    assert problems(plan, [row(indicator="deelnemers")]) == [
        (
            2,
            "indicator",
            "Er is geen doelstelling voor Deelnemers bij project Organiseren evenementen.",
        )
    ]


def test_a_rolled_up_target_is_counted_through_its_parts(plan):
    # De Ontmoeting's 165 matches add up its projects': a count on the line would count twice.
    assert problems(plan, [row(project="")]) == [
        (
            2,
            "project",
            "De doelstelling voor Matches bij lijn De Ontmoeting telt de realisaties van haar "
            "onderdelen op. Lever de aantallen per project aan.",
        )
    ]


def test_period_unknown_or_outside_the_plan(plan):
    expected = (
        "Periode '2021-K1' bestaat niet of valt buiten het plan (01-01-2019 t/m 31-12-2020). "
        "Gebruik een van de perioden 2019-K1 t/m 2020-K4."
    )
    assert problems(plan, [row(period="2021-K1")]) == [(2, "periode", expected)]


def test_period_outside_the_targets_period(plan):
    project = Project.objects.get(line__plan=plan, title=EVENEMENTEN)
    Target.objects.create(
        plan=plan,
        line=project.line,
        project=project,
        indicator=Indicator.objects.get(code="deelnemers"),
        value=10,
        start_date=date(2020, 1, 1),
        end_date=date(2020, 12, 31),
    )
    assert problems(plan, [row(indicator="deelnemers", period="2020-K1")]) == []
    assert problems(plan, [row(indicator="deelnemers", period="2019-K4")]) == [
        (
            2,
            "periode",
            "Periode 2019-K4 valt buiten de looptijd van de doelstelling "
            "(01-01-2020 t/m 31-12-2020).",
        )
    ]


def test_negative_count(plan):
    assert problems(plan, [row(count="-3")]) == [
        (2, "aantal", "Het aantal mag niet negatief zijn (-3).")
    ]


def test_non_numeric_count(plan):
    assert problems(plan, [row(count="vijf")]) == [
        (2, "aantal", "'vijf' is geen getal. Vul een geheel getal van 0 of meer in.")
    ]
    assert problems(plan, [row(count="2,5")]) == [
        (2, "aantal", "Het aantal moet een geheel getal zijn, niet 2,5.")
    ]


def test_empty_count(plan):
    assert problems(plan, [row(count="")]) == [(2, "aantal", "Het aantal ontbreekt.")]


def test_missing_source(plan):
    assert problems(plan, [row(source="")]) == [
        (2, "bron", "Vul de bron in: wie levert dit aantal aan (bijvoorbeeld UWV).")
    ]


def test_duplicate_row_within_the_file(plan):
    rows = [row(count="5"), row(period="2019-K2"), row(count="6", source=SOURCE.upper())]
    assert problems(plan, rows) == [
        (
            4,
            "",
            "Dubbele rij: dezelfde doelstelling, periode, uitsplitsing en bron als rij 2.",
        )
    ]
    # Another source for the same cell is no duplicate: sources add up.
    assert problems(plan, [row(), row(source="UWV")]) == []


def test_missing_required_column_in_the_header(plan):
    columns = [name for name in COLUMNS if name != "bron"]
    assert rejected(plan, csv_bytes([row()], columns=columns)) == [
        (
            1,
            "bron",
            "Deze kolom ontbreekt in de kopregel. Verwacht: lijn, project, indicator, sector, "
            "doelgroep, periode, aantal, bron.",
        )
    ]


def test_sector_and_target_group_columns_may_be_left_out(plan):
    columns = [name for name in COLUMNS if name not in {"sector", "doelgroep"}]
    assert problems(plan, [row()], columns=columns) == []


def test_wrong_file_type_by_extension(plan):
    assert rejected(plan, csv_bytes([row()]), name="levering.txt") == [
        (
            None,
            "",
            "levering.txt is geen CSV- of Excel-bestand. Lever een .csv- of .xlsx-bestand aan "
            "(het sjabloon is er in beide vormen).",
        )
    ]


def test_wrong_file_type_by_content_xlsx_that_is_not_a_workbook(plan):
    [(row_number, column, message)] = rejected(plan, csv_bytes([row()]), name="levering.xlsx")
    assert (row_number, column) == (None, "")
    assert message.startswith(
        "levering.xlsx heet een Excel-bestand (.xlsx), maar is geen Excel-werkmap."
    )
    # A zip that is no workbook either.
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "geen werkmap")
    [(_, _, message)] = rejected(plan, buffer.getvalue(), name="levering.xlsx")
    assert "geen Excel-werkmap" in message


def test_wrong_file_type_by_content_csv_that_is_a_workbook(plan):
    [(_, _, message)] = rejected(plan, xlsx_bytes([row()]), name="levering.csv")
    assert message.startswith("levering.csv heet een CSV-bestand, maar is geen tekst")


def test_csv_that_is_not_utf8(plan):
    content = csv_bytes([row(project=CARROUSEL)], bom=False).decode().encode("cp1252")
    [(_, _, message)] = rejected(plan, content)
    assert message.startswith("levering.csv is geen UTF-8-tekst.")


def test_empty_file(plan):
    assert rejected(plan, b"") == [(None, "", "levering.csv is leeg.")]
    assert rejected(plan, csv_bytes([])) == [
        (None, "", "levering.csv bevat geen gegevens: onder de kopregel staan geen rijen.")
    ]
    assert rejected(plan, csv_bytes([row(count="", source="")])) == [
        (
            None,
            "",
            "levering.csv bevat geen ingevulde rijen: vul bij elke rij die u aanlevert het "
            "aantal en de bron in.",
        )
    ]


def test_file_over_the_size_limit_is_refused_and_not_stored(plan, manager, settings):
    settings.REALISATION_IMPORT_MAX_BYTES = 100
    before = Delivery.objects.count()
    with pytest.raises(FileRejected) as caught:
        services.delivery_upload(
            plan=plan, uploaded_file=csv_upload([row(), row(period="2019-K2")]), actor=manager
        )
    [message] = caught.value.messages
    assert message.startswith("Het bestand is ")
    assert "de grens is 100\xa0bytes" in message
    assert Delivery.objects.count() == before


def test_unknown_sector_and_target_group(plan):
    assert problems(plan, [row(sector="bedrijfsleven", group="studenten")]) == [
        (
            2,
            "sector",
            "Onbekende sector 'bedrijfsleven'. Kies markt of overheid, of laat het leeg.",
        ),
        (
            2,
            "doelgroep",
            "Onbekende doelgroep 'studenten'. Kies uit: wsw, wajong, participatiewet, wiw_id, "
            "pro_vso, overig, of laat het leeg.",
        ),
    ]


def test_sector_not_allowed_for_the_indicator(plan):
    Indicator.objects.filter(code="matches").update(breakdown="")
    assert problems(plan, [row(sector="markt")]) == [
        (2, "sector", "Deze indicator wordt niet per sector uitgesplitst.")
    ]


def test_target_group_not_allowed_for_the_indicator(plan):
    Indicator.objects.filter(code="matches").update(breakdown="")
    assert problems(plan, [row(group="wajong")]) == [
        (2, "doelgroep", "Deze indicator wordt niet per doelgroep uitgesplitst.")
    ]


def test_breakdown_by_sector_and_by_target_group(plan):
    Indicator.objects.filter(code="matches").update(breakdown="sector")
    result = check(plan, [row(sector="markt"), row(sector="Overheidssector")])
    assert [(r.outcome, r.sector) for r in result.rows] == [
        (Outcome.NEW, "markt"),
        (Outcome.NEW, "overheid"),
    ]
    Indicator.objects.filter(code="matches").update(breakdown="doelgroep")
    result = check(plan, [row(group="wajong"), row(group="Wsw-indicatie")])
    assert [(r.outcome, r.target_group) for r in result.rows] == [
        (Outcome.NEW, "wajong"),
        (Outcome.NEW, "wsw"),
    ]


def test_the_sector_column_names_the_target_in_haaglanden(demo):
    plan = ActionPlan.objects.get(title=HAAGLANDEN)
    rows = [
        row(line="", project="", indicator="banen", sector="markt", period="2015-K4", count="80"),
        row(line="", project="", indicator="banen", sector="overheid", period="2015-K4"),
        row(line="", project="", indicator="banen", sector="", period="2015-K4"),
    ]
    result = check(plan, rows)
    assert [r.target.sector if r.target else None for r in result.rows] == [
        "markt",
        "overheid",
        None,
    ]
    assert [(p.row, p.column) for p in result.problems] == [(4, "sector")]
    assert result.problems[0].message.startswith(
        "Vul de sector in: Banen (Banenafspraak) bij het hele plan heeft doelen voor"
    )


def test_an_error_names_every_problem_of_the_row(plan):
    assert [
        (r, c) for r, c, _m in problems(plan, [row(period="2030-K1", count="-1", source="")])
    ] == [
        (2, "periode"),
        (2, "aantal"),
        (2, "bron"),
    ]


# Commit: all or nothing, once; re-import without doubling ------------------------------------


def test_upload_stores_the_file_and_counts_rows_and_errors(plan, manager):
    delivery = services.delivery_upload(
        plan=plan,
        uploaded_file=csv_upload([row(), row(period="2019-K2", count="x")], name="uwv-2019.csv"),
        actor=manager,
    )
    delivery.refresh_from_db()
    assert delivery.file_name == "uwv-2019.csv"
    assert (delivery.row_count, delivery.error_count) == (2, 1)
    assert delivery.status == Delivery.Status.VOORBEELD
    assert delivery.uploaded_by == manager
    assert bytes(delivery.content) == csv_bytes([row(), row(period="2019-K2", count="x")])


def test_commit_records_every_row_with_its_source_and_delivery(plan, manager):
    evenementen, carrousel = target(plan, EVENEMENTEN), target(plan, CARROUSEL)
    delivery = commit(
        plan, manager, [row(count="5"), row(project=CARROUSEL, period="2020-K2", count="9")]
    )
    assert delivery.status == Delivery.Status.VERWERKT
    assert delivery.committed_at is not None
    stored = Realisation.objects.get(target=evenementen, period__code="2019-K1", source=SOURCE)
    assert (stored.count, stored.delivery, stored.recorded_by) == (5, delivery, manager)
    assert realised(carrousel, "2020-K2", SOURCE) == 9


def test_one_bad_row_and_nothing_is_stored(plan, manager):
    before = Realisation.objects.count()
    delivery = services.delivery_upload(
        plan=plan,
        uploaded_file=csv_upload([row(), row(period="2019-K2"), row(period="2019-K3", count="-1")]),
        actor=manager,
    )
    with pytest.raises(ValidationError) as caught:
        services.delivery_commit(delivery=delivery, actor=manager)
    assert caught.value.messages == ["Rij 4, kolom aantal: Het aantal mag niet negatief zijn (-1)."]
    assert Realisation.objects.count() == before
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.AFGEKEURD


def test_a_failure_while_recording_rolls_back_the_rows_before_it(plan, manager, monkeypatch):
    before = Realisation.objects.count()
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=csv_upload([row(), row(period="2019-K2")]), actor=manager
    )
    written = []

    def history_then_fail(rows, *args):
        written.append(Realisation.objects.count())
        raise ValidationError("kapot")

    # The rows are written in bulk, then their history: that fails.
    monkeypatch.setattr(services, "_realisations_history", history_then_fail)
    with pytest.raises(ValidationError):
        services.delivery_commit(delivery=delivery, actor=manager)
    assert written == [before + 2]  # both rows had been written, and are rolled back
    assert Realisation.objects.count() == before


def test_a_delivery_is_committed_once(plan, manager):
    delivery = commit(plan, manager, [row()])
    with pytest.raises(ValidationError, match="al verwerkt"):
        services.delivery_commit(delivery=delivery, actor=manager)


def test_importing_the_same_file_twice_doubles_nothing(plan, manager):
    evenementen = target(plan, EVENEMENTEN)
    rows = [row(count="5"), row(period="2019-K2", count="8")]
    commit(plan, manager, rows)
    before = realised(evenementen)
    again = services.delivery_upload(plan=plan, uploaded_file=csv_upload(rows), actor=manager)
    assert [r.outcome for r in again.result.rows] == [Outcome.UNCHANGED, Outcome.UNCHANGED]
    services.delivery_commit(delivery=again, actor=manager)
    assert realised(evenementen) == before
    assert Realisation.objects.filter(target=evenementen, source=SOURCE).count() == 2
    assert realised(evenementen, source=SOURCE) == 13


def test_a_corrected_count_replaces_the_old_one(plan, manager):
    evenementen = target(plan, EVENEMENTEN)
    commit(plan, manager, [row(count="5")])
    result = check(plan, [row(count="7")])
    [changed] = result.rows
    assert (changed.outcome, changed.old_count, changed.count) == (Outcome.CHANGED, 5, 7)
    commit(plan, manager, [row(count="7")])
    assert realised(evenementen, "2019-K1", SOURCE) == 7


def test_the_source_matches_whatever_its_case(plan, manager):
    commit(plan, manager, [row(count="5")])
    [again] = check(plan, [row(count="5", source=SOURCE.lower())]).rows
    assert (again.outcome, again.source) == (Outcome.UNCHANGED, SOURCE)


def test_a_second_source_adds_up(plan, manager):
    evenementen = target(plan, EVENEMENTEN)
    before = realised(evenementen, "2019-K1")
    commit(plan, manager, [row(count="5")])
    result = check(plan, [row(count="3", source="Gemeente Testdorp")])
    assert result.rows[0].outcome == Outcome.NEW
    commit(plan, manager, [row(count="3", source="Gemeente Testdorp")])
    assert realised(evenementen, "2019-K1") == before + 8


def test_xlsx_commits_like_csv(plan, manager):
    evenementen = target(plan, EVENEMENTEN)
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=xlsx_upload([row(count="4", period="2020-K3")]), actor=manager
    )
    services.delivery_commit(delivery=delivery, actor=manager)
    assert realised(evenementen, "2020-K3", SOURCE) == 4


def test_a_closed_period_needs_a_reason_and_becomes_a_correction(plan, manager):
    period = plan.periods.get(code="2019-K1")
    programme_services.period_close(period=period, actor=manager)
    evenementen = target(plan, EVENEMENTEN)
    delivery = services.delivery_upload(
        plan=plan, uploaded_file=csv_upload([row(count="5"), row(period="2019-K2")]), actor=manager
    )
    assert delivery.result.closed_periods == ["2019-K1"]
    assert [r.needs_reason for r in delivery.result.rows] == [True, False]
    with pytest.raises(services.PeriodClosedError, match="2019-K1"):
        services.delivery_commit(delivery=delivery, actor=manager)
    assert realised(evenementen, source=SOURCE) == 0
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.VOORBEELD  # may be committed with a reason

    services.delivery_commit(delivery=delivery, actor=manager, reason="Nagekomen cijfers UWV")
    correction = Correction.objects.get(realisation__target=evenementen, realisation__source=SOURCE)
    assert (correction.old_count, correction.new_count) == (0, 5)
    assert correction.reason == "Nagekomen cijfers UWV"
    assert correction.corrected_by == manager
    assert realised(evenementen, source=SOURCE) == 10


def test_unchanged_rows_in_a_closed_period_need_no_reason(plan, manager):
    commit(plan, manager, [row(count="5")])
    programme_services.period_close(period=plan.periods.get(code="2019-K1"), actor=manager)
    result = check(plan, [row(count="5")])
    assert result.closed_periods == []
    commit(plan, manager, [row(count="5")])


def test_a_closed_plan_takes_no_delivery(plan, manager):
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.AFGESLOTEN)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="afgesloten"):
        services.delivery_upload(plan=plan, uploaded_file=csv_upload([row()]), actor=manager)


# The template -------------------------------------------------------------------------------


def test_template_has_a_row_per_counted_target_breakdown_and_period(plan):
    rows = imports.template_rows(plan=plan)
    keys = {(r["lijn"], r["project"], r["indicator"], r["sector"], r["periode"]) for r in rows}
    assert (ONTMOETING, EVENEMENTEN, "matches", "", "2019-K1") in keys
    assert (ONTMOETING, EVENEMENTEN, "matches", "", "2020-K4") in keys
    # The plan's 415 and De Ontmoeting's 165 add up their parts: no rows of their own.
    assert ("", "", "matches", "", "2019-K1") not in keys
    assert (ONTMOETING, "", "matches", "", "2019-K1") not in keys
    assert all(r["aantal"] == "" and r["bron"] == "" for r in rows)
    # Every other target once per quarter of 2019-2020.
    assert len(rows) == len(keys) == (Target.objects.filter(plan=plan).count() - 2) * 8


def test_template_splits_a_sector_breakdown(plan):
    Indicator.objects.filter(code="matches").update(breakdown="sector")
    rows = imports.template_rows(plan=plan)
    sectors = [
        r["sector"] for r in rows if r["project"] == EVENEMENTEN and r["periode"] == "2019-K1"
    ]
    assert sectors == ["markt", "overheid"]


def test_too_many_rows(plan, settings):
    settings.REALISATION_IMPORT_MAX_ROWS = 3
    rows = [row(period=f"2019-K{quarter}") for quarter in (1, 2, 3, 4)]
    assert rejected(plan, csv_bytes(rows)) == [
        (None, "", "levering.csv heeft meer dan 3 rijen. Splits het op in kleinere bestanden.")
    ]
    assert rejected(plan, xlsx_bytes(rows), name="levering.xlsx") == [
        (None, "", "levering.xlsx heeft meer dan 3 rijen. Splits het op in kleinere bestanden.")
    ]


def test_a_period_typed_as_a_date_in_excel_is_the_period_holding_it(plan):
    from openpyxl import load_workbook

    content = xlsx_bytes([row(period="x")])
    workbook = load_workbook(io.BytesIO(content))
    workbook.active["F2"].value = date(2019, 4, 1)  # Excel made "2019-04" a date
    out = io.BytesIO()
    workbook.save(out)
    [result] = imports.validate(plan=plan, file_name="levering.xlsx", content=out.getvalue()).rows
    assert (result.outcome, result.period.code) == (Outcome.NEW, "2019-K2")
