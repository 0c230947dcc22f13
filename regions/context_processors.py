"""What the menu of every page needs from regions: whether to show "Mensen"."""

from .permissions import manages_people_somewhere


def people_menu(request):
    """`manages_people`: the user manages some region's people (or is a beheerder). A
    callable, so it is asked only when the menu is drawn; the roles it reads are the ones
    every page has read already (regions.permissions.roles_by_region, once per request)."""
    user = getattr(request, "user", None)
    return {"manages_people": lambda: user is not None and manages_people_somewhere(user)}
