"""Worked example 1: the Perspectief op Werk action plan of Midden-Gelderland, 2019–2020.
415 extra matches = 200 (BOA) + 165 (De Ontmoeting) + 50 (Verbreden APK); € 2.000.000 budget."""

from collections import Counter
from datetime import date
from decimal import Decimal

from budgets.models import BudgetLine, Funding
from demo.rows import (
    Tally,
    close_periods,
    ensure,
    ensure_child,
    ensure_correction,
    ensure_expenditure,
    ensure_organisations,
    ensure_plan,
    ensure_plan_row,
    ensure_realisations,
    penningmeester,
    plan_reach_status,
    programme_manager,
)
from programmes.models import (
    ActionPlan,
    Activity,
    Indicator,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    Target,
)
from regions.models import GoverningBody, Membership, Organisation, Region

# Source: 001, "Regionaal Actieplan Perspectief op Werk, Arbeidsmarktregio Midden Gelderland".
SOURCE = "Regionaal Actieplan Perspectief op Werk, arbeidsmarktregio Midden Gelderland"
REGION = "midden-gelderland"
TITLE = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
START, END = date(2019, 1, 1), date(2020, 12, 31)
Kind = Organisation.Kind

# key, name, kind
ORGANISATIONS = [
    ("RWB", "Regionaal Werkbedrijf Midden-Gelderland", Kind.OVERIG),
    ("UWV", "UWV", Kind.UWV),
    ("WSP", "WSP Midden-Gelderland", Kind.WSP),
    ("VNO", "VNO-NCW MKB-Midden", Kind.WERKGEVERSORGANISATIE),
    ("LWL", "Leerwerkloket (LWL)", Kind.ONDERWIJS),
    ("RSD", "RSD de Liemers", Kind.GEMEENTE),
    ("MT", "MT-ketensamenwerking", Kind.OVERIG),
    ("ROC", "Rijn IJssel", Kind.ONDERWIJS),
    ("SCALABOR", "Scalabor", Kind.SW_BEDRIJF),
]

# title, accountable, partners, description
LINES = [
    (
        "Projectmanagement",
        "RWB",
        "",
        "Programmamanagement om de uitvoering te coördineren, te monitoren en waar nodig bij te "
        "sturen.",
    ),
    (
        "Branchegericht ontwikkelarrangement",
        "UWV",
        "",
        "Vier branchegerichte ontwikkelarrangementen (BOA's): transport en logistiek, schoonmaak, "
        "horeca en energietransitie.",
    ),
    (
        "Vraag en aanbod in beeld",
        "UWV",
        "Gemeenten; VNO-NCW MKB-Midden",
        "Aanbod en vraag (competentiegericht) in beeld.",
    ),
    (
        "De Ontmoeting",
        "WSP",
        "LWL; RSD de Liemers",
        "Meer en betere ontmoetingen tussen werkzoekenden en werkgevers.",
    ),
    (
        "Verbeteren ketensamenwerking",
        "RWB",
        "MT-ketensamenwerking",
        "Optimaliseren van de ketensamenwerking.",
    ),
]

# line, title, accountable (None: not named), description
PROJECTS = [
    (
        "Branchegericht ontwikkelarrangement",
        "Impuls aan praktijkleren",
        "UWV",
        "Arbeidsontwikkeltraject met BBL Entree-opleiding voor 100 BOA-deelnemers, samen met Rijn "
        "IJssel (ROC) en Scalabor.",
    ),
    (
        "Branchegericht ontwikkelarrangement",
        "Ontwikkeltrajecten",
        None,
        "Opleiding, ontwikkelprogramma of leerwerktraject waar het reguliere aanbod van "
        "gemeenten en UWV tekortschiet.",
    ),
    (
        "Vraag en aanbod in beeld",
        "Aanbod in beeld",
        "UWV",
        "800 werkzoekenden (Participatiewet, UWV, nuggers, spookjongeren) competentiegericht in "
        "beeld brengen.",
    ),
    (
        "Vraag en aanbod in beeld",
        "Vraag in beeld",
        "VNO",
        "Vraaginventarisatie bij werkgevers in kansrijke sectoren; 200 vacatures met baangarantie "
        "ophalen.",
    ),
    (
        "De Ontmoeting",
        "Organiseren evenementen",
        "WSP",
        "Extra ontmoetingen zoals kwalitatieve branchemarkten (zij-instroommarkt 'Zorg & "
        "Welzijn').",
    ),
    (
        "De Ontmoeting",
        "De oriëntatiecarrousel",
        "LWL",
        "Werkfitte werkzoekenden maken kennis met werk in verschillende branches ('proeven').",
    ),
    (
        "De Ontmoeting",
        "Digitale ontsluiting vraag en aanbod",
        "RSD",
        "Regionale uitrol en onderzoek naar uitbreiding van de app van RSD de Liemers.",
    ),
    (
        "Verbeteren ketensamenwerking",
        "Verbreden APK",
        "RWB",
        "De APK (Arbeidsmarkt Periodieke Ketenanalyse) verbreden met werknemers-, "
        "werkgeversorganisaties en onderwijs.",
    ),
    (
        "Verbeteren ketensamenwerking",
        "Versnellingsbudget",
        "MT",
        "Budget om verbetervoorstellen uit de APK's snel te realiseren.",
    ),
]

