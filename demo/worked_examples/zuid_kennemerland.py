"""Worked example 4: the Regionaal Mobiliteitsteam of Zuid-Kennemerland en IJmond (centre
municipality Haarlem), from 1 September 2021. Four 2021 budgets of € 2.059.453 in all, staffing
in fte, four risks, an activity planning, a steering group chaired by UWV; and ILLUSTRATIVE
monthly spending on the four budgets (not in the source: see SPENDING below)."""

from datetime import date, timedelta
from decimal import Decimal

from budgets.models import BudgetChange, BudgetLine, StaffCost
from budgets.services.changes import budget_change_reject, budget_change_request
from core.numbers import round_half_up
from demo.rows import (
    Tally,
    _past,
    ensure,
    ensure_action_item,
    ensure_agenda_item,
    ensure_body,
    ensure_child,
    ensure_decision,
    ensure_expenditure,
    ensure_meeting,
    ensure_organisations,
    ensure_plan,
    ensure_seats,
    penningmeester,
    plan_reach_status,
    programme_manager,
)
from programmes.models import ActionPlan, Activity, PlanLine, Programme, Risk
from regions.models import (
    AgendaItem,
    Decision,
    GoverningBody,
    MeetingFrequency,
    Membership,
    Organisation,
    Region,
)
from reporting.models import ReportKind, ReportSchedule

# Source: 003, "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL
# en IJmond", Concept Versie 7 dd 16-08-2021.
REGION = "zuid-kennemerland-en-ijmond"
TITLE = "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL en IJmond"
VERSION = 7
START, END = date(2021, 9, 1), date(2022, 12, 31)
Kind = Organisation.Kind
Seat = Membership.SeatCategory
Category = BudgetLine.Category

NATIONAL_ORGANISATIONS = [
    ("FNV", "FNV", Kind.VAKBOND),
    ("CNV", "CNV", Kind.VAKBOND),
    ("SBB", "SBB", Kind.ONDERWIJS),
]
ORGANISATIONS = [
    ("HAARLEM", "Gemeente Haarlem", Kind.GEMEENTE),
    ("UWV", "UWV", Kind.UWV),
    ("IKH", "Industrie Kring Haarlem", Kind.WERKGEVERSORGANISATIE),
    ("OVIJ", "Ondernemers Vereniging IJmond", Kind.WERKGEVERSORGANISATIE),
    ("NOVA", "ROC NOVA", Kind.ONDERWIJS),
    ("LWL", "Leerwerkloket", Kind.ONDERWIJS),
]

# "Toegekende middelen voor 2021" (2022 not yet known): label verbatim, amount, category
BUDGET_2021 = [
    (
        "Budget beschikbaar voor de bedrijfsvoering RMT team (loonkosten UWV en Gemeenten en "
        "ondersteuning tbv uitvoering dienstverlening)",
        Decimal("447942"),
        Category.PERSONEEL,
    ),
    (
        "Budget beschikbaar voor aanvullende crisisdienstverlening",
        Decimal("647105"),
        Category.DIENSTVERLENING,
    ),
    ("Budget beschikbaar voor praktijk leren mbo", Decimal("625802"), Category.SCHOLING),
    (
        "Budget beschikbaar voor dienstverlening werkfitbehoud (doelgroep banenafpraak)",
        Decimal("338604"),
        Category.DIENSTVERLENING,
    ),
]

# Deelprojecten (werkgroepen): title, what, partners
LINES = [
    (
        "A. Teamvorming",
        "Profielen, onboarding en training, samenwerking, teamdoelen. Trekker: coördinator.",
        "RMT team",
    ),
    (
        "B. Doelgroepen en dienstverlening",
        "Regionale menukaart, klantreizen werkgevers en werknemers, intake, inzet scholing, "
        "inschatting aantallen, aanvullende inkoop volgens inkoopkader. Trekkers: kwartiermaker "
        "en coördinator.",
        "Gemeente Haarlem; IJmond gemeenten; UWV; sociale partners; RMC/Leerwerkloket",
    ),
    (
        "C. Scholingsarrangementen en praktijkleren",
        "Overzicht arrangementen, wijze van inzet, nieuwe arrangementen. Trekker: kwartiermaker "
        "RMT.",
        "ROC NOVA; SBB; Perspectief op Werk; sociale partners (werkgevers); RMC/Leerwerkloket",
    ),
    (
        "D. Marketing en communicatie",
        "Regionaal herkenbaar, communicatie mijlpalen, landingspagina voor 1 september. Trekkers: "
        "communicatiemedewerkers i.s.m. alle partners.",
        "alle partners",
    ),
]

