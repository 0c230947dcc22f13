"""Staff costs (personele inzet) through the browser (the test client): hours per week ×
weeks × hourly rate computed by the database and shown on the plan page beside the amount the
document states, a difference flagged; a stale edit, an adopted plan and people without the
right to edit are refused, and nothing changes."""

from decimal import Decimal

import pytest

from budgets.models import Funding, StaffCost
from budgets.selectors import staff_costs, staff_total_of_rows
from budgets.services import staff_cost_save
from programmes.services import PlanNotEditableError
from tests.programmes.helpers import (
    GOOI,
    MIDDEN_GELDERLAND,
    RMT,
    form_data,
    is_login_redirect,
    login,
    messages_of,
    plan,
    url,
)
from tests.programmes.plan_flow import field_errors, fresh, page_of, submit
from tests.programmes.test_query_counts import PLAN_PAGE_MAX, assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

LEADER = "Uitvoerend projectleider"


def staff_url(plan_obj, name="staffcost-create", **kwargs):
    return url(f"budgets:{name}", plan_pk=plan_obj.pk, **kwargs)


def row_html(html: str, cost: StaffCost) -> str:
    start = html.index(f'<tr id="staff-cost-{cost.pk}">')
    return html[start : html.index("</tr>", start)]


def add_leader(flow, **typed):
    fields = {
        "role_title": LEADER,
        "hours_per_week": "36",
        "weeks": "35",
        "hourly_rate": "50",
        "stated_amount": "65.000",
        **typed,
    }
    return submit(flow.client, staff_url(flow.plan), **fields)


def test_the_amount_is_computed_and_the_stated_amount_flagged(flow):
    response = add_leader(flow)
    assert response.status_code == 302
    assert response["Location"].endswith("#staff-heading")
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    assert cost.amount == Decimal("63000.00")  # 36 hours × 35 weeks × € 50, by the database
    assert cost.stated_amount == Decimal("65000.00")

    row = row_html(page_of(flow.client, flow.plan), cost)
    assert '<td class="numeric">€ 63.000</td>' in row
    assert '<td class="numeric">€ 65.000</td>' in row
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in row
    assert "€ 50,00" in row
    assert "bewerken" in row


def test_a_stated_amount_equal_to_the_computed_one_is_not_flagged(flow):
    add_leader(flow, stated_amount="63.000")
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    row = row_html(page_of(flow.client, flow.plan), cost)
    assert "Afwijking" not in row
    assert "klopt" in row


def test_the_total_adds_up_the_computed_amounts(flow):
    add_leader(flow)
    add_leader(flow, role_title="Jobcoach", hours_per_week="16", weeks="40", hourly_rate="45,50")
    add_leader(
        flow,
        role_title="Adviseur",
        fte="0,2",
        hours_per_week=None,
        hourly_rate=None,
        stated_amount=None,
    )
    html = page_of(flow.client, flow.plan)
    # 63.000 + 16 × 40 × 45,50 = 63.000 + 29.120; the adviser has no rate: counted out.
    assert '<td class="numeric" id="staff-total">€ 92.120</td>' in html
    assert "1 functie zonder uren, weken of tarief niet meegeteld" in html
    adviser = StaffCost.objects.get(plan=flow.plan, role_title="Adviseur")
    assert adviser.amount is None
    assert "geen tarief bekend" in row_html(html, adviser)


def test_an_edit_recomputes_the_amount(flow):
    add_leader(flow)
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    response = submit(
        flow.client, staff_url(flow.plan, "staffcost-update", pk=cost.pk), weeks="36,1"
    )
    assert response.status_code == 302
    assert fresh(cost).amount == Decimal("64980.00")  # 36 × 36,1 × 50
    assert fresh(cost).revision == cost.revision + 1
    assert "€ 64.980" in row_html(page_of(flow.client, flow.plan), cost)


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"role_title": ""}, "role_title", "Vul de functie"),
        ({"hours_per_week": None, "fte": None}, "hours_per_week", "Vul de uren per week in"),
        ({"hours_per_week": "200"}, "hours_per_week", "tussen 0 en 168"),
        ({"weeks": "-3"}, "weeks", "niet negatief"),
        ({"hourly_rate": "-50"}, "hourly_rate", "niet negatief"),
        ({"hourly_rate": "vijftig"}, "hourly_rate", "getal"),
    ],
)
def test_wrong_input_is_refused_on_the_field(flow, typed, field, words):
    count = StaffCost.objects.count()
    response = add_leader(flow, **typed)
    assert response.status_code == 200
    assert words in field_errors(response, field), response.context["form"].errors
    assert StaffCost.objects.count() == count


