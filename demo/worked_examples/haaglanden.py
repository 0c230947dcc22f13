"""Worked example 2: the Banenafspraak market plan of Haaglanden, 2015–2016. At least 1.400
jobs = 710 in the market sector + 690 in the government sector; a board in 3-3-1 formation."""

from datetime import date
from decimal import Decimal

from budgets.models import Funding
from demo.rows import (
    Tally,
    ensure,
    ensure_action_item,
    ensure_agenda_item,
    ensure_body,
    ensure_child,
    ensure_decision,
    ensure_meeting,
    ensure_member,
    ensure_organisations,
    ensure_plan,
    ensure_plan_row,
    ensure_realisations,
    ensure_seat_rules,
    ensure_seats,
    plan_reach_status,
)
from programmes.choices import Sector, TargetGroup
from programmes.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyFigure,
    PlanLine,
    Programme,
    Target,
)
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

# Source: 002, "marktbewerkingsplan 2015, deel B regionaal werkbedrijf", arbeidsmarktregio
# Haaglanden.
SOURCE = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf, arbeidsmarktregio Haaglanden"
REGION = "haaglanden"
TITLE = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
START, END = date(2015, 1, 1), date(2016, 12, 31)
Kind = Organisation.Kind
Seat = Membership.SeatCategory

# National organisations (no region): key, name, kind
NATIONAL_ORGANISATIONS = [
    ("SZW", "Ministerie van SZW", Kind.RIJK),
    ("RIJK", "Rijksoverheid", Kind.RIJK),
    ("FNV", "FNV", Kind.VAKBOND),
    ("CNV", "CNV", Kind.VAKBOND),
    ("MKB", "MKB-Nederland", Kind.WERKGEVERSORGANISATIE),
    ("VNO", "VNO-NCW", Kind.WERKGEVERSORGANISATIE),
]
# Organisations in Haaglanden: key, name, kind
ORGANISATIONS = [
    ("DEN_HAAG", "Gemeente Den Haag", Kind.GEMEENTE),
    ("WESTLAND", "Gemeente Westland", Kind.GEMEENTE),
    ("DELFT", "Gemeente Delft", Kind.GEMEENTE),
    ("UWV", "UWV", Kind.UWV),
    ("WSP", "WerkgeversServicepunt Haaglanden", Kind.WSP),
    ("RPA", "RPA Haaglanden", Kind.OVERIG),
    ("LEDCONOMY", "Ledconomy", Kind.OVERIG),
    ("WILKOHAAG", "Wilkohaag Metaal B.V.", Kind.OVERIG),
    ("PATIJNENBURG", "Patijnenburg", Kind.SW_BEDRIJF),
    ("WERKSE", "Werkse!", Kind.SW_BEDRIJF),
    ("HAEGHEGROEP", "Haeghegroep", Kind.SW_BEDRIJF),
]

# Bijlage and §4.1: the board's seats (no chair is named) and its secretary.
PLATFORM = "Bestuurlijk platform Regionaal Werkbedrijf Haaglanden"
PLATFORM_SEATS = [
    ("werkgeversvertegenwoordiger namens het Rijk", "RIJK", Seat.WERKGEVERS, "lid"),
    ("ondernemer / directeur Ledconomy", "LEDCONOMY", Seat.WERKGEVERS, "lid"),
    ("ondernemer / directeur Wilkohaag Metaal B.V.", "WILKOHAAG", Seat.WERKGEVERS, "lid"),
    ("wethouder Den Haag", "DEN_HAAG", Seat.OVERHEID, "lid"),
    ("districtsmanager UWV", "UWV", Seat.OVERHEID, "lid"),
    ("bestuurder FNV", "FNV", Seat.WERKNEMERS, "lid"),
    ("directeur RPA Haaglanden", "RPA", Seat.OVERIG, "secretaris"),
]
# The 3-3-1 formation as the body's composition rule (SeatRule): the seven seats above.
PLATFORM_RULE = {Seat.WERKGEVERS: 3, Seat.OVERHEID: 3, Seat.WERKNEMERS: 1}
# Illustrative (the source names no changes): the Westland seat fell vacant when its alderman
# stepped down on 30 June 2015 and was filled again on 1 October 2015 by the alderman who took
# over the portfolio. Until then the board had two overheid seats filled; now it fits 3-3-1.
# role, organisation key, seat, function, from, to
PLATFORM_CHANGES = [
    (
        "wethouder Westland",
        "WESTLAND",
        Seat.OVERHEID,
        "lid",
        date(2015, 1, 1),
        date(2015, 6, 30),
    ),
    (
        "wethouder Werk en Economie Westland",
        "WESTLAND",
        Seat.OVERHEID,
        "lid",
        date(2015, 10, 1),
        None,
    ),
]
WORKING_GROUP = "Werkgroep Regionaal Werkbedrijf Haaglanden"
WORKING_GROUP_SEATS = [
    ("ambtelijk vertegenwoordiger Rijk", "RIJK", Seat.WERKGEVERS, "lid"),
    ("beleidsadviseur MKB", "MKB", Seat.WERKGEVERS, "lid"),
    ("beleidsadviseur VNO-NCW", "VNO", Seat.WERKGEVERS, "lid"),
    ("beleidsadviseur Den Haag", "DEN_HAAG", Seat.OVERHEID, "lid"),
    ("beleidsadviseur UWV", "UWV", Seat.OVERHEID, "lid"),
    ("bestuurder FNV", "FNV", Seat.WERKNEMERS, "lid"),
    ("bestuurder CNV", "CNV", Seat.WERKNEMERS, "lid"),
    ("ambtelijk secretaris RPA Haaglanden", "RPA", Seat.OVERIG, "secretaris"),
]