# Bemensing (fte maximaal; None: "Ntb"). Rates and costs per role are not given.
STAFFING = [
    (
        "Adviseur basisdienstverlening UWV en Gemeenten (WSP) Inclusief 1e aanspreekpunt "
        "banenafpraak (Ntb niet in kosten RMT)",
        Decimal("2"),
    ),
    ("Adviseurs werkgeversdienstverlening UWV en Gemeenten (WSP)", Decimal("1")),
    ("Leerwerkmakelaar (LWL)", Decimal("0.5")),
    ("Jongerenadviseur", Decimal("0.5")),
    ("Intaker/trajectadviseur", Decimal("2")),
    ("Jobcoach fnv/cnv (niet in kosten RMT)", None),
    ("FG functionaris / communicatie", Decimal("0.44")),
    ("adm-secr. ondersteuning", Decimal("0.44")),
]

# Section 5 "Risico's", verbatim: risk, mitigation
RISKS = [
    (
        "De startdatum is afhankelijk van de ondertekening van de samenwerkingsovereenkomst. De "
        "route van ondertekening is bepalend voor de snelheid waarmee gestart kan worden.",
        "",
    ),
    ("Het gebrek aan capaciteit voor de uitvoering gedurende de zomermaanden.", ""),
    ("De beschikbaarheid van formatie voor bemensing van het RMT op korte termijn.", ""),
    (
        "Het is nog onduidelijk hoe groot de vraag wordt van werkzoekenden.",
        "Om te voorkomen dat het RMT te groot wordt opgetuigd, wordt vanaf het begin gewerkt met "
        "concrete vragen uit het veld en wordt gewerkt met een groeimodel.",
    ),
]

