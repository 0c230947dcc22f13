"""Worked example 3: the Werkkamer proposal of Gooi en Vechtstreek for a project leader.
36 hours × 35 weeks × € 50 = € 63.000 (computed by the database) against a stated € 65.000:
a visible discrepancy. Neither total is stored anywhere but the proposal's stated total."""

from datetime import date
from decimal import Decimal

from budgets.models import StaffCost
from demo.rows import (
    Tally,
    close_periods,
    ensure,
    ensure_child,
    ensure_organisations,
    ensure_plan,
    ensure_plan_row,
    ensure_realisations,
    plan_reach_status,
    programme_manager,
)
from programmes.choices import Sector
from programmes.models import ActionPlan, Indicator, KeyFigure, Programme, Target
from regions.models import GoverningBody, Meeting, Organisation, Proposal, Region
from regions.services import meeting_save, proposal_save

# Source: 000, voorstel "Uitvoerend projectleider banenafspraken regio Gooi en Vechtstreek".
REGION = "gooi-en-vechtstreek"
REFERENCE = "17.0001962"
SUBJECT = "Uitvoerend projectleider banenafspraken regio Gooi en Vechtstreek"
DECISION_POINTS = [
    "Het voorstel uitvoerend projectleider banenafspraken regio Gooi en Vechtstreek vaststellen.",
    "Er mee instemmen dat de Regio Gooi en Vechtstreek namens de Werkkamer de uitvoerend "
    "projectleider tijdelijk aanstelt tot en met december 2017.",
    "€ 65.000 uit het budget van de Werkkamer beschikbaar stellen om de uitvoerend projectleider "
    "banenafspraken te bekostigen.",
]
STATED_TOTAL = Decimal("65000.00")  # "Totaal 2017" as the proposal states it
CONTACT_ROLE = "beleidsmedewerker eenheid Sturing, Regio Gooi en Vechtstreek"

PLAN_TITLE = "Actieplan Banenafspraak 2017 Gooi en Vechtstreek"
PLAN_START, PLAN_END = date(2017, 1, 1), date(2017, 12, 31)

# "In 2016 is 46% van de doelstelling van de banenafspraken in 2016 gerealiseerd." The proposal
# gives neither the 2016 target nor the jobs, so both are made up for the demo: a 2016 target of
# 350 jobs and a level of 161 extra jobs at the end of 2016 (161 / 350 = 46 %). Banen is a
# stock: each quarter's count is the level above the nulmeting, per sector, on the one target.
#
#   sector       2016 K1  K2  K3  K4
#   markt             70  77  88  98
#   overheid          50  54  59  63
#   totaal           120 131 147 161   → 46,0 % of 350: achter
#
# The year is over: the plan is closed and so are its quarters.
PLAN_2016_TITLE = "Banenafspraak 2016 Gooi en Vechtstreek"
PLAN_2016_START, PLAN_2016_END = date(2016, 1, 1), date(2016, 12, 31)
PLAN_2016_SOURCE = (
    f"Voorstel {REFERENCE} (46 % van de doelstelling 2016 gerealiseerd); doelstelling en "
    "standen per kwartaal zijn demogegevens"
)
TARGET_2016 = 350
REALISATION_SOURCE = "UWV doelgroepregister"
QUARTERS_2016 = ["2016-K1", "2016-K2", "2016-K3", "2016-K4"]
LEVELS_2016 = [
    (Sector.MARKT, [70, 77, 88, 98]),
    (Sector.OVERHEID, [50, 54, 59, 63]),
]

# Financiën: role, hours per week, weeks, hourly rate
# role, hours per week, weeks, hourly rate, "Totaal 2017" as the proposal's table states it
STAFF_COSTS = [
    (
        "Uitvoerend projectleider banenafspraken",
        Decimal("36"),
        Decimal("35"),
        Decimal("50"),
        STATED_TOTAL,
    ),
]

ORGANISATIONS = [
    ("REGIO", "Regio Gooi en Vechtstreek", Organisation.Kind.GEMEENTE),
    ("WSP", "Werkgeversservicepunt Gooi en Vechtstreek", Organisation.Kind.WSP),
]


