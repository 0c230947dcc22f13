"""Worked example 3: the Werkkamer proposal of Gooi en Vechtstreek for a project leader.
36 hours × 35 weeks × € 50 = € 63.000 (computed by the database) against a stated € 65.000:
a visible discrepancy. Neither total is stored anywhere but the proposal's stated total."""

from datetime import date
from decimal import Decimal

from budgets.models import BudgetLine, StaffCost
from demo.rows import (
    Tally,
    close_periods,
    ensure,
    ensure_action_item,
    ensure_agenda_item,
    ensure_child,
    ensure_decision,
    ensure_meeting,
    ensure_organisations,
    ensure_plan,
    ensure_plan_row,
    ensure_realisations,
    ensure_seats,
    plan_reach_status,
    programme_manager,
)
from programmes.choices import Sector
from programmes.models import ActionPlan, Indicator, KeyFigure, Programme, Target
from regions.models import (
    AgendaItem,
    Decision,
    GoverningBody,
    Membership,
    Organisation,
    Proposal,
    Region,
)
from regions.services import proposal_save

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
# "Contactpersoon": a person in the source; the demo keeps the role only.
CONTACT_ROLE = "beleidsmedewerker eenheid Sturing, Regio Gooi en Vechtstreek"
UNIT = "Sturing"
PROPOSAL_DATE = date(2017, 2, 8)
# The proposal's sections, verbatim from the source (its own spelling and figures: the
# kernboodschap asks € 35.000 and the toelichting names € 55 an hour; the table says € 50 and
# € 65.000; the demo keeps them as written).
CORE_MESSAGE = (
    "Op 22 december 2016 hebben de leden van de Werkkamer gesproken over welke concrete acties "
    "zij kunnen ondernemen om de banenafspraken in de regio G&V aan te jagen. De leden van de "
    "Werkkamer hebben aangegeven te willen inzetten op een uitvoerend projectmedewerker die in "
    "opdracht van de Werkkamer concrete acties onderneemt om de banenafspraken in de regio aan "
    "te jagen. Dit op basis van een actieplan banenafspraken. De Werkkamer is – als "
    "verantwoordelijk gremium voor het aanjagen van de banenafspraken- van mening dat met het "
    "aanstellen van een daadwerkelijke projectuitvoerder het verschil kan worden gemaakt bij "
    "het realiseren van de banenafspraken. De inzet van de projectleider is tijdelijk. Voor "
    "2017 wordt verzocht hier een bedrag van € 35.000 voor beschikbaar te stellen. In 2017 "
    "wordt de functie geëvalueerd en wordt bezien of deze functie wordt gecontinueerd en zo ja "
    "op welke manier"
)
REASON = (
    "Op 22 december 2016 heeft de Werkkamer gesproken over de stand van zaken van de "
    "banenafspraken.\n\n"
    "In 2016 is 46% van de doelstelling van de banenafspraken in 2016 gerealiseerd. De "
    "Werkkamer stelde vast dat er veel moet gebeuren om de banenafspraken in de regio Gooi en "
    "Vechtstreek gerealiseerd te krijgen en dat een verzwaarde inspanning op uitvoerend niveau "
    "noodzakelijk is. De Werkkamer stelde vast dat de focus nu te veel op beleidsmatige "
    "aspecten ligt, terwijl het bij de banenafspraken gaat om het realiseren van een concrete "
    "wettelijke opdracht."
)
GOAL = (
    "Het realiseren dat meer mensen met een indicatie banenafspraken gekoppeld worden aan een "
    "(duurzame) baan."
)
ARGUMENTS = (
    "Een stevige samenhangende uitvoering\n"
    "\n"
    "De Werkkamer stelde vast dat er veel moet gebeuren om de banenafpraak in de "
    "regio Gooi en Vechtstreek gerealiseerd te krijgen. De aanleiding van extra inzet"
    " – onder andere in de vorm van een uitvoerend projectleider – is gelegen in de "
    "volgende argumenten:\n"
    "\n"
    "1. De Werkkamer ziet het als gezamenlijke verantwoordelijkheid om de "
    "banenafpraak in de regio Gooi en Vechtstreek aan te jagen. Sterker nog, de "
    "Werkkamer is bij wet het aangewezen gremium om de banenafpraak aan te jagen. De "
    "Werkkamer onderschrijft dat het Werkgeversservicepunt een belangrijke rol heeft "
    "in het aanjagen van de banenafpraak, maar constateert tegelijkertijd dat er nog "
    "veel te doen is om de banenafpraak goed onder de aandacht te krijgen bij "
    "werkgevers in de regio. De Werkkamer wil op uitvoerend niveau bijdragen aan het "
    "aanjagen van de banenafpraak (wat ook de formele rol van de Werkkamer is).\n"
    "2. Werkkamer acht het noodzakelijk dat er naast beleidscapaciteit (bijvoorbeeld "
    "binnen het transitieteam Participatiewet) en echt uitvoerend capaciteit "
    "(Werkgeversservicepunt) projectleiderscapaciteit wordt ingezet om tussen beleid "
    "en uitvoering concrete werkgelegenheidsprojecten op te zetten, aan te jagen en "
    "te monitoren. Dit moet op basis van een gedegen analyse gebeuren, zodat de "
    "medewerker zich op de goede zaken richt.\n"
    "3. De leden van de Werkkamer hebben in hun eigen organisaties vaak geen "
    "capaciteit beschikbaar om zelf voorstellen te doen t.b.v. de "
    "banenafpraak/projecten uit te voeren. De Werkkamer wenst een uitvoerend "
    "medewerker beschikbaar te hebben die ook zij kunnen inzetten voor initiatieven "
    "in onze regio in het kader van de banenafpraak.\n"
    "4. In 2016 is in de regio Gooi en Vechtstreek 46% van de doelstelling van de "
    "banenafpraak gerealiseerd. De regio loopt - ook ten opzichte van andere "
    "arbeidsmarktregio's – achter op de realisatie. De Werkkamer wil op uitvoerend "
    "niveau actie ondernemen en vindt wachten (tot het WSP optimaal draait/ tot nog "
    "een uitgebreid/integraal beleidsmatig kader is opgesteld) onnodig en niet "
    "verantwoord.\n"
    "\n"
    "Uitgangspunten\n"
    "\n"
    "Voor de inzet van de projectmedewerker hebben de leden van de Werkkamer een "
    "aantal uitgangspunten meegegeven:\n"
    "\n"
    "1. De Werkkamer wil inzetten op uitvoering en niet zozeer op (meer) beleid. De "
    "Werkkamer wil de functie los zien van beleidsmatige discussies en inzetten op "
    "het concreet opzetten, aanjagen en monitoren van "
    "werkgelegenheidsprojecten/initiatieven in het kader van de banenafpraak. Wel "
    "wordt er vanuit de Werkkamer een concreet actieplan banenafpraak opgesteld "
    "waarin beschreven staat welke acties er ondernomen worden om de banenafpraak aan"
    " te jagen. De uitvoerend projectleider speelt een belangrijke rol bij het "
    "realiseren van deze acties.\n"
    "2. Het gaat om een tijdelijke functie voor 2017. Tijdens de Werkkamer van "
    "december 2017 bezien de leden van de Werkkamer of de functie moet worden "
    "voortgezet. Het aantal daadwerkelijk gerealiseerde banen geldt hierbij als "
    "toetssteen.\n"
    "3. De functie moet dichtbij het Werkgeversservicepunt worden gepositioneerd, "
    "zodat de aansluiting bij de uitvoering/uitvoeringsdiensten goed wordt geborgd.\n"
    "4. De leden van de Werkkamer wensen ook zelf gebruik te kunnen maken van de "
    "projectmedewerker voor initiatieven en projecten in de banenafpraak. Dit gebeurt"
    " gecoördineerd doordat de projectleider op basis van een gezamenlijke "
    "jaar(project)planning wordt ingezet. Deze planning staat opgenomen in het "
    "actieplan banenafpraak 2017.\n"
    "\n"
    "Inzet\n"
    "\n"
    "Gemeenten, UWV, CNV en FNV hebben in de aanloop naar dit voorstel geopteerd voor"
    " een inzet van de uitvoerende projectleider op basis van een volledige werkweek."
    " Dit omdat van de projectleider verwacht wordt dat hij/zij niet alleen projecten"
    " initieert, maar nadrukkelijk (ook) een aanjaagfunctie vervult richting partijen"
    " die een rol vervullen bij de bemiddeling van mensen met een indicatie "
    "banenafpraak naar werk.\n"
    "\n"
    "Ook VNO NCW en MKB Nederland ondersteunen het voorstel. Zij gaven aan dat er "
    "goede afspraken moeten worden gemaakt over de inzet van de projectleider. In het"
    " actieplan banenafpraak staat concreet aangegeven wat de geadviseerde inzet en "
    "focus is van de projectleider banenafpraak. Wij adviseren u met deze beoogde "
    "focus en inzet in te stemmen.\n"
    "\n"
    "Positionering\n"
    "\n"
    "De Werkkamer heeft aangegeven te willen dat de functie dichtbij het "
    "Werkgeversservicepunt wordt gepositioneerd, zodat de aansluiting bij de "
    "uitvoering van de werkgeversdienstverlening/uitvoeringsdiensten goed wordt "
    "geborgd. Wij stellen voor om de uitvoerende projectleider bij de Regio Gooi en "
    "Vechtstreek te positioneren, zodat via de Regio de verbinding met de uitvoerende"
    " partijen (Gemeenten, UWV/WSP, onderwijsinstellingen) en de Werkkamer kan worden"
    " gelegd. Tevens kan de projectleider banenafpraak hierdoor in samenhang met "
    "overige arbeidsmarktactiviteiten binnen de regio Gooi en Vechtstreek "
    "functioneren."
)
# Financiën: the table is the StaffCost (36 × 35 × € 50) and the stated total; the text under
# it is the toelichting.
FINANCES = (
    "Voor de functie van uitvoerend projectleider wordt van de volgende begroting "
    "uitgegaan: 36 uur per week, 35 weken, € 50 per uur, totaal 2017 € 65.000, "
    "dekking Budget Werkkamer.\n"
    "\n"
    "Toelichting\n"
    "\n"
    "- Aantal uren: er wordt uitgegaan van een volledige werkweek van 36 uur\n"
    "- Aantal weken: het aantal werkzame weken in een jaar staat op 45 weken. Wanneer"
    " ervan uitgegaan wordt dat de projectleider per medio maart wordt aangesteld, "
    "zijn er reeds 10 werkzame weken van een jaar verstreken. Tot en met eind 2017 "
    "resteren er 35 werkbare weken.\n"
    "- Het uurtarief van een uitvoerend projectleider met een aanstelling (dus niet "
    "extern ingehuurd) staat op € 55 per uur.\n"
    "- Het totaal bedrag is ontstaan uit het aantal uren per week x het aantal weken "
    "x € 50.\n"
    "- De Werkkamer stelt voor om de functie uit het budget van de Werkkamer te "
    "bekostigen."
)
EXECUTION = (
    "De voorgestelde focus en inzet staat beschreven in het actieplan banenafpraak "
    "2017.\n"
    "\n"
    "De inzet van de uitvoerende projectleider is tijdelijk. Eind 2017 wordt het "
    "slagen van deze functie geëvalueerd. Het aantal gerealiseerde (garantiebanen) is"
    " toetssteen voor het succes.\n"
    "\n"
    "De uitvoerende projectleider rapporteert aan de Werkkamer. Dit doet de "
    "projectleider desgewenst via tussentijdse updates en sowieso via de reguliere "
    "vergaderingen van de Werkkamer."
)

