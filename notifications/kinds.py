"""What each kind of notification says, in one place: the list page, the e-mail and the daily
digest all read their text here, so a kind reads the same wherever a person meets it.

Keyed by the kind's stored value (Notification.Kind), so the model can use it without this
module knowing the model."""

from django.utils.translation import gettext_lazy as _

# "%(subject)s" is what the notification is about, as the event named it (a report's
# kenmerk and plan, an entry's amount and description, a period and its plan).
TEXTS = {
    "report_ready": _("Rapportage klaar: %(subject)s"),
    "report_failed": _("Rapportage mislukt: %(subject)s"),
    "spending_awaits_approval": _("Uitgave wacht op uw goedkeuring: %(subject)s"),
    "spending_rejected": _("Uw uitgave is afgekeurd: %(subject)s"),
    # How soon is programmes.services.PERIOD_CLOSING_NOTICE's alone (the subject has the
    # period's dates), so the text never states the number of days a second time.
    "period_closing": _("Periode eindigt binnenkort: %(subject)s"),
    "delivery_imported": _("Aanlevering verwerkt: %(subject)s"),
    "action_item": _("Actiepunt voor u uit een besluit: %(subject)s"),
    "report_due": _("Rapportage binnenkort verwacht: %(subject)s"),
    "role_given": _("Rol gegeven: %(subject)s"),
}


def text(kind: str, subject: str) -> str:
    """The sentence a notification of `kind` about `subject` shows, in the active language."""
    return str(TEXTS[kind]) % {"subject": subject}
