"""Django's own Dutch for the messages that an installed package translates differently:
Django REST framework's Dutch catalogue, which comes before Django's own, says "Dit veld is
vereist." where every form of the product has said "Dit veld is verplicht.". Marked here,
the messages are in our catalogue (locale/, which comes first), with Django's Dutch in
locale/nl. Nothing imports this module; makemessages reads it."""

from django.utils.translation import gettext_noop

DJANGO_WORDING = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