# "710 banen bij het bedrijfsleven en 690 banen bij de overheid": sector, value, description
TARGETS = [
    ("", 1400, "minimaal 1.400 banen in 2015 en 2016"),
    (Sector.MARKT, 710, "710 banen bij het bedrijfsleven"),
    (Sector.OVERHEID, 690, "690 banen bij de overheid"),
]

# Jobs per sector per quarter, made up for the demo. Banen is a stock: each count is the level
# of extra jobs above the nulmeting (1 January 2013) at the quarter's end, so it rises and
# only the latest quarter counts (summing the quarters would give 4.029 market jobs). Recorded
# on the two sector targets; the 1.400 plan target adds the sectors up.
#
#   sector (target)     2015 K1–K4            2016 K1–K4          2016-K4     %
#   markt (710)         372 405 441 478       517 560 604 652       652    91,8  op koers
#   overheid (690)      360 400 445 492       545 598 650 701       701   101,6  op koers
#   totaal (1.400)                                                 1.353   96,6  op koers
#
# Expected to date grows pro rata from the nulmeting, so the market sector dips just under 90 %
# of expected (risico) at the end of 2015 and in 2016-K1.
REALISATION_SOURCE = "UWV doelgroepregister"
QUARTERS = [f"{year}-K{quarter}" for year in (2015, 2016) for quarter in (1, 2, 3, 4)]
LEVELS = [
    (Sector.MARKT, [372, 405, 441, 478, 517, 560, 604, 652]),
    (Sector.OVERHEID, [360, 400, 445, 492, 545, 598, 650, 701]),
]

# §2 "Ambities", the plan's lines (no budget per line)
AMBITIONS = [
    "Samenwerking versterken",
    "Het proces van toeleiding en plaatsing zo efficiënt en transparant mogelijk inrichten",
    "Gezamenlijke communicatie",
    "Ambassadeursnetwerk versterken",
    "Bundeling regionale en sectorale acties Banenafspraken",
    "Samenhang Banenafspraken met social return",
    "Concrete resultaten boeken",
]

# Doelgroep table, labels verbatim: label, target group, value, footnote
KEY_FIGURES = [
    ("Werkzoekenden met een Wsw-indicatie op wachtlijst SW", TargetGroup.WSW, 476, ""),
    ("Wajongers met arbeidsvermogen, zonder werk", TargetGroup.WAJONG, 2941, ""),
    (
        "Mensen met een Wiw-baan of Id-baan",
        TargetGroup.WIW_ID,
        100,
        "betreft alleen gemeente Den Haag",
    ),
    (
        "Jaarlijkse instroom vanuit PrO en VSO",
        TargetGroup.PRO_VSO,
        418,
        "ca. 418; met arbeidsvermogen die voorheen naar de Wajong gingen",
    ),
]

# First ideas for the SZW impulse: description, owner
ACTIVITIES = [
    ("Regionale werkgeverscommunicatie", "Werkgroep Regionaal Werkbedrijf"),
    ("Periodiek werkgeverstevredenheidsonderzoek", "Werkgroep Regionaal Werkbedrijf"),
    ("Onderzoek onder geplaatsten Banenafspraak", "Werkgroep Regionaal Werkbedrijf"),
    ("Experimentele pilots", "Werkgroep Regionaal Werkbedrijf"),
    ("Project Wajong-buddies", "FNV"),
    ("Operationalisering gebruik doelgroepenregister", "UWV en WerkgeversServicepunt"),
]


