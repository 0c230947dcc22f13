"""The official Banenafspraak figures: the werkregio-v1 format read exactly or refused whole
with row and column (placements.official.formats), the import by the beheerder only
(placements.official.services, the page /officiele-cijfers/, the command), a re-import that
replaces a corrected quarter and keeps the old figure in the history, the illustrative
sample file the demo loads, and the admin without a side door."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from config.security import allowed_request_bytes
from core.tabular import FileRejected
from demo import official_counts as demo_official_counts
from placements.models import OfficialCount, OfficialCountImport
from placements.official.services import official_counts_import
from placements.selectors.reconciliation import region_reconciliation
from programmes.models import Programme
from regions.models import Region, RoleAssignment
from regions.permissions import can_import_official_counts
from tests.factories import UserFactory
from tests.otp import verified_login

pytestmark = pytest.mark.django_db

HEADER = "regiocode;peildatum;sector;extra_banen;bron"
SOURCE = "UWV, Banenafspraak Trendrapportage"


def csv_file(*rows: str, header: str = HEADER, name: str = "cijfers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode())


@pytest.fixture
def beheerder(demo):
    return get_user_model().objects.get(username="beheerder")


def stored() -> dict[tuple[str, date, str], int]:
    return {
        (code, peildatum, sector): extra_jobs
        for code, peildatum, sector, extra_jobs in OfficialCount.objects.values_list(
            "region__code", "peildatum", "sector", "extra_jobs"
        )
    }


def nothing_written(before: dict, imports_before: int) -> None:
    assert stored() == before
    assert OfficialCountImport.objects.count() == imports_before


# The reader -------------------------------------------------------------------------------


GOOD_ROW = "AM07;31-12-2017;overheid;310;UWV"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ["AM99;31-12-2017;markt;12;UWV"],
            "Rij 3, kolom regiocode: Regiocode AM99 is geen van de 35 arbeidsmarktregio's.",
        ),
        (
            ["Haaglanden;31-12-2017;markt;12;UWV"],
            "Rij 3, kolom regiocode: 'Haaglanden' is geen regiocode.",
        ),
        (
            ["AM21;30-11-2017;markt;12;UWV"],
            "Rij 3, kolom peildatum: 30-11-2017 is geen einde van een kwartaal.",
        ),
        (["AM21;31-06-2017;markt;12;UWV"], "Rij 3, kolom peildatum: '31-06-2017' is geen datum."),
        (
            ["AM21;31-12-2017;x;12;UWV"],
            "Rij 3, kolom sector: 'x' is geen sector. Vul markt of overheid in.",
        ),
        (["AM21;31-12-2017;markt;12a;UWV"], "Rij 3, kolom extra_banen: '12a' is geen getal."),
        (
            ["AM21;31-12-2017;markt;-3;UWV"],
            "Rij 3, kolom extra_banen: Het aantal mag niet negatief zijn (-3).",
        ),
        (
            ["AM21;31-12-2017;markt;12,5;UWV"],
            "Rij 3, kolom extra_banen: Het aantal moet een geheel getal zijn, niet 12,5.",
        ),
        (
            ["AM21;31-12-2017;markt;;UWV"],
            "Rij 3, kolom extra_banen: Het aantal extra banen ontbreekt.",
        ),
        (
            [
                "AM21;31-12-2017;markt;12;UWV",
                "AM12;31-12-2017;markt;5;UWV",
                "am21;2017-12-31;Markt;13;UWV",
            ],
            "Rij 5: AM21, markt op 31-12-2017 staat al in rij 3.",
        ),
        (
            ['AM21;31-12-2017;markt;12;=HYPERLINK("http://x")'],
            "Rij 3, kolom bron: De tekst begint met '=' en zou in een rekenblad als formule",
        ),
        (["AM21;31-12-2017;@markt;12;UWV"], "Rij 3, kolom sector: De tekst begint met '@'"),
        (["AM21;31-12-2017;markt;=1+1;UWV"], "Rij 3, kolom extra_banen: '=1+1' is geen getal."),
    ],
)
def test_a_bad_file_is_refused_with_row_and_column_and_writes_nothing(beheerder, rows, expected):
    before, imports_before = stored(), OfficialCountImport.objects.count()
    # A good row before the bad one: all or nothing.
    with pytest.raises(FileRejected) as refused:
        official_counts_import(uploaded_file=csv_file(GOOD_ROW, *rows), actor=beheerder)
    messages = [str(problem) for problem in refused.value.problems]
    assert any(message.startswith(expected) for message in messages), messages
    nothing_written(before, imports_before)


def test_a_file_without_a_column_is_refused(beheerder):
    before, imports_before = stored(), OfficialCountImport.objects.count()
    file = csv_file("AM21;31-12-2017;markt;UWV", header="regiocode;peildatum;sector;bron")
    with pytest.raises(FileRejected) as refused:
        official_counts_import(uploaded_file=file, actor=beheerder)
    assert [str(problem) for problem in refused.value.problems] == [
        "Rij 1, kolom extra_banen: Deze kolom ontbreekt in de kopregel. Verwacht: regiocode, "
        "peildatum, sector, extra_banen, bron."
    ]
    nothing_written(before, imports_before)


def test_every_problem_of_a_file_is_named_at_once(beheerder):
    file = csv_file("AM99;31-12-2017;markt;12;UWV", "AM21;15-12-2017;x;12a;UWV")
    with pytest.raises(FileRejected) as refused:
        official_counts_import(uploaded_file=file, actor=beheerder)
    assert [(problem.row, problem.column) for problem in refused.value.problems] == [
        (2, "regiocode"),
        (3, "peildatum"),
        (3, "sector"),
        (3, "extra_banen"),
    ]


def test_a_good_file_imports(beheerder):
    file = csv_file(
        f"AM21;31-03-2017;markt;690;{SOURCE}",
        f"AM21;2017-03-31;overheid;712;{SOURCE}",
        "AM12;31-03-2017;markt;1.204;",
    )
    upload = official_counts_import(uploaded_file=file, actor=beheerder)
    assert (upload.row_count, upload.new_count, upload.changed_count, upload.unchanged_count) == (
        3,
        3,
        0,
        0,
    )
    assert (upload.file_name, upload.uploaded_by, upload.format) == (
        "cijfers.csv",
        beheerder,
        "werkregio-v1",
    )
    assert upload.content == file_bytes(file)
    assert stored()[("AM21", date(2017, 3, 31), "overheid")] == 712
    assert stored()[("AM12", date(2017, 3, 31), "markt")] == 1204
    count = OfficialCount.objects.get(
        region__code="AM21", peildatum=date(2017, 3, 31), sector="markt"
    )
    assert (count.source, count.official_import) == (SOURCE, upload)
    assert count.history.get().history_user == beheerder


def file_bytes(file) -> bytes:
    file.seek(0)
    return file.read()


def test_an_xlsx_file_with_date_cells_imports(beheerder):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["regiocode", "peildatum", "sector", "extra_banen", "bron"])
    sheet.append(["AM21", date(2017, 6, 30), "markt", 701, SOURCE])
    sheet.append(["AM21", date(2017, 6, 30), "overheid", 730.0, SOURCE])
    content = io.BytesIO()
    workbook.save(content)
    upload = official_counts_import(
        uploaded_file=SimpleUploadedFile("cijfers.xlsx", content.getvalue()), actor=beheerder
    )
    assert upload.new_count == 2
    assert stored()[("AM21", date(2017, 6, 30), "overheid")] == 730


def test_a_re_import_replaces_a_corrected_quarter_and_keeps_the_old_figure(beheerder):
    """A later publication corrects 2016-K4 of Haaglanden's market sector (668 → 655): the
    figure is replaced, the other rows are unchanged, and the history shows the old one."""
    sample = demo_official_counts.SAMPLE_FILE.read_text()
    corrected = sample.replace("AM21;31-12-2016;markt;668;", "AM21;31-12-2016;markt;655;")
    assert corrected != sample
    first = OfficialCountImport.objects.get()  # the demo's import of the sample
    other = UserFactory(is_superuser=True, username="beheerder-2")
    upload = official_counts_import(
        uploaded_file=SimpleUploadedFile("correctie.csv", corrected.encode()), actor=other
    )
    assert (upload.new_count, upload.changed_count, upload.unchanged_count) == (0, 1, 63)
    assert upload.results["changes"] == [
        {
            "row": sample.splitlines().index(
                "AM21;31-12-2016;markt;668;Illustratief voorbeeld, geen UWV-publicatie"
            )
            + 1,
            "region": "AM21",
            "peildatum": "2016-12-31",
            "sector": "markt",
            "old": 668,
            "new": 655,
        }
    ]
    count = OfficialCount.objects.get(
        region__code="AM21", peildatum=date(2016, 12, 31), sector="markt"
    )
    assert (count.extra_jobs, count.official_import) == (655, upload)
    history = list(count.history.order_by("history_date", "history_id"))
    assert [(entry.extra_jobs, entry.history_user.username) for entry in history] == [
        (668, "beheerder"),
        (655, "beheerder-2"),
    ]
    assert history[0].official_import_id == first.pk
    # An unchanged figure keeps the import it came from, and gets no history row.
    unchanged = OfficialCount.objects.get(
        region__code="AM21", peildatum=date(2016, 12, 31), sector="overheid"
    )
    assert (unchanged.official_import, unchanged.history.count()) == (first, 1)
    # Our count beside it moves with it: 652 against 655.
    rows = region_reconciliation(
        region=Region.objects.get(code="AM21"),
        programme=Programme.objects.get(code="banenafspraak"),
    )
    assert (rows[0].own, rows[0].official, rows[0].difference, rows[0].percentage) == (
        652,
        655,
        -3,
        Decimal("-0.5"),
    )


def test_the_database_refuses_what_the_reader_refuses(beheerder):
    upload = OfficialCountImport.objects.get()
    region = Region.objects.get(code="AM21")
    for fields in (
        {"peildatum": date(2016, 11, 30), "sector": "markt"},  # no quarter end
        {"peildatum": date(2016, 12, 31), "sector": "x"},
        {"peildatum": date(2016, 12, 31), "sector": "markt"},  # already there
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            OfficialCount.objects.create(
                region=region, extra_jobs=1, official_import=upload, **fields
            )


# Who may ----------------------------------------------------------------------------------


@pytest.fixture
def programme_manager(demo):
    return get_user_model().objects.get(username="programmamanager-haaglanden")


@pytest.fixture
def regiobeheerder(demo):
    return UserFactory(role=(Region.objects.get(code="AM21"), RoleAssignment.Role.REGIOBEHEERDER))


@pytest.mark.parametrize("who", ["programme_manager", "regiobeheerder"])
def test_only_the_beheerder_imports(request, client, who):
    user = request.getfixturevalue(who)
    before, imports_before = stored(), OfficialCountImport.objects.count()
    assert not can_import_official_counts(user)
    with pytest.raises(PermissionDenied):
        official_counts_import(uploaded_file=csv_file("AM21;31-03-2017;markt;690;UWV"), actor=user)
    client.force_login(user)
    assert client.get(reverse("official:list")).status_code == 403
    assert client.get(reverse("official:import")).status_code == 403
    response = client.post(
        reverse("official:import"), {"file": csv_file("AM21;31-03-2017;markt;690;UWV")}
    )
    assert response.status_code == 403
    assert "Alleen de beheerder importeert de officiële cijfers." in response.content.decode()
    nothing_written(before, imports_before)


def test_anonymous_is_sent_to_log_in(client, demo):
    response = client.get(reverse("official:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_beheerder_imports_on_the_page(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("official:import"),
        {"file": csv_file("AM21;31-03-2017;markt;690;UWV", "AM21;31-03-2017;overheid;712;UWV")},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("official:list")
    assert "cijfers.csv is geïmporteerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in html
    # Haaglanden's latest peildatum is now 2017-K1.
    assert "31-03-2017 (2017-K1)" in html
    assert stored()[("AM21", date(2017, 3, 31), "overheid")] == 712


def test_the_page_shows_the_problems_by_row_and_column_and_writes_nothing(client, beheerder):
    before, imports_before = stored(), OfficialCountImport.objects.count()
    client.force_login(beheerder)
    response = client.post(
        reverse("official:import"),
        {"file": csv_file("AM21;31-03-2017;markt;690;UWV", "AM99;31-03-2017;markt;12a;UWV")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is niets geïmporteerd: het bestand heeft 2 fouten." in html
    assert '<td>3</td><td><code lang="nl">regiocode</code></td>' in html
    assert '<td>3</td><td><code lang="nl">extra_banen</code></td>' in html
    assert "&#x27;12a&#x27; is geen getal." in html
    nothing_written(before, imports_before)


def test_the_list_page_shows_the_imports_and_the_latest_peildatum_per_region(client, beheerder):
    client.force_login(beheerder)
    client.get(reverse("official:list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("official:list"))
    html = response.content.decode()
    assert "officiele-cijfers-banenafspraak-voorbeeld.csv" in html
    # Haaglanden at 2016-K4: 668 in the market sector, 665 in the government sector.
    row = html.split('id="region-AM21"')[1].split("</tr>")[0]
    assert "31-12-2016 (2016-K4)" in row and "668" in row and "665" in row
    assert "nog geen officiële cijfers" in html.split('id="region-AM01"')[1].split("</tr>")[0]
    codes = Region.objects.exclude(official_counts__isnull=False).values_list("code", flat=True)
    for number, code in enumerate(codes[:5]):
        official_counts_import(
            uploaded_file=csv_file(f"{code};31-03-2017;markt;{number};UWV"), actor=beheerder
        )
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("official:list"))
    assert len(few) == len(more) <= 8


# The command ------------------------------------------------------------------------------


def test_the_command_imports_through_the_service(beheerder, tmp_path):
    path = tmp_path / "cijfers.csv"
    path.write_text(f"{HEADER}\nAM21;31-03-2017;markt;690;UWV\n")
    out = io.StringIO()
    call_command("import_official_counts", str(path), "--user", "beheerder", stdout=out)
    assert (
        "cijfers.csv geïmporteerd: 1 rijen, 1 nieuw, 0 gewijzigd, 0 ongewijzigd." in out.getvalue()
    )
    assert stored()[("AM21", date(2017, 3, 31), "markt")] == 690


def test_the_command_refuses_a_bad_file_and_another_user(beheerder, tmp_path):
    before, imports_before = stored(), OfficialCountImport.objects.count()
    path = tmp_path / "cijfers.csv"
    path.write_text(f"{HEADER}\nAM21;31-03-2017;overheid;12a;UWV\n")
    with pytest.raises(CommandError, match="Rij 2, kolom extra_banen"):
        call_command("import_official_counts", str(path), "--user", "beheerder")
    path.write_text(f"{HEADER}\nAM21;31-03-2017;overheid;12;UWV\n")
    with pytest.raises(CommandError, match="alleen de beheerder"):
        call_command("import_official_counts", str(path), "--user", "programmamanager-haaglanden")
    nothing_written(before, imports_before)


# The sample file and the demo -------------------------------------------------------------


def test_the_sample_file_is_marked_and_loaded_once(beheerder):
    lines = demo_official_counts.SAMPLE_FILE.read_text().splitlines()
    assert lines[0] == HEADER
    assert all(line.endswith(";Illustratief voorbeeld, geen UWV-publicatie") for line in lines[1:])
    assert {line[:4] for line in lines[1:]} == {"AM21", "AM07", "AM12", "AM37"}
    upload = OfficialCountImport.objects.get()
    assert (upload.file_name, upload.uploaded_by, upload.new_count) == (
        "officiele-cijfers-banenafspraak-voorbeeld.csv",
        beheerder,
        64,
    )
    assert OfficialCount.objects.filter(region__code="AM21").count() == 16
    # Loading the demo again changes nothing.
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert OfficialCountImport.objects.count() == 1
    assert "niets nieuw" in out.getvalue()


# The admin --------------------------------------------------------------------------------


def test_the_admin_reads_official_figures_and_edits_the_tolerance(client, beheerder):
    verified_login(client, beheerder)
    count = OfficialCount.objects.filter(region__code="AM21").first()
    upload = OfficialCountImport.objects.get()
    assert client.get(reverse("admin:placements_officialcount_changelist")).status_code == 200
    assert client.get(reverse("admin:placements_officialcount_add")).status_code == 403
    assert client.get(reverse("admin:placements_officialcountimport_add")).status_code == 403
    response = client.post(
        reverse("admin:placements_officialcount_change", args=[count.pk]),
        {"extra_jobs": 1, "sector": count.sector},
    )
    assert response.status_code == 403
    assert (
        client.post(
            reverse("admin:placements_officialcountimport_delete", args=[upload.pk]),
            {"post": "yes"},
        ).status_code
        == 403
    )
    count.refresh_from_db()
    assert OfficialCountImport.objects.filter(pk=upload.pk).exists()

    programme = Programme.objects.get(code="banenafspraak")
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    html = client.get(url).content.decode()
    assert (
        "Verschil tussen eigen telling en officiële cijfers dat als afwijking wordt gemarkeerd"
        in html
    )
    response = client.post(
        url,
        {
            "code": programme.code,
            "name": programme.name,
            "description": programme.description,
            "on_course_from": programme.on_course_from,
            "at_risk_from": programme.at_risk_from,
            "spending_lag_points": programme.spending_lag_points,
            "reconciliation_tolerance": "7.5",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.reconciliation_tolerance == Decimal("7.5")


def test_the_import_page_takes_a_file_as_large_as_the_import_allows(settings):
    url = reverse("official:import")
    overhead = settings.REQUEST_FORM_OVERHEAD_BYTES
    assert allowed_request_bytes(url) == settings.TABLE_IMPORT_MAX_BYTES + overhead
    settings.TABLE_IMPORT_MAX_BYTES = 1024 * 1024
    assert allowed_request_bytes(url) == 1024 * 1024 + overhead