# Table "Overzicht in te zetten instrumenten en middelen": line, project, 2019, 2020, category.
BUDGET = [
    ("Projectmanagement", None, 75_000, 75_000, BudgetLine.Category.PERSONEEL),
    (
        "Branchegericht ontwikkelarrangement",
        "Impuls aan praktijkleren",
        52_000,
        52_000,
        BudgetLine.Category.SCHOLING,
    ),
    (
        "Branchegericht ontwikkelarrangement",
        "Ontwikkeltrajecten",
        463_000,
        463_000,
        BudgetLine.Category.SCHOLING,
    ),
    (
        "Vraag en aanbod in beeld",
        "Aanbod in beeld",
        60_000,
        60_000,
        BudgetLine.Category.DIENSTVERLENING,
    ),
    (
        "Vraag en aanbod in beeld",
        "Vraag in beeld",
        50_000,
        50_000,
        BudgetLine.Category.DIENSTVERLENING,
    ),
    ("De Ontmoeting", "Organiseren evenementen", 10_000, 10_000, BudgetLine.Category.PROJECTKOSTEN),
    (
        "De Ontmoeting",
        "De oriëntatiecarrousel",
        115_000,
        115_000,
        BudgetLine.Category.PROJECTKOSTEN,
    ),
    (
        "De Ontmoeting",
        "Digitale ontsluiting vraag en aanbod",
        50_000,
        50_000,
        BudgetLine.Category.PROJECTKOSTEN,
    ),
    (
        "Verbeteren ketensamenwerking",
        "Verbreden APK",
        25_000,
        25_000,
        BudgetLine.Category.PROJECTKOSTEN,
    ),
    (
        "Verbeteren ketensamenwerking",
        "Versnellingsbudget",
        100_000,
        100_000,
        BudgetLine.Category.PROJECTKOSTEN,
    ),
]

# line (None: the plan), project (None: the line), indicator, value, description
# Illustrative spending per budget line (not in the source): the share of the year's budget
# spent in 2019 and in 2020: € 863.240 and € 927.360 of € 1.000.000 a year.
SPENT_SHARE_DEFAULT = ("0.90", "0.95")
SPENT_SHARE = {
    "Projectmanagement": ("1", "1"),
    "Ontwikkeltrajecten": ("0.88", "0.92"),
    "Digitale ontsluiting vraag en aanbod": ("0.6", "0.8"),
    "Versnellingsbudget": ("0.7", "0.9"),
}

TARGETS = [
    (None, None, "matches", 415, "415 extra matches: 200 via de BOA's en 215 via de andere lijnen"),
    ("Branchegericht ontwikkelarrangement", None, "matches", 200, "200 matches via de BOA's"),
    (
        "Branchegericht ontwikkelarrangement",
        "Impuls aan praktijkleren",
        "trajecten",
        50,
        "BBL trajecten",
    ),
    (
        "Branchegericht ontwikkelarrangement",
        "Impuls aan praktijkleren",
        "praktijkverklaringen",
        50,
        "personen praktijkverklaring",
    ),
    (
        "Vraag en aanbod in beeld",
        "Aanbod in beeld",
        "personen-in-beeld",
        800,
        "personen competentiegericht in beeld",
    ),
    (
        "Vraag en aanbod in beeld",
        "Vraag in beeld",
        "vacatures",
        200,
        "vacatures met baangarantie (competentiegericht)",
    ),
    ("De Ontmoeting", None, "matches", 165, "matches De ontmoeting"),
    ("De Ontmoeting", "Organiseren evenementen", "matches", 50, "tot 50 matches"),
    ("De Ontmoeting", "Digitale ontsluiting vraag en aanbod", "matches", 25, "25 matches"),
    ("De Ontmoeting", "De oriëntatiecarrousel", "matches", 90, "in totaal 90 matches"),
    (
        "De Ontmoeting",
        "De oriëntatiecarrousel",
        "deelnemers",
        300,
        "deelnemers oriëntatiecarrousel",
    ),
    ("Verbeteren ketensamenwerking", "Verbreden APK", "matches", 50, "50 extra matches"),
]

