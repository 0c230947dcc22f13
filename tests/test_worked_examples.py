"""The figures of the five worked examples of the source documents (the demo data, see
demo/worked_examples/), read through the selectors the pages use, and the number of queries
each selector runs."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F, Sum

from budgets.models import BudgetLine, Decision, Expenditure, Funding
from budgets.selectors import (
    funding_figure,
    fundings_with_amounts,
    plan_actuals,
    plan_budget,
    plan_funding_total,
    proposal_cost_figure,
)
from placements.models import Realisation
from placements.progress import Status
from placements.selectors.progress import plan_progress, prognoses_with_realisation
from placements.selectors.records import corrections_for
from programmes.choices import Sector
from programmes.models import ActionPlan, KeyFigure, Target
from programmes.selectors import plan_sector_targets, plan_target_rollup
from regions.models import Proposal

pytestmark = pytest.mark.django_db

MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
RMT = "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL en IJmond"
GOOI_2016 = "Banenafspraak 2016 Gooi en Vechtstreek"
DWSRA = "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, 11-03-2019)"
STA_NIET_STIL = "Sta niet stil, maak er werk van"
SPT_DRENTHE = "Servicepunt techniek Drenthe"


def plan(title):
    return ActionPlan.objects.get(title=title)


def line_ids(plan_obj):
    return {line.title: line.pk for line in plan_obj.lines.all()}


# --- 1. Perspectief op Werk, Midden-Gelderland ------------------------------------------------


def test_midden_gelderland_415_matches_computed_from_its_lines(demo):
    rollup = plan_target_rollup(plan=plan(MIDDEN_GELDERLAND))
    figure = rollup.plan_figure("matches")
    assert figure.computed == 415
    assert figure.stated == 415
    assert not figure.is_discrepancy


def test_midden_gelderland_line_figures_200_165_50(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    rollup = plan_target_rollup(plan=plan_obj)
    lines = line_ids(plan_obj)

    boa = rollup.line_figure(lines["Branchegericht ontwikkelarrangement"], "matches")
    assert boa.value == 200
    assert boa.stated == 200

    ontmoeting = rollup.line_figure(lines["De Ontmoeting"], "matches")
    assert ontmoeting.computed == 165  # events 50 + app 25 + carrousel 90
    assert ontmoeting.stated == 165
    assert not ontmoeting.is_discrepancy

    keten = rollup.line_figure(lines["Verbeteren ketensamenwerking"], "matches")
    assert keten.computed == 50  # from the project Verbreden APK; the line states none
    assert keten.stated is None
    assert keten.value == 50


def test_midden_gelderland_de_ontmoeting_project_targets(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    rollup = plan_target_rollup(plan=plan_obj)
    matches = next(pk for pk, ind in rollup.indicators.items() if ind.code == "matches")
    per_project = {
        project.title: rollup.projects[project.pk].get((matches, ""))
        for line in plan_obj.lines.all()
        for project in line.projects.all()
    }
    assert per_project["Organiseren evenementen"] == 50
    assert per_project["Digitale ontsluiting vraag en aanbod"] == 25
    assert per_project["De oriëntatiecarrousel"] == 90
    assert per_project["Verbreden APK"] == 50


def test_midden_gelderland_other_targets(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    rollup = plan_target_rollup(plan=plan_obj)
    codes = {pk: indicator.code for pk, indicator in rollup.indicators.items()}
    titles = {
        project.pk: project.title
        for line in plan_obj.lines.all()
        for project in line.projects.all()
    }
    found = {
        (titles[project_id], codes[indicator_id]): value
        for project_id, figures in rollup.projects.items()
        for (indicator_id, _sector), value in figures.items()
    }
    assert found[("Aanbod in beeld", "personen-in-beeld")] == 800
    assert found[("Vraag in beeld", "vacatures")] == 200
    assert found[("De oriëntatiecarrousel", "deelnemers")] == 300
    assert found[("Impuls aan praktijkleren", "trajecten")] == 50
    assert found[("Impuls aan praktijkleren", "praktijkverklaringen")] == 50


def test_midden_gelderland_carrousel_prognoses_45_per_year(demo):
    target = Target.objects.get(
        plan__title=MIDDEN_GELDERLAND,
        project__title="De oriëntatiecarrousel",
        indicator__code="matches",
    )
    rows = list(prognoses_with_realisation(target=target))
    # The demo's realisations: 36 matches in 2019, 47 in 2020.
    assert [(row.start_date.year, row.value, row.realised) for row in rows] == [
        (2019, 45, 36),
        (2020, 45, 47),
    ]


def realised_matches(plan_obj, **filters) -> int:
    """The plan's matches as the database adds them up: a flow, so every period counts."""
    rows = Realisation.objects.filter(
        target__plan=plan_obj, target__indicator__code="matches", **filters
    )
    return rows.aggregate(total=Sum("count"))["total"]


