"""The people pages from both sides: Midden-Gelderland's regiobeheerder sees, invites, gives
and takes roles and deactivates in Midden-Gelderland and nowhere else (403 for another
region, 404 for another region's person or invitation); werkkamerlid and programmamanager
are refused; the beheerder is allowed everywhere; anonymous users go to the login page. A
stale form (the role taken meanwhile) is refused with a message and nothing changes. The
invitation link: a password form for a new person, who lands signed in with the role; a
sign-in for an existing account; a clear refusal for a used, withdrawn or expired link."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regions.models import Invitation, PeopleChange, Region, RoleAssignment
from regions.services import people as people_services

from ..factories import UserFactory
from ..otp import verified_login

pytestmark = pytest.mark.django_db

Role = RoleAssignment.Role
LINK = re.compile(r"https?://[^/\s]+(/uitnodiging/[\w-]+/)")
PASSWORD = "een-goed-wachtwoord-42"


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def mg(demo):
    return Region.objects.get(slug="midden-gelderland")


@pytest.fixture
def haaglanden(demo):
    return Region.objects.get(slug="haaglanden")


@pytest.fixture
def rb(mg):
    return user("regiobeheerder-midden-gelderland")


@pytest.fixture
def rb_client(client, rb):
    client.force_login(rb)
    return client


def people_url(region):
    return reverse("regions:people", args=[region.slug])


def person_url(region, person):
    return reverse("regions:person", args=[region.slug, person.pk])


def invite_url(region):
    return reverse("regions:invitation-create", args=[region.slug])


def state():
    """What the pages could change: counts of roles, invitations, changes; active users."""
    return (
        RoleAssignment.objects.count(),
        Invitation.objects.count(),
        PeopleChange.objects.count(),
        get_user_model().objects.filter(is_active=True).count(),
    )


# --- Who may -------------------------------------------------------------------------------


def test_the_regiobeheerder_sees_the_regions_people_roles_invitations_and_history(rb_client, mg):
    page = rb_client.get(people_url(mg))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mensen Midden-Gelderland" in html
    assert "programmamanager-midden-gelderland" in html and "haaglanden" not in html.lower()
    # The demo's open invitation and its history (one withdrawn).
    assert "nieuwe.collega@example.org" in html
    assert "uitnodiging ingetrokken" in html and "verkeerd.adres@example.org" in html
    assert 'id="invitation-create-link"' in html


@pytest.mark.parametrize(
    "username, slug, status",
    [
        ("regiobeheerder-midden-gelderland", "midden-gelderland", 200),
        ("regiobeheerder-midden-gelderland", "haaglanden", 403),
        ("werkkamerlid-midden-gelderland", "midden-gelderland", 403),
        ("programmamanager-midden-gelderland", "midden-gelderland", 403),
        ("secretaris-midden-gelderland", "midden-gelderland", 403),
        ("penningmeester-midden-gelderland", "midden-gelderland", 403),
        ("beheerder", "midden-gelderland", 200),
        ("beheerder", "haaglanden", 200),
    ],
)
def test_who_opens_the_people_pages(client, demo, username, slug, status):
    client.force_login(user(username))
    region = Region.objects.get(slug=slug)
    for url in (people_url(region), invite_url(region)):
        assert client.get(url).status_code == status, url
    person = region.role_assignments.first().user
    assert client.get(person_url(region, person)).status_code == status


def test_anonymous_users_go_to_the_login_page(client, mg):
    for url in (people_url(mg), invite_url(mg), reverse("people-index")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_posts_from_outside_change_nothing(client, mg, haaglanden):
    target = user("werkkamerlid-haaglanden")
    before = state()
    client.force_login(user("regiobeheerder-midden-gelderland"))
    assert (
        client.post(
            invite_url(haaglanden), {"email": "x@example.org", "roles": ["werkkamerlid"]}
        ).status_code
        == 403
    )
    assert client.post(person_url(haaglanden, target), {"action": "deactivate"}).status_code == 403
    # Haaglanden's person on Midden-Gelderland's page: not one of its people.
    assert client.post(person_url(mg, target), {"action": "deactivate"}).status_code == 404
    client.force_login(user("werkkamerlid-midden-gelderland"))
    assert (
        client.post(
            person_url(mg, user("secretaris-midden-gelderland")),
            {"action": "take", "role": "secretaris"},
        ).status_code
        == 403
    )
    assert state() == before and not mail.outbox


def test_another_regions_invitation_is_a_404(rb_client, haaglanden, mg):
    invitation, _link = people_services.invitation_send(
        region=haaglanden, email="hl@example.org", roles=["werkkamerlid"], actor=user("beheerder")
    )
    url = reverse("regions:invitation-withdraw", args=[mg.slug, invitation.pk])
    assert rb_client.get(url).status_code == 404
    assert rb_client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open


# --- The menu and the region page --------------------------------------------------------


def test_the_menu_shows_mensen_to_who_manages_people(client, demo, mg):
    client.force_login(user("regiobeheerder-midden-gelderland"))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("people-index")}">Mensen<' in home
    assert client.get(reverse("people-index")).headers["Location"] == people_url(mg)
    region_page = client.get(mg.get_absolute_url()).content.decode()
    assert 'id="people-link"' in region_page
    client.force_login(user("werkkamerlid-midden-gelderland"))
    assert ">Mensen<" not in client.get(reverse("home")).content.decode()
    assert 'id="people-link"' not in client.get(mg.get_absolute_url()).content.decode()
    assert client.get(reverse("people-index")).status_code == 403


def test_the_beheerder_chooses_a_region(client, demo):
    client.force_login(user("beheerder"))
    assert ">Mensen<" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("people-index"))
    assert page.status_code == 200 and "Midden-Gelderland" in page.content.decode()


# --- Inviting and withdrawing ------------------------------------------------------------


def test_inviting_on_the_page_sends_the_mail(rb_client, mg, settings):
    settings.SITE_URL = "https://werkregio.example.nl"
    response = rb_client.post(
        invite_url(mg),
        {"email": "pagina@example.org", "roles": ["werkkamerlid", "secretaris"]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == people_url(mg)
    html = response.content.decode()
    assert "De uitnodiging is verstuurd aan pagina@example.org" in html
    assert "pagina@example.org" in html
    [message] = mail.outbox
    # SITE_URL, as every link in an e-mail: never the Host the request came with.
    assert LINK.search(message.body)[0].startswith("https://werkregio.example.nl/uitnodiging/")


def test_a_refused_invitation_shows_beside_the_field(rb_client, mg):
    before = state()
    page = rb_client.post(
        invite_url(mg), {"email": "nieuwe.collega@example.org", "roles": ["werkkamerlid"]}
    )
    assert page.status_code == 200
    assert "heeft al een open uitnodiging" in page.context["form"].errors["email"][0]
    page = rb_client.post(invite_url(mg), {"email": "ok@example.org", "roles": []})
    assert page.context["form"].errors["roles"]
    assert state() == before and not mail.outbox


def test_withdrawing_on_the_page_and_a_stale_second_withdrawal(rb_client, mg):
    invitation = Invitation.objects.get(region=mg, email="nieuwe.collega@example.org")
    url = reverse("regions:invitation-withdraw", args=[mg.slug, invitation.pk])
    assert "Uitnodiging intrekken" in rb_client.get(url).content.decode()
    rb_client.post(url)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    response = rb_client.post(url, follow=True)
    assert "Deze uitnodiging is ingetrokken" in response.content.decode()
    assert (
        PeopleChange.objects.filter(kind="invitation_withdrawn", email=invitation.email).count()
        == 1
    )


# --- One person ----------------------------------------------------------------------------


def test_giving_and_taking_a_role_on_the_person_page(rb_client, mg, rb):
    person = user("werkkamerlid-midden-gelderland")
    url = person_url(mg, person)
    page = rb_client.get(url).content.decode()
    assert "Een rol geven" in page and "Account deactiveren" in page
    rb_client.post(url, {"action": "give", "role": "secretaris"})
    assert RoleAssignment.objects.get(user=person, region=mg, role="secretaris").granted_by == rb
    page = rb_client.get(url).content.decode()
    assert 'id="role-secretaris"' in page and "regiobeheerder-midden-gelderland" in page
    rb_client.post(url, {"action": "take", "role": "secretaris"})
    assert not RoleAssignment.objects.filter(user=person, region=mg, role="secretaris").exists()


def test_a_stale_form_is_refused_with_a_message(rb_client, mg):
    """Two regiobeheerders on one page: the first takes the role; the second's click on the
    same button says so, and nothing is lost."""
    person = user("secretaris-midden-gelderland")
    url = person_url(mg, person)
    rb_client.post(url, {"action": "give", "role": "werkkamerlid"})
    rb_client.post(url, {"action": "take", "role": "werkkamerlid"})
    before = state()
    response = rb_client.post(url, {"action": "take", "role": "werkkamerlid"}, follow=True)
    assert "heeft de rol Werkkamerlid in deze regio niet (meer)" in response.content.decode()
    response = rb_client.post(url, {"action": "give", "role": "secretaris"}, follow=True)
    assert "heeft de rol secretaris al" in response.content.decode()
    assert state() == before


def test_the_own_page_offers_no_role_changes_and_no_deactivation(rb_client, mg, rb):
    page = rb_client.get(person_url(mg, rb)).content.decode()
    assert "Uw eigen rollen wijzigt u niet" in page
    assert "Uw eigen account kunt u niet deactiveren" in page
    assert "Een rol geven" not in page and 'value="deactivate"' not in page
    before = state()
    rb_client.post(person_url(mg, rb), {"action": "take", "role": "regiobeheerder"})
    rb_client.post(person_url(mg, rb), {"action": "deactivate"})
    assert state() == before


def test_deactivating_on_the_page_ends_the_login(rb_client, client, mg):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    rb_client.post(person_url(mg, person), {"action": "deactivate"})
    person.refresh_from_db()
    assert not person.is_active
    assert not client.login(username=person.username, password="demo")
    page = rb_client.get(people_url(mg)).content.decode()
    assert "gedeactiveerd" in page
    rb_client.post(person_url(mg, person), {"action": "reactivate"})
    person.refresh_from_db()
    assert person.is_active


def test_a_beheerders_deactivation_shows_why_and_the_reactivation_is_refused(rb_client, mg):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    people_services.account_deactivate(person=person, actor=user("beheerder"))
    page = rb_client.get(person_url(mg, person)).content.decode()
    assert "De beheerder heeft dit account gedeactiveerd" in page
    response = rb_client.post(person_url(mg, person), {"action": "reactivate"}, follow=True)
    assert "alleen de beheerder kan het weer actief maken" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_active


def test_a_person_with_roles_elsewhere_shows_why(rb_client, mg, haaglanden):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    RoleAssignment.objects.create(user=person, region=haaglanden, role=Role.SECRETARIS)
    page = rb_client.get(person_url(mg, person)).content.decode()
    assert "heeft ook rollen in een andere regio; vraag de beheerder" in page
    assert "heeft ook rollen in 1 andere regio" in page
    rb_client.post(person_url(mg, person), {"action": "deactivate"})
    person.refresh_from_db()
    assert person.is_active


def test_an_sso_role_has_no_take_button(rb_client, mg):
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    RoleAssignment.objects.create(
        user=person, region=mg, role=Role.SECRETARIS, source=RoleAssignment.Source.SSO
    )
    page = rb_client.get(person_url(mg, person)).content.decode()
    row = re.search(r'id="role-secretaris">(.*?)</tr>', page, re.S)[1]
    assert "volgt het organisatie-account" in row and "Afnemen" not in row


# --- The invitation link -------------------------------------------------------------------


def invite(region, actor, email, roles=("werkkamerlid",)):
    invitation, link = people_services.invitation_send(
        region=region, email=email, roles=roles, actor=actor
    )
    return invitation, LINK.search(link)[1]


def test_a_new_person_sets_a_password_and_lands_signed_in_with_the_role(client, mg, rb):
    _invitation, path = invite(mg, rb, "welkom@example.org")
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "regiobeheerder-midden-gelderland nodigt u uit" in html and "Werkkamerlid" in html
    # Two passwords that differ: the form again, nothing made.
    page = client.post(path, {"password1": PASSWORD, "password2": "anders"})
    assert page.context["form"].errors["password2"]
    page = client.post(path, {"password1": "welkom", "password2": "welkom"})
    assert page.context["form"].errors["password1"]
    assert not get_user_model().objects.filter(username="welkom@example.org").exists()
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == mg.get_absolute_url()
    assert (
        "Welkom bij Midden-Gelderland: u heeft nu de rol Werkkamerlid." in response.content.decode()
    )
    person = get_user_model().objects.get(username="welkom@example.org")
    assert int(client.session["_auth_user_id"]) == person.pk
    assert RoleAssignment.objects.filter(user=person, region=mg, role="werkkamerlid").exists()
    # The link once: now a refusal, 410.
    client.logout()
    used = client.get(path)
    assert used.status_code == 410 and "al gebruikt" in used.content.decode()
    assert client.login(username="welkom@example.org", password=PASSWORD)


def test_an_unknown_link_is_a_404_with_a_message(client, demo):
    page = client.get(reverse("invitation-accept", args=["niet-bestaand-geheim"]))
    assert page.status_code == 404
    assert "geen geldige uitnodiging" in page.content.decode()


def test_an_expired_link_says_so(client, mg, rb):
    invitation, path = invite(mg, rb, "te-laat@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(path)
    assert page.status_code == 410
    assert "Deze uitnodiging is verlopen op" in page.content.decode()
    before = state()
    client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert state() == before


def test_an_existing_account_signs_in_then_accepts(client, mg, rb):
    existing = UserFactory(email="heeft-al@example.org")
    _invitation, path = invite(mg, rb, "heeft-al@example.org", roles=("penningmeester",))
    html = client.get(path).content.decode()
    # The invited address, never the account's user name (whoever holds the link sees it).
    assert "Er is al een account met het e-mailadres heeft-al@example.org" in html
    assert existing.username not in html
    assert f"{reverse('login')}?next={path}" in html.replace("%2F", "/")
    assert "invitation-password-form" not in html
    # A password posted anyway makes nothing.
    before = state()
    client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert state() == before
    client.force_login(user("werkkamerlid-haaglanden"))
    html = client.get(path).content.decode()
    assert "deze uitnodiging is voor het account met het e-mailadres heeft-al@example.org" in html
    assert existing.username not in html
    client.force_login(existing)
    assert "Uitnodiging aannemen" in client.get(path).content.decode()
    client.post(path)
    assert RoleAssignment.objects.filter(user=existing, region=mg, role="penningmeester").exists()


def test_the_sign_in_offers_the_organisation_account_when_sso_is_on(client, mg, rb, settings):
    settings.OIDC_ENABLED = True
    UserFactory(email="sso@example.org")
    _invitation, path = invite(mg, rb, "sso@example.org")
    html = client.get(path).content.decode()
    assert f"{reverse('oidc_authentication_init')}?next=" in html


# --- The admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["roleassignment", "invitation", "peoplechange"])
def test_the_admin_shows_roles_invitations_and_changes_read_only(client, demo, model):
    verified_login(client, user("beheerder"))
    listing = client.get(reverse(f"admin:regions_{model}_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse(f"admin:regions_{model}_add")).status_code == 403
    obj = {
        "roleassignment": RoleAssignment,
        "invitation": Invitation,
        "peoplechange": PeopleChange,
    }[model].objects.first()
    before = state()
    change = client.get(reverse(f"admin:regions_{model}_change", args=[obj.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        client.post(
            reverse(f"admin:regions_{model}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert state() == before


def test_the_user_admin_deactivates_only_through_the_service(client, mg):
    """The "actief" box is read-only in the user admin; its actions go through account_deactivate,
    so the region's history records it and one's own account is refused."""
    beheerder = user("beheerder")
    verified_login(client, beheerder)
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    page = client.get(reverse("admin:auth_user_change", args=[person.pk])).content.decode()
    assert 'name="is_active"' not in page
    changelist = reverse("admin:auth_user_changelist")
    client.post(
        changelist,
        {"action": "deactivate", "_selected_action": [person.pk, beheerder.pk]},
        follow=True,
    )
    person.refresh_from_db()
    beheerder.refresh_from_db()
    assert not person.is_active and beheerder.is_active
    assert PeopleChange.objects.filter(person=person, region=mg, kind="deactivated").exists()
    client.post(changelist, {"action": "reactivate", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.is_active


def test_the_user_admin_deletes_no_account_and_keeps_name_and_address(client, mg):
    """No delete (nor "delete selected"): deactivate instead. The user name and the e-mail
    address of an existing account are read-only: a post changing them changes nothing."""
    verified_login(client, user("beheerder"))
    person = UserFactory(role=(mg, Role.WERKKAMERLID))
    change_url = reverse("admin:auth_user_change", args=[person.pk])
    page = client.get(change_url).content.decode()
    assert 'name="username"' not in page and 'name="email"' not in page
    assert person.username in page and person.email in page
    assert client.get(reverse("admin:auth_user_delete", args=[person.pk])).status_code == 403
    assert (
        client.post(
            reverse("admin:auth_user_delete", args=[person.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    changelist = reverse("admin:auth_user_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"}
    )
    client.post(
        change_url,
        {
            "username": "andere-naam",
            "email": "ander@example.org",
            "first_name": "Nieuw",
            "last_name": person.last_name,
            "date_joined_0": "01-01-2024",
            "date_joined_1": "10:00:00",
        },
    )
    person.refresh_from_db()
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert person.username != "andere-naam" and person.email != "ander@example.org"
    assert person.first_name == "Nieuw"  # the rest of the form still saves