def load(tally: Tally) -> None:
    region = Region.objects.get(slug=REGION)
    organisations = {
        **ensure_organisations(tally, None, NATIONAL_ORGANISATIONS),
        **ensure_organisations(tally, region, ORGANISATIONS),
    }
    platform = ensure_body(
        tally,
        region,
        PLATFORM,
        GoverningBody.Kind.BESTUURLIJK_PLATFORM,
        MeetingFrequency.HALFJAARLIJKS,
        "3-3-1 formatie: drie werkgevers (één namens het Rijk), drie overheid, één werknemers "
        "(FNV). RPA Haaglanden verzorgt het secretariaat.",
    )
    ensure_seats(tally, platform, PLATFORM_SEATS, organisations, start=START)
    for role_title, key, seat, function, start, end in PLATFORM_CHANGES:
        ensure_member(
            tally, platform, role_title, organisations[key], seat, function, start=start, end=end
        )
    ensure_seat_rules(tally, platform, PLATFORM_RULE)
    working_group = ensure_body(
        tally,
        region,
        WORKING_GROUP,
        GoverningBody.Kind.WERKGROEP,
        MeetingFrequency.MAANDELIJKS,
        "Ambtelijke vertegenwoordigers van de zeven bestuurders; het CNV participeert. In het "
        "maandelijks overleg komt aan de orde of de regio op koers ligt.",
        parent=platform,
    )
    ensure_seats(tally, working_group, WORKING_GROUP_SEATS, organisations, start=START)

    plan = ensure_plan(
        tally,
        region=region,
        programme=Programme.objects.get(code="banenafspraak"),
        title=TITLE,
        defaults={
            "start_date": START,
            "end_date": END,
            "summary": "In 2015 en 2016 minimaal 710 banen bij het bedrijfsleven en 690 banen "
            "bij de overheid.",
            "source": SOURCE,
        },
    )
    banen = Indicator.objects.get(code="banen")
    targets = {}
    for sector, value, description in TARGETS:
        targets[sector] = ensure_child(
            tally,
            plan,
            Target,
            plan=plan,
            line=None,
            project=None,
            indicator=banen,
            sector=sector,
            defaults={
                "value": value,
                "start_date": START,
                "end_date": END,
                "description": description,
            },
        )
    for position, title in enumerate(AMBITIONS, start=1):
        ensure_child(tally, plan, PlanLine, plan=plan, title=title, defaults={"position": position})
    ensure_child(
        tally,
        plan,
        Funding,
        plan=plan,
        line=None,
        project=None,
        kind=Funding.Kind.SUBSIDIE,
        description="Impuls Regionale Werkbedrijven",
        defaults={
            "organisation": organisations["SZW"],
            "amount": Decimal("1000000.00"),
        },
    )
    for label, target_group, value, footnote in KEY_FIGURES:
        ensure_plan_row(
            tally,
            plan,
            KeyFigure,
            region=region,
            plan=plan,
            label=label,
            defaults={
                "target_group": target_group,
                "value": Decimal(value),
                "source": f"{SOURCE}; {footnote}" if footnote else SOURCE,
            },
        )
    for description, owner_role in ACTIVITIES:
        ensure_child(
            tally,
            plan,
            Activity,
            plan=plan,
            description=description,
            defaults={"owner_role": owner_role, "due": "2015–2016"},
        )
    # Ter bespreking: the board adopts it in its meeting of 26 March 2015 (plan_decide).
    plan_reach_status(plan, ActionPlan.Status.TER_BESPREKING)
    load_meetings(tally, platform, working_group, plan)
    plan.refresh_from_db()  # adopted by the decision
    periods = {period.code: period for period in plan.periods.all()}
    for sector, levels in LEVELS:
        ensure_realisations(
            tally,
            targets[sector],
            periods,
            dict(zip(QUARTERS, levels, strict=True)),
            source=REALISATION_SOURCE,
            sector=sector,
        )
    ensure(
        tally,
        ReportSchedule,
        plan=plan,
        kind=ReportKind.VOORTGANG,
        audience=ReportSchedule.Audience.WERKGROEP,
        defaults={
            "frequency": ReportSchedule.Frequency.MAANDELIJKS,
            "contact_role": "ambtelijk secretaris RPA Haaglanden",
        },
    )


# A year of meetings, 2015 (illustrative: the source gives the rhythm, not the dates). The
# board meets twice a year, the working group monthly (the second Tuesday).
PLATFORM_MEETINGS = [date(2015, 3, 26), date(2015, 11, 19)]
SECRETARY = "ambtelijk secretaris RPA Haaglanden"
Purpose = AgendaItem.Purpose
Outcome = Decision.Outcome


def working_group_dates(year: int) -> list[date]:
    """The second Tuesday of every month of `year`."""
    days = []
    for month in range(1, 13):
        first = date(year, month, 1)
        days.append(first.replace(day=1 + (1 - first.weekday()) % 7 + 7))
    return days