# Section 8 "Globale activiteitenplanning" (all in 2021): group, what, who, when as printed,
# due date where the date is clear (a month: its last day; "vanaf …" and "z.s.m.": none)
KWARTIERMAKER_2 = "Kwartiermaker en Coördinator RMT i.s.m. werkgroep en RMT al doende"
KWARTIERMAKER_3 = (
    "Kwartiermaker ism onderwijsinstellingen en SBB, sociale partners, en "
    "regionaal projectleider POW"
)
KWARTIERMAKER_HAARLEM = "Kwartiermaker i.s.m. coördinator en ondersteuning Gemeente Haarlem"
TEAM = "Coördinator i.s.m. RMT team"
AUG_31, SEP_1, SEP_30 = date(2021, 8, 31), date(2021, 9, 1), date(2021, 9, 30)
ACTIVITIES = [
    (
        "Randvoorwaarden",
        "Getekende samenwerkingsafpraak/bestuurlijk akkoord",
        "Bestuurders",
        "Eind augustus (start dienstverlening per 1 september)",
        AUG_31,
    ),
    (
        "Randvoorwaarden",
        "Invulling communicatie en secretariële ondersteuning",
        "Centrumgemeente",
        "z.s.m.",
        None,
    ),
    (
        "Randvoorwaarden",
        "Afspraken over overdracht dossiers tussen partijen (Sociale partners, "
        "gemeenten en UWV) incl. AVG en monitoring",
        "Partijen samenwerkend in RMT",
        "Vanaf begin september",
        None,
    ),
    ("Ontwikkelvragen", "Begroting RMT", "Kwartiermaker", "1 september", SEP_1),
    ("Teamvorming", "Taakverdeling, intake, beoordeling", TEAM, "augustus", AUG_31),
    ("Teamvorming", "Bezetting, expertise, samenwerking", TEAM, "augustus", AUG_31),
    ("Teamvorming", "Briefing/onboarding", TEAM, "augustus", AUG_31),
    ("Teamvorming", "Afstemming achterban en regionale initiatieven", TEAM, "augustus", AUG_31),
    ("Teamvorming", "Invulling loketfunctie vanuit netwerksamenwerking", TEAM, "augustus", AUG_31),
    (
        "Doelgroepen en dienstverlening",
        "Regionale menukaart (naast landelijke menukaart) is "
        "beschikbaar (bestaande en aanvullende dienstverlening)",
        KWARTIERMAKER_2,
        "september",
        SEP_30,
    ),
    (
        "Doelgroepen en dienstverlening",
        "Wie doet wat in de keten van samenwerking o.b.v. klantreis van de diverse doelgroepen",
        KWARTIERMAKER_2,
        "vanaf september",
        None,
    ),
    (
        "Doelgroepen en dienstverlening",
        "Werkafspraken maken met partijen waar naar wordt "
        "doorverwezen (regionaal en bovenregionaal)",
        KWARTIERMAKER_2,
        "Vanaf september",
        None,
    ),
    (
        "Doelgroepen en dienstverlening",
        "Hoe organiseren we samenwerking met private partijen (o.a. uitzendbranche)",
        KWARTIERMAKER_2,
        "",
        None,
    ),
    (
        "Inschatting hulpvraag werkgevers en werknemers",
        "Prognose hulpvraag – individuen en werkgevers",
        KWARTIERMAKER_2,
        "z.s.m.",
        None,
    ),
    (
        "Inschatting hulpvraag werkgevers en werknemers",
        "Prognose aantal schoolverlaters mbo – 2021 en 2022",
        KWARTIERMAKER_2,
        "z.s.m.",
        None,
    ),
    (
        "Scholingsarrangementen en praktijkleren",
        "Inzicht in aanbod om- en bijscholing "
        "onderwijsinstellingen (publiek en privaat) praktijkleren en leerwerktrajecten o.b.v. "
        "actuele lijst krapteberoepen. Inzicht in aanbod SBB bij voorkeur inclusief beschikbare "
        "leerbedrijven.",
        KWARTIERMAKER_3,
        "september",
        SEP_30,
    ),
    (
        "Scholingsarrangementen en praktijkleren",
        "Prognose wat is er nodig en wat missen we nog",
        KWARTIERMAKER_3,
        "",
        None,
    ),
    (
        "Scholingsarrangementen en praktijkleren",
        "Hoe wordt het scholingsaanbod ontsloten voor RMT",
        KWARTIERMAKER_3,
        "",
        None,
    ),
    (
        "Scholingsarrangementen en praktijkleren",
        "Hoe zetten we de mogelijkheden van praktijkleren in",
        KWARTIERMAKER_3,
        "",
        None,
    ),
    (
        "Uitwerken",
        "Manier van registreren resultaten",
        "Kwartiermaker i.s.m. coördinator op basis van de landelijke ontwikkelingen",
        "september",
        SEP_30,
    ),
    ("Uitwerken", "Inrichten voortgangsrapportage", "Kwartiermaker i.s.m SZW", "september", SEP_30),
    (
        "Uitwerken",
        "Welke inkoopvoorwaarden worden gehanteerd irt uitkomst werkgroep 2 en 3",
        KWARTIERMAKER_HAARLEM,
        "september",
        SEP_30,
    ),
    (
        "Uitwerken",
        "Inrichting financiële administratie, proces declaraties, proces aanvragen "
        "middelen via menukaart",
        KWARTIERMAKER_HAARLEM,
        "september",
        SEP_30,
    ),
    (
        "Uitwerken",
        "Marketing en communicatie (vnl via netwerkpartners)",
        "Communicatiemedewerker",
        "augustus-september",
        SEP_30,
    ),
]

RWB = "Regionaal Werkbedrijf Zuid-Kennemerland en IJmond"
STUURGROEP = "Stuurgroep RMT"
UITVOERINGSTEAM = "Uitvoeringsteam RMT"
# Stuurgroep RMT "staat onder voorzitterschap van het UWV": role, organisation, seat, function
STUURGROEP_SEATS = [
    ("vertegenwoordiger UWV", "UWV", Seat.OVERHEID, Membership.Function.VOORZITTER),
    ("vertegenwoordiger Gemeente Haarlem en Zandvoort", "HAARLEM", Seat.OVERHEID, "lid"),
    ("vertegenwoordiger IJmond gemeenten (ntb)", None, Seat.OVERHEID, "lid"),
    ("vertegenwoordiger FNV/CNV", "FNV", Seat.WERKNEMERS, "lid"),
    ("vertegenwoordiger SBB", "SBB", Seat.ONDERWIJS, "lid"),
    ("vertegenwoordiger Industrie Kring Haarlem", "IKH", Seat.WERKGEVERS, "lid"),
    ("vertegenwoordiger Ondernemers Vereniging IJmond", "OVIJ", Seat.WERKGEVERS, "lid"),
    ("programmamanager ROC NOVA", "NOVA", Seat.ONDERWIJS, "lid"),
    ("kwartiermaker RMT (ondersteunt de voorzitter)", None, Seat.OVERIG, "lid"),
    ("operationeel coördinator RMT", None, Seat.OVERIG, "lid"),
]
UITVOERINGSTEAM_SEATS = [
    ("operationeel coördinator RMT (functioneel leidinggevende)", None, Seat.OVERIG, "lid"),
    ("medewerkers gemeenten", "HAARLEM", Seat.OVERHEID, "lid"),
    ("medewerkers UWV (WSP)", "UWV", Seat.OVERHEID, "lid"),
    ("leerwerkmakelaar", "LWL", Seat.ONDERWIJS, "lid"),
]