# "per jaar 45 personen (vrijwel) direct een baan": target (line, project, indicator), label,
# start, end, value
CARROUSEL_MATCHES = ("De Ontmoeting", "De oriëntatiecarrousel", "matches")
PROGNOSES = [
    (CARROUSEL_MATCHES, "2019", date(2019, 1, 1), date(2019, 12, 31), 45),
    (CARROUSEL_MATCHES, "2020", date(2020, 1, 1), date(2020, 12, 31), 45),
]

# Realised matches per quarter, made up for the demo (the plan has no realisations). They are
# recorded on the leaf targets only: the BOA line (it has no project targets for matches) and
# the four projects; the De Ontmoeting line (165) and the plan (415) add them up.
# Slow start in 2019, a dip in 2020-K2 (corona), some projects behind:
#
#   target (value)          2019 K1–K4      2020 K1–K4      2019  2020  total   %
#   BOA line (200)          5 12 20 28      30 14 36 41       65   121    186  93,0  op koers
#   evenementen (50)        0  3  6  8       7  0  8  9       17    24     41  82,0  risico
#   app (25)                0  1  2  2       2  2  2  3        5     9     14  56,0  achter
#   carrousel (90)          4  7 11 14      12  6 13 16       36    47     83  92,2  op koers
#     prognose 45 per year                                    45    45
#   verbreden APK (50)      2  4  6  8       8  5  9 10       20    32     52 104,0  op koers
#   De Ontmoeting (165)                                       58    80    138  83,6  risico
#   plan (415)             11 27 45 60      59 27 68 79      143   233    376  90,6  op koers
#
# The 2019 quarters are closed; in 2019-K4 UWV corrected the BOA count from 30 to 28 later.
REALISATION_SOURCE = "Monitor RWB Midden-Gelderland"
QUARTERS = [f"{year}-K{quarter}" for year in (2019, 2020) for quarter in (1, 2, 3, 4)]
REALISATIONS = [
    (("Branchegericht ontwikkelarrangement", None, "matches"), [5, 12, 20, 28, 30, 14, 36, 41]),
    (("De Ontmoeting", "Organiseren evenementen", "matches"), [0, 3, 6, 8, 7, 0, 8, 9]),
    (
        ("De Ontmoeting", "Digitale ontsluiting vraag en aanbod", "matches"),
        [0, 1, 2, 2, 2, 2, 2, 3],
    ),
    (("De Ontmoeting", "De oriëntatiecarrousel", "matches"), [4, 7, 11, 14, 12, 6, 13, 16]),
    (("Verbeteren ketensamenwerking", "Verbreden APK", "matches"), [2, 4, 6, 8, 8, 5, 9, 10]),
]
CLOSED_UNTIL = date(2019, 12, 31)
# target, period, count first delivered, reason; the table above holds the corrected count.
CORRECTION = (
    ("Branchegericht ontwikkelarrangement", None, "matches"),
    "2019-K4",
    30,
    "Late correctie UWV: twee matches in de BOA transport en logistiek waren dubbel geteld.",
)
CORRECTED_ON = date(2020, 3, 16)

# The budget table's column "Aanvullende financiering", row by row: line, project, kind,
# amount (None: niet gekwantificeerd, the table names the source without an amount),
# description as the table writes it. Only Matches op werk has an amount.
FUNDINGS = [
    (
        "Branchegericht ontwikkelarrangement",
        "Impuls aan praktijkleren",
        Funding.Kind.REGULIERE_MIDDELEN,
        None,
        "reguliere middelen gemeenten, UWV en WSP",
    ),
    (
        "Branchegericht ontwikkelarrangement",
        "Ontwikkeltrajecten",
        Funding.Kind.OO_FONDS,
        None,
        "O&O-fondsen Werkgevers",
    ),
    (
        "Vraag en aanbod in beeld",
        "Aanbod in beeld",
        Funding.Kind.REGULIERE_MIDDELEN,
        None,
        "reguliere middelen gemeenten, UWV en WSP",
    ),
    (
        "Vraag en aanbod in beeld",
        "Vraag in beeld",
        Funding.Kind.COFINANCIERING,
        Decimal("27500.00"),
        "Matches op werk",
    ),
    (
        "De Ontmoeting",
        "Organiseren evenementen",
        Funding.Kind.SUBSIDIE,
        None,
        "Subsidie Gat in de Markt",
    ),
    (
        "De Ontmoeting",
        "De oriëntatiecarrousel",
        Funding.Kind.REGULIERE_MIDDELEN,
        None,
        "Reguliere middelen WSP, UWV en gemeenten",
    ),
    (
        "De Ontmoeting",
        "De oriëntatiecarrousel",
        Funding.Kind.COFINANCIERING,
        None,
        "Campagne Staan voor een baan, gaan voor een baan",
    ),
]