# "Dekking: Budget Werkkamer". The source does not give the Werkkamer budget's size; the demo
# gives the budget line the € 65.000 the proposal draws from it, on the 2017 plan.
WERKKAMER_BUDGET = "Budget Werkkamer"
WERKKAMER_BUDGET_AMOUNT = Decimal("65000.00")

# The Werkkamer (not listed in the source; its parties are: gemeenten, UWV, CNV, FNV, VNO-NCW,
# MKB-Nederland): role, organisation key, seat, function. Roles only.
Seat = Membership.SeatCategory
WERKKAMER = "Werkkamer Gooi en Vechtstreek"
WERKKAMER_SEATS = [
    (
        "portefeuillehouder Werk en Inkomen Regio Gooi en Vechtstreek",
        "REGIO",
        Seat.OVERHEID,
        Membership.Function.VOORZITTER,
    ),
    ("wethouder Werk en Inkomen, namens de gemeenten", "REGIO", Seat.OVERHEID, "lid"),
    ("districtsmanager UWV Gooi en Vechtstreek", "UWV", Seat.OVERHEID, "lid"),
    ("regiovertegenwoordiger VNO-NCW", "VNO", Seat.WERKGEVERS, "lid"),
    ("regiovertegenwoordiger MKB-Nederland", "MKB", Seat.WERKGEVERS, "lid"),
    ("bestuurder FNV", "FNV", Seat.WERKNEMERS, "lid"),
    ("bestuurder CNV", "CNV", Seat.WERKNEMERS, "lid"),
    (
        "secretaris Werkkamer, eenheid Sturing Regio Gooi en Vechtstreek",
        "REGIO",
        Seat.OVERIG,
        Membership.Function.SECRETARIS,
    ),
]
# The source gives no meeting date for the proposal: the demo puts it on the Werkkamer of
# 16 March 2017 (a demo date, after the proposal's 8 February, "medio maart", when the
# project leader was to start).
DECISION_MEETING = date(2017, 3, 16)

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
    ("UWV", "UWV", Organisation.Kind.UWV),
]
NATIONAL_ORGANISATIONS = [
    ("FNV", "FNV", Organisation.Kind.VAKBOND),
    ("CNV", "CNV", Organisation.Kind.VAKBOND),
    ("MKB", "MKB-Nederland", Organisation.Kind.WERKGEVERSORGANISATIE),
    ("VNO", "VNO-NCW", Organisation.Kind.WERKGEVERSORGANISATIE),
]


