"""Demo logins: a beheerder and, in each of the four example regions, one user per role.
Every password is "demo"; names are role descriptions, never private persons."""

from django.contrib.auth import get_user_model

from demo.rows import Tally, ensure
from regions.models import Invitation, Region, RoleAssignment
from regions.services import people as people_services

PASSWORD = "demo"

# The regions of the worked examples, each with one demo login per role.
REGION_SLUGS = [
    "midden-gelderland",
    "haaglanden",
    "gooi-en-vechtstreek",
    "zuid-kennemerland-en-ijmond",
]

# role, first_name (a role description)
ROLES = [
    (RoleAssignment.Role.PROGRAMMAMANAGER, "Programmamanager"),
    (RoleAssignment.Role.WERKKAMERLID, "Werkkamerlid"),
    (RoleAssignment.Role.SECRETARIS, "Ambtelijk secretaris"),
    # The second pair of eyes: approves the spending the programmamanager records.
    (RoleAssignment.Role.PENNINGMEESTER, "Penningmeester"),
]


# Who makes the region's API tokens (Regio → API-tokens): one demo login, in Midden-Gelderland.
REGIOBEHEERDER_SLUGS = ["midden-gelderland"]


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, region name) of every demo login, in the order they are shown."""
    names = dict(Region.objects.filter(slug__in=REGION_SLUGS).values_list("slug", "name"))
    logins = [("beheerder", "beheerder", "alle regio's")]
    for slug in REGION_SLUGS:
        for role, _first_name in ROLES:
            logins.append((f"{role}-{slug}", role.label, names.get(slug, slug)))
    role = RoleAssignment.Role.REGIOBEHEERDER
    for slug in REGIOBEHEERDER_SLUGS:
        logins.append((f"{role}-{slug}", role.label, names.get(slug, slug)))
    return logins


def _user(tally: Tally, username: str, **defaults):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        tally.add(user_model)
    return user


def load(tally: Tally) -> None:
    _user(tally, "beheerder", first_name="Beheerder", is_staff=True, is_superuser=True)
    for slug in REGION_SLUGS:
        region = Region.objects.get(slug=slug)
        for role, first_name in ROLES:
            user = _user(tally, f"{role}-{region.slug}", first_name=f"{first_name} {region.name}")
            ensure(tally, RoleAssignment, user=user, region=region, role=role)
    role = RoleAssignment.Role.REGIOBEHEERDER
    for slug in REGIOBEHEERDER_SLUGS:
        region = Region.objects.get(slug=slug)
        user = _user(tally, f"{role}-{slug}", first_name=f"Regiobeheerder {region.name}")
        ensure(tally, RoleAssignment, user=user, region=region, role=role)
        _invitations(tally, region, user)


# The regiobeheerder's invitations (Regio → Mensen), through the service as on the page: one
# open, one withdrawn, so the people page shows both and a history. Addresses of a reserved
# domain (RFC 2606): the e-mails, printed or sent when the demo loads, reach no one.
OPEN_INVITATION = ("nieuwe.collega@example.org", [RoleAssignment.Role.WERKKAMERLID])
WITHDRAWN_INVITATION = ("verkeerd.adres@example.org", [RoleAssignment.Role.SECRETARIS])


def _invitations(tally: Tally, region, regiobeheerder) -> None:
    if Invitation.objects.filter(region=region).exists():
        return
    for email, roles in (WITHDRAWN_INVITATION, OPEN_INVITATION):
        invitation, _link = people_services.invitation_send(
            region=region,
            email=email,
            roles=roles,
            actor=regiobeheerder,
        )
        tally.add(Invitation)
        if email == WITHDRAWN_INVITATION[0]:
            people_services.invitation_withdraw(invitation=invitation, actor=regiobeheerder)
