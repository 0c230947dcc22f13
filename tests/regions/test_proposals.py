"""Proposals (voorstellen): the list with stated against computed total, the proposal page laid
out like the Gooi en Vechtstreek document of 8 February 2017 (kenmerk 17.0001962), the edit
form that never sets the status, the cost lines of its Financiën, and a decided proposal that
no one can change. The region's secretaris manages, its werkkamerlid reads, another region's
users get 403 everywhere and an anonymous visitor goes to the login page.

The demo loads 17.0001962 decided (aangenomen in the Werkkamer of 16 March 2017), so it is
read-only: a test that works on it while it is open first makes it `undecided` again."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import BudgetLine, StaffCost
from budgets.services import proposal_staff_cost_save
from regions.models import AgendaItem, Decision, Meeting, Proposal
from regions.services import (
    GovernanceError,
    agenda_item_save,
    decision_record,
    meeting_save,
    proposal_save,
)

from ..otp import verified_login
from ..placements.grid_helpers import element_text, text_of
from ..programmes.helpers import GOOI, is_login_redirect, login, messages_of, plan
from .governance_factories import undecided

pytestmark = pytest.mark.django_db

REGION = "gooi-en-vechtstreek"
REFERENCE = "17.0001962"
SECRETARIS = "secretaris-gooi-en-vechtstreek"
MEMBER = "werkkamerlid-gooi-en-vechtstreek"
OTHER_REGION = ["secretaris-haaglanden", "werkkamerlid-haaglanden"]

SECTIONS = {
    "core_message": "De Werkkamer stelt een uitvoerend projectleider aan.",
    "reason": "In 2016 is 46% van de doelstelling van de banenafspraken gerealiseerd.",
    "goal": "Meer banen voor mensen met een arbeidsbeperking in de regio.",
    "arguments": "Eén aanspreekpunt voor werkgevers versnelt de plaatsingen.",
    "finances": "De kosten komen ten laste van het budget van de Werkkamer.",
    "execution": "De Regio Gooi en Vechtstreek stelt de projectleider tijdelijk aan.",
    "unit": "Sturing",
}
# The same sections as the demo loads them (verbatim from the source document): a quote of each.
DEMO_SECTIONS = {
    "core_message": "Voor 2017 wordt verzocht hier een bedrag van € 35.000 voor beschikbaar te "
    "stellen.",
    "reason": "In 2016 is 46% van de doelstelling van de banenafspraken in 2016 gerealiseerd.",
    "goal": "Het realiseren dat meer mensen met een indicatie banenafspraken gekoppeld worden "
    "aan een (duurzame) baan.",
    "arguments": "de Werkkamer is bij wet het aangewezen gremium om de banenafpraak aan te jagen.",
    "finances": "Het totaal bedrag is ontstaan uit het aantal uren per week x het aantal weken "
    "x € 50.",
    "execution": "Eind 2017 wordt het slagen van deze functie geëvalueerd.",
}
DECIDED = "aangenomen in Werkkamer Gooi en Vechtstreek, 16-03-2017"


def proposal() -> Proposal:
    return Proposal.objects.select_related("body").get(reference=REFERENCE)


def open_proposal() -> Proposal:
    """The demo proposal as it was on 8 February 2017, before the Werkkamer decided it."""
    return undecided(proposal())


# A later meeting of the Werkkamer for a second decision (the demo's meeting is 16 March 2017).
LATER = date(2017, 3, 23)


def decide(row: Proposal, outcome=Decision.Outcome.AANGENOMEN, day=date(2017, 2, 16)):
    """Put the proposal on a new meeting's agenda of its body and record the decision."""
    meeting = meeting_save(meeting=Meeting(body=row.body, date=day), expected_revision=None)
    agenda_item_save(
        item=AgendaItem(meeting=meeting, proposal=row, title=""), expected_revision=None
    )
    return decision_record(
        decision=Decision(
            meeting=meeting, proposal=row, outcome=outcome, text="Het voorstel is aangenomen."
        )
    )


def detail_url(row=None):
    return reverse("regions:proposal-detail", args=[REGION, (row or proposal()).pk])


def update_url(row=None):
    return reverse("regions:proposal-update", args=[REGION, (row or proposal()).pk])


def list_url():
    return reverse("regions:proposal-list", args=[REGION])


def form_data(row: Proposal, **overrides):
    data = {
        "revision": row.revision,
        "body": row.body_id,
        "reference": row.reference,
        "date": "08-02-2017",
        "contact_role": row.contact_role,
        "subject": row.subject,
        "decision_points": row.decision_points,
        "stated_total": "65.000",
        **{name: getattr(row, name) for name in SECTIONS},
    }
    return {**data, **overrides}


