"""Co-financing as the documents state it, through the browser (the test client): an amount,
a percentage of a part's budget, or niet gekwantificeerd, each refused with a message on the
field when the form and the fields disagree, and each shown on the plan page for what it is."""

from decimal import Decimal

import pytest

from budgets.models import Funding
from budgets.selectors import fundings_with_amounts, plan_funding_total
from tests.programmes.helpers import DWSRA, login, messages_of, plan, url
from tests.programmes.plan_flow import field_errors, fresh, page_of, submit

pytestmark = pytest.mark.django_db


def funding_url(plan_obj, name="funding-create", **kwargs):
    return url(f"budgets:{name}", plan_pk=plan_obj.pk, **kwargs)


def add(flow, **typed):
    typed.setdefault("kind", Funding.Kind.COFINANCIERING)
    return submit(flow.client, funding_url(flow.plan), **typed)


def row_html(html: str, funding: Funding) -> str:
    start = html.index(f'<tr id="funding-{funding.pk}">')
    return html[start : html.index("</tr>", start)]


def test_the_three_forms_are_saved_as_what_they_are(flow):
    banenmarkt = flow.projects["Banenmarkt"]
    assert (
        add(flow, stated_as="bedrag", amount="27.500", description="Matches op werk").status_code
        == 302
    )
    assert (
        add(
            flow,
            project=banenmarkt.pk,
            stated_as="percentage",
            percentage="12,5",
            stated_amount="37.500",
            description="Bijdrage gemeenten",
        ).status_code
        == 302
    )
    assert (
        add(
            flow,
            kind=Funding.Kind.REGULIERE_MIDDELEN,
            stated_as="niet_gekwantificeerd",
            description="reguliere middelen gemeenten, UWV en WSP",
        ).status_code
        == 302
    )
    rows = {row.description: row for row in fundings_with_amounts(plan=flow.plan)}
    assert (rows["Matches op werk"].amount, rows["Matches op werk"].percentage) == (27500, None)
    assert rows["Bijdrage gemeenten"].computed_amount == Decimal("37500")  # 12,5 % of 300.000
    regular = rows["reguliere middelen gemeenten, UWV en WSP"]
    assert (regular.amount, regular.percentage, regular.is_quantified) == (None, None, False)
    assert regular.computed_amount is None  # not € 0

    totals = plan_funding_total(plan=flow.plan)
    assert (totals.total, totals.unquantified) == (Decimal("65000.00"), 1)

    html = page_of(flow.client, flow.plan)
    assert "niet gekwantificeerd" in row_html(html, regular)
    assert "reguliere middelen gemeenten, UWV en WSP" in row_html(html, regular)
    assert "€ 0" not in row_html(html, regular)
    assert "12,5 % van € 300.000" in row_html(html, rows["Bijdrage gemeenten"])
    assert "€ 27.500" in row_html(html, rows["Matches op werk"])
    assert '<td class="numeric" id="funding-total">€ 65.000,00</td>' in html
    assert "daarnaast 1 bijdrage niet gekwantificeerd" in html


def test_the_edit_form_opens_in_the_form_the_row_has(flow):
    add(flow, stated_as="niet_gekwantificeerd", description="In natura: ruimte en koffie")
    funding = Funding.objects.get(plan=flow.plan, description="In natura: ruimte en koffie")
    page = flow.client.get(funding_url(flow.plan, "funding-update", pk=funding.pk))
    assert page.context["form"]["stated_as"].value() == "niet_gekwantificeerd"
    # Giving it an amount later is one edit: choose "bedrag" and type it.
    response = submit(
        flow.client,
        funding_url(flow.plan, "funding-update", pk=funding.pk),
        stated_as="bedrag",
        amount="1.500",
    )
    assert response.status_code == 302
    assert fresh(funding).amount == 1500
    assert fresh(funding).revision == funding.revision + 1


AMOUNT, PERCENT, NONE = "bedrag", "percentage", "niet_gekwantificeerd"


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"stated_as": AMOUNT}, "amount", "Vul het bedrag in"),
        ({"stated_as": AMOUNT, "amount": "100", "percentage": "10"}, "percentage", "Laat het"),
        ({"stated_as": AMOUNT, "amount": "9", "stated_amount": "9"}, "stated_amount", "hoort bij"),
        ({"stated_as": PERCENT}, "percentage", "Vul het percentage in"),
        ({"stated_as": PERCENT, "percentage": "40", "amount": "100"}, "amount", "Laat het bedrag"),
        ({"stated_as": PERCENT, "percentage": "140"}, "percentage", "tussen 0 en 100"),
        ({"stated_as": NONE, "percentage": "40", "description": "x"}, "percentage", "niet gekw"),
        ({"stated_as": NONE, "amount": "100", "description": "x"}, "amount", "niet gekw"),
        ({"stated_as": NONE}, "description", "Noem wie of wat bijdraagt"),
        ({"stated_as": "", "amount": "100"}, "stated_as", "Kies hoe het document"),
    ],
)
def test_a_form_and_fields_that_disagree_are_refused_on_the_field(flow, typed, field, words):
    count = Funding.objects.count()
    response = add(flow, **typed)
    assert response.status_code == 200
    assert words in field_errors(response, field), response.context["form"].errors
    assert Funding.objects.count() == count


def test_a_percentage_rounding_to_the_stated_amount_is_not_flagged(demo, client):
    # DWSRA "Sta niet stil": 40 % of € 666.667 = € 266.666,80, stated as € 266.667.
    login(client, "beheerder")
    plan_obj = plan(DWSRA)
    html = page_of(client, plan_obj)
    rows = {row.project.title: row for row in fundings_with_amounts(plan=plan_obj)}
    sta_niet_stil = row_html(html, rows["Sta niet stil, maak er werk van"])
    assert "40,0 % van € 666.667" in sta_niet_stil
    assert "€ 266.666,80" in sta_niet_stil
    assert "€ 266.667" in sta_niet_stil
    assert "klopt" in sta_niet_stil
    assert "Afwijking" not in html


def test_a_stated_amount_that_really_differs_is_flagged(flow):
    add(
        flow,
        project=flow.projects["Banenmarkt"].pk,
        stated_as="percentage",
        percentage="40",
        stated_amount="125.000",
        description="Eigen bijdrage werkgevers",
    )
    funding = Funding.objects.get(plan=flow.plan, description="Eigen bijdrage werkgevers")
    row = row_html(page_of(flow.client, flow.plan), funding)
    assert "€ 120.000,00" in row  # 40 % of € 300.000
    assert "Afwijking: genoemd € 125.000, berekend € 120.000" in row


def test_saving_a_percentage_whose_stated_amount_differs_warns(flow):
    typed = {"project": flow.projects["Banenmarkt"].pk, "stated_as": "percentage"}
    differs = add(flow, **typed, percentage="40", stated_amount="125.000", description="a")
    assert (
        "warning",
        "Let op: het genoemde bedrag (€ 125.000) wijkt af van het berekende bedrag (€ 120.000). "
        "Zie de markering op de planpagina.",
    ) in messages_of(differs)
    rounding = add(flow, **typed, percentage="40", stated_amount="120.000,40", description="b")
    assert [level for level, _text in messages_of(rounding)] == ["success"]