def load_meetings(tally: Tally, platform, working_group, plan) -> None:
    """The board's two meetings of 2015 (it adopts the plan in the first) and the working
    group's twelve, each with an agenda and a decision list; action items from the board's
    decisions, two of them still open."""
    spring, autumn = (
        ensure_meeting(tally, platform, day, location="Den Haag", start_time=None)
        for day in PLATFORM_MEETINGS
    )
    ensure_agenda_item(tally, spring, "Opening en vaststelling van de agenda", position=1)
    item = ensure_agenda_item(
        tally,
        spring,
        "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf",
        position=2,
        purpose=Purpose.BESLUITVORMING,
        plan=plan,
        description="Minimaal 1.400 banen in 2015 en 2016: 710 bij het bedrijfsleven en 690 "
        "bij de overheid.",
    )
    ensure_decision(
        tally,
        item,
        "Het bestuurlijk platform stelt het marktbewerkingsplan 2015, deel B Regionaal "
        "Werkbedrijf Haaglanden vast.",
        Outcome.AANGENOMEN,
        plan=plan,
    )
    item = ensure_agenda_item(
        tally,
        spring,
        "Impuls Regionale Werkbedrijven: eerste ideeën voor de besteding",
        position=3,
        purpose=Purpose.BESLUITVORMING,
    )
    decision = ensure_decision(
        tally,
        item,
        "Het platform stemt in met de eerste ideeën voor de impuls van SZW en vraagt de "
        "werkgroep de regionale werkgeverscommunicatie en het tevredenheidsonderzoek uit te "
        "werken.",
        Outcome.AANGENOMEN,
    )
    ensure_action_item(
        tally,
        decision,
        "Plan regionale werkgeverscommunicatie uitwerken",
        "Werkgroep Regionaal Werkbedrijf",
        due=date(2015, 6, 30),
        done=date(2015, 6, 9),
    )
    ensure_action_item(
        tally,
        decision,
        "Opzet periodiek werkgeverstevredenheidsonderzoek voorleggen",
        "Werkgroep Regionaal Werkbedrijf",
        due=date(2015, 9, 30),
        done=date(2015, 10, 13),
    )
    ensure_agenda_item(
        tally, spring, "Rondvraag en sluiting", position=4, purpose=Purpose.KENNISNAME
    )

    ensure_agenda_item(tally, autumn, "Opening en vaststelling van de agenda", position=1)
    item = ensure_agenda_item(
        tally,
        autumn,
        "Voortgang Banenafspraak: stand na het derde kwartaal van 2015",
        position=2,
        purpose=Purpose.KENNISNAME,
        description="Markt 441 en overheid 445 extra banen boven de nulmeting (UWV "
        "doelgroepregister).",
    )
    ensure_decision(
        tally,
        item,
        "Het platform neemt kennis van de voortgang; de marktsector blijft aandacht vragen.",
        Outcome.KENNISGENOMEN,
    )
    item = ensure_agenda_item(
        tally,
        autumn,
        "Samenhang Banenafspraken met social return",
        position=3,
        purpose=Purpose.BESLUITVORMING,
    )
    decision = ensure_decision(
        tally,
        item,
        "Het platform vraagt het secretariaat een gezamenlijke aanpak van social return en "
        "Banenafspraak uit te werken, en de werkgroep het onderzoek onder geplaatsten uit te "
        "zetten.",
        Outcome.AANGENOMEN,
    )
    ensure_action_item(
        tally,
        decision,
        "Voorstel gezamenlijke aanpak social return en Banenafspraak",
        SECRETARY,
        due=date(2016, 3, 31),
    )
    ensure_action_item(
        tally,
        decision,
        "Onderzoek onder geplaatsten Banenafspraak uitzetten",
        "Werkgroep Regionaal Werkbedrijf",
        due=date(2016, 6, 30),
    )
    ensure_agenda_item(tally, autumn, "Vergaderschema 2016", position=4, purpose=Purpose.KENNISNAME)

    for day in working_group_dates(2015):
        meeting = ensure_meeting(tally, working_group, day, location="RPA Haaglanden")
        item = ensure_agenda_item(
            tally,
            meeting,
            "Stand Banenafspraak: ligt de regio op koers?",
            position=1,
            purpose=Purpose.BESPREKING,
            plan=plan,
        )
        ensure_decision(
            tally,
            item,
            "De werkgroep neemt kennis van de stand uit het doelgroepregister.",
            Outcome.KENNISGENOMEN,
        )
        ensure_agenda_item(
            tally,
            meeting,
            "Acties uit het marktbewerkingsplan",
            position=2,
            purpose=Purpose.BESPREKING,
        )
        if any(0 < (board - day).days <= 31 for board in PLATFORM_MEETINGS):
            ensure_agenda_item(
                tally,
                meeting,
                "Voorbereiding bestuurlijk platform",
                position=3,
                purpose=Purpose.BESPREKING,
            )
