"""Strings Django itself shows but its own Dutch catalogue lacks (new in Django 6.1). Marked
here so makemessages keeps them in our catalogues, which take precedence."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS_MISSING_IN_DUTCH = [
    gettext_noop("- Select an option -"),  # the blank choice of a select (BLANK_CHOICE_LABEL)
]
