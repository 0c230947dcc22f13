import hashlib
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from core.forms import DATE_INPUT, RevisionFormMixin

from .models import GoverningBody, Meeting, Proposal
from .selectors.people import email_normalise
from .services.governance import (
    meeting_body_fixed,
    meeting_body_refusal,
    proposal_body_fixed,
    proposal_body_refusal,
)


class LoginForm(AuthenticationForm):
    """Django's login form without autofocus, so keyboard users meet the skip link and the
    header first, as on every other page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's password reset, sending at most PASSWORD_RESET_MAX_PER_HOUR e-mails to one
    address in an hour, so nobody can flood a colleague's mailbox through the form. The page
    answers the same either way (as it does for an unknown address)."""

    def get_users(self, email):
        if not within_reset_limit(email):
            return iter(())
        return super().get_users(email)

    def save(self, **kwargs):
        """The link in the e-mail on SITE_URL, as every link in an e-mail (never the Host the
        request came with)."""
        site = urlsplit(settings.SITE_URL)
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "domain": site.netloc + site.path.rstrip("/"),
            "protocol": site.scheme or "https",
        }
        return super().save(**kwargs)


RESET_LIMIT_PREFIX = "password-reset:"  # the limiter's cache keys (the tests clear them)


def within_reset_limit(email: str) -> bool:
    """Count one request for `email`; False once the hour's limit is passed. The key is a
    hash, so the cache holds no addresses."""
    key = RESET_LIMIT_PREFIX + hashlib.sha256(email_normalise(email).encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.PASSWORD_RESET_MAX_PER_HOUR


class RegionChildForm(RevisionFormMixin, forms.ModelForm):
    """A form for a row of one region: bodies and meetings to choose from are that region's."""

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].queryset = GoverningBody.objects.filter(region=region)
        # Money of the region's own plans only (the models are budgets', named by string).
        for name in ("budget_line", "budget_change"):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(plan__region=region).select_related("plan")


class MeetingForm(RegionChildForm):
    """A meeting; its body stays once it has agenda items or decisions (meeting_save
    refuses it too, under a lock: this shows the refusal beside the field first)."""

    def clean_body(self):
        body = self.cleaned_data.get("body")
        stored = self.instance
        changed = stored.pk and body is not None and body.pk != stored.body_id
        if changed and meeting_body_fixed(stored):
            raise forms.ValidationError(meeting_body_refusal())
        return body

    class Meta:
        model = Meeting
        fields = ["body", "date", "start_time", "location", "notes"]
        widgets = {
            "date": DATE_INPUT,
            "start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }


class ProposalForm(RegionChildForm):
    """A proposal laid out like the document: Algemeen, Voorstel, Kernboodschap, Aanleiding,
    Doel, Argumenten, Financiën (with its dekking), Uitvoering. No status: only a meeting
    moves it (regions.services.proposal_save keeps it). Its body (aan) stays once it is on an
    agenda or decided."""

    def clean_body(self):
        body = self.cleaned_data.get("body")
        stored = self.instance
        changed = stored.pk and body is not None and body.pk != stored.body_id
        if changed and proposal_body_fixed(stored):
            raise forms.ValidationError(proposal_body_refusal())
        return body

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A budget line is named with its plan and version: a region has several of each.
        if "budget_line" in self.fields:
            self.fields["budget_line"].label_from_instance = lambda line: (
                f"{line.plan.title} (v{line.plan.version}) – {line.year} "
                f"{line.description or line.get_category_display()}: {euro(line.amount)}"
            )
        if "budget_change" in self.fields:
            self.fields["budget_change"].label_from_instance = lambda change: (
                f"{change.plan.title} (v{change.plan.version}) – {change.reason[:80]} "
                f"({change.get_status_display()})"
            )

    class Meta:
        model = Proposal
        fields = [
            "body",
            "reference",
            "date",
            "contact_role",
            "subject",
            "unit",
            "confidential",
            "decision_points",
            "core_message",
            "reason",
            "goal",
            "arguments",
            "finances",
            "stated_total",
            "budget_line",
            "budget_change",
            "execution",
        ]
        widgets = {
            "date": DATE_INPUT,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in [
                    "decision_points",
                    "core_message",
                    "reason",
                    "goal",
                    "arguments",
                    "finances",
                    "execution",
                ]
            },
        }
        help_texts = {
            "stated_total": _(
                "Het totaal zoals het voorstel het noemt; het berekende totaal komt uit de "
                "personeelskosten en wordt ernaast getoond."
            ),
            "contact_role": _("Een functie, geen naam."),
        }