# Reporting: kind, audience, frequency ("Tweemaandelijks rapportage aan het ministerie";
# "maandelijks overzicht uitgaven t.b.v. de onafhankelijke Kassier"; progress to the RWB)
REPORT_SCHEDULES = [
    (
        ReportKind.VOORTGANG,
        ReportSchedule.Audience.MINISTERIE,
        ReportSchedule.Frequency.TWEEMAANDELIJKS,
    ),
    (ReportKind.FINANCIEEL, ReportSchedule.Audience.KASSIER, ReportSchedule.Frequency.MAANDELIJKS),
    (ReportKind.VOORTGANG, ReportSchedule.Audience.BESTUUR, ReportSchedule.Frequency.KWARTAAL),
]

# ILLUSTRATIVE spending (not in the source document, which gives the budgets only). The
# regulation runs to at least the end of 2022 and the 2022 budgets are not known, so every
# month from September 2021 to December 2022 is booked on the four 2021 budgets. Each month's
# entry on a budget is a fixed share of that budget (whole cents, half up), from the month
# given on, so every figure can be checked by hand:
# 1 bedrijfsvoering: 6 % a month, evenly over 16 months: 16 × € 26.876,52 = € 430.024,32 (96 %)
# 2 crisisdienstverlening, ramping up: 2 % in 2021, 5 % in the first half of 2022, 8 % in the
#   second: 4 × € 12.942,10 + 6 × € 32.355,25 + 6 × € 51.768,40 = € 556.510,30 (86 %)
# 3 praktijkleren mbo, from 2022: 6 %, then 8 %: 6 × € 37.548,12 + 6 × € 50.064,16
#   = € 525.673,68 (84 %)
# 4 werkfitbehoud: 5 % in 2021, 6,75 % in 2022: 4 × € 16.930,20 + 12 × € 22.855,77
#   = € 341.990,04, deliberately 1 % (€ 3.386,04) OVER its € 338.604, so the overspend
#   warning shows.
# Approved in all: € 1.854.198,34. Each entry is recorded by the programmamanager on the 20th
# and approved by the penningmeester on the 25th (four eyes: two demo users); its reference is
# RMT-<year>-<month>-<budget number>. Counterparties are organisations, never persons.
# budget number (BUDGET_2021, from 1), what, counterparties in turn, [(from (year, month), %)]
SPENDING = [
    (
        1,
        "loonkosten en ondersteuning RMT-team",
        ["UWV", "Gemeente Haarlem"],
        [((2021, 9), "6")],
    ),
    (
        2,
        "aanvullende crisisdienstverlening (trajecten regionale menukaart)",
        ["UWV", "Gemeente Haarlem", "Gemeente Velsen", "Leerwerkloket"],
        [((2021, 9), "2"), ((2022, 1), "5"), ((2022, 7), "8")],
    ),
    (
        3,
        "praktijkleren mbo (praktijkverklaringen en BBL-trajecten)",
        ["ROC NOVA", "Leerwerkloket"],
        [((2022, 1), "6"), ((2022, 7), "8")],
    ),
    (
        4,
        "dienstverlening werkfitbehoud (doelgroep banenafspraak)",
        ["Gemeente Haarlem", "UWV"],
        [((2021, 9), "5"), ((2022, 1), "6.75")],
    ),
]
MONTH_NAMES = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
SPENDING_MONTHS = [(2021, month) for month in range(9, 13)] + [(2022, m) for m in range(1, 13)]
# Still awaiting the penningmeester's approval (illustrative): budget number, reference, date,
# amount, what, counterparty. They do not count as spent.
AWAITING = [
    (
        2,
        "RMT-2022-11-05",
        date(2022, 11, 28),
        Decimal("8450.00"),
        "extra intaketrajecten november 2022",
        "UWV",
    ),
    (
        3,
        "RMT-2022-12-05",
        date(2022, 12, 19),
        Decimal("12600.00"),
        "praktijkleren mbo, extra groep december 2022",
        "ROC NOVA",
    ),
    (
        2,
        "RMT-2022-12-06",
        date(2022, 12, 30),
        Decimal("4975.50"),
        "loopbaanadvies werkzoekenden december 2022",
        "Gemeente Velsen",
    ),
]
# Rejected by the penningmeester, with the reason (illustrative).
REJECTED = (
    3,
    "RMT-2021-10-05",
    date(2021, 10, 14),
    Decimal("3250.00"),
    "scholing zomer 2021",
    "Leerwerkloket",
    "Factuur valt buiten de regeling: kosten van vóór 1 september 2021",
)


