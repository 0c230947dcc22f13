from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread count for the menu: one query per page, none for a
    visitor who is not signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return selectors.unread_count(user=user)
