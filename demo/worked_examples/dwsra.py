"""Worked example 5: the DWSRA pilots for which the Stichting van de Arbeid asks bridging
funding: a national plan (no region), one project per pilot with its total and own
contribution, and Servicepunt Techniek Drenthe's placements, prognosis against realisation."""

from datetime import date
from decimal import Decimal

from budgets.models import BudgetLine, Funding
from demo.rows import (
    Tally,
    ensure_child,
    ensure_organisations,
    ensure_plan,
    ensure_plan_row,
    ensure_realisation,
    plan_reach_status,
)
from programmes.models import (
    ActionPlan,
    Indicator,
    PlanLine,
    Prognosis,
    Programme,
    Project,
    ReportingPeriod,
    Target,
)
from regions.models import Organisation, Region

# Source: 004, letter Stichting van de Arbeid to SZW, 11 maart 2019 (S.A.19.43200), bijlagen 1-2.
SOURCE = "Stichting van de Arbeid, brief aan SZW van 11 maart 2019 (S.A.19.43200), bijlage 1"
TITLE = "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, 11-03-2019)"
START, END = date(2016, 11, 1), date(2021, 6, 30)
LINE = "Overbruggingsfinanciering pilots"
BUDGET_YEAR = 2019  # the bridging period starts in 2019 for every pilot
Kind = Organisation.Kind

# key, name, kind, region code (None: national)
ORGANISATIONS = [
    ("SVDA", "Stichting van de Arbeid", Kind.OVERIG, None),
    ("CNV_ZW", "CNV Zorg & Welzijn", Kind.VAKBOND, None),
    ("CA_ICT", "CA-ICT", Kind.OO_FONDS, None),
    ("SPT", "Servicepunt Techniek Drenthe", Kind.OVERIG, "AM03"),
    ("FNV", "FNV", Kind.VAKBOND, None),
    ("CNV", "CNV", Kind.VAKBOND, None),
    ("BOA", "BOA ACP", Kind.VAKBOND, None),
    ("NOVAKA", "Novaka", Kind.WERKGEVERSORGANISATIE, None),
    ("ZWOLLE", "Tafel van Zwolle", Kind.OVERIG, "AM36"),
    ("VNO_MIDDEN", "VNO-NCW Midden", Kind.WERKGEVERSORGANISATIE, None),
]

# Bijlage 1: title, applicant, total, own contribution as % (None: an amount), own amount as
# stated, start, end, period as stated
PILOTS = [
    (
        "Sta niet stil, maak er werk van",
        "CNV_ZW",
        "666667",
        "40",
        "266667",
        None,
        None,
        "een periode van 24 maanden",
    ),
    (
        "CA-ICT, Make it work",
        "CA_ICT",
        "1140800",
        "40",
        "456320",
        date(2019, 7, 1),
        date(2020, 12, 31),
        "1 juli 2019 tot en met 31 december 2020",
    ),
    (
        "CA-ICT, Topsectoren",
        "CA_ICT",
        "416667",
        "40",
        "166667",
        date(2019, 7, 1),
        date(2020, 12, 31),
        "1 juli 2019 tot en met 31 december 2020",
    ),
    (
        "Servicepunt techniek Drenthe",
        "SPT",
        "193000",
        None,
        "168000",
        date(2019, 7, 1),
        date(2019, 12, 31),
        "1 juli 2019 tot en met 31 december 2019",
    ),
    (
        "Adviescentra FNV",
        "FNV",
        "2157250",
        None,
        "850000",
        date(2019, 7, 1),
        date(2020, 12, 31),
        "1 juli 2019 tot en met 31 december 2020",
    ),
    (
        "samenwerkingsproject Eindhoven (aanvullend voor aandeel CNV)",
        "CNV",
        "200000",
        None,
        "80000",
        None,
        None,
        "een periode van 18 tot maximaal 24 maanden",
    ),
    ("BOA in de BIZ", "BOA", "500000", "50", "250000", None, None, "een periode van 24 maanden"),
    (
        "Novaka: Werkgelegenheid -24h Personal Plan",
        "NOVAKA",
        "1450000",
        "65",
        "942500",
        None,
        None,
        "een periode van twee jaar vanaf de ingangsdatum toekenning",
    ),
    (
        "Loopbaancentraal, regie nemen op je eigen loopbaan",
        "CNV",
        "350000",
        None,
        "140000",
        None,
        None,
        "een periode van 18 tot maximaal 24 maanden",
    ),
    (
        "De tafel van Zwolle",
        "ZWOLLE",
        "338400",
        None,
        "169200",
        date(2019, 7, 1),
        date(2020, 12, 31),
        "1 juli 2019 tot en met 31 december 2020",
    ),
    (
        "Samenwerken in Techniek Nijmegen en Amersfoort",
        None,
        "286054",
        None,
        "143027",
        date(2019, 7, 1),
        date(2020, 6, 30),
        "1 juli 2019 tot en met 30 juni 2020 (voorlopig: bedrag en periode nog niet zeker)",
    ),
    (
        "Kleinschalige Zorg Aanbieders en Werkzaam Rivierenland",
        "VNO_MIDDEN",
        "148500",
        "50",
        "74250",
        date(2019, 5, 1),
        date(2020, 12, 31),
        "1 mei 2019 tot en met 31 december 2020",
    ),
]