def monthly_amount(budget: Decimal, shares, year: int, month: int) -> Decimal | None:
    """The month's entry on a budget: its share from SPENDING, in whole cents (half up);
    None before its first month."""
    share = None
    for start, percentage in shares:
        if (year, month) >= start:
            share = Decimal(percentage)
    return None if share is None else round_half_up(budget * share / 100, 2)


def load_spending(tally: Tally, region, budget_lines: list) -> None:
    manager, approver = programme_manager(region), penningmeester(region)
    for number, what, counterparties, shares in SPENDING:
        budget_line = budget_lines[number - 1]
        for index, (year, month) in enumerate(SPENDING_MONTHS):
            amount = monthly_amount(budget_line.amount, shares, year, month)
            if amount is None:
                continue
            ensure_expenditure(
                tally,
                budget_line,
                reference=f"RMT-{year}-{month:02}-{number:02}",
                on=date(year, month, 20),
                amount=amount,
                description=f"Illustratief: {what}, {MONTH_NAMES[month - 1]} {year}",
                counterparty=counterparties[index % len(counterparties)],
                recorder=manager,
                approver=approver,
            )
    for number, reference, on, amount, what, counterparty in AWAITING:
        ensure_expenditure(
            tally,
            budget_lines[number - 1],
            reference=reference,
            on=on,
            amount=amount,
            description=f"Illustratief: {what}",
            counterparty=counterparty,
            recorder=manager,
        )
    number, reference, on, amount, what, counterparty, reason = REJECTED
    ensure_expenditure(
        tally,
        budget_lines[number - 1],
        reference=reference,
        on=on,
        amount=amount,
        description=f"Illustratief: {what}",
        counterparty=counterparty,
        recorder=manager,
        approver=approver,
        rejection=reason,
    )


def load_governance(tally: Tally, region, organisations) -> GoverningBody:
    rwb = ensure_body(
        tally,
        region,
        RWB,
        GoverningBody.Kind.WERKKAMER,
        "",
        "Bestuurlijk opdrachtgever van het RMT (Regionale doe-agenda arbeidsmarkt 2020-2022).",
    )
    stuurgroep = ensure_body(
        tally,
        region,
        STUURGROEP,
        GoverningBody.Kind.STUURGROEP,
        MeetingFrequency.MAANDELIJKS,
        "Onder voorzitterschap van het UWV. Vanaf 1 september 2021 eens per twee weken; sinds "
        "januari 2022 maandelijks (het plan: daarna minimaal eens per maand). Stelt het "
        "maandelijks overzicht uitgaven vast voor de "
        "onafhankelijke kassier (UWV) en rapporteert tweemaandelijks aan het ministerie van SZW.",
        parent=rwb,
    )
    ensure_seats(tally, stuurgroep, STUURGROEP_SEATS, organisations)
    uitvoeringsteam = ensure_body(
        tally,
        region,
        UITVOERINGSTEAM,
        GoverningBody.Kind.UITVOERINGSTEAM,
        MeetingFrequency.WEKELIJKS,
        "Medewerkers van gemeenten, UWV (WSP) en leren-en-werken; komt vanaf eind augustus "
        "wekelijks bijeen. De lijnverantwoordelijkheid blijft bij de uitzendende organisatie.",
        parent=stuurgroep,
    )
    ensure_seats(tally, uitvoeringsteam, UITVOERINGSTEAM_SEATS, organisations)
    return stuurgroep


