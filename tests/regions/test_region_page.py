"""The region page: municipalities, plans, proposals with their stated and computed totals,
and governance; readable by the region's roles only; a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from regions.models import GoverningBody, Proposal, Region

pytestmark = pytest.mark.django_db


def test_gooi_en_vechtstreek_shows_the_proposal_discrepancy(client, demo):
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    page = client.get(reverse("regions:detail", args=["gooi-en-vechtstreek"])).content.decode()
    assert "17.0001962" in page
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in page
    assert "Hilversum" in page


def test_the_plan_page_shows_the_proposal_behind_the_staff_cost(client, demo):
    client.login(username="programmamanager-gooi-en-vechtstreek", password="demo")
    region = Proposal.objects.get(reference="17.0001962").body.region
    plan = region.action_plans.get(title="Actieplan Banenafspraak 2017 Gooi en Vechtstreek")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Voorstel 17.0001962 noemt € 65.000" in page
    assert "berekend uit de personeelskosten: € 63.000" in page


def test_haaglanden_shows_its_3_3_1_board(client, demo):
    client.login(username="werkkamerlid-haaglanden", password="demo")
    page = client.get(reverse("regions:detail", args=["haaglanden"])).content.decode()
    assert "Bestuurlijk platform Regionaal Werkbedrijf Haaglanden" in page
    assert "twee keer per jaar" in page


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("werkkamerlid-haaglanden", 200),
        ("secretaris-haaglanden", 200),
        ("programmamanager-haaglanden", 200),
        ("beheerder", 200),
        ("werkkamerlid-gooi-en-vechtstreek", 403),
    ],
)
def test_region_page_is_for_the_regions_roles(client, demo, username, status):
    client.login(username=username, password="demo")
    assert client.get(reverse("regions:detail", args=["haaglanden"])).status_code == status


def test_region_page_query_count_does_not_grow(client, demo, django_assert_max_num_queries):
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    url = reverse("regions:detail", args=["gooi-en-vechtstreek"])
    # 12: the bodies with their memberships and seat rules (the composition check) are three;
    # the menu's count of unread notifications one (issue 15).
    with django_assert_max_num_queries(12):
        client.get(url)
    region = Region.objects.get(slug="gooi-en-vechtstreek")
    body = GoverningBody.objects.get(region=region)
    for number in range(15):
        Proposal.objects.create(
            body=body,
            reference=f"extra-{number}",
            date="2017-03-01",
            subject="extra",
            decision_points="-",
            stated_total=1000,
        )
        body.memberships.create(role_title=f"lid {number}", seat_category="overig")
        body.meetings.create(date=f"2017-04-{number + 1:02d}", location=f"zaal {number}")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(re.findall(r"<td>extra-\d+", response.content.decode())) == 15


def test_home_page_lists_the_users_regions_with_their_counts(client, demo):
    client.login(username="werkkamerlid-gooi-en-vechtstreek", password="demo")
    page = client.get(reverse("home")).content.decode()
    row = re.search(r"<tr>\s*<td>AM12</td>.*?</tr>", page, re.S).group(0)
    cells = re.findall(r'<td class="numeric">(\d+)</td>', row)
    assert "Gooi en Vechtstreek" in row and "Hilversum" in row
    assert cells == ["7", "2"]  # municipalities, plans (2016 and 2017)
    assert "Haaglanden" not in page.split("regions-heading")[1]