# Bijlage 2, Servicepunt techniek Drenthe, "Kwantitatieve gegevens (tot 31/12/2018)"
SPT_PROJECT = "Servicepunt techniek Drenthe"
SPT_TARGET = (130, date(2017, 9, 1), date(2019, 6, 30))
SPT_SOURCE = "Stichting van de Arbeid, bijlage 2"
# label, start, end, prognosis, realisation
SPT_YEARS = [
    ("Jaar 1 (10 maanden)", date(2017, 9, 1), date(2018, 6, 30), 40, 39),
    ("Jaar 2", date(2018, 7, 1), date(2019, 6, 30), 90, 61),
]


def _organisations(tally: Tally) -> dict:
    organisations = {}
    for key, name, kind, region_code in ORGANISATIONS:
        region = Region.objects.get(code=region_code) if region_code else None
        organisations.update(ensure_organisations(tally, region, [(key, name, kind)]))
    return organisations


def _pilot(tally: Tally, plan, line, position: int, row: tuple, organisations: dict):
    """One pilot: its project, its total budget and its own contribution."""
    title, applicant, total, percentage, own, start, end, period = row
    organisation = organisations.get(applicant)
    project = ensure_child(
        tally,
        plan,
        Project,
        line=line,
        title=title,
        defaults={
            "position": position,
            "accountable_organisation": organisation,
            "start_date": start,
            "end_date": end,
            "description": f"Periode: {period}.",
        },
    )
    ensure_child(
        tally,
        plan,
        BudgetLine,
        plan=plan,
        line=line,
        project=project,
        year=BUDGET_YEAR,
        defaults={"amount": Decimal(total), "description": "Totaalbedrag"},
    )
    own_contribution = (
        {"percentage": Decimal(percentage), "stated_amount": Decimal(own)}
        if percentage
        else {"amount": Decimal(own)}
    )
    ensure_child(
        tally,
        plan,
        Funding,
        plan=plan,
        line=line,
        project=project,
        kind=Funding.Kind.EIGEN_BIJDRAGE,
        defaults={
            "organisation": organisation,
            "description": "Eigen bijdrage",
            **own_contribution,
        },
    )
    return project


def _servicepunt_drenthe(tally: Tally, plan, line, project) -> tuple:
    """SPT Drenthe's target with its prognoses and the plan's two periods, its pilot years.
    Returns the target and the periods."""
    value, target_start, target_end = SPT_TARGET
    target = ensure_child(
        tally,
        plan,
        Target,
        plan=plan,
        line=line,
        project=project,
        indicator=Indicator.objects.get(code="plaatsingen"),
        sector="",
        defaults={
            "value": value,
            "start_date": target_start,
            "end_date": target_end,
            "description": "Plaatsingen in jaar 1 en jaar 2 van de pilot",
        },
    )
    periods = []
    for label, start, end, prognosis, _realised in SPT_YEARS:
        ensure_plan_row(
            tally,
            plan,
            Prognosis,
            target=target,
            start_date=start,
            defaults={"label": label, "end_date": end, "value": prognosis},
        )
        # The national plan's periods are set by hand: SPT's two pilot years.
        periods.append(
            ensure_plan_row(
                tally,
                plan,
                ReportingPeriod,
                plan=plan,
                start_date=start,
                defaults={"code": f"SPT {label.lower()}", "end_date": end},
            )
        )
    return target, periods


def load(tally: Tally) -> None:
    organisations = _organisations(tally)
    plan = ensure_plan(
        tally,
        region=None,
        programme=Programme.objects.get(code="dwsra"),
        title=TITLE,
        defaults={
            "start_date": START,
            "end_date": END,
            "period_length": ActionPlan.PeriodLength.EIGEN,
            "summary": "Elf kansrijke DWSRA-pilots waarvoor de Stichting van de Arbeid een "
            "overbruggingsfinanciering tot na de evaluatie bepleit.",
            "source": SOURCE,
        },
    )
    line = ensure_child(
        tally,
        plan,
        PlanLine,
        plan=plan,
        title=LINE,
        defaults={
            "position": 1,
            "accountable_organisation": organisations["SVDA"],
        },
    )
    projects = {
        row[0]: _pilot(tally, plan, line, position, row, organisations)
        for position, row in enumerate(PILOTS, start=1)
    }
    target, periods = _servicepunt_drenthe(tally, plan, line, projects[SPT_PROJECT])
    plan_reach_status(plan, ActionPlan.Status.VASTGESTELD)
    for period, (*_year, realised) in zip(periods, SPT_YEARS, strict=True):
        ensure_realisation(tally, target, period, realised, source=SPT_SOURCE)