def load(tally: Tally) -> None:
    region = Region.objects.get(slug=REGION)
    organisations = {
        **ensure_organisations(tally, None, NATIONAL_ORGANISATIONS),
        **ensure_organisations(tally, region, ORGANISATIONS),
    }
    stuurgroep = load_governance(tally, region, organisations)

    plan = ensure_plan(
        tally,
        region=region,
        programme=Programme.objects.get(code="rmt"),
        title=TITLE,
        version=VERSION,
        defaults={
            "start_date": START,
            "end_date": END,
            "summary": "Aanvullende crisisdienstverlening (Tijdelijke regeling aanvullende "
            "crisisdienstverlening COVID-19) vanaf 1 september 2021, naar "
            "verwachting tot en met 2022. Centrumgemeente Haarlem.",
            "source": "Concept Versie 7 dd 16-08-2021",
        },
    )
    budget_lines = [
        ensure_child(
            tally,
            plan,
            BudgetLine,
            plan=plan,
            line=None,
            project=None,
            year=2021,
            description=description,
            defaults={"amount": amount, "category": category},
        )
        for description, amount, category in BUDGET_2021
    ]
    for position, (title, description, partners) in enumerate(LINES, start=1):
        ensure_child(
            tally,
            plan,
            PlanLine,
            plan=plan,
            title=title,
            defaults={
                "position": position,
                "description": description,
                "partners": partners,
            },
        )
    for role_title, fte in STAFFING:
        ensure_child(
            tally,
            plan,
            StaffCost,
            plan=plan,
            proposal=None,
            role_title=role_title,
            defaults={"fte": fte},
        )
    for description, mitigation in RISKS:
        ensure_child(
            tally,
            plan,
            Risk,
            plan=plan,
            description=description,
            defaults={"mitigation": mitigation},
        )
    for group, what, who, due, due_date in ACTIVITIES:
        ensure_child(
            tally,
            plan,
            Activity,
            plan=plan,
            description=f"{group}: {what}",
            defaults={
                "owner_role": who,
                "due": due,
                "due_date": due_date,
            },
        )
    # Version 7 of the plan of approach is the one the RMT started with on 1 September 2021:
    # ter bespreking, adopted by the steering group that day (plan_decide), so it runs, takes
    # spending and is on the region's dashboard.
    plan_reach_status(plan, ActionPlan.Status.TER_BESPREKING)
    load_meetings(tally, stuurgroep, plan)
    plan.refresh_from_db()  # adopted by the decision
    for kind, audience, frequency in REPORT_SCHEDULES:
        ensure(
            tally,
            ReportSchedule,
            plan=plan,
            kind=kind,
            audience=audience,
            defaults={"frequency": frequency, "contact_role": "operationeel coördinator RMT"},
        )
    load_spending(tally, region, budget_lines)
    load_budget_decision(tally, region, stuurgroep, plan, budget_lines)


# The steering group's meetings (illustrative dates; the rhythm is the source's): every other
# Wednesday from 1 September 2021 to the end of 2021, then the first Wednesday of every month
# of 2022, until the plan ends.
BIWEEKLY_2021 = [date(2021, 9, 1) + timedelta(weeks=2 * n) for n in range(9)]
MONTHLY_2022 = [
    date(2022, month, 1) + timedelta(days=(2 - date(2022, month, 1).weekday()) % 7)
    for month in range(1, 13)
]
Purpose = AgendaItem.Purpose
Outcome = Decision.Outcome
COORDINATOR = "operationeel coördinator RMT"


