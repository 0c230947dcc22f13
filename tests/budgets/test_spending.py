"""Spending in the browser and its four-eyes rule (vier ogen), from both sides: who records,
who approves or rejects, who only reads, who sees nothing; what counts as spent afterwards;
counter-entries; two approvers at once; the receipt download; the history; the admin; and
the money page's query count. Each refusal is checked on the response and on the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from budgets import selectors, services
from budgets.models import BudgetLine, Decision, Expenditure, SpendingImport
from budgets.views.spending import section as spending_section
from core.concurrency import ConcurrentEditError
from regions.permissions import can_view_receipt

from ..admin_world import change_url, changelist_url, delete_url
from ..factories import PlanFactory
from ..otp import verified_login
from .spending_world import entry_url, money_url, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


def spent(plan) -> Decimal:
    year = selectors.plan_actuals(plan=plan).per_year.get(2019)
    return year.approved if year else Decimal("0")


def approve(client, entry, revision=None):
    return client.post(
        entry_url("expenditure-approve", entry),
        {"revision": entry.revision if revision is None else revision},
    )


def record_form(world, **changes):
    data = {
        "budget_line": world.line.pk,
        "date": "2019-03-01",
        "amount": "1.250,50",
        "description": "Zaalhuur banenmarkt",
        "reference": "F-2019-017",
        "counterparty": "Congrescentrum De Brug",
    }
    data.update(changes)
    return data


# Recording -------------------------------------------------------------------------------


def test_a_programme_manager_records_an_entry_with_a_receipt(client, spending, receipts):
    as_user(client, spending.manager)
    page = client.get(reverse("budgets:expenditure-create", args=[spending.plan.pk]))
    assert page.status_code == 200
    assert "2019 – projectkosten – Banenmarkt" in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()
    data = record_form(spending, receipt=upload("factuur zaal.pdf", pdf_bytes()))
    response = client.post(reverse("budgets:expenditure-create", args=[spending.plan.pk]), data)
    assert response.status_code == 302
    entry = Expenditure.objects.get(budget_line=spending.line)
    assert entry.amount == Decimal("1250.50")  # typed the Dutch way
    assert entry.is_awaiting and entry.recorded_by == spending.manager
    assert entry.reference == "F-2019-017" and entry.counterparty == "Congrescentrum De Brug"
    assert entry.receipt_name == "factuur zaal.pdf"
    assert "factuur" not in entry.receipt.name  # stored under a random name
    assert len(stored_files(receipts)) == 1
    assert spent(spending.plan) == 0  # not yet approved

    page = client.get(money_url(spending.plan)).content.decode()
    assert "Zaalhuur banenmarkt" in page and "€ 1.250,50" in page
    assert "1 uitgave wacht op goedkeuring, samen € 1.250,50." in page
    assert "wacht op goedkeuring" in page
    assert "Goedkeuren" not in page  # the recorder gets no approve button


def test_a_date_outside_the_plan_is_refused_by_the_field(client, spending):
    as_user(client, spending.manager)
    url = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    response = client.post(url, record_form(spending, date="2021-01-05"))
    assert response.status_code == 200
    assert "valt buiten de looptijd van het plan" in response.content.decode()
    assert not Expenditure.objects.filter(budget_line=spending.line).exists()


def test_the_budget_line_choice_is_limited_to_the_plan(client, spending):
    other_line = BudgetLine.objects.create(
        plan=PlanFactory(region=spending.plan.region), year=2019, amount=500
    )
    as_user(client, spending.manager)
    url = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    response = client.post(url, record_form(spending, budget_line=other_line.pk))
    assert response.status_code == 200
    assert not Expenditure.objects.filter(budget_line=other_line).exists()


# The four-eyes rule ----------------------------------------------------------------------


@pytest.mark.parametrize("recorder", ["both", "beheerder"])
def test_the_recorder_never_approves_their_own_entry(client, spending, recorder):
    """Not even holding programmamanager and penningmeester in the region, nor as beheerder."""
    user = getattr(spending, recorder)
    entry = spending.record(actor=user)
    as_user(client, user)
    page = client.get(money_url(spending.plan)).content.decode()
    assert "Drukwerk banenmarkt" in page
    assert entry_url("expenditure-approve", entry) not in page
    assert approve(client, entry).status_code == 403
    assert (
        client.post(
            entry_url("expenditure-reject", entry), {"revision": 1, "reason": "x"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.expenditure_approve(expenditure=entry, actor=user)
    entry.refresh_from_db()
    assert entry.is_awaiting and entry.decided_by is None
    assert spent(spending.plan) == 0


def test_someone_else_holding_both_roles_may_approve(client, spending):
    entry = spending.record()
    as_user(client, spending.both)
    assert (
        entry_url("expenditure-approve", entry)
        in client.get(money_url(spending.plan)).content.decode()
    )
    assert approve(client, entry).status_code == 302
    entry.refresh_from_db()
    assert entry.is_approved and entry.decided_by == spending.both


def test_the_penningmeester_approves_and_then_it_counts(client, spending):
    entry = spending.record(amount="1250.00")
    as_user(client, spending.treasurer)
    page = client.get(money_url(spending.plan)).content.decode()
    assert entry_url("expenditure-approve", entry) in page
    assert entry_url("expenditure-reject", entry) in page
    assert reverse("budgets:expenditure-create", args=[spending.plan.pk]) not in page
    response = approve(client, entry)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_approved and entry.decided_by == spending.treasurer
    assert spent(spending.plan) == Decimal("1250.00")
    page = client.get(money_url(spending.plan)).content.decode()
    assert "0 uitgaven wachten op goedkeuring, samen € 0,00." in page
    assert "Piet Penning" in page


def test_another_regions_penningmeester_neither_sees_nor_approves(client, spending):
    entry = spending.record(receipt=upload("bon.pdf", pdf_bytes()))
    as_user(client, spending.other_treasurer)
    # Another region's plan is refused as every plan page of it is (403, regions.permissions).
    page = client.get(money_url(spending.plan))
    assert page.status_code == 403
    assert "Drukwerk banenmarkt" not in page.content.decode()
    assert approve(client, entry).status_code == 403
    assert client.get(entry_url("expenditure-receipt", entry)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.expenditure_approve(expenditure=entry, actor=spending.other_treasurer)
    entry.refresh_from_db()
    assert entry.is_awaiting


def test_an_entry_is_only_found_under_its_own_plan(client, spending):
    entry = spending.record()
    other_plan = PlanFactory(region=spending.plan.region)
    url = reverse("budgets:expenditure-approve", kwargs={"plan_pk": other_plan.pk, "pk": entry.pk})
    as_user(client, spending.treasurer)
    assert client.post(url, {"revision": entry.revision}).status_code == 404
    entry.refresh_from_db()
    assert entry.is_awaiting


def test_a_werkkamerlid_reads_the_list_but_records_and_approves_nothing(client, spending):
    entry = spending.record()
    as_user(client, spending.member)
    page = client.get(money_url(spending.plan))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Drukwerk banenmarkt" in content
    assert "Goedkeuren" not in content and "Uitgave vastleggen</a>" not in content
    create = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    assert client.get(create).status_code == 403
    assert client.post(create, record_form(spending)).status_code == 403
    assert approve(client, entry).status_code == 403
    assert Expenditure.objects.filter(budget_line=spending.line).count() == 1
    entry.refresh_from_db()
    assert entry.is_awaiting


def test_the_penningmeester_does_not_record(client, spending):
    as_user(client, spending.treasurer)
    create = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    assert client.post(create, record_form(spending)).status_code == 403
    assert not Expenditure.objects.filter(budget_line=spending.line).exists()


def test_a_rejection_keeps_its_reason_and_never_counts(client, spending):
    entry = spending.record()
    as_user(client, spending.treasurer)
    url = entry_url("expenditure-reject", entry)
    page = client.get(url)
    assert page.status_code == 200 and "Reden van afkeuring" in page.content.decode()
    without = client.post(url, {"revision": entry.revision, "reason": "  "})
    assert without.status_code == 200
    assert "Geef aan waarom u deze uitgave afkeurt." in without.content.decode()
    entry.refresh_from_db()
    assert entry.is_awaiting
    response = client.post(
        url, {"revision": entry.revision, "reason": "Geen factuur; dubbel ingediend."}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_rejected and entry.rejection_reason == "Geen factuur; dubbel ingediend."
    assert spent(spending.plan) == 0
    page = client.get(money_url(spending.plan) + "?status=afgekeurd").content.decode()
    assert "Reden: Geen factuur; dubbel ingediend." in page
    # …and it cannot be approved afterwards.
    with pytest.raises(ValidationError):
        services.expenditure_approve(
            expenditure=entry, actor=spending.second_treasurer, expected_revision=entry.revision
        )


def test_the_status_filter_shows_only_that_status(client, spending):
    spending.approved(description="Goedgekeurde post")
    spending.record(description="Wachtende post")
    as_user(client, spending.member)
    awaiting = client.get(money_url(spending.plan) + "?status=ingediend").content.decode()
    assert "Wachtende post" in awaiting and "Goedgekeurde post" not in awaiting
    approved = client.get(money_url(spending.plan) + "?status=goedgekeurd").content.decode()
    assert "Goedgekeurde post" in approved and "Wachtende post" not in approved
    everything = client.get(money_url(spending.plan) + "?status=onzin").content.decode()
    assert "Goedgekeurde post" in everything and "Wachtende post" in everything


def test_the_list_shows_a_hundred_entries_a_page_newest_first(client, spending):
    from budgets.views.spending import PAGE_SIZE

    Expenditure.objects.bulk_create(
        Expenditure(
            budget_line=spending.line,
            date=date(2019, 1, 1) + timedelta(days=number),
            amount=Decimal("1.00"),
            description=f"Post {number:03d}",
            recorded_by=spending.manager,
        )
        for number in range(PAGE_SIZE + 3)
    )
    as_user(client, spending.member)
    first = client.get(money_url(spending.plan)).content.decode()
    assert first.count('id="expenditure-') == PAGE_SIZE
    assert f"Post {PAGE_SIZE + 2:03d}" in first and "Post 002" not in first
    assert "?uitgaven=2#spending-heading" in first and "Nieuwere uitgaven" not in first
    older = client.get(money_url(spending.plan) + "?status=ingediend&uitgaven=2")
    page = older.content.decode()
    assert page.count('id="expenditure-') == 3
    assert "Post 000" in page and "Post 002" in page and "Oudere uitgaven" not in page
    # The way back keeps the filter.
    assert "?status=ingediend&amp;uitgaven=1#spending-heading" in page
    assert client.get(money_url(spending.plan) + "?uitgaven=nee").status_code == 200


# Approved entries: no edit, only a counter-entry -----------------------------------------


def test_an_approved_entry_has_no_edit(client, spending):
    entry = spending.approved()
    with pytest.raises(NoReverseMatch):
        reverse("budgets:expenditure-update", kwargs={"plan_pk": spending.plan.pk, "pk": entry.pk})
    as_user(client, spending.manager)
    base = reverse("budgets:plan-money", args=[spending.plan.pk])
    assert client.post(f"{base}uitgaven/{entry.pk}/", {"amount": "1"}).status_code == 404
    # Deciding it again is refused by the service, whoever asks.
    for service in (services.expenditure_approve, services.expenditure_reject):
        kwargs = {"reason": "later"} if service is services.expenditure_reject else {}
        with pytest.raises(ValidationError):
            service(
                expenditure=entry,
                actor=spending.second_treasurer,
                expected_revision=entry.revision,
                **kwargs,
            )
    entry.refresh_from_db()
    assert entry.amount == Decimal("1250.00") and entry.decided_by == spending.treasurer


def test_a_counter_entry_corrects_an_approved_entry(client, spending):
    entry = spending.approved(amount="1000.00")
    as_user(client, spending.manager)
    page = client.get(money_url(spending.plan)).content.decode()
    url = entry_url("expenditure-correct", entry)
    assert url in page
    no_reason = client.post(url, {"date": "2019-06-01", "amount": "-250", "reason": ""})
    assert "Geef de reden van de correctie." in no_reason.content.decode()
    too_much = client.post(url, {"date": "2019-06-01", "amount": "-1.000,01", "reason": "Teveel"})
    assert too_much.status_code == 200
    assert "neemt meer terug dan de uitgave was" in too_much.content.decode()
    assert not entry.corrections.exists()
    response = client.post(
        url, {"date": "2019-06-01", "amount": "-250", "reason": "Creditnota ontvangen"}
    )
    assert response.status_code == 302
    correction = entry.corrections.get()
    assert correction.amount == Decimal("-250.00") and correction.is_awaiting
    assert spent(spending.plan) == Decimal("1000.00")  # the counter-entry awaits approval
    services.expenditure_approve(
        expenditure=correction, actor=spending.treasurer, expected_revision=correction.revision
    )
    assert spent(spending.plan) == Decimal("750.00")
    page = client.get(money_url(spending.plan)).content.decode()
    assert (
        "Tegenboeking op de uitgave van 01-03-2019 (€ 1.000,00). Reden: Creditnota ontvangen"
        in page
    )
    # Shown right under what it corrects.
    assert page.index(f'id="expenditure-{entry.pk}"') < page.index(
        f'id="expenditure-{correction.pk}"'
    )
    # Together the corrections may not take back more than the entry was.
    with pytest.raises(ValidationError, match="€ 750,00"):
        services.expenditure_correct(
            expenditure=entry,
            actor=spending.manager,
            amount=Decimal("-750.01"),
            reason="x",
            date=date(2019, 7, 1),
        )


def test_only_an_approved_entry_gets_a_counter_entry(client, spending):
    entry = spending.record()
    as_user(client, spending.manager)
    response = client.post(
        entry_url("expenditure-correct", entry),
        {"date": "2019-06-01", "amount": "-10", "reason": "x"},
        follow=True,
    )
    assert "Alleen een goedgekeurde uitgave wordt gecorrigeerd" in response.content.decode()
    assert not entry.corrections.exists()


# Two approvers at once -------------------------------------------------------------------


def test_two_approvers_at_once_the_second_is_told(client, spending):
    entry = spending.record()
    loaded_revision = entry.revision  # both penningmeesters loaded the page now
    as_user(client, spending.treasurer)
    assert approve(client, entry, loaded_revision).status_code == 302
    as_user(client, spending.second_treasurer)
    response = client.post(
        entry_url("expenditure-reject", entry),
        {"revision": loaded_revision, "reason": "Te duur"},
        follow=True,
    )
    content = response.content.decode()
    assert "is intussen al goedgekeurd door Piet Penning" in content
    entry.refresh_from_db()
    assert entry.is_approved and entry.decided_by == spending.treasurer
    assert entry.rejection_reason == ""


def test_a_page_loaded_before_a_change_is_refused_on_the_page(client, spending):
    """Both approvers got past the page's check; the service's locked revision decides."""
    entry = spending.record()
    Expenditure.objects.filter(pk=entry.pk).update(revision=entry.revision + 1)
    as_user(client, spending.treasurer)
    response = approve(client, entry, entry.revision)
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd." in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_awaiting and entry.decided_by is None


def test_a_stale_revision_is_refused_by_the_service(spending):
    entry = spending.record()
    services.expenditure_approve(
        expenditure=entry, actor=spending.treasurer, expected_revision=entry.revision
    )
    with pytest.raises(ConcurrentEditError):
        services.expenditure_reject(
            expenditure=entry, actor=spending.second_treasurer, reason="x", expected_revision=1
        )


# The receipt -----------------------------------------------------------------------------


def test_the_receipt_is_handed_out_to_who_may_see_the_plan(client, spending):
    content = pdf_bytes()
    entry = spending.record(receipt=upload("Factuur maart.pdf", content))
    response = as_user(client, spending.member).get(entry_url("expenditure-receipt", entry))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Factuur maart.pdf" in response["Content-Disposition"]


def test_the_receipt_is_refused_to_others(client, spending):
    entry = spending.record(receipt=upload("bon.pdf", pdf_bytes()))
    url = entry_url("expenditure-receipt", entry)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert as_user(client, spending.other_treasurer).get(url).status_code == 403
    without = spending.record()
    assert (
        as_user(client, spending.member).get(entry_url("expenditure-receipt", without)).status_code
        == 404
    )


# History ---------------------------------------------------------------------------------


def test_the_plan_history_shows_the_approval_and_the_rejection(client, spending):
    approved = spending.approved(description="Zaalhuur")
    rejected = spending.record(description="Lunch")
    services.expenditure_reject(
        expenditure=rejected,
        actor=spending.treasurer,
        reason="Niet subsidiabel",
        expected_revision=rejected.revision,
    )
    services.expenditure_correct(
        expenditure=approved,
        actor=spending.manager,
        amount=Decimal("-50"),
        reason="Korting achteraf",
        date=date(2019, 4, 1),
    )
    as_user(client, spending.member)
    page = client.get(reverse("programmes:plan-history", args=[spending.plan.pk]))
    assert page.status_code == 200
    rows = [row for row in page.content.decode().split("<tr>") if "uitgave:" in row]
    text = " ".join(rows)
    assert any("Zaalhuur" in row and "goedgekeurd" in row and "Piet Penning" in row for row in rows)
    assert any("Lunch" in row and "afgekeurd (Niet subsidiabel)" in row for row in rows)
    assert "tegenboeking ingevoerd (Korting achteraf)" in text
    assert any("Zaalhuur" in row and "ingevoerd" in row and "Mila Manager" in row for row in rows)


# The admin: read-only --------------------------------------------------------------------


def test_spending_has_no_side_door_in_the_admin(client, spending):
    entry = spending.record()
    verified_login(client, spending.beheerder)  # the admin asks a second factor
    assert client.get(change_url(entry)).status_code == 200  # readable
    listing = client.get(changelist_url(Expenditure) + "?status__exact=ingediend")
    assert listing.status_code == 200 and "Drukwerk banenmarkt" in listing.content.decode()
    data = {"status": Decision.GOEDGEKEURD, "amount": "9", "_save": "Opslaan"}
    assert client.post(change_url(entry), data).status_code == 403
    assert client.post(delete_url(entry), {"post": "yes"}).status_code == 403
    add = reverse("admin:budgets_expenditure_add")
    assert client.post(add, {"budget_line": spending.line.pk, "amount": "5"}).status_code == 403
    entry.refresh_from_db()
    assert entry.is_awaiting and entry.amount == Decimal("1250.00")
    assert Expenditure.objects.filter(budget_line=spending.line).count() == 1


def test_spending_imports_are_read_only_in_the_admin(client, spending):
    delivered = SpendingImport.objects.create(
        plan=spending.plan, file_name="uitgaven.csv", content=b"datum;bedrag\r\n"
    )
    verified_login(client, spending.beheerder)  # the admin asks a second factor
    assert client.get(change_url(delivered)).status_code == 200
    data = {"file_name": "anders.csv", "status": "verwerkt", "_save": "Opslaan"}
    assert client.post(change_url(delivered), data).status_code == 403
    assert client.post(delete_url(delivered), {"post": "yes"}).status_code == 403
    add = reverse("admin:budgets_spendingimport_add")
    assert client.post(add, {"plan": spending.plan.pk, "file_name": "x.csv"}).status_code == 403
    delivered.refresh_from_db()
    assert delivered.file_name == "uitgaven.csv" and delivered.is_preview
    assert SpendingImport.objects.filter(plan=spending.plan).count() == 1


# Query count -----------------------------------------------------------------------------


def money_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(money_url(plan))
    assert response.status_code == 200
    return len(queries)


def test_the_money_page_query_count_does_not_grow_with_entries(client, spending):
    as_user(client, spending.treasurer)
    for number in range(3):
        spending.approved(
            description=f"Post {number}", receipt=upload(f"{number}.pdf", pdf_bytes())
        )
    few = money_page_queries(client, spending.plan)
    for number in range(3, 30):
        entry = spending.record(description=f"Post {number}")
        if number % 3 == 0:
            services.expenditure_reject(
                expenditure=entry,
                actor=spending.second_treasurer,
                reason="Nee",
                expected_revision=entry.revision,
            )
        elif number % 3 == 1 and number < 20:
            original = spending.approved(description=f"Origineel {number}")
            services.expenditure_correct(
                expenditure=original,
                actor=spending.manager,
                amount=Decimal("-1"),
                reason="Afronding",
                date=date(2019, 5, 1),
            )
    many_entries = Expenditure.objects.filter(budget_line=spending.line).count()
    assert many_entries >= 30
    many = money_page_queries(client, spending.plan)
    assert many == few, f"{few} queries with 3 entries, {many} with 30"
    # The spending section itself: its entries and what awaits approval. (The whole page
    # adds the session, the user, the plan, the user's roles and the other sections.)
    request = RequestFactory().get(money_url(spending.plan))
    request.user = spending.treasurer
    can_view_receipt(request.user, spending.plan)  # the roles read once, as the page does
    with CaptureQueriesContext(connection) as section_queries:
        context = spending_section(plan=spending.plan, request=request)
    assert len(section_queries) == 2
    assert len(context["spending_entries"]) == many_entries
