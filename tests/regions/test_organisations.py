"""The partner organisations page: the region's organisations and the national ones that sit
in its bodies, by kind, with the bodies they sit in now and the lines and projects they are
accountable for in the current version of each plan; a fixed number of queries; the
region's roles only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import GoverningBody, Membership, Organisation, RoleAssignment
from tests.factories import LineFactory, PlanFactory, ProjectFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


@pytest.fixture
def region():
    return RegionFactory(name="Proefregio Organisaties")


@pytest.fixture
def reader(client, region):
    user = UserFactory(role=(region, RoleAssignment.Role.WERKKAMERLID))
    client.force_login(user)
    return user


def body_in(region, name="Werkkamer Proef"):
    return GoverningBody.objects.create(region=region, name=name, kind="werkkamer")


def sits(body, organisation, role="directeur", **fields):
    fields.setdefault("seat_category", "overheid")
    return Membership.objects.create(
        body=body, organisation=organisation, role_title=role, **fields
    )


def page(client, region):
    response = client.get(reverse("regions:organisations", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_organisations_by_kind_with_their_bodies(client, region, reader):
    body = body_in(region)
    gemeente = Organisation.objects.create(
        name="Gemeente Proefstad", kind=Kind.GEMEENTE, region=region
    )
    wsp = Organisation.objects.create(name="WSP Proef", kind=Kind.WSP, region=region)
    national = Organisation.objects.create(name="Landelijke Proefbond", kind=Kind.VAKBOND)
    idle_national = Organisation.objects.create(name="Landelijk Elders", kind=Kind.VAKBOND)
    elsewhere = RegionFactory(name="Proefregio Elders")
    Organisation.objects.create(name="Gemeente Elders", kind=Kind.GEMEENTE, region=elsewhere)
    sits(body_in(elsewhere, "Werkkamer Elders"), idle_national)
    sits(body, gemeente, role="wethouder Werk", function="voorzitter")
    sits(body, national, role="bestuurder", seat_category="werknemers")
    sits(body, wsp, role="oud-manager", end_date=timezone.localdate() - timedelta(days=1))
    gone = Organisation.objects.create(name="Landelijk Vertrokken", kind=Kind.VAKBOND)
    sits(body, gone, end_date=timezone.localdate() - timedelta(days=1))

    html = page(client, region)
    assert "Gemeente Proefstad" in html and "WSP Proef" in html
    assert "Landelijke Proefbond" in html  # national, and sits in this region's body
    assert "Landelijk Elders" not in html  # national, but only in another region's body
    assert "Gemeente Elders" not in html
    assert "Landelijk Vertrokken" not in html  # national, and no longer sits here
    # Kinds in Organisation.Kind's order: gemeente, ..., WSP, ..., vakbond.
    assert (
        html.index('id="kind-gemeente"')
        < html.index('id="kind-wsp"')
        < html.index('id="kind-vakbond"')
    )
    body_url = reverse("regions:body-detail", args=[region.slug, body.pk])
    gemeente_card = html.split("Gemeente Proefstad")[1].split("</article>")[0]
    assert f'href="{body_url}"' in gemeente_card
    assert "wethouder Werk" in gemeente_card and "voorzitter" in gemeente_card
    wsp_card = html.split("WSP Proef")[1].split("</article>")[0]
    assert "oud-manager" not in wsp_card  # a membership that ended is not a seat now
    assert "Zit nu in geen orgaan van de regio." in wsp_card


def test_accountable_lines_and_projects_of_the_current_plan_version(client, region, reader):
    uwv = Organisation.objects.create(name="UWV Proef", kind=Kind.UWV, region=region)
    sits(body_in(region), uwv)
    first = PlanFactory(region=region, title="Proefplan Banen", status="vastgesteld")
    LineFactory(plan=first, title="Lijn oud", accountable_organisation=uwv)
    second = PlanFactory(region=region, title="Proefplan Banen", version=2, previous_version=first)
    line = LineFactory(
        plan=second, title="Lijn werkgeversdienstverlening", accountable_organisation=uwv
    )
    ProjectFactory(line=line, title="Project jobcoaching", accountable_organisation=uwv)
    foreign_plan = PlanFactory(region=RegionFactory(name="Proefregio Ver"), title="Plan elders")
    LineFactory(plan=foreign_plan, title="Lijn elders", accountable_organisation=uwv)

    card = page(client, region).split("UWV Proef")[1].split("</article>")[0]
    assert "Lijn werkgeversdienstverlening" in card and "Project jobcoaching" in card
    assert f'href="{second.get_absolute_url()}"' in card
    assert "Lijn oud" not in card  # in the superseded version 1
    assert "Lijn elders" not in card  # another region's plan


def test_the_page_has_a_fixed_number_of_queries(
    client, region, reader, django_assert_max_num_queries
):
    body = body_in(region)
    plan = PlanFactory(region=region)
    organisation = Organisation.objects.create(name="Org 0", kind=Kind.OVERIG, region=region)
    sits(body, organisation)
    url = reverse("regions:organisations", args=[region.slug])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(1, 16):
        organisation = Organisation.objects.create(
            name=f"Org {number}", kind=list(Kind.values)[number % 10], region=region
        )
        sits(body, organisation, role=f"lid {number}")
        line = LineFactory(plan=plan, accountable_organisation=organisation)
        ProjectFactory(line=line, accountable_organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<article") == 16


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("werkkamerlid-haaglanden", 200),
        ("secretaris-haaglanden", 200),
        ("programmamanager-haaglanden", 200),
        ("beheerder", 200),
        ("werkkamerlid-gooi-en-vechtstreek", 403),
        ("secretaris-gooi-en-vechtstreek", 403),
    ],
)
def test_the_demo_regions_organisations_for_its_roles_only(client, demo, username, status):
    client.login(username=username, password="demo")
    response = client.get(reverse("regions:organisations", args=["haaglanden"]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Bestuurlijk platform Regionaal Werkbedrijf Haaglanden" in html
        assert "FNV" in html  # national, on the platform's werknemers seat
