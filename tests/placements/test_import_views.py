"""The import pages as a programme manager uses them (test client): the template to fill in,
the upload, the preview with every row's outcome and errors by row and column, the commit;
and who may not."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.models import Correction, Delivery, Realisation
from programmes.models import ActionPlan, Target
from programmes.services import period_close

from ..programmes.helpers import is_login_redirect, login, messages_of, user
from .importfiles import (
    CARROUSEL,
    EVENEMENTEN,
    HAAGLANDEN,
    MIDDEN_GELDERLAND,
    ONTMOETING,
    SOURCE,
    csv_bytes,
    csv_upload,
    row,
    upload,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db
MANAGER = "programmamanager-midden-gelderland"


@pytest.fixture
def plan(demo):
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    plan.periods.update(closed_at=None, closed_by=None)
    return plan


@pytest.fixture
def manager(client, plan):
    return login(client, MANAGER)


def import_url(plan, name="import-upload", **kwargs):
    return reverse(f"placements:{name}", kwargs={"plan_pk": plan.pk, **kwargs})


def post_file(client, plan, file):
    return client.post(import_url(plan), {"file": file})


def preview_of(client, plan, file):
    response = post_file(client, plan, file)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    return preview, Delivery.objects.get(pk=preview.context["delivery"].pk)


def stored(target, period_code, source=SOURCE):
    found = Realisation.objects.filter(target=target, period__code=period_code, source=source)
    return found.get().count if found.exists() else None


def evenementen(plan):
    return Target.objects.get(plan=plan, project__title=EVENEMENTEN, indicator__code="matches")


def commit_button(html: str) -> bool:
    return ">Verwerken</button>" in html


def test_upload_page_has_a_labelled_file_field_and_both_templates(manager, plan):
    html = manager.get(import_url(plan)).content.decode()
    assert '<label for="id_file">Bestand met realisaties (.csv of .xlsx)' in html
    assert 'type="file" name="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert import_url(plan, "import-template", format="xlsx") in html
    assert import_url(plan, "import-template", format="csv") in html
    assert "ten hoogste 20,0\xa0MB" in html  # TABLE_IMPORT_MAX_BYTES, raised in 0018
    assert "Voor dit plan is nog niets aangeleverd." in html


def test_upload_preview_commit(manager, plan):
    target = evenementen(plan)
    preview, delivery = preview_of(
        manager,
        plan,
        csv_upload([row(count="5"), row(period="2019-K2", count="1.400")], name="uwv-2019.csv"),
    )
    html = preview.content.decode()
    assert "Voorbeeld van uwv-2019.csv" in html
    assert "2 rijen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 overgeslagen, 0 met een fout." in html
    assert '<tr id="rij-2" class="import-row import-row--nieuw">' in html
    assert '<tr id="rij-3" class="import-row import-row--nieuw">' in html
    assert commit_button(html)
    assert stored(target, "2019-K1") is None  # nothing recorded by the preview

    response = manager.post(import_url(plan, "import-commit", pk=delivery.pk))
    assert response.status_code == 302
    assert messages_of(response) == [
        (
            "success",
            "Aanlevering uwv-2019.csv is verwerkt: 2 nieuw, 0 gewijzigd, 0 ongewijzigd.",
        )
    ]
    assert (stored(target, "2019-K1"), stored(target, "2019-K2")) == (5, 1400)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.VERWERKT
    after = manager.get(response["Location"]).content.decode()
    assert "verwerkt op" in after
    assert not commit_button(after)


def test_preview_shows_errors_by_row_and_column_and_offers_no_commit(manager, plan):
    preview, delivery = preview_of(
        manager,
        plan,
        csv_upload([row(), row(period="2019-K2", count="-2"), row(line="Onbekend")]),
    )
    html = preview.content.decode()
    assert "Dit bestand heeft 2 fouten. Er wordt niets verwerkt" in html
    assert (
        '<a href="#rij-3">Rij 3, kolom aantal: Het aantal mag niet negatief zijn (-2).</a>' in html
    )
    assert "Rij 4, kolom lijn: Lijn &#x27;Onbekend&#x27; bestaat niet in dit plan.</a>" in html
    assert '<td class="numeric"><mark class="discrepancy">-2</mark></td>' in html
    assert "kolom aantal: Het aantal mag niet negatief zijn (-2)." in html
    assert not commit_button(html)
    assert (delivery.row_count, delivery.error_count) == (3, 2)

    # Posting the commit anyway records nothing.
    before = Realisation.objects.count()
    response = manager.post(import_url(plan, "import-commit", pk=delivery.pk))
    assert response.status_code == 302
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert text.startswith("Er is niets verwerkt: Rij 3, kolom aantal:")
    assert Realisation.objects.count() == before


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload(b"lijn;project\r\n", "levering.txt"),
            "levering.txt is geen CSV- of Excel-bestand.",
        ),
        (
            upload(b"lijn;project\r\n", "levering.xlsx"),
            "levering.xlsx heet een Excel-bestand (.xlsx), maar is geen Excel-werkmap.",
        ),
        (upload(b"", "levering.csv"), "Het gekozen bestand is leeg."),
        (
            upload(csv_bytes([]), "levering.csv"),
            "levering.csv bevat geen gegevens: onder de kopregel staan geen rijen.",
        ),
        (
            upload(csv_bytes([row()], columns=["lijn", "project", "indicator", "periode"])),
            "Rij 1, kolom aantal: Deze kolom ontbreekt in de kopregel.",
        ),
    ],
    ids=["extension", "not-a-workbook", "empty", "header-only", "missing-column"],
)
def test_a_file_that_cannot_be_read_is_refused_at_the_field(manager, plan, file, message):
    before = Delivery.objects.count()
    response = post_file(manager, plan, file)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het formulier is nog niet in orde:" in html
    assert message.replace("'", "&#x27;") in html
    assert "utrecht-form-field--invalid" in html
    assert Delivery.objects.count() == before


def test_a_file_over_the_size_limit_is_refused(manager, plan, settings):
    settings.REALISATION_IMPORT_MAX_BYTES = 200
    content = csv_bytes([row(period=f"2019-K{quarter}") for quarter in (1, 2, 3, 4)])
    assert len(content) > 200
    response = post_file(manager, plan, upload(content))
    assert response.status_code == 200
    assert "de grens is 200\xa0bytes" in response.content.decode()
    assert not Delivery.objects.exists()


def test_no_file_chosen(manager, plan):
    response = manager.post(import_url(plan), {})
    assert "Kies een bestand om aan te leveren." in response.content.decode()


def test_the_same_delivery_again_is_unchanged_and_doubles_nothing(manager, plan):
    target = evenementen(plan)
    rows = [row(count="5"), row(period="2019-K2", count="6")]
    _preview, first = preview_of(manager, plan, csv_upload(rows))
    manager.post(import_url(plan, "import-commit", pk=first.pk))
    preview, second = preview_of(manager, plan, csv_upload(rows))
    html = preview.content.decode()
    assert "2 rijen: 0 nieuw, 0 gewijzigd, 2 ongewijzigd" in html
    response = manager.post(import_url(plan, "import-commit", pk=second.pk))
    assert messages_of(response)[0][1].endswith("0 nieuw, 0 gewijzigd, 2 ongewijzigd.")
    assert (stored(target, "2019-K1"), stored(target, "2019-K2")) == (5, 6)
    assert Realisation.objects.filter(target=target, source=SOURCE).count() == 2


def test_a_changed_count_shows_old_and_new(manager, plan):
    _preview, first = preview_of(manager, plan, csv_upload([row(count="5")]))
    manager.post(import_url(plan, "import-commit", pk=first.pk))
    preview, _second = preview_of(manager, plan, csv_upload([row(count="9")]))
    assert "gewijzigd</span> 5 → 9" in preview.content.decode()


def test_a_closed_period_asks_for_a_reason_and_keeps_a_correction(manager, plan):
    period_close(period=plan.periods.get(code="2019-K1"), actor=user(MANAGER))
    target = evenementen(plan)
    preview, delivery = preview_of(manager, plan, csv_upload([row(count="5")]))
    html = preview.content.decode()
    assert "periode 2019-K1 is afgesloten: correctie" in html
    assert "Deze aanlevering wijzigt afgesloten perioden (2019-K1)" in html
    assert '<label for="id_reason">Reden voor de correcties in afgesloten perioden' in html

    response = manager.post(import_url(plan, "import-commit", pk=delivery.pk), {"reason": ""})
    assert response.status_code == 200
    assert "geef een reden voor deze correcties" in response.content.decode()
    assert stored(target, "2019-K1") is None

    response = manager.post(
        import_url(plan, "import-commit", pk=delivery.pk), {"reason": "Nagekomen telling"}
    )
    assert response.status_code == 302
    assert stored(target, "2019-K1") == 5
    correction = Correction.objects.get(realisation__target=target, realisation__source=SOURCE)
    assert (correction.old_count, correction.new_count, correction.reason) == (
        0,
        5,
        "Nagekomen telling",
    )


def test_the_list_of_earlier_deliveries_says_who_when_and_status(manager, plan):
    _preview, first = preview_of(manager, plan, csv_upload([row()], name="eerste.csv"))
    manager.post(import_url(plan, "import-commit", pk=first.pk))
    preview, _second = preview_of(manager, plan, csv_upload([row(count="x")], name="tweede.csv"))
    html = preview.content.decode()
    section = html[html.index('id="deliveries"') :]
    assert section.index("tweede.csv") < section.index("eerste.csv")
    assert "programmamanager-midden-gelderland" in section
    assert "verwerkt" in section and "voorbeeld" in section


# The template, and a round trip through it ---------------------------------------------------


def test_xlsx_template_has_the_plans_rows_and_an_explanation(manager, plan):
    response = manager.get(import_url(plan, "import-template", format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="realisaties-plan-' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Realisaties", "Toelichting"]
    rows = list(workbook["Realisaties"].iter_rows(values_only=True))
    assert rows[0] == (
        "lijn",
        "project",
        "indicator",
        "sector",
        "doelgroep",
        "periode",
        "aantal",
        "bron",
    )
    assert (ONTMOETING, EVENEMENTEN, "matches", None, None, "2019-K1", None, None) in rows
    notes = "\n".join(
        " | ".join(str(cell) for cell in r if cell is not None)
        for r in workbook["Toelichting"].iter_rows(values_only=True)
    )
    for expected in (
        "aantal | Het aantal: een geheel getal van 0 of meer.",
        "2019-K1 | 01-01-2019 – 31-03-2019 | open",
        "2020-K4 | 01-10-2020 – 31-12-2020",
        "matches | Matches",
        "markt | marktsector",
        "overheid | overheidssector",
        "wajong | Wajong",
    ):
        assert expected in notes


def test_csv_template_opens_in_dutch_excel(manager, plan):
    response = manager.get(import_url(plan, "import-template", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufefflijn;project;indicator;sector;doelgroep;periode;aantal;bron\r\n")
    assert f"{ONTMOETING};{CARROUSEL};matches;;;2020-K4;;\r\n" in text


def fill_template_rows(rows, wanted):
    """Fill aantal and bron in the template rows named by (project, indicator, period)."""
    for values in rows:
        key = (values[1], values[2], values[5])
        if key in wanted:
            values[6], values[7] = wanted[key], SOURCE


def test_xlsx_template_round_trip(manager, plan):
    template = manager.get(import_url(plan, "import-template", format="xlsx")).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Realisaties"]
    wanted = {(EVENEMENTEN, "matches", "2019-K1"): 4, (CARROUSEL, "matches", "2020-K2"): 11}
    for cells in sheet.iter_rows(min_row=2):
        key = (cells[1].value, cells[2].value, cells[5].value)
        if key in wanted:
            cells[6].value, cells[7].value = wanted[key], SOURCE
    filled = io.BytesIO()
    workbook.save(filled)
    preview, delivery = preview_of(manager, plan, upload(filled.getvalue(), "sjabloon.xlsx"))
    result = preview.context["result"]
    assert result.summary["nieuw"] == 2
    assert result.summary["overgeslagen"] == result.row_count - 2
    assert commit_button(preview.content.decode())
    manager.post(import_url(plan, "import-commit", pk=delivery.pk))
    carrousel = Target.objects.get(plan=plan, project__title=CARROUSEL, indicator__code="matches")
    assert stored(evenementen(plan), "2019-K1") == 4
    assert stored(carrousel, "2020-K2") == 11


def test_csv_template_round_trip(manager, plan):
    text = manager.get(import_url(plan, "import-template", format="csv")).content.decode()
    lines = text.lstrip("\ufeff").split("\r\n")
    rows = [line.split(";") for line in lines[1:] if line]
    fill_template_rows(rows, {(EVENEMENTEN, "matches", "2020-K1"): "7"})
    content = ("\r\n".join([lines[0], *(";".join(r) for r in rows)]) + "\r\n").encode()
    preview, delivery = preview_of(manager, plan, upload(content, "sjabloon.csv"))
    assert preview.context["result"].summary["nieuw"] == 1
    manager.post(import_url(plan, "import-commit", pk=delivery.pk))
    assert stored(evenementen(plan), "2020-K1") == 7


def test_xlsx_upload(manager, plan):
    preview, delivery = preview_of(manager, plan, xlsx_upload([row(count="3", period="2019-K3")]))
    assert "1 rijen: 1 nieuw" in preview.content.decode()
    manager.post(import_url(plan, "import-commit", pk=delivery.pk))
    assert stored(evenementen(plan), "2019-K3") == 3


# Who may ------------------------------------------------------------------------------------


def _pages(plan, delivery):
    return [
        ("get", import_url(plan), {}),
        ("post", import_url(plan), {"file": csv_upload([row()])}),
        ("get", import_url(plan, "import-preview", pk=delivery.pk), {}),
        ("post", import_url(plan, "import-commit", pk=delivery.pk), {}),
        ("get", import_url(plan, "import-template", format="xlsx"), {}),
        ("get", import_url(plan, "import-template", format="csv"), {}),
    ]


@pytest.fixture
def waiting_delivery(client, plan):
    login(client, MANAGER)
    _preview, delivery = preview_of(client, plan, csv_upload([row(count="5")]))
    client.logout()
    return delivery


@pytest.mark.parametrize(
    "username",
    [
        "werkkamerlid-midden-gelderland",
        "secretaris-midden-gelderland",
        "programmamanager-haaglanden",
        None,
    ],
)
def test_others_may_not_import(client, plan, waiting_delivery, username):
    login(client, username)
    deliveries, realisations = Delivery.objects.count(), Realisation.objects.count()
    for method, address, data in _pages(plan, waiting_delivery):
        response = getattr(client, method)(address, data)
        if username is None:
            assert is_login_redirect(response), address
        else:
            assert response.status_code == 403, (username, address)
    assert (Delivery.objects.count(), Realisation.objects.count()) == (deliveries, realisations)
    waiting_delivery.refresh_from_db()
    assert waiting_delivery.status == Delivery.Status.VOORBEELD


@pytest.mark.parametrize("username", [MANAGER, "beheerder"])
def test_the_regions_programme_manager_and_the_beheerder_may(
    client, plan, waiting_delivery, username
):
    login(client, username)
    for method, address, data in _pages(plan, waiting_delivery):
        response = getattr(client, method)(address, data)
        assert response.status_code in {200, 302}, (username, address, response.status_code)
    waiting_delivery.refresh_from_db()
    assert waiting_delivery.status == Delivery.Status.VERWERKT


def test_a_delivery_of_another_plan_is_not_found_here(client, plan, waiting_delivery):
    haaglanden = ActionPlan.objects.get(title=HAAGLANDEN)
    login(client, "beheerder")
    response = client.get(import_url(haaglanden, "import-preview", pk=waiting_delivery.pk))
    assert response.status_code == 404


def test_a_closed_plan_takes_no_import(manager, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.AFGESLOTEN)
    assert manager.get(import_url(plan)).status_code == 403


# Queries do not grow with the rows ------------------------------------------------------------


@pytest.mark.parametrize("filled", [2, 80])
def test_preview_queries_do_not_grow_with_the_rows(
    manager, plan, django_assert_max_num_queries, filled
):
    from placements.imports import template_rows

    rows = template_rows(plan=plan)[:filled]
    for values in rows:
        values["aantal"], values["bron"] = "3", SOURCE
    rows[-1]["aantal"] = "x"  # and an error, so the error summary is drawn too
    _preview, delivery = preview_of(manager, plan, csv_upload(rows))
    # Earlier deliveries in the list.
    for _ in range(3):
        preview_of(manager, plan, csv_upload(rows[:1]))
    with django_assert_max_num_queries(12):
        response = manager.get(import_url(plan, "import-preview", pk=delivery.pk))
    assert response.context["result"].row_count == filled
    with django_assert_max_num_queries(6):
        manager.get(import_url(plan))