# The RWB's parties as the plan lists them: role, organisation, seat
MEMBERSHIPS = [
    ("bestuurlijk vertegenwoordiger gemeenten", None, Membership.SeatCategory.OVERHEID),
    ("vertegenwoordiger UWV", "UWV", Membership.SeatCategory.OVERHEID),
    ("vertegenwoordiger onderwijs", None, Membership.SeatCategory.ONDERWIJS),
    ("werknemersvertegenwoordiger", None, Membership.SeatCategory.WERKNEMERS),
    ("werkgeversvertegenwoordiger", "VNO", Membership.SeatCategory.WERKGEVERS),
]

# The plan has no dated planning: description, owner, project (None: the plan)
ACTIVITIES = [
    (
        "Vraaginventarisatie bij werkgevers, te beginnen in kansrijke sectoren",
        "werkgeversvertegenwoordiging en WSP (branche-accounthouders)",
        "Vraag in beeld",
    ),
    ("800 personen competentiegericht in beeld brengen", "gemeenten en UWV", "Aanbod in beeld"),
    (
        "Klantmanagers instrueren en trainen in competentiegericht matchen",
        "publieke partijen",
        "Aanbod in beeld",
    ),
    (
        "Oriëntatiecarrousel organiseren",
        "Leerwerkloket met branchenetwerken, onderwijs en werkgevers",
        "De oriëntatiecarrousel",
    ),
    (
        "App regionaal uitrollen en uitbreiding onderzoeken",
        "RSD de Liemers",
        "Digitale ontsluiting vraag en aanbod",
    ),
    (
        "APK verbreden met werknemers-, werkgeversorganisaties en onderwijs",
        "Regionaal Werkbedrijf",
        "Verbreden APK",
    ),
]
ACTIVITY_DUE = "2019–2020"


def _governance(tally: Tally, region, organisations) -> None:
    body = ensure(
        tally,
        GoverningBody,
        region=region,
        name="Regionaal Werkbedrijf Midden-Gelderland",
        defaults={
            "kind": GoverningBody.Kind.WERKKAMER,
            "description": "Gemeenten, UWV, onderwijs, werknemers- en "
            "werkgeversvertegenwoordiging.",
        },
    )
    for role_title, organisation, seat in MEMBERSHIPS:
        ensure(
            tally,
            Membership,
            body=body,
            role_title=role_title,
            defaults={
                "organisation": organisations.get(organisation),
                "seat_category": seat,
            },
        )


def _structure(tally: Tally, plan, organisations) -> tuple[dict, dict]:
    """The plan's lines and projects, each by title."""
    lines = {
        title: ensure_child(
            tally,
            plan,
            PlanLine,
            plan=plan,
            title=title,
            defaults={
                "position": position,
                "accountable_organisation": organisations[accountable],
                "partners": partners,
                "description": description,
            },
        )
        for position, (title, accountable, partners, description) in enumerate(LINES, start=1)
    }
    projects, positions = {}, Counter()
    for line_title, title, accountable, description in PROJECTS:
        positions[line_title] += 1
        contact = organisations[accountable].name if accountable else None
        projects[title] = ensure_child(
            tally,
            plan,
            Project,
            line=lines[line_title],
            title=title,
            defaults={
                "position": positions[line_title],
                "accountable_organisation": organisations.get(accountable),
                "contact_role": f"ambtelijk contactpersoon {contact}" if contact else "",
                "description": description,
            },
        )
    return lines, projects