def previous_month(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def load_meetings(tally: Tally, stuurgroep, plan) -> None:
    """Twenty-one meetings: the first adopts the plan of approach; each takes note of the
    progress, and the first of every month from October 2021 adopts the previous month's
    overview of spending for the independent kassier (UWV)."""
    seen_months = set()
    for day in BIWEEKLY_2021 + MONTHLY_2022:
        meeting = ensure_meeting(tally, stuurgroep, day, location="UWV Haarlem")
        if day == BIWEEKLY_2021[0]:
            item = ensure_agenda_item(
                tally,
                meeting,
                "Plan van aanpak RMT ZKL en IJmond, versie 7",
                position=1,
                purpose=Purpose.BESLUITVORMING,
                plan=plan,
            )
            ensure_decision(
                tally,
                item,
                "De stuurgroep stelt het plan van aanpak RMT (versie 7 van 16-08-2021) vast; "
                "het RMT start op 1 september 2021.",
                Outcome.AANGENOMEN,
                plan=plan,
            )
            continue
        item = ensure_agenda_item(
            tally,
            meeting,
            "Voortgang RMT: intakes, trajecten en werkgroepen",
            position=1,
            purpose=Purpose.KENNISNAME,
        )
        decision = ensure_decision(
            tally,
            item,
            "De stuurgroep neemt kennis van de voortgang van het RMT.",
            Outcome.KENNISGENOMEN,
        )
        if day == BIWEEKLY_2021[1]:
            ensure_action_item(
                tally,
                decision,
                "Regionale menukaart beschikbaar stellen",
                "kwartiermaker RMT",
                due=date(2021, 9, 30),
                done=date(2021, 9, 29),
            )
        if day == MONTHLY_2022[-1]:
            ensure_action_item(
                tally,
                decision,
                "Eindverantwoording RMT aan het ministerie van SZW voorbereiden",
                COORDINATOR,
                due=date(2023, 3, 31),
            )
        year, month = previous_month(day)
        if (year, month) >= (2021, 9) and (day.year, day.month) not in seen_months:
            seen_months.add((day.year, day.month))
            name = f"{MONTH_NAMES[month - 1]} {year}"
            item = ensure_agenda_item(
                tally,
                meeting,
                f"Maandoverzicht uitgaven {name} voor de kassier",
                position=2,
                purpose=Purpose.BESLUITVORMING,
            )
            ensure_decision(
                tally,
                item,
                f"De stuurgroep stelt het maandoverzicht uitgaven van {name} vast voor de "
                "onafhankelijke kassier (UWV).",
                Outcome.AANGENOMEN,
            )


# ILLUSTRATIVE, like the spending: the programmamanager asks on 28 November 2022 to cover the
# werkfitbehoud overspend from praktijkleren mbo; the steering group turns it down on
# 7 December 2022 (the overspend is accounted for in the final statement to SZW), and the
# penningmeester rejects it on 9 December 2022, with that decision as the reason. No amount
# moves: the four budgets and the overspend warning stay as they are.
BUDGET_CHANGE_REASON = (
    "Overschrijding werkfitbehoud (doelgroep banenafspraak) dekken uit het budget praktijk "
    "leren mbo"
)
BUDGET_CHANGE_AMOUNT = Decimal("3386.04")
BUDGET_CHANGE_REQUESTED, BUDGET_CHANGE_REJECTED = date(2022, 11, 28), date(2022, 12, 9)


def load_budget_decision(tally: Tally, region, stuurgroep, plan, budget_lines) -> None:
    """The budget change, decided in the steering group's meeting of 7 December 2022 before
    the penningmeester's four-eyes decision on it."""
    manager, approver = programme_manager(region), penningmeester(region)

    def request(change):
        change = budget_change_request(
            plan=plan,
            actor=manager,
            reason=change.reason,
            lines=[
                (budget_lines[2], -BUDGET_CHANGE_AMOUNT),
                (budget_lines[3], BUDGET_CHANGE_AMOUNT),
            ],
        )
        BudgetChange.objects.filter(pk=change.pk).update(recorded_at=_past(BUDGET_CHANGE_REQUESTED))
        return change

    change = ensure(tally, BudgetChange, save=request, plan=plan, reason=BUDGET_CHANGE_REASON)
    meeting = ensure_meeting(tally, stuurgroep, MONTHLY_2022[-1])
    item = ensure_agenda_item(
        tally,
        meeting,
        "Begrotingswijziging: overschrijding werkfitbehoud dekken uit praktijk leren mbo",
        position=3,
        purpose=Purpose.BESLUITVORMING,
        budget_change=change,
    )
    ensure_decision(
        tally,
        item,
        "De stuurgroep wijst de verschuiving van € 3.386,04 af: de budgetten 2021 worden niet "
        "onderling verschoven; de overschrijding op werkfitbehoud wordt verantwoord in de "
        "eindafrekening aan SZW.",
        Outcome.VERWORPEN,
        budget_change=change,
    )
    if change.is_awaiting:
        budget_change_reject(
            change=change,
            actor=approver,
            reason=f"Afgewezen door de {STUURGROEP} op 07-12-2022.",
        )
        BudgetChange.objects.filter(pk=change.pk).update(decided_at=_past(BUDGET_CHANGE_REJECTED))