def test_a_stale_edit_is_refused_and_nothing_changes(flow):
    add_leader(flow)
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    form_url = staff_url(flow.plan, "staffcost-update", pk=cost.pk)
    first = form_data(flow.client.get(form_url), weeks="30")
    second = form_data(flow.client.get(form_url), weeks="40")
    assert flow.client.post(form_url, first).status_code == 302
    response = flow.client.post(form_url, second)
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert fresh(cost).weeks == 30
    assert fresh(cost).amount == Decimal("54000.00")


def test_a_staff_cost_is_deleted_through_the_browser(flow):
    add_leader(flow)
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    response = flow.client.post(staff_url(flow.plan, "staffcost-delete", pk=cost.pk))
    assert response.status_code == 302
    assert not StaffCost.objects.filter(pk=cost.pk).exists()
    assert cost.history.filter(history_type="-").exists()  # its history keeps what it was


def test_an_adopted_plan_refuses_staff_costs(client, demo):
    adopted = plan(MIDDEN_GELDERLAND)
    login(client, "programmamanager-midden-gelderland")
    count = StaffCost.objects.count()
    assert client.get(staff_url(adopted)).status_code == 403
    data = {"role_title": "x", "hours_per_week": "1", "weeks": "1", "hourly_rate": "1"}
    assert client.post(staff_url(adopted), data).status_code == 403
    assert StaffCost.objects.count() == count
    assert "Personele inzet toevoegen" not in page_of(client, adopted)
    with pytest.raises(PlanNotEditableError):
        staff_cost_save(
            plan=adopted,
            staff_cost=StaffCost(role_title="x", hours_per_week=1, weeks=1, hourly_rate=1),
            expected_revision=None,
        )
    assert StaffCost.objects.count() == count


@pytest.mark.parametrize(
    "username",
    [
        "werkkamerlid-gooi-en-vechtstreek",  # reads the plan, may not change it
        "programmamanager-midden-gelderland",  # another region
        None,
    ],
)
def test_people_who_may_not_edit_the_plan_are_refused(client, demo, username):
    gooi = plan(GOOI)
    cost = StaffCost.objects.get(plan=gooi)
    login(client, username)
    before = (cost.weeks, cost.revision, StaffCost.objects.count())
    data = {"role_title": "x", "hours_per_week": "1", "weeks": "1", "hourly_rate": "1"}
    for target in (
        staff_url(gooi),
        staff_url(gooi, "staffcost-update", pk=cost.pk),
        staff_url(gooi, "staffcost-delete", pk=cost.pk),
    ):
        response = client.post(target, {**data, "revision": cost.revision})
        if username is None:
            assert is_login_redirect(response)
        else:
            assert response.status_code in {403, 404}
    assert (fresh(cost).weeks, fresh(cost).revision, StaffCost.objects.count()) == before


def test_gooi_en_vechtstreek_63000_against_65000_on_the_plan_page(client, demo):
    # Werkkamer proposal 17.0001962: 36 hours × 35 weeks × € 50, its table says € 65.000.
    login(client, "werkkamerlid-gooi-en-vechtstreek")
    gooi = plan(GOOI)
    html = page_of(client, gooi)
    cost = StaffCost.objects.get(plan=gooi)
    row = row_html(html, cost)
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in row
    assert "bewerken" not in row  # a werkkamerlid reads only
    proposal = html[html.index(f'<p id="proposal-{cost.proposal_id}">') :]
    proposal = proposal[: proposal.index("</p>")]
    assert "Voorstel 17.0001962 noemt € 65.000; berekend uit de personeelskosten: € 63.000." in (
        proposal
    )
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in proposal