def load(tally: Tally) -> None:
    region = Region.objects.get(slug=REGION)
    ensure_organisations(tally, region, ORGANISATIONS)
    werkkamer = ensure(
        tally,
        GoverningBody,
        region=region,
        name="Werkkamer Gooi en Vechtstreek",
        defaults={
            "kind": GoverningBody.Kind.WERKKAMER,
            "description": "Het Regionaal Werkbedrijf van Gooi en Vechtstreek.",
        },
    )
    ensure(
        tally,
        Meeting,
        save=lambda meeting: meeting_save(meeting=meeting, expected_revision=None),
        body=werkkamer,
        date=date(2016, 12, 22),
        defaults={
            "notes": "Stand van zaken banenafspraken besproken; de Werkkamer vraagt om een "
            "uitvoerend projectmedewerker.",
        },
    )
    proposal = ensure(
        tally,
        Proposal,
        save=lambda proposal: proposal_save(proposal=proposal, expected_revision=None),
        reference=REFERENCE,
        defaults={
            "body": werkkamer,
            "date": date(2017, 2, 8),
            "subject": SUBJECT,
            "decision_points": "\n".join(
                f"{number}. {point}" for number, point in enumerate(DECISION_POINTS, start=1)
            ),
            "contact_role": CONTACT_ROLE,
            "status": Proposal.Status.CONCEPT,
            "stated_total": STATED_TOTAL,
        },
    )
    plan = ensure_plan(
        tally,
        region=region,
        programme=Programme.objects.get(code="banenafspraak"),
        title=PLAN_TITLE,
        defaults={
            "start_date": PLAN_START,
            "end_date": PLAN_END,
            "source": f"Voorstel {REFERENCE} aan de Werkkamer (het actieplan zelf is niet "
            "bijgevoegd)",
        },
    )
    for role_title, hours_per_week, weeks, hourly_rate, stated_amount in STAFF_COSTS:
        ensure_child(
            tally,
            plan,
            StaffCost,
            plan=plan,
            proposal=proposal,
            role_title=role_title,
            defaults={
                "hours_per_week": hours_per_week,
                "weeks": weeks,
                "hourly_rate": hourly_rate,
                "stated_amount": stated_amount,
            },
        )
    ensure_plan_row(
        tally,
        plan,
        KeyFigure,
        region=region,
        plan=plan,
        label="Realisatie doelstelling banenafspraak 2016",
        defaults={
            "value": Decimal("46"),
            "unit": KeyFigure.Unit.PROCENT,
            "reference_date": date(2016, 12, 31),
            "source": f"voorstel {REFERENCE}",
        },
    )
    _year_2016(tally, region)


def _year_2016(tally: Tally, region) -> None:
    """The 2016 target and the levels that make its 46 %."""
    plan = ensure_plan(
        tally,
        region=region,
        programme=Programme.objects.get(code="banenafspraak"),
        title=PLAN_2016_TITLE,
        defaults={
            "start_date": PLAN_2016_START,
            "end_date": PLAN_2016_END,
            "summary": "Regionale doelstelling Banenafspraak 2016: extra banen ten opzichte van "
            "de nulmeting, in de marktsector en de overheidssector samen.",
            "source": PLAN_2016_SOURCE,
        },
    )
    target = ensure_child(
        tally,
        plan,
        Target,
        plan=plan,
        line=None,
        project=None,
        indicator=Indicator.objects.get(code="banen"),
        sector="",
        defaults={
            "value": TARGET_2016,
            "start_date": PLAN_2016_START,
            "end_date": PLAN_2016_END,
            "description": "Doelstelling banenafspraak 2016",
        },
    )
    plan_reach_status(plan, ActionPlan.Status.VASTGESTELD)
    periods = {period.code: period for period in plan.periods.all()}
    for sector, levels in LEVELS_2016:
        ensure_realisations(
            tally,
            target,
            periods,
            dict(zip(QUARTERS_2016, levels, strict=True)),
            source=REALISATION_SOURCE,
            sector=sector,
        )
    close_periods(plan, until=PLAN_2016_END, actor=programme_manager(region))
    plan_reach_status(plan, ActionPlan.Status.AFGESLOTEN)
