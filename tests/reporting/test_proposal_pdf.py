"""The proposal PDF (issue 13, point 4): laid out like the Gooi en Vechtstreek voorstel of
8 February 2017, read back as text; the figures are budgets' selectors' (36 × 35 × € 50 =
€ 63.000 computed against € 65.000 stated); its status, from concept to where it was
decided; who may open it, from both sides."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from budgets import selectors as budget_selectors
from regions.models import Decision, Proposal
from regions.selectors import proposals as proposal_selectors
from regions.selectors.decisions import decisions_for
from reporting.documents.formatting import show_euro
from reporting.documents.governance import subject_label
from reporting.selectors import governance as governance_selectors
from tests.pdf import pdf_text

from ..regions.governance_factories import ProposalFactory
from .governance_helpers import (
    DECIDED_IN,
    MEMBER,
    OTHER_REGION,
    OTHER_SECRETARY,
    PASSWORD,
    REFERENCE,
    REGION,
    SECRETARY,
    TEXTS,
    agenda_item,
    decide,
    gv_proposal,
    march_meeting,
    meeting,
    open_gv_proposal,
    werkkamer,
)

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Algemeen",
    "Onderwerp",
    "Vertrouwelijk",
    "Contactpersoon",
    "Eenheid",
    "Kenmerk",
    "Datum",
    "Voorstel",
    "Kernboodschap",
    "Aanleiding",
    "Doel",
    "Argumenten",
    "Financiën",
    "Uitvoering",
]


def url(proposal, region=REGION) -> str:
    return reverse("reporting:proposal-pdf", args=[region, proposal.pk])


def get_pdf(client, proposal, username=SECRETARY, region=REGION):
    client.login(username=username, password=PASSWORD)
    return client.get(url(proposal, region))


def test_the_proposal_pdf_reads_like_the_source_document(client, demo):
    """The demo's proposal, as the demo loads it (decided in the Werkkamer of 16 March 2017)."""
    proposal = gv_proposal()
    response = get_pdf(client, proposal)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)

    for heading in HEADINGS:
        assert heading in text, heading
    assert f"Kenmerk {REFERENCE}" in text
    assert "Vertrouwelijk Nee" in text
    assert "Eenheid Sturing" in text
    assert "Datum 08-02-2017" in text
    assert proposal.contact_role in text
    # The numbered decision points, each once, without the numbers typed in the text twice.
    assert "1. Het voorstel uitvoerend projectleider banenafspraken" in text
    assert "3. € 65.000 uit het budget van de Werkkamer" in text
    assert "1. 1." not in text
    for name in ("core_message", "reason", "goal", "arguments", "execution"):
        assert TEXTS[name] in text, name
    # Financiën: the cost table, the totals and the discrepancy in words, the coverage.
    assert "Functie Uren per week Weken Uurtarief Berekend bedrag Genoemd bedrag" in text
    assert "Uitvoerend projectleider banenafspraken 36 35 € 50 € 63.000 € 65.000" in text
    assert "Totaal € 63.000 € 65.000" in text
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in text
    assert "Dekking: 2017 hele plan – Budget Werkkamer (personeel)" in text
    assert TEXTS["finances"] in text
    assert f"Status: {DECIDED_IN}" in text


def test_a_decided_proposal_says_where_it_was_decided(client, demo):
    """The demo's proposal before the Werkkamer decided it is a concept; decided in a meeting
    of the test's (9 March 2017), the PDF names that meeting."""
    proposal = open_gv_proposal()
    text = pdf_text(get_pdf(client, proposal).content)
    assert "Status: concept" in text and "Status: aangenomen" not in text

    meeting = march_meeting()
    agenda_item(meeting, proposal=proposal)
    decide(meeting, "Het voorstel is aangenomen.", Decision.Outcome.AANGENOMEN, proposal=proposal)

    text = pdf_text(get_pdf(client, Proposal.objects.get(pk=proposal.pk)).content)

    assert "Status: aangenomen in Werkkamer Gooi en Vechtstreek, 09-03-2017" in text
    assert DECIDED_IN not in text


def test_without_a_budget_line_the_pdf_says_so(client, demo):
    proposal = ProposalFactory(body=werkkamer())
    assert proposal.budget_line is None
    text = pdf_text(get_pdf(client, proposal).content)
    assert "Dekking: geen begrotingsregel gekoppeld" in text


def test_who_may_open_the_proposal_pdf(client, demo):
    proposal = gv_proposal()
    assert get_pdf(client, proposal, username=MEMBER).status_code == 200
    # Another region's secretary: 403 in the proposal's region, 404 under their own.
    assert get_pdf(client, proposal, username=OTHER_SECRETARY).status_code == 403
    other_own = get_pdf(client, proposal, username=OTHER_SECRETARY, region=OTHER_REGION)
    assert other_own.status_code == 404
    client.logout()
    anonymous = client.get(url(proposal))
    assert anonymous.status_code == 302 and "/inloggen/" in anonymous["Location"]


