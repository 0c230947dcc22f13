"""Importing realisations in a real browser: the programme manager of Midden-Gelderland opens
the import page from the entry grid, uploads a CSV with a mistake and reads the errors,
uploads the corrected file, reads each row's outcome in the preview and commits it. The
upload and preview pages pass axe-core's WCAG 2.1 A/AA checks."""

import re

from django.db.models import Sum
from playwright.sync_api import expect

from placements.models import Delivery, Realisation
from programmes.models import ActionPlan, Target

from .conftest import login
from .test_accessibility import BLOCKING, axe_violations, check_styles_loaded, describe

MANAGER = "programmamanager-midden-gelderland"
MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HEADER = "lijn;project;indicator;sector;doelgroep;periode;aantal;bron"
SOURCE = "E2E-bron"  # no demo realisation has it: every row is new
ROWS = [
    "De Ontmoeting;Organiseren evenementen;matches;;;2020-K3;4;" + SOURCE,
    "De Ontmoeting;De oriëntatiecarrousel;matches;;;2020-K4;1.200;" + SOURCE,
]


def write_csv(path, rows):
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8-sig")
    return path


def check_accessible(page, name, problems):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"[{name}] " + describe(blocking, page.url))


def stored(plan, project, period):
    target = Target.objects.get(plan=plan, project__title=project, indicator__code="matches")
    found = Realisation.objects.filter(target=target, period__code=period, source=SOURCE)
    return found.aggregate(total=Sum("count"))["total"]


def test_upload_preview_and_commit(page, fresh_demo_site, tmp_path):
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    # The demo data may have closed these periods; this test is about an ordinary delivery.
    plan.periods.filter(code__in=["2020-K3", "2020-K4"]).update(closed_at=None, closed_by=None)
    problems = []
    login(page, fresh_demo_site, MANAGER)

    page.goto(f"{fresh_demo_site}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Realisaties invoeren", exact=True).first.click()
    page.get_by_role("link", name="Realisaties importeren (CSV of Excel)").click()
    expect(page.get_by_role("heading", name="Realisaties importeren", level=1)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon als Excel-werkmap (.xlsx)").click()
    assert download.value.suggested_filename == f"realisaties-plan-{plan.pk}-sjabloon.xlsx"
    assert download.value.path().read_bytes().startswith(b"PK")
    check_styles_loaded(page)
    check_accessible(page, "upload", problems)

    # A file with a mistake: the preview names row and column, and offers no commit.
    wrong = write_csv(tmp_path / "levering-fout.csv", [ROWS[0], ROWS[1].replace("1.200", "-5")])
    page.get_by_label("Bestand met realisaties (.csv of .xlsx)").set_input_files(wrong)
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="Voorbeeld van levering-fout.csv")).to_be_visible()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Dit bestand heeft 1 fout. Er wordt niets verwerkt")
    expect(alert).to_contain_text("Rij 3, kolom aantal: Het aantal mag niet negatief zijn (-5).")
    expect(page.get_by_role("button", name="Verwerken")).to_have_count(0)
    check_accessible(page, "preview with an error", problems)

    # The corrected file.
    page.get_by_role("link", name="Een (verbeterd) bestand aanleveren").click()
    right = write_csv(tmp_path / "levering.csv", ROWS)
    page.get_by_label("Bestand met realisaties (.csv of .xlsx)").set_input_files(right)
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="Voorbeeld van levering.csv")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/realisaties/import/\d+/$"))
    expect(page.locator("#import-summary")).to_contain_text(
        "2 rijen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 overgeslagen, 0 met een fout."
    )
    table = page.get_by_role("table", name="Rijen van het bestand en wat er met elke rij gebeurt")
    first, second = table.locator("#rij-2"), table.locator("#rij-3")
    expect(first).to_contain_text("Organiseren evenementen")
    expect(first).to_contain_text("2020-K3")
    expect(first.locator(".import-outcome")).to_have_text("nieuw")
    expect(second).to_contain_text("De oriëntatiecarrousel")
    expect(second).to_contain_text("1.200")
    expect(second.locator(".import-outcome")).to_have_text("nieuw")
    check_accessible(page, "preview", problems)
    assert stored(plan, "Organiseren evenementen", "2020-K3") is None  # not yet

    page.get_by_role("button", name="Verwerken").click()
    expect(
        page.get_by_role("status").filter(has_text="Aanlevering levering.csv is verwerkt")
    ).to_contain_text("2 nieuw, 0 gewijzigd, 0 ongewijzigd")
    expect(page.locator("#delivery-status")).to_contain_text("verwerkt")
    expect(page.get_by_role("button", name="Verwerken")).to_have_count(0)
    # The stored outcome: what the commit recorded.
    expect(first.locator(".import-outcome")).to_have_text("nieuw")
    check_accessible(page, "preview after the commit", problems)
    assert stored(plan, "Organiseren evenementen", "2020-K3") == 4
    assert stored(plan, "De oriëntatiecarrousel", "2020-K4") == 1200
    assert Delivery.objects.get(file_name="levering.csv").status == Delivery.Status.VERWERKT
    assert Delivery.objects.get(file_name="levering-fout.csv").status == Delivery.Status.VOORBEELD

    assert not problems, "\n\n".join(problems)