def cost_data(**overrides):
    return {
        "role_title": "Ondersteuner banenafspraken",
        "hours_per_week": "8",
        "weeks": "35",
        "hourly_rate": "40",
        "stated_amount": "11.200",
        **overrides,
    }


# The pages --------------------------------------------------------------------------------------


def test_the_proposal_page_shows_every_section_of_the_document(client, demo):
    """The demo's proposal as it loads it: the sections of the source document and, under
    Status en besluitvorming, the Werkkamer's decision of 16 March 2017."""
    page = text_of(login(client, MEMBER).get(detail_url()))
    for heading in [
        "Algemeen",
        "Voorstel",
        "Kernboodschap",
        "Aanleiding",
        "Doel",
        "Argumenten",
        "Financiën",
        "Uitvoering",
        "Status en besluitvorming",
    ]:
        assert heading in page
    for name, text in DEMO_SECTIONS.items():
        assert text in page, name
    assert "Eenheid Sturing" in page
    assert f"Kenmerk {REFERENCE}" in page
    assert "Datum 08-02-2017" in page
    assert "Aan Werkkamer Gooi en Vechtstreek" in page
    assert "Vertrouwelijk nee" in page
    assert "Contactpersoon (functie) beleidsmedewerker eenheid Sturing" in page
    assert "3. € 65.000 uit het budget van de Werkkamer beschikbaar stellen" in page
    assert f"Status aangenomen – {DECIDED}" in page
    assert "stelt € 65.000 uit het budget van de Werkkamer beschikbaar." in page  # its decision


def test_the_demo_proposal_shows_63000_computed_against_65000_stated(client, demo):
    response = login(client, MEMBER).get(detail_url())
    row = element_text(response, "cost-lines")
    assert "Uitvoerend projectleider banenafspraken 36 35 € 50,00 € 63.000 € 65.000" in row
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in row
    assert element_text(response, "computed-total") == "€ 63.000"
    listed = login(client, MEMBER).get(list_url())
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in element_text(listed, "proposals")


def test_the_list_filters_by_status_in_a_fixed_number_of_queries(client, demo):
    login(client, MEMBER)
    client.get(list_url())
    with CaptureQueriesContext(connection) as few:
        client.get(list_url())
    for number in range(5):
        proposal_save(
            proposal=Proposal(
                body=proposal().body,
                reference=f"TEST-{number}",
                date=date(2017, 3, 1),
                subject=f"Testvoorstel {number}",
                decision_points="1. Instemmen.",
            ),
            expected_revision=None,
        )
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(list_url()))
    assert len(many) == len(few)
    assert "TEST-4" in page and REFERENCE in page
    # The new ones are concepts; the demo's proposal is aangenomen (16-03-2017).
    concept = text_of(client.get(list_url(), {"status": "concept"}))
    assert "TEST-4" in concept and REFERENCE not in concept
    adopted = text_of(client.get(list_url(), {"status": "aangenomen"}))
    assert REFERENCE in adopted and "TEST-4" not in adopted


def test_the_status_history_names_the_agenda_and_the_decision(client, demo):
    decide(open_proposal())
    page = text_of(login(client, MEMBER).get(detail_url()))
    assert "geagendeerd voor Werkkamer Gooi en Vechtstreek 16-02-2017" in page
    assert "aangenomen in Werkkamer Gooi en Vechtstreek, 16-02-2017" in page
    assert "Het voorstel is aangenomen." in page
    assert "16-03-2017" not in element_text(
        login(client, MEMBER).get(detail_url()), "status-history"
    )


def test_the_dekking_shows_the_budget_line_of_the_plan(client, demo):
    """The demo's dekking: "Budget Werkkamer", the 2017 plan's line of € 65.000."""
    line = proposal().budget_line
    assert (line.plan, line.year, line.amount) == (plan(GOOI), 2017, Decimal("65000"))
    coverage = element_text(login(client, MEMBER).get(detail_url()), "coverage")
    assert GOOI in coverage
    assert "Jaar 2017" in coverage and "Budget Werkkamer" in coverage
    assert "Huidig bedrag € 65.000" in coverage
    # A change of the line's amount shows: the page reads the line, not a copy.
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("80000"))
    coverage = element_text(client.get(detail_url()), "coverage")
    assert "Huidig bedrag € 80.000" in coverage


# The form ---------------------------------------------------------------------------------------