def load(tally: Tally) -> None:
    region = Region.objects.get(slug=REGION)
    organisations = {
        **ensure_organisations(tally, None, NATIONAL_ORGANISATIONS),
        **ensure_organisations(tally, region, ORGANISATIONS),
    }
    werkkamer = ensure(
        tally,
        GoverningBody,
        region=region,
        name=WERKKAMER,
        defaults={
            "kind": GoverningBody.Kind.WERKKAMER,
            "description": "Het Regionaal Werkbedrijf van Gooi en Vechtstreek.",
        },
    )
    ensure_seats(tally, werkkamer, WERKKAMER_SEATS, organisations)
    ensure_meeting(
        tally,
        werkkamer,
        date(2016, 12, 22),
        notes="Stand van zaken banenafspraken besproken; de Werkkamer vraagt om een "
        "uitvoerend projectmedewerker.",
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
    werkkamer_budget = ensure_child(
        tally,
        plan,
        BudgetLine,
        plan=plan,
        line=None,
        project=None,
        year=2017,
        description=WERKKAMER_BUDGET,
        defaults={"amount": WERKKAMER_BUDGET_AMOUNT, "category": BudgetLine.Category.PERSONEEL},
    )
    proposal = ensure(
        tally,
        Proposal,
        save=lambda proposal: proposal_save(proposal=proposal, expected_revision=None),
        reference=REFERENCE,
        defaults={
            "body": werkkamer,
            "date": PROPOSAL_DATE,
            "subject": SUBJECT,
            "decision_points": "\n".join(
                f"{number}. {point}" for number, point in enumerate(DECISION_POINTS, start=1)
            ),
            "contact_role": CONTACT_ROLE,
            "unit": UNIT,
            "confidential": False,
            "core_message": CORE_MESSAGE,
            "reason": REASON,
            "goal": GOAL,
            "arguments": ARGUMENTS,
            "finances": FINANCES,
            "execution": EXECUTION,
            "budget_line": werkkamer_budget,
            "stated_total": STATED_TOTAL,
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
    _decided(tally, werkkamer, proposal, organisations)
    _year_2016(tally, region)


def _decided(tally: Tally, werkkamer, proposal, organisations) -> None:
    """The proposal on the agenda of the Werkkamer of 16 March 2017 (a demo date) and adopted
    there; the action items its decision gave (the evaluation, due at the end of 2017, is
    still open)."""
    meeting = ensure_meeting(
        tally, werkkamer, DECISION_MEETING, location="Regiokantoor Gooi en Vechtstreek, Hilversum"
    )
    ensure_agenda_item(
        tally,
        meeting,
        "Opening, mededelingen en vaststelling van de agenda",
        position=1,
        purpose=AgendaItem.Purpose.KENNISNAME,
    )
    item = ensure_agenda_item(tally, meeting, SUBJECT, position=2, proposal=proposal)
    decision = ensure_decision(
        tally,
        item,
        "De Werkkamer stelt het voorstel uitvoerend projectleider banenafspraken vast, stemt "
        "ermee in dat de Regio Gooi en Vechtstreek namens de Werkkamer de projectleider "
        "tijdelijk aanstelt tot en met december 2017, en stelt € 65.000 uit het budget van de "
        "Werkkamer beschikbaar.",
        Decision.Outcome.AANGENOMEN,
        proposal=proposal,
    )
    ensure_action_item(
        tally,
        decision,
        "Uitvoerend projectleider banenafspraken aanstellen (per medio maart)",
        "secretaris Werkkamer, eenheid Sturing Regio Gooi en Vechtstreek",
        organisation=organisations["REGIO"],
        due=date(2017, 3, 31),
        done=date(2017, 3, 20),
    )
    ensure_action_item(
        tally,
        decision,
        "Evaluatie van de functie voorleggen aan de Werkkamer van december 2017",
        "uitvoerend projectleider banenafspraken",
        organisation=organisations["REGIO"],
        due=date(2017, 12, 31),
    )


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
