from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.forms import PlanChildForm

from .models import BudgetLine, Funding, StaffCost


class BudgetLineForm(PlanChildForm):
    class Meta:
        model = BudgetLine
        fields = ["line", "project", "year", "category", "description", "amount"]
        help_texts = {
            "line": _("Leeg voor een post van het hele plan (bijvoorbeeld programmamanagement)."),
            "amount": _("In euro's, bijvoorbeeld 52000 of 52000,50."),
        }
        error_messages = {"year": {"required": _("Vul het jaar van deze jaarschijf in.")}}


class FundingForm(PlanChildForm):
    """Co-financing in the form the document states it: an amount, a percentage of the
    budget of the chosen part, or niet gekwantificeerd (regular funds, in kind). The choice
    is made explicitly, so an empty amount is never read as € 0 nor a stray percentage
    kept beside an amount."""

    class StatedAs(models.TextChoices):
        BEDRAG = "bedrag", _("een bedrag")
        PERCENTAGE = "percentage", _("een percentage van de begroting van het gekozen onderdeel")
        NIET_GEKWANTIFICEERD = (
            "niet_gekwantificeerd",
            _(
                "niet gekwantificeerd (in natura, reguliere middelen: het document noemt "
                "geen bedrag)"
            ),
        )

    # A select rather than radio buttons: one label for the field, as every other field has.
    stated_as = forms.ChoiceField(
        label=_("Vorm"),
        choices=[("", "---------"), *StatedAs.choices],
        error_messages={"required": _("Kies hoe het document deze bijdrage noemt.")},
    )

    class Meta:
        model = Funding
        fields = [
            "line",
            "project",
            "kind",
            "organisation",
            "description",
            "stated_as",
            "amount",
            "percentage",
            "stated_amount",
        ]
        help_texts = {
            "line": _("Leeg voor een bijdrage aan het hele plan."),
            "description": _(
                "Zoals het document de bijdrage noemt, bijvoorbeeld 'reguliere middelen "
                "gemeenten, UWV en WSP'."
            ),
            "amount": _("Alleen bij de vorm 'een bedrag'. In euro's, bijvoorbeeld 27500."),
            "percentage": _(
                "Alleen bij de vorm 'een percentage'. Bijvoorbeeld 40 of 12,5: het bedrag wordt "
                "berekend uit de begroting van het gekozen project, anders de lijn, anders het "
                "hele plan."
            ),
            "stated_amount": _(
                "Alleen bij een percentage: het bedrag zoals het document het noemt, ter "
                "controle naast het berekende bedrag."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stated_as"].initial = self._form_of(self.instance)

    @classmethod
    def _form_of(cls, funding: Funding) -> str:
        if funding.percentage is not None:
            return cls.StatedAs.PERCENTAGE
        if funding.amount is not None:
            return cls.StatedAs.BEDRAG
        return cls.StatedAs.NIET_GEKWANTIFICEERD

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("stated_as")
        amount, percentage = cleaned.get("amount"), cleaned.get("percentage")
        stated = cleaned.get("stated_amount")
        if chosen == self.StatedAs.BEDRAG:
            if amount is None and "amount" not in self.errors:
                self.add_error("amount", _("Vul het bedrag in dat het document noemt."))
            if percentage is not None:
                self.add_error(
                    "percentage",
                    _("Laat het percentage leeg bij een bedrag, of kies de vorm 'percentage'."),
                )
            if stated is not None:
                self.add_error(
                    "stated_amount",
                    _(
                        "Een genoemd bedrag hoort bij een percentage; bij een bedrag is het "
                        "bedrag zelf het genoemde."
                    ),
                )
        elif chosen == self.StatedAs.PERCENTAGE:
            if percentage is None and "percentage" not in self.errors:
                self.add_error("percentage", _("Vul het percentage in, bijvoorbeeld 40."))
            if amount is not None:
                self.add_error(
                    "amount",
                    _(
                        "Laat het bedrag leeg bij een percentage: het bedrag wordt berekend. "
                        "Een bedrag dat het document noemt, hoort bij 'genoemd bedrag'."
                    ),
                )
        elif chosen == self.StatedAs.NIET_GEKWANTIFICEERD:
            if not cleaned.get("description") and not cleaned.get("organisation"):
                self.add_error(
                    "description",
                    _(
                        "Noem wie of wat bijdraagt, zoals het document het zegt (een financier "
                        "of een omschrijving): zonder bedrag is dat alles wat er te zien is."
                    ),
                )
            for name in ("amount", "percentage", "stated_amount"):
                if cleaned.get(name) is not None:
                    self.add_error(
                        name,
                        _(
                            "Laat dit veld leeg bij een bijdrage die niet gekwantificeerd is, "
                            "of kies de vorm 'bedrag' of 'percentage'."
                        ),
                    )
        return cleaned


class BudgetLineInlineForm(PlanChildForm):
    """The fields edited in place on the plan page; the rest stays as it is."""

    class Meta:
        model = BudgetLine
        fields = ["year", "description", "amount"]


class StaffCostForm(PlanChildForm):
    """A role's staff cost as the document gives it: fte or hours per week, weeks and an
    hourly rate (the amount is computed by the database from the last three), and the amount
    the document states, kept beside the computed one to show a difference."""

    class Meta:
        model = StaffCost
        fields = ["role_title", "fte", "hours_per_week", "weeks", "hourly_rate", "stated_amount"]
        help_texts = {
            "role_title": _("Bijvoorbeeld 'uitvoerend projectleider'."),
            "fte": _("Bijvoorbeeld 0,8. Leeg wanneer het document uren per week noemt."),
            "hours_per_week": _("Bijvoorbeeld 36."),
            "weeks": _("Het aantal werkbare weken, bijvoorbeeld 35."),
            "hourly_rate": _("In euro's, bijvoorbeeld 50 of 52,50."),
            "stated_amount": _(
                "Het totaal zoals het document het noemt, ter controle naast het berekende "
                "bedrag (uren per week × weken × uurtarief)."
            ),
        }
        error_messages = {"role_title": {"required": _("Vul de functie of rol in.")}}

    def clean(self):
        cleaned = super().clean()
        fte, hours = cleaned.get("fte"), cleaned.get("hours_per_week")
        if fte is None and hours is None and not {"fte", "hours_per_week"} & set(self.errors):
            self.add_error(
                "hours_per_week",
                _("Vul de uren per week in, of de omvang in fte wanneer het document die noemt."),
            )
        for name, message in (
            ("fte", _("Een omvang in fte is niet negatief.")),
            ("hours_per_week", _("Uren per week liggen tussen 0 en 168.")),
            ("weeks", _("Het aantal weken is niet negatief.")),
            ("hourly_rate", _("Een uurtarief is niet negatief.")),
            ("stated_amount", _("Een genoemd bedrag is niet negatief.")),
        ):
            value = cleaned.get(name)
            too_many_hours = name == "hours_per_week" and value is not None and value > 168
            if value is not None and (value < 0 or too_many_hours):
                self.add_error(name, message)
        return cleaned