def test_the_edit_form_saves_the_new_fields_and_goes_to_the_proposal(client, demo):
    row = open_proposal()
    response = login(client, SECRETARIS).post(
        update_url(row), form_data(row, **SECTIONS, confidential="on", status="aangenomen")
    )
    assert response.status_code == 302 and response["Location"] == detail_url(row)
    row.refresh_from_db()
    assert row.status == Proposal.Status.CONCEPT  # a posted status is ignored
    assert row.confidential and row.execution == SECTIONS["execution"]
    assert "Vertrouwelijk ja" in text_of(client.get(detail_url(row)))


def test_a_decided_proposal_is_read_only(client, demo):
    """The demo's proposal, aangenomen in the Werkkamer of 16 March 2017."""
    row = proposal()
    assert row.status == Proposal.Status.AANGENOMEN
    login(client, SECRETARIS)
    message = f"Over voorstel {REFERENCE} is besloten (aangenomen)"
    form_page = text_of(client.get(update_url(row)))
    assert message in form_page and "Opslaan" not in form_page
    response = client.post(update_url(row), form_data(row, subject="Iets anders"))
    assert response.status_code == 200 and message in text_of(response)
    row.refresh_from_db()
    assert row.subject != "Iets anders"
    # The cost lines too: no form on the page, and a post is refused with the message.
    page = text_of(client.get(detail_url(row)))
    assert "Kostenregel toevoegen" not in page and "Voorstel bewerken" not in page
    before = StaffCost.objects.filter(proposal=row).count()
    response = client.post(detail_url(row), cost_data())
    assert ("error", f"{message}: het voorstel en zijn kosten liggen vast.") in messages_of(
        response
    )
    assert StaffCost.objects.filter(proposal=row).count() == before


def test_a_verworpen_proposal_is_read_only_and_an_aangehouden_one_is_not(client, demo):
    row = open_proposal()
    decide(row, outcome=Decision.Outcome.AANGEHOUDEN)
    row.refresh_from_db()
    login(client, SECRETARIS)
    assert client.post(update_url(row), form_data(row, goal="Nieuw doel")).status_code == 302
    row.refresh_from_db()
    decide(row, outcome=Decision.Outcome.VERWORPEN, day=LATER)
    row.refresh_from_db()
    response = client.post(update_url(row), form_data(row, goal="Nog een doel"))
    assert "is besloten (verworpen)" in text_of(response)
    row.refresh_from_db()
    assert row.goal == "Nieuw doel"


# The cost lines ---------------------------------------------------------------------------------


def test_the_secretaris_adds_a_cost_line_and_the_totals_follow(client, demo):
    open_proposal()
    login(client, SECRETARIS)
    response = client.post(detail_url(), cost_data())
    assert response.status_code == 302
    cost = StaffCost.objects.get(proposal=proposal(), role_title="Ondersteuner banenafspraken")
    assert cost.amount == Decimal("11200") and cost.plan_id is None
    page = client.get(detail_url())
    assert element_text(page, "computed-total") == "€ 74.200"
    assert "Afwijking: genoemd € 65.000, berekend € 74.200" in element_text(page, "cost-lines")


def test_a_cost_line_without_hours_is_refused_on_the_page(client, demo):
    open_proposal()
    login(client, SECRETARIS)
    before = StaffCost.objects.count()
    response = client.post(detail_url(), cost_data(hours_per_week=""))
    assert response.status_code == 200
    assert "Vul de uren per week in" in text_of(response)
    assert StaffCost.objects.count() == before


# Who may do what --------------------------------------------------------------------------------


def test_the_secretaris_manages_proposals(client, demo):
    open_proposal()
    login(client, SECRETARIS)
    for url in (list_url(), detail_url(), update_url()):
        assert client.get(url).status_code == 200
    assert client.get(reverse("regions:proposal-create", args=[REGION])).status_code == 200
    page = text_of(client.get(detail_url()))
    assert "Voorstel bewerken" in page and "Kostenregel toevoegen" in page
    assert "Voorstel toevoegen" in text_of(client.get(list_url()))


def test_a_werkkamerlid_reads_but_does_not_change(client, demo):
    open_proposal()  # one the secretaris could change
    login(client, MEMBER)
    assert client.get(list_url()).status_code == 200
    page = text_of(client.get(detail_url()))
    assert REFERENCE in page
    assert "Voorstel bewerken" not in page and "Kostenregel toevoegen" not in page
    assert "Voorstel toevoegen" not in text_of(client.get(list_url()))
    row = proposal()
    assert client.get(update_url(row)).status_code == 403
    assert client.post(update_url(row), form_data(row, subject="Anders")).status_code == 403
    before = StaffCost.objects.count()
    assert client.post(detail_url(row), cost_data()).status_code == 403
    assert StaffCost.objects.count() == before
    assert client.get(reverse("regions:proposal-create", args=[REGION])).status_code == 403