def test_gooi_en_vechtstreek_proposal_flagged_on_the_region_page(client, demo):
    login(client, "werkkamerlid-gooi-en-vechtstreek")
    gooi = plan(GOOI)
    response = client.get(url("regions:detail", slug=gooi.region.slug))
    assert response.status_code == 200
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in response.content.decode()


def test_the_rmt_staffing_is_shown_in_fte_without_rates(client, demo):
    rmt = plan(RMT)
    login(client, "programmamanager-zuid-kennemerland-en-ijmond")
    html = page_of(client, rmt)
    rows = list(staff_costs(plan=rmt))
    # The plan gives fte per role (the jobcoach's "Ntb"), no rates and no costs.
    assert len(rows) == 8 and all(row.amount is None for row in rows)
    for row in rows:
        shown = row_html(html, row)
        assert "geen tarief bekend" in shown
        assert "€ 0" not in shown
    by_role = {row.role_title: row for row in rows}
    assert '<td class="numeric">0,44</td>' in row_html(html, by_role["adm-secr. ondersteuning"])
    jobcoach = row_html(html, by_role["Jobcoach fnv/cnv (niet in kosten RMT)"])
    assert "nog te bepalen" in jobcoach
    total = staff_total_of_rows(rows)
    assert (total.amount, total.fte, total.without_amount) == (None, Decimal("6.88"), 8)
    assert '<td class="numeric" id="staff-total-fte">6,88</td>' in html
    assert '<td class="numeric" id="staff-total"><span class="muted">geen tarief bekend' in html


def test_the_plan_page_queries_do_not_grow_with_staff_costs_and_fundings(
    client, demo, django_assert_max_num_queries
):
    gooi = plan(GOOI)

    def grow():
        for number in range(15):
            StaffCost.objects.create(
                plan=gooi, role_title=f"Extra rol {number}", hours_per_week=8, weeks=10
            )
            Funding.objects.create(
                plan=gooi, kind=Funding.Kind.REGULIERE_MIDDELEN, description=f"In natura {number}"
            )

    assert_queries_do_not_grow(
        login(client, "programmamanager-gooi-en-vechtstreek"),
        url("programmes:plan-detail", pk=gooi.pk),
        PLAN_PAGE_MAX,
        grow,
        django_assert_max_num_queries,
        shown="Extra rol 14",
    )


def test_saving_a_differing_stated_amount_warns(flow):
    warning = (
        "warning",
        "Let op: het genoemde bedrag (€ 65.000) wijkt af van uren per week × weken × uurtarief "
        "(€ 63.000). Zie de markering op de planpagina.",
    )
    assert warning in messages_of(add_leader(flow))
    agreeing = messages_of(add_leader(flow, role_title="Tweede", stated_amount="63.000"))
    assert [level for level, _text in agreeing] == ["success"]


def test_a_staff_cost_change_is_in_the_plan_history_with_old_and_new_values(flow):
    add_leader(flow)
    cost = StaffCost.objects.get(plan=flow.plan, role_title=LEADER)
    submit(flow.client, staff_url(flow.plan, "staffcost-update", pk=cost.pk), hourly_rate="55")
    response = flow.client.get(url("programmes:plan-history", pk=flow.plan.pk))
    assert response.status_code == 200
    entry = next(
        entry
        for entry in response.context["entries"]
        if entry.kind == "personeelskosten" and entry.changes
    )
    changes = {str(label): (old, new) for label, old, new in entry.changes}
    assert entry.subject == LEADER
    assert changes == {"uurtarief": (Decimal("50.00"), Decimal("55.00"))}
    assert entry.who == "Programmamanager Gooi en Vechtstreek"
    assert "Programmamanager Gooi en Vechtstreek" in response.content.decode()