def _money(tally: Tally, plan, lines, projects, manager, approver) -> None:
    for line_title, project_title, *amounts, category in BUDGET:
        for year, amount in zip((2019, 2020), amounts, strict=True):
            budget_line = ensure_child(
                tally,
                plan,
                BudgetLine,
                plan=plan,
                line=lines[line_title],
                project=projects.get(project_title),
                year=year,
                defaults={"amount": Decimal(amount), "category": category},
            )
            _spending(tally, budget_line, project_title or line_title, manager, approver)
    for line_title, project_title, kind, amount, description in FUNDINGS:
        ensure_child(
            tally,
            plan,
            Funding,
            plan=plan,
            line=lines[line_title],
            project=projects[project_title],
            kind=kind,
            description=description,
            defaults={"amount": amount},
        )


def _spending(tally: Tally, budget_line, title: str, manager, approver) -> None:
    """Illustrative spending (not in the source document): each budget line is spent in two
    half-year bookings, at the share of SPENT_SHARE for its year, recorded by the
    programmamanager and approved by the penningmeester (four eyes)."""
    share = SPENT_SHARE.get(title, SPENT_SHARE_DEFAULT)[budget_line.year - 2019]
    half = (budget_line.amount * Decimal(share) / 2).quantize(Decimal("1"))
    part = budget_line.project or budget_line.line
    organisation = part.accountable_organisation if part is not None else None
    for number, booked_on in enumerate(
        (date(budget_line.year, 6, 30), date(budget_line.year, 12, 31)), start=1
    ):
        ensure_expenditure(
            tally,
            budget_line,
            reference=f"POW-MG-{budget_line.year}-H{number}",
            on=booked_on,
            amount=half,
            description=f"Illustratief: uitgaven {title}, {number}e halfjaar {budget_line.year}",
            counterparty=organisation.name if organisation is not None else "",
            recorder=manager,
            approver=approver,
            # Found by date, as before they had a reference: a database loaded then keeps its
            # bookings instead of getting them twice.
            found_by="date",
        )


def _targets(tally: Tally, plan, lines, projects) -> dict:
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    targets = {}
    for line_title, project_title, code, value, description in TARGETS:
        targets[(line_title, project_title, code)] = ensure_child(
            tally,
            plan,
            Target,
            plan=plan,
            line=lines.get(line_title),
            project=projects.get(project_title),
            indicator=indicators[code],
            sector="",
            defaults={
                "value": value,
                "start_date": START,
                "end_date": END,
                "description": description,
            },
        )
    for target_key, label, start, end, value in PROGNOSES:
        ensure_plan_row(
            tally,
            plan,
            Prognosis,
            target=targets[target_key],
            start_date=start,
            defaults={"label": label, "end_date": end, "value": value},
        )
    return targets


def _realisations(tally: Tally, plan, targets, manager) -> None:
    """The matches per quarter; the 2019 quarters closed, with one later correction."""
    periods = {period.code: period for period in plan.periods.all()}
    corrected_key, corrected_code, delivered, reason = CORRECTION
    recorded = {}
    for key, counts in REALISATIONS:
        per_quarter = dict(zip(QUARTERS, counts, strict=True))
        if key == corrected_key:
            per_quarter[corrected_code] = delivered
        recorded[key] = ensure_realisations(
            tally, targets[key], periods, per_quarter, source=REALISATION_SOURCE
        )
    close_periods(plan, until=CLOSED_UNTIL, actor=manager)
    final = dict(zip(QUARTERS, dict(REALISATIONS)[corrected_key], strict=True))
    ensure_correction(
        tally,
        recorded[corrected_key][corrected_code],
        count=final[corrected_code],
        reason=reason,
        actor=manager,
        on=CORRECTED_ON,
    )


def load(tally: Tally) -> None:
    region = Region.objects.get(slug=REGION)
    organisations = ensure_organisations(tally, region, ORGANISATIONS)
    _governance(tally, region, organisations)
    plan = ensure_plan(
        tally,
        region=region,
        programme=Programme.objects.get(code="pow"),
        title=TITLE,
        defaults={
            "start_date": START,
            "end_date": END,
            "summary": "Strategische Agenda Inclusieve Arbeidsmarkt 2019–2024: 415 extra matches.",
            "source": SOURCE,
        },
    )
    lines, projects = _structure(tally, plan, organisations)
    manager = programme_manager(region)
    _money(tally, plan, lines, projects, manager, penningmeester(region))
    targets = _targets(tally, plan, lines, projects)
    for description, owner_role, project_title in ACTIVITIES:
        ensure_child(
            tally,
            plan,
            Activity,
            plan=plan,
            description=description,
            defaults={
                "owner_role": owner_role,
                "project": projects[project_title],
                "due": ACTIVITY_DUE,
            },
        )
    plan_reach_status(plan, ActionPlan.Status.VASTGESTELD)
    _realisations(tally, plan, targets, manager)
