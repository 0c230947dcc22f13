"""The secretary's forms for bodies, members, seats and planned meetings."""

import datetime

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, RevisionFormMixin

from .models import GoverningBody, Membership, SeatCategory
from .selectors.bodies import organisations_for_region


class BodyForm(RevisionFormMixin, forms.ModelForm):
    """A body of one region: the parent is one of that region's other bodies, never the body
    itself or one under it (no circle)."""

    class Meta:
        model = GoverningBody
        fields = ["name", "kind", "meeting_frequency", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = list(GoverningBody.objects.filter(region=region).order_by("name"))
        excluded = set()
        if self.instance.pk:
            excluded.add(self.instance.pk)
            changed = True
            while changed:  # the body and everything under it, in Python: one query
                below = {b.pk for b in bodies if b.parent_id in excluded} - excluded
                excluded |= below
                changed = bool(below)
        self.fields["parent"].queryset = GoverningBody.objects.filter(region=region).exclude(
            pk__in=excluded
        )


class MembershipForm(RevisionFormMixin, forms.ModelForm):
    """A member of a body: a role title (never a person's name), the organisation (the
    region's or a national one), the seat category and function, and from–to. Ending a
    membership is setting its end date: the row stays in the body's history."""

    class Meta:
        model = Membership
        fields = [
            "role_title",
            "organisation",
            "seat_category",
            "function",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}
        help_texts = {
            "role_title": _("Een functie, geen naam (bijvoorbeeld: wethouder Werk en Inkomen)."),
            "function": _(
                "De voorzitter en de leden bezetten een zetel; secretaris en adviseur niet."
            ),
            "end_date": _(
                "Een lid vertrekt door deze datum in te vullen; het blijft in de historie."
            ),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_region(region=region)


class SeatRulesForm(RevisionFormMixin, forms.Form):
    """The composition rule: one number of seats per category (empty or 0: no seats). It
    carries the body's revision (hidden) as loaded, so seat_rules_set refuses a rule saved
    after someone else's (the view passes `revision=body.revision` and `form.expected_revision`).
    A stale save goes the shared way (show_refusal, core.concurrency.refuse_stale_save): the
    message above the form, the input kept, the body's current revision taken."""

    def __init__(self, *args, rules: dict[str, int], revision: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = revision
        for value, label in SeatCategory.choices:
            self.fields[value] = forms.IntegerField(
                label=capfirst(label),
                min_value=0,
                max_value=99,
                required=False,
                initial=rules.get(value, 0),
                widget=forms.NumberInput(attrs={"min": 0, "max": 99, "class": "narrow"}),
            )

    @property
    def seats(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(value) or 0 for value in SeatCategory.values}


class PlannedMeetingForm(forms.Form):
    """One proposed meeting date: ticked to plan it, the date editable."""

    chosen = forms.BooleanField(label=_("plannen"), required=False)
    date = forms.DateField(label=_("datum"), widget=DATE_INPUT)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if cleaned.get("chosen") and day is not None and day < self.today:
            self.add_error("date", _("Een nieuwe vergadering ligt niet in het verleden."))
        return cleaned


class BasePlannedMeetingFormSet(forms.BaseFormSet):
    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "today": self.today}

    def clean(self):
        if any(self.errors):
            return
        if not self.chosen_dates:
            raise forms.ValidationError(_("Vink ten minste één datum aan."))

    @property
    def chosen_dates(self) -> list[datetime.date]:
        return [
            form.cleaned_data["date"]
            for form in self.forms
            if form.cleaned_data.get("chosen") and form.cleaned_data.get("date")
        ]


PlannedMeetingFormSet = forms.formset_factory(
    PlannedMeetingForm, formset=BasePlannedMeetingFormSet, extra=0, max_num=12, validate_max=True
)