@pytest.mark.parametrize("username", OTHER_REGION)
def test_another_regions_users_get_403_everywhere(client, demo, username):
    login(client, username)
    row = proposal()
    for url in (list_url(), detail_url(row), update_url(row)):
        assert client.get(url).status_code == 403, url
    assert client.post(update_url(row), form_data(row)).status_code == 403
    assert client.post(detail_url(row), cost_data()).status_code == 403
    assert client.get(reverse("regions:proposal-create", args=[REGION])).status_code == 403


def test_a_proposal_of_another_region_is_not_found_under_this_one(client, demo):
    """The secretaris of Haaglanden, asking for Gooi's proposal under Haaglanden's URL."""
    login(client, "secretaris-haaglanden")
    url = reverse("regions:proposal-detail", args=["haaglanden", proposal().pk])
    assert client.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, demo):
    row = proposal()
    for url in (list_url(), detail_url(row), update_url(row)):
        assert is_login_redirect(client.get(url)), url
    assert is_login_redirect(client.post(detail_url(row), cost_data()))


def test_the_proposal_page_runs_a_fixed_number_of_queries(client, demo):
    row = open_proposal()
    login(client, SECRETARIS)
    client.get(detail_url())
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url())
    for number in range(3):
        login(client, SECRETARIS).post(detail_url(row), cost_data(role_title=f"rol {number}"))
    decide(row, outcome=Decision.Outcome.AANGEHOUDEN)
    decide(row, outcome=Decision.Outcome.AANGENOMEN, day=LATER)
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(detail_url()))
    assert "rol 2" in page and "aangehouden in Werkkamer Gooi en Vechtstreek, 16-02-2017" in page
    assert len(many) == len(few) <= 12


def test_the_edit_form_names_budget_lines_with_their_plan(client, demo):
    open_proposal()
    BudgetLine.objects.create(
        plan=plan(GOOI), year=2017, amount=Decimal("80000"), description="Budget Regio"
    )
    page = text_of(login(client, SECRETARIS).get(update_url()))
    assert f"{GOOI} (v1) – 2017 Budget Werkkamer: € 65.000" in page  # the demo's dekking
    assert f"{GOOI} (v1) – 2017 Budget Regio: € 80.000" in page
    assert 'name="status"' not in login(client, SECRETARIS).get(update_url()).content.decode()


def test_a_cost_line_whose_stated_amount_differs_is_kept_with_a_warning(client, demo):
    open_proposal()
    response = login(client, SECRETARIS).post(detail_url(), cost_data(stated_amount="12.000"))
    assert (
        "warning",
        "Let op: het genoemde bedrag (€ 12.000) wijkt af van uren per week × "
        "weken × uurtarief (€ 11.200).",
    ) in messages_of(response)
    assert StaffCost.objects.filter(proposal=proposal(), stated_amount=12000).exists()


# The admin --------------------------------------------------------------------------------------


def test_the_admin_lays_out_the_document_and_a_decided_proposal_is_read_only(client, demo):
    verified_login(client, "beheerder")
    url = reverse("admin:regions_proposal_change", args=[open_proposal().pk])
    page = client.get(url).content.decode()
    for name in ("core_message", "reason", "goal", "arguments", "finances", "execution"):
        assert f'name="{name}"' in page
    assert 'name="status"' not in page and 'name="_save"' in page
    decide(proposal())
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"subject": "Anders"}).status_code == 403
    assert proposal().subject != "Anders"


def test_a_new_proposal_is_a_concept_and_opens_on_its_page(client, demo):
    row = proposal()
    data = form_data(row, reference="17.0009999", subject="Nieuw voorstel", status="aangenomen")
    del data["revision"]
    response = login(client, SECRETARIS).post(
        reverse("regions:proposal-create", args=[REGION]), data
    )
    created = Proposal.objects.get(reference="17.0009999")
    assert response.status_code == 302 and response["Location"] == detail_url(created)
    assert created.status == Proposal.Status.CONCEPT
    assert "Nieuw voorstel" in text_of(client.get(detail_url(created)))


def test_a_cost_line_of_a_plan_is_not_changed_through_the_proposal(demo):
    """The demo's line is also a row of the Gooi plan: the plan's rules govern it."""
    line = StaffCost.objects.get(proposal=proposal(), plan__isnull=False)
    line.weeks = Decimal("40")
    with pytest.raises(GovernanceError, match="hoort bij een actieplan"):
        proposal_staff_cost_save(
            proposal=proposal(), staff_cost=line, expected_revision=line.revision
        )
    assert StaffCost.objects.get(pk=line.pk).weeks == Decimal("35")