@pytest.mark.parametrize(
    ("reference", "header"),
    [
        # A quote is escaped inside the quoted file name.
        ('17.1 "b"', 'inline; filename="voorstel-17.1-\\"b\\".pdf"'),
        # A newline (or any non-ASCII) cannot be quoted: the RFC 5987 form, percent-encoded.
        ("17.1\nX-Kwaad: 1", "inline; filename*=utf-8''voorstel-17.1%0AX-Kwaad%3A-1.pdf"),
        ("17.1 café", "inline; filename*=utf-8''voorstel-17.1-caf%C3%A9.pdf"),
    ],
)
def test_a_hostile_reference_cannot_break_the_file_name(client, demo, reference, header):
    """The reference is typed by the secretaris; a quote or a newline in it gives a safe
    Content-Disposition, not a 500 (BadHeaderError)."""
    proposal = ProposalFactory(body=werkkamer(), reference=reference)
    response = get_pdf(client, proposal)
    assert response.status_code == 200
    assert response["Content-Disposition"] == header
    assert "\n" not in response["Content-Disposition"]


def test_the_pdf_names_the_latest_decision_of_those_decisions_for_reads(client, demo):
    """Held over on 9 March, adopted on 23 March: "besloten in" is read by regions'
    decisions_for, and the PDF shows its latest decision."""
    proposal = open_gv_proposal()
    held = march_meeting()
    agenda_item(held, proposal=proposal)
    decide(held, "Aangehouden.", Decision.Outcome.AANGEHOUDEN, proposal=proposal)
    later = meeting(date(2017, 3, 23))
    agenda_item(later, proposal=proposal)
    adopted = decide(later, "Aangenomen.", Decision.Outcome.AANGENOMEN, proposal=proposal)

    (document,) = governance_selectors.proposals_for_documents(
        proposals=Proposal.objects.filter(pk=proposal.pk)
    )
    assert [d.pk for d in decisions_for(proposals=[proposal]).proposals[proposal.pk]][-1] == (
        adopted.pk
    )
    assert document.decided_in.pk == adopted.pk
    text = pdf_text(get_pdf(client, Proposal.objects.get(pk=proposal.pk)).content)
    assert "Status: aangenomen in Werkkamer Gooi en Vechtstreek, 23-03-2017" in text
    assert "aangehouden in" not in text


def test_a_proposals_cost_lines_and_figure_come_from_one_selector(demo, django_assert_num_queries):
    """The proposal page's cost lines and figure are the ones the list and the PDF show:
    € 63.000 computed from 36 × 35 × € 50 against € 65.000 stated, in two queries."""
    proposal = gv_proposal()
    with django_assert_num_queries(2):
        costs = governance_selectors.proposal_costs(proposal=proposal)
    [line] = costs.lines
    assert (line.figure.computed, line.figure.stated) == (Decimal("63000"), Decimal("65000"))
    assert (costs.figure.computed, costs.figure.stated) == (Decimal("63000"), Decimal("65000"))
    assert costs.figure.is_discrepancy
    (listed,) = [
        row
        for row in budget_selectors.proposals_with_cost_figures(
            proposals=proposal_selectors.proposal_list(region=proposal.body.region)
        )
        if row.pk == proposal.pk
    ]
    assert costs.figure == listed.cost_figure
    (document,) = governance_selectors.proposals_for_documents(
        proposals=Proposal.objects.filter(pk=proposal.pk)
    )
    assert document.cost_figure == costs.figure
    assert [row.pk for row in document.cost_rows] == [line.pk]


def test_one_subject_label_for_agenda_items_and_decisions():
    """The agenda names a proposal by its reference and a plan by its title; the decision
    list (in full) adds the proposal's subject and the plan's version."""
    proposal = SimpleNamespace(reference="GV-2017-04", subject="Projectleider")
    about_proposal = SimpleNamespace(proposal_id=1, proposal=proposal)
    about_plan = SimpleNamespace(
        proposal_id=None, plan_id=2, plan=SimpleNamespace(title="Banenafspraak", version=3)
    )
    nothing = SimpleNamespace(proposal_id=None, plan_id=None, budget_change_id=None)
    with translation.override("nl"):
        assert subject_label(about_proposal) == "voorstel GV-2017-04"
        assert subject_label(about_proposal, in_full=True) == "voorstel GV-2017-04 Projectleider"
        assert subject_label(about_plan) == "plan Banenafspraak"
        assert subject_label(about_plan, in_full=True) == "plan Banenafspraak (versie 3)"
        assert subject_label(nothing) == ""
        assert show_euro(None) == "–"