def test_midden_gelderland_realised_matches_against_415(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    row = plan_progress(plan=plan_obj).plan_row("matches")
    assert row.target.value == 415  # the plan's own stated target
    assert row.progress.realised == realised_matches(plan_obj) == 376
    assert row.progress.percentage == Decimal(376 * 100 / 415).quantize(Decimal("0.1"))
    assert row.progress.percentage == Decimal("90.6")
    assert row.progress.as_of == date(2020, 12, 31)
    # The plan ended on 31-12-2020 short of 415 (issue 9: no longer "op koers").
    assert row.progress.status == Status.NIET_GEHAALD
    assert row.progress.ended


def test_midden_gelderland_was_on_course_on_its_last_day_but_one(demo):
    row = plan_progress(plan=plan(MIDDEN_GELDERLAND), today=date(2020, 12, 30)).plan_row("matches")
    assert (row.progress.realised, row.progress.expected) == (376, 415)
    assert row.progress.status == Status.OP_KOERS  # 90,6 % of expected: the thresholds
    assert not row.progress.ended


def test_midden_gelderland_was_behind_at_the_end_of_2019(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    row = plan_progress(plan=plan_obj, as_of=date(2019, 12, 31)).plan_row("matches")
    assert row.progress.realised == realised_matches(
        plan_obj, period__end_date__lte=date(2019, 12, 31)
    )
    assert row.progress.realised == 143
    assert row.progress.expected == 207  # 415 × 365 / 731 days
    assert row.progress.status == Status.ACHTER  # 69,1 % of expected


def test_midden_gelderland_progress_per_project_and_line(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    result = plan_progress(plan=plan_obj)
    found = {
        (
            row.target.line.title if row.target.line else None,
            row.target.project.title if row.target.project else None,
        ): (row.progress.target, row.progress.realised, row.progress.status)
        for row in result.targets
        if row.target.indicator.code == "matches"
    }
    # The plan has ended (issue 9): every status is final. Only Verbreden APK made it.
    assert found == {
        (None, None): (415, 376, Status.NIET_GEHAALD),
        ("Branchegericht ontwikkelarrangement", None): (200, 186, Status.NIET_GEHAALD),
        ("De Ontmoeting", None): (165, 138, Status.NIET_GEHAALD),
        ("De Ontmoeting", "Organiseren evenementen"): (50, 41, Status.NIET_GEHAALD),
        ("De Ontmoeting", "Digitale ontsluiting vraag en aanbod"): (25, 14, Status.NIET_GEHAALD),
        ("De Ontmoeting", "De oriëntatiecarrousel"): (90, 83, Status.NIET_GEHAALD),
        ("Verbeteren ketensamenwerking", "Verbreden APK"): (50, 52, Status.GEHAALD),
    }
    # The line states no target of its own: the sum of its project.
    lines = line_ids(plan_obj)
    (keten,) = [
        row
        for row in result.lines[lines["Verbeteren ketensamenwerking"]]
        if row.indicator.code == "matches"
    ]
    assert keten.target is None
    assert (keten.progress.target, keten.progress.realised) == (50, 52)
    # The ones the Werkkamer should look at: what ended short of its target (the plan's own
    # 415 included), not what made it.
    assert {
        row.target.project.title
        if row.target.project
        else row.target.line.title
        if row.target.line
        else "plan"
        for row in result.behind
    } == {
        "plan",
        "Branchegericht ontwikkelarrangement",
        "De Ontmoeting",
        "Organiseren evenementen",
        "Digitale ontsluiting vraag en aanbod",
        "De oriëntatiecarrousel",
    }
    # While the plan ran, the thresholds picked out the ones at risk or behind.
    running = plan_progress(plan=plan_obj, today=date(2020, 12, 30))
    assert {
        row.target.project.title if row.target.project else row.target.line.title
        for row in running.behind
    } == {"De Ontmoeting", "Organiseren evenementen", "Digitale ontsluiting vraag en aanbod"}


def test_midden_gelderland_2019_closed_with_one_correction(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    closed = {
        period.code: period.closed_by.username
        for period in plan_obj.periods.filter(closed_at__isnull=False)
    }
    quarters_2019 = ("2019-K1", "2019-K2", "2019-K3", "2019-K4")
    assert closed == dict.fromkeys(quarters_2019, "programmamanager-midden-gelderland")
    (correction,) = corrections_for(plan=plan_obj)
    assert (correction.old_count, correction.new_count) == (30, 28)
    assert correction.realisation.count == 28
    assert correction.realisation.period.code == "2019-K4"
    assert correction.realisation.target.line.title == "Branchegericht ontwikkelarrangement"
    assert "UWV" in correction.reason
    assert correction.corrected_by.username == "programmamanager-midden-gelderland"
    assert correction.corrected_at.date() > correction.realisation.period.closed_at.date()
    history = correction.realisation.history.order_by("history_date", "history_id")
    assert [record.count for record in history] == [30, 28]


def test_midden_gelderland_budget_2_million(demo):
    plan_obj = plan(MIDDEN_GELDERLAND)
    budget = plan_budget(plan=plan_obj)
    assert budget.total == Decimal("2000000.00")
    assert budget.per_year == {2019: Decimal("1000000.00"), 2020: Decimal("1000000.00")}
    lines = line_ids(plan_obj)
    assert {title: budget.per_line[pk] for title, pk in lines.items()} == {
        "Projectmanagement": Decimal("150000.00"),
        "Branchegericht ontwikkelarrangement": Decimal("1030000.00"),
        "Vraag en aanbod in beeld": Decimal("220000.00"),
        "De Ontmoeting": Decimal("350000.00"),
        "Verbeteren ketensamenwerking": Decimal("250000.00"),
    }
    # Projectmanagement is budgeted on the line itself, not on a project.
    assert budget.per_line_year[(lines["Projectmanagement"], 2019)] == Decimal("75000.00")
    assert budget.unassigned_per_year == {}


def test_midden_gelderland_co_financing_as_the_budget_table_names_it(demo):
    # The table's column "Aanvullende financiering": one amount, the rest named without one.
    rows = list(fundings_with_amounts(plan=plan(MIDDEN_GELDERLAND)))
    shown = [(row.project.title, row.kind, row.description, row.computed_amount) for row in rows]
    assert shown == [
        ("Impuls aan praktijkleren", Funding.Kind.REGULIERE_MIDDELEN,
         "reguliere middelen gemeenten, UWV en WSP", None),
        ("Ontwikkeltrajecten", Funding.Kind.OO_FONDS, "O&O-fondsen Werkgevers", None),
        ("Aanbod in beeld", Funding.Kind.REGULIERE_MIDDELEN,
         "reguliere middelen gemeenten, UWV en WSP", None),
        ("Vraag in beeld", Funding.Kind.COFINANCIERING, "Matches op werk", Decimal("27500.00")),
        ("Organiseren evenementen", Funding.Kind.SUBSIDIE, "Subsidie Gat in de Markt", None),
        ("De oriëntatiecarrousel", Funding.Kind.REGULIERE_MIDDELEN,
         "Reguliere middelen WSP, UWV en gemeenten", None),
        ("De oriëntatiecarrousel", Funding.Kind.COFINANCIERING,
         "Campagne Staan voor een baan, gaan voor een baan", None),
    ]  # fmt: skip
    assert [row.is_quantified for row in rows].count(True) == 1
    totals = plan_funding_total(plan=plan(MIDDEN_GELDERLAND))
    assert (totals.total, totals.unquantified) == (Decimal("27500.00"), 6)


# --- 2. Banenafspraak, Haaglanden -------------------------------------------------------------


def test_haaglanden_710_market_plus_690_government_is_1400(demo):
    targets = plan_sector_targets(plan=plan(HAAGLANDEN))
    assert targets.market == 710
    assert targets.government == 690
    assert targets.total.computed == 1400
    assert targets.total.stated == 1400
    assert not targets.total.is_discrepancy


def test_haaglanden_jobs_per_sector_are_the_2016_k4_levels(demo):
    plan_obj = plan(HAAGLANDEN)
    result = plan_progress(plan=plan_obj)
    jobs = Realisation.objects.filter(target__plan=plan_obj, target__indicator__code="banen")

    def level(sector, **filters):
        return jobs.filter(sector=sector, **filters).aggregate(total=Sum("count"))["total"]

    market = result.plan_row("banen", Sector.MARKT)
    government = result.plan_row("banen", Sector.OVERHEID)
    assert market.progress.realised == level(Sector.MARKT, period__code="2016-K4") == 652
    assert government.progress.realised == level(Sector.OVERHEID, period__code="2016-K4") == 701
    # Banen is a stock: adding the quarters up would be wrong.
    assert level(Sector.MARKT) == 4029 != market.progress.realised
    assert (market.target.value, market.progress.percentage) == (710, Decimal("91.8"))
    assert (government.target.value, government.progress.percentage) == (690, Decimal("101.6"))
    # The plan ended on 31-12-2016 (issue 9): market 652 of 710 niet gehaald, government
    # 701 of 690 gehaald.
    assert market.progress.status == Status.NIET_GEHAALD
    assert government.progress.status == Status.GEHAALD

    total = result.plan_row("banen")
    assert total.target.value == 1400
    assert total.progress.realised == 652 + 701
    assert total.progress.percentage == Decimal("96.6")
    assert total.progress.status == Status.NIET_GEHAALD


def test_haaglanden_market_at_risk_at_the_end_of_2015(demo):
    row = plan_progress(plan=plan(HAAGLANDEN), as_of=date(2015, 12, 31)).plan_row(
        "banen", Sector.MARKT
    )
    # 478 jobs against 532 expected pro rata since the nulmeting of 1-1-2013: 89,8 %.
    assert (row.progress.realised, row.progress.expected) == (478, 532)
    assert row.progress.status == Status.RISICO


def test_haaglanden_board_in_3_3_1_adopted_the_plan(demo):
    plan_obj = plan(HAAGLANDEN)
    board = plan_obj.region.governing_bodies.get(kind="bestuurlijk_platform")
    rule = dict(board.seat_rules.values_list("seat_category", "seats"))
    assert rule == {"werkgevers": 3, "overheid": 3, "werknemers": 1}
    seated = board.memberships.filter(end_date__isnull=True, function__in=["voorzitter", "lid"])
    assert sorted(seated.values_list("seat_category", flat=True)) == sorted(
        ["werkgevers"] * 3 + ["overheid"] * 3 + ["werknemers"]
    )
    assert board.meetings.filter(decisions__plan=plan_obj).get().date == date(2015, 3, 26)


def test_haaglanden_szw_impulse_of_one_million(demo):
    (row,) = fundings_with_amounts(plan=plan(HAAGLANDEN))
    assert row.kind == Funding.Kind.SUBSIDIE
    assert row.organisation.name == "Ministerie van SZW"
    assert row.organisation.region is None
    assert row.computed_amount == Decimal("1000000.00")


# --- 3. Werkkamer proposal, Gooi en Vechtstreek ------------------------------------------------


def test_gooi_en_vechtstreek_63000_computed_against_65000_stated(demo):
    figure = proposal_cost_figure(proposal=Proposal.objects.get(reference="17.0001962"))
    assert figure.computed == Decimal("63000.00")  # 36 hours × 35 weeks × € 50
    assert figure.stated == Decimal("65000.00")
    assert figure.is_discrepancy
    assert figure.difference == Decimal("2000")


def test_gooi_en_vechtstreek_proposal_adopted_by_the_werkkamer_from_its_budget(demo):
    proposal = Proposal.objects.get(reference="17.0001962")
    assert proposal.status == Proposal.Status.AANGENOMEN
    decision = proposal.decisions.get()
    assert (decision.meeting.body.name, decision.meeting.date) == (
        "Werkkamer Gooi en Vechtstreek",
        date(2017, 3, 16),
    )
    assert proposal.budget_line.description == "Budget Werkkamer"


def test_gooi_en_vechtstreek_realised_46_percent_of_its_2016_target(demo):
    plan_obj = plan(GOOI_2016)
    row = plan_progress(plan=plan_obj).plan_row("banen")
    assert row.progress.percentage == 46
    assert row.progress.status == Status.NIET_GEHAALD  # ended on 31-12-2016
    # Computed from the levels at the end of 2016 (both sectors on one target), and the
    # figure the proposal quotes is the same.
    level = Realisation.objects.filter(target__plan=plan_obj, period__code="2016-K4").aggregate(
        total=Sum("count")
    )["total"]
    assert row.progress.realised == level
    assert row.progress.percentage == Decimal(level * 100 / row.target.value).quantize(
        Decimal("0.1")
    )
    quoted = KeyFigure.objects.get(label="Realisatie doelstelling banenafspraak 2016")
    assert quoted.value == row.progress.percentage
    assert not plan_obj.periods.filter(closed_at__isnull=True).exists()


# --- 4. Regionaal Mobiliteitsteam, Zuid-Kennemerland en IJmond ----------------------------------


def test_rmt_2021_budget_over_four_lines(demo):
    plan_obj = plan(RMT)
    budget = plan_budget(plan=plan_obj)
    assert budget.total == Decimal("2059453.00")
    assert budget.per_year == {2021: Decimal("2059453.00")}
    assert budget.unassigned_per_year == {2021: Decimal("2059453.00")}
    amounts = sorted(
        BudgetLine.objects.filter(plan=plan_obj, year=2021).values_list("amount", flat=True)
    )
    assert amounts == [
        Decimal("338604"),
        Decimal("447942"),
        Decimal("625802"),
        Decimal("647105"),
    ]


# The RMT's spending is illustrative (demo/worked_examples/zuid_kennemerland.py SPENDING): a
# fixed share of each budget a month, September 2021 to December 2022, on the 2021 budgets.
RMT_BUDGETS = {
    "Budget beschikbaar voor de bedrijfsvoering": (Decimal("447942"), Decimal("430024.32")),
    "Budget beschikbaar voor aanvullende crisisdienstverlening": (
        Decimal("647105"),
        Decimal("556510.30"),
    ),
    "Budget beschikbaar voor praktijk leren mbo": (Decimal("625802"), Decimal("525673.68")),
    "Budget beschikbaar voor dienstverlening werkfitbehoud": (
        Decimal("338604"),
        Decimal("341990.04"),
    ),
}


def rmt_budget(line):
    return next(
        value for prefix, value in RMT_BUDGETS.items() if line.description.startswith(prefix)
    )


def test_rmt_approved_spending_per_budget_is_the_sum_of_its_entries(demo):
    plan_obj = plan(RMT)
    actuals = plan_actuals(plan=plan_obj)
    lines = actuals.budget_lines
    assert len(lines) == 4
    for line in lines:
        budget, spent = rmt_budget(line)
        approved = Expenditure.objects.filter(budget_line=line, status=Decision.GOEDGEKEURD)
        assert line.amount == budget
        assert (
            actuals.per_budget_line[line.pk].approved
            == approved.aggregate(total=Sum("amount"))["total"]
            == spent
        )
    spending = {
        year: {"budget": row.budgeted, "spent": row.approved, "remaining": row.remaining}
        for year, row in actuals.per_year.items()
    }
    assert spending == {
        2021: {
            "budget": Decimal("2059453.00"),
            "spent": Decimal("1854198.34"),
            "remaining": Decimal("205254.66"),
        }
    }


def test_rmt_spending_by_category_and_the_one_overspent_budget(demo):
    actuals = plan_actuals(plan=plan(RMT))
    assert {key: (row.budgeted, row.approved) for key, row in actuals.per_category.items()} == {
        BudgetLine.Category.PERSONEEL: (Decimal("447942.00"), Decimal("430024.32")),
        BudgetLine.Category.DIENSTVERLENING: (Decimal("985709.00"), Decimal("898500.34")),
        BudgetLine.Category.SCHOLING: (Decimal("625802.00"), Decimal("525673.68")),
    }
    overspent = [
        (line.description, -actuals.per_budget_line[line.pk].remaining)
        for line in actuals.budget_lines
        if actuals.per_budget_line[line.pk].approved > line.amount
    ]
    assert overspent == [
        (
            "Budget beschikbaar voor dienstverlening werkfitbehoud (doelgroep banenafpraak)",
            Decimal("3386.04"),
        )
    ]


def test_rmt_spends_every_month_from_september_2021_to_december_2022(demo):
    approved = Expenditure.objects.filter(budget_line__plan=plan(RMT), status=Decision.GOEDGEKEURD)
    months = sorted({(day.year, day.month) for day in approved.values_list("date", flat=True)})
    assert months[0] == (2021, 9) and months[-1] == (2022, 12) and len(months) == 16
    # Praktijkleren mbo starts in 2022: 12 months; the other three budgets 16 each.
    assert approved.count() == 16 + 16 + 12 + 16
    first = approved.get(reference="RMT-2021-09-01")
    assert (first.date, first.amount, first.counterparty) == (
        date(2021, 9, 20),
        Decimal("26876.52"),
        "UWV",
    )
    assert first.description.startswith("Illustratief: ")
    assert first.decided_at.date() == date(2021, 9, 25)


def test_rmt_awaiting_and_rejected_entries_do_not_count(demo):
    plan_obj = plan(RMT)
    entries = Expenditure.objects.filter(budget_line__plan=plan_obj)
    awaiting = entries.filter(status=Decision.INGEDIEND)
    assert sorted(awaiting.values_list("reference", "amount")) == [
        ("RMT-2022-11-05", Decimal("8450.00")),
        ("RMT-2022-12-05", Decimal("12600.00")),
        ("RMT-2022-12-06", Decimal("4975.50")),
    ]
    assert not awaiting.filter(decided_by__isnull=False).exists()
    rejected = entries.get(status=Decision.AFGEKEURD)
    assert rejected.reference == "RMT-2021-10-05"
    assert rejected.rejection_reason == (
        "Factuur valt buiten de regeling: kosten van vóór 1 september 2021"
    )
    everything = entries.aggregate(total=Sum("amount"))["total"]
    assert everything == Decimal("1854198.34") + Decimal("26025.50") + Decimal("3250.00")
    assert plan_actuals(plan=plan_obj).per_year[2021].approved == Decimal("1854198.34")


@pytest.mark.parametrize(
    ("title", "region"),
    [(RMT, "zuid-kennemerland-en-ijmond"), (MIDDEN_GELDERLAND, "midden-gelderland")],
)
def test_spending_was_decided_by_the_penningmeester_not_its_recorder(demo, title, region):
    decided = Expenditure.objects.filter(budget_line__plan=plan(title)).exclude(
        status=Decision.INGEDIEND
    )
    assert decided.exists()
    pairs = set(decided.values_list("recorded_by__username", "decided_by__username"))
    assert pairs == {(f"programmamanager-{region}", f"penningmeester-{region}")}
    assert not decided.filter(recorded_by=F("decided_by")).exists()


# --- 5. DWSRA pilots --------------------------------------------------------------------------


def test_sta_niet_stil_40_percent_is_rounding_not_a_discrepancy(demo):
    funding = next(
        row for row in fundings_with_amounts(plan=plan(DWSRA)) if row.project.title == STA_NIET_STIL
    )
    figure = funding_figure(funding)
    assert figure.computed == Decimal("266666.80")
    assert figure.stated == Decimal("266667")
    assert not figure.is_discrepancy

    # A stated amount two euros off would be flagged.
    funding.stated_amount = Decimal("266665")
    assert funding_figure(funding).is_discrepancy


def test_dwsra_is_a_national_plan_with_twelve_projects(demo):
    plan_obj = plan(DWSRA)
    assert plan_obj.region is None
    rows = list(fundings_with_amounts(plan=plan_obj))
    assert len(rows) == 12
    assert not any(funding_figure(row).is_discrepancy for row in rows)


def test_servicepunt_techniek_drenthe_prognosis_against_realisation(demo):
    target = Target.objects.get(plan__title=DWSRA, project__title=SPT_DRENTHE)
    rows = list(prognoses_with_realisation(target=target))
    assert [(row.label, row.value, row.realised) for row in rows] == [
        ("Jaar 1 (10 maanden)", 40, 39),
        ("Jaar 2", 90, 61),
    ]


def test_servicepunt_techniek_drenthe_table_for_the_plan(demo):
    rows = list(prognoses_with_realisation(plan=plan(DWSRA)))
    assert [(row.target.project.title, row.value, row.realised) for row in rows] == [
        (SPT_DRENTHE, 40, 39),
        (SPT_DRENTHE, 90, 61),
    ]


# --- Query counts -----------------------------------------------------------------------------


def test_plan_target_rollup_queries(demo, django_assert_num_queries):
    plan_obj = plan(MIDDEN_GELDERLAND)
    # One sum per line, project, indicator and sector, read with its indicator.
    with django_assert_num_queries(1):
        plan_target_rollup(plan=plan_obj)


def test_plan_budget_queries(demo, django_assert_num_queries):
    plan_obj = plan(MIDDEN_GELDERLAND)
    # The docstring says four; the selector runs five (total, per year, per line and year,
    # per line, per project and year).
    with django_assert_num_queries(5):
        plan_budget(plan=plan_obj)


def test_fundings_with_amounts_is_one_query(demo, django_assert_num_queries):
    plan_obj = plan(DWSRA)
    with django_assert_num_queries(1):
        rows = list(fundings_with_amounts(plan=plan_obj))
        assert [row.organisation for row in rows]  # select_related: no extra queries
        assert [row.project.title for row in rows]


def test_proposal_cost_figure_is_one_query(demo, django_assert_num_queries):
    proposal = Proposal.objects.get(reference="17.0001962")
    with django_assert_num_queries(1):
        proposal_cost_figure(proposal=proposal)


def test_prognoses_with_realisation_is_one_query(demo, django_assert_num_queries):
    target = Target.objects.get(plan__title=DWSRA, project__title=SPT_DRENTHE)
    with django_assert_num_queries(1):
        list(prognoses_with_realisation(target=target))


def test_plan_sector_targets_is_one_query(demo, django_assert_num_queries):
    plan_obj = plan(HAAGLANDEN)
    with django_assert_num_queries(1):
        plan_sector_targets(plan=plan_obj)


def test_plan_progress_queries(demo, django_assert_num_queries):
    plan_obj = plan(MIDDEN_GELDERLAND)
    with django_assert_num_queries(3):
        plan_progress(plan=plan_obj)


def test_midden_gelderland_spending_per_year_adds_up_its_bookings(demo):
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    spending = plan_actuals(plan=plan).per_year
    for year in (2019, 2020):
        booked = Expenditure.objects.filter(budget_line__plan=plan, budget_line__year=year)
        assert spending[year].approved == booked.aggregate(total=Sum("amount"))["total"]
        assert spending[year].budgeted == Decimal("1000000.00")
    assert spending[2019].approved == Decimal("863240.00")
    assert spending[2020].approved == Decimal("927360.00")
    # Every booking was approved (by the penningmeester: see the four-eyes test above).
    assert set(
        Expenditure.objects.filter(budget_line__plan=plan).values_list("status", flat=True)
    ) == {Decision.GOEDGEKEURD}
    # A report on 2019 as of mid-year counts only the first half-year's bookings.
    halfway = plan_actuals(plan=plan, as_of=date(2019, 6, 30)).per_year
    assert halfway[2019].approved == Decimal("431620.00")
