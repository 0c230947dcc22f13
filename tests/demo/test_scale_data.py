"""The synthetic national data set (manage.py generate_scale_data), small: 2 regions × 3
programmes × 2 years, 2 lines of 2 projects. Counts follow from the parameters, everything
hangs under synthetic regions, the demo's figures stay what they were, a second run does
nothing, and --remove takes away all of it and nothing else. On PostgreSQL the big tables go
in by COPY: what it wrote is read back here as the pages read it."""

import io
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from budgets.models import BudgetLine, Decision, Expenditure, Funding, StaffCost
from demo.scale import shape
from placements.models import Realisation
from placements.progress import Status
from placements.selectors.progress import plan_progress, plans_progress
from programmes.models import (
    ActionPlan,
    PlanLine,
    Prognosis,
    Project,
    ReportingPeriod,
    Target,
)
from regions.models import (
    ActionItem,
    AgendaItem,
    GoverningBody,
    Meeting,
    Membership,
    Proposal,
    Region,
    RoleAssignment,
    SeatRule,
)
from regions.models import Decision as Besluit
from reporting.models import Report, ReportSchedule
from reporting.selectors.dashboard import programme_overview

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 5, 15)  # "today": 2024 is over, 2025 runs (January–April reported)
ARGS = ["--regions", "2", "--years", "2", "--lines", "2", "--projects", "2"]
ARGS += ["--as-of", AS_OF.isoformat()]
REGIONS, YEARS, LINES, PROJECTS, TARGETS, SOURCES = 2, 2, 2, 2, 2, 2
PROGRAMMES = len(shape.PROGRAMME_TARGETS)
MONTHS_REPORTED = 12 + 4  # 2024 whole, 2025 up to April


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_scale_data", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def scale(demo, media_root):
    before = row_counts()
    output = generate(*ARGS)
    return before, output


def synthetic_plans():
    return ActionPlan.objects.filter(region__synthetic=True)


def test_counts_follow_from_the_parameters(scale):
    plans = REGIONS * PROGRAMMES * YEARS
    project_targets = plans * LINES * PROJECTS * TARGETS
    assert Region.objects.filter(synthetic=True).count() == REGIONS
    assert synthetic_plans().count() == plans
    assert ReportingPeriod.objects.filter(plan__in=synthetic_plans()).count() == plans * 12
    assert PlanLine.objects.filter(plan__in=synthetic_plans()).count() == plans * LINES
    assert Project.objects.filter(line__plan__in=synthetic_plans()).count() == (
        plans * LINES * PROJECTS
    )
    targets = Target.objects.filter(plan__in=synthetic_plans())
    assert targets.count() == project_targets + plans * LINES * TARGETS
    # A stock (the Banenafspraak's jobs) comes from one register; a flow from every source.
    rows_per_month = REGIONS * LINES * PROJECTS * TARGETS * (1 + SOURCES + SOURCES)
    realisations = Realisation.objects.filter(target__in=targets)
    assert realisations.count() == rows_per_month * MONTHS_REPORTED
    assert not realisations.filter(target__project__isnull=True).exists()
    # A line's flow targets are planned per quarter (the Banenafspraak's jobs are a stock).
    prognoses = Prognosis.objects.filter(target__in=targets)
    assert prognoses.count() == REGIONS * YEARS * (PROGRAMMES - 1) * LINES * TARGETS * 4
    budget_lines = BudgetLine.objects.filter(plan__in=synthetic_plans())
    assert budget_lines.count() == plans * (1 + LINES)
    assert Funding.objects.filter(plan__in=synthetic_plans()).count() == plans * 2
    entries = Expenditure.objects.filter(budget_line__in=budget_lines)
    assert entries.count() == REGIONS * PROGRAMMES * (1 + LINES) * MONTHS_REPORTED
    assert ReportSchedule.objects.filter(plan__in=synthetic_plans()).count() == plans
    # Every quarter of 2024, and 2025-K1.
    assert Report.objects.filter(plan__in=synthetic_plans()).count() == REGIONS * PROGRAMMES * 5
    users = get_user_model().objects.filter(username__startswith="synth-")
    assert sorted(users.values_list("username", flat=True)) == sorted(
        f"synth-{n:02d}-{role}" for n in (1, 2) for role, _label in shape.ROLES
    )
    assert not any(user.has_usable_password() for user in users)
    assert RoleAssignment.objects.filter(user__in=users, region__synthetic=True).count() == 8


def test_everything_new_hangs_under_a_synthetic_region(scale):
    before, _output = scale
    after = row_counts()
    grown = {label for label, count in after.items() if count != before[label]}
    under_synthetic = {
        "regions.Region": Region.objects.filter(synthetic=True),
        "regions.Organisation": apps.get_model("regions.Organisation").objects.filter(
            region__synthetic=True
        ),
        "regions.RoleAssignment": RoleAssignment.objects.filter(region__synthetic=True),
        "auth.User": get_user_model().objects.filter(role_assignments__region__synthetic=True),
        "programmes.ActionPlan": synthetic_plans(),
        "programmes.ReportingPeriod": ReportingPeriod.objects.filter(plan__region__synthetic=True),
        "programmes.PlanLine": PlanLine.objects.filter(plan__region__synthetic=True),
        "programmes.Project": Project.objects.filter(line__plan__region__synthetic=True),
        "programmes.Target": Target.objects.filter(plan__region__synthetic=True),
        "programmes.Prognosis": Prognosis.objects.filter(target__plan__region__synthetic=True),
        "programmes.TargetLineage": apps.get_model("programmes.TargetLineage").objects.filter(
            targets__plan__region__synthetic=True
        ),
        "programmes.Activity": apps.get_model("programmes.Activity").objects.filter(
            plan__region__synthetic=True
        ),
        "programmes.Risk": apps.get_model("programmes.Risk").objects.filter(
            plan__region__synthetic=True
        ),
        "placements.Realisation": Realisation.objects.filter(target__plan__region__synthetic=True),
        "budgets.BudgetLine": BudgetLine.objects.filter(plan__region__synthetic=True),
        "budgets.Funding": Funding.objects.filter(plan__region__synthetic=True),
        "budgets.Expenditure": Expenditure.objects.filter(
            budget_line__plan__region__synthetic=True
        ),
        "reporting.ReportSchedule": ReportSchedule.objects.filter(plan__region__synthetic=True),
        "reporting.Report": Report.objects.filter(plan__region__synthetic=True),
        # The governance network (decision 0014).
        "regions.GoverningBody": GoverningBody.objects.filter(region__synthetic=True),
        "regions.SeatRule": SeatRule.objects.filter(body__region__synthetic=True),
        "regions.Membership": Membership.objects.filter(body__region__synthetic=True),
        "regions.Meeting": Meeting.objects.filter(body__region__synthetic=True),
        "regions.AgendaItem": AgendaItem.objects.filter(meeting__body__region__synthetic=True),
        "regions.Decision": Besluit.objects.filter(meeting__body__region__synthetic=True),
        "regions.ActionItem": ActionItem.objects.filter(
            decision__meeting__body__region__synthetic=True
        ),
        "regions.Proposal": Proposal.objects.filter(body__region__synthetic=True),
        "budgets.StaffCost": StaffCost.objects.filter(
            plan__region__synthetic=True, proposal__body__region__synthetic=True
        ),
    }
    assert grown == set(under_synthetic)
    for label, rows in under_synthetic.items():
        assert after[label] - before[label] == rows.distinct().count(), label


def test_the_demo_figures_stay_as_they_were(demo, media_root):
    banenafspraak = apps.get_model("programmes.Programme").objects.get(code="banenafspraak")
    haaglanden = ActionPlan.objects.get(region__slug="haaglanden")

    def figures():
        overview = programme_overview(programme=banenafspraak, today=AS_OF)
        rows = [
            (group.indicator.code, row.region.slug, row.progress.realised, row.progress.status)
            for group in overview
            for row in group.rows
            if not row.region.synthetic
        ]
        total = plan_progress(plan=haaglanden).plan_row("banen")
        return rows, total.progress.realised, total.progress.status

    before = figures()
    generate(*ARGS)
    assert figures() == before
    assert before[1] == 1353  # the worked example's 652 + 701 jobs at the end of 2016


def test_the_overview_shows_the_synthetic_regions_marked(scale, client):
    client.force_login(get_user_model().objects.get(username="synth-01-programmamanager"))
    page = client.get(reverse("reporting:overview", kwargs={"code": "pow"}))
    assert page.status_code == 200
    assert "Synthetische regio 01" in page.text
    assert page.text.count("status-badge--synthetisch") == REGIONS * TARGETS  # a row per indicator


def test_the_pages_of_a_synthetic_region_open(scale, client):
    client.force_login(get_user_model().objects.get(username="synth-02-programmamanager"))
    region = Region.objects.get(slug="synthetisch-02")
    plan = synthetic_plans().filter(region=region, status=ActionPlan.Status.VASTGESTELD).first()
    report = Report.objects.filter(plan=plan).get()
    for url in [
        reverse("reporting:dashboard", kwargs={"slug": region.slug}),
        reverse("reporting:report-archive", kwargs={"slug": region.slug}),
        plan.get_absolute_url(),
        reverse("reporting:report-detail", kwargs={"pk": report.pk}),
        *(reverse(f"reporting:report-{fmt}", kwargs={"pk": report.pk}) for fmt in ("xlsx", "csv")),
    ]:
        assert client.get(url).status_code == 200, url
    pdf = client.get(reverse("reporting:report-pdf", kwargs={"pk": report.pk}))
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:5] == b"%PDF-"


def test_running_plans_show_every_status(scale):
    running = synthetic_plans().filter(status=ActionPlan.Status.VASTGESTELD)
    assert running.count() == REGIONS * PROGRAMMES
    assert (
        not synthetic_plans()
        .exclude(status=ActionPlan.Status.VASTGESTELD)
        .exclude(status=ActionPlan.Status.AFGESLOTEN)
        .exists()
    )
    progress = plans_progress(plans=[plan.pk for plan in running], today=AS_OF)
    statuses = {row.progress.status for result in progress.values() for row in result.targets}
    assert {Status.OP_KOERS, Status.RISICO, Status.ACHTER} <= statuses


def test_spending_is_approved_by_a_second_person(scale):
    entries = Expenditure.objects.filter(budget_line__plan__region__synthetic=True)
    approved = entries.filter(status=Decision.GOEDGEKEURD)
    assert approved.count() > 0.9 * entries.count()
    assert not entries.exclude(status__in=[Decision.GOEDGEKEURD, Decision.INGEDIEND]).exists()
    pairs = set(approved.values_list("recorded_by__username", "decided_by__username"))
    assert all(recorder.endswith("-programmamanager") for recorder, _ in pairs)
    assert all(decider.endswith("-penningmeester") for _, decider in pairs)


def test_the_bulk_rows_carry_the_moments_they_describe(scale):
    """COPY (or the INSERT fallback) writes the moment a count was delivered, not the moment
    it was generated, as auto_now would."""
    realisation = Realisation.objects.filter(target__plan__region__synthetic=True).first()
    delivered = realisation.recorded_at.date() - realisation.period.end_date
    assert delivered == timedelta(days=5)
    assert realisation.updated_at == realisation.recorded_at


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_the_big_tables_go_in_by_copy_on_postgresql(scale, monkeypatch):
    import psycopg

    statements = []
    copy = psycopg.Cursor.copy

    def spy(cursor, statement, *args, **kwargs):
        statements.append(str(statement))
        return copy(cursor, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", spy)
    generate(*ARGS[2:], "--regions", "3")
    copied = {statement.split('"')[1] for statement in statements}
    assert {"placements_realisation", "budgets_expenditure", "reporting_report"} <= copied
    assert Realisation.objects.filter(target__plan__region__slug="synthetisch-03").exists()


def test_a_second_run_does_nothing(scale):
    _before, output = scale
    assert "2 synthetische regio's gemaakt" in output
    counts = row_counts()
    assert generate(*ARGS) == (
        "Synthetische gegevens: niets te doen, alle 2 regio's stonden er al.\n"
    )
    assert row_counts() == counts


def test_remove_takes_away_all_of_it_and_nothing_else(scale):
    before, _output = scale
    output = generate("--remove")
    assert output.startswith("Synthetische gegevens verwijderd")
    assert row_counts() == before
    assert not Region.objects.filter(synthetic=True).exists()
    assert generate("--remove") == "Geen synthetische gegevens gevonden: niets verwijderd.\n"


def test_remove_leaves_a_real_region_marked_synthetic_by_mistake(scale):
    """--remove deletes what is marked synthetic *and* named as the generator names it: a
    real region whose flag was set by mistake keeps its plans."""
    real = Region.objects.get(slug="midden-gelderland")
    plans = real.action_plans.count()
    assert plans
    Region.objects.filter(pk=real.pk).update(synthetic=True)
    generate("--remove")
    real.refresh_from_db()
    assert real.synthetic
    assert real.action_plans.count() == plans
    assert not Region.objects.filter(synthetic=True, slug__startswith="synthetisch-").exists()


def test_every_synthetic_region_has_its_governance(scale):
    for region in Region.objects.filter(synthetic=True):
        bodies = GoverningBody.objects.filter(region=region)
        assert bodies.count() == 3
        assert SeatRule.objects.filter(body__in=bodies).count() == 11
        for body in bodies:
            assert 8 <= body.memberships.count() <= 12
            assert 12 <= body.meetings.count() <= 28
        meetings = Meeting.objects.filter(body__in=bodies)
        assert AgendaItem.objects.filter(meeting__in=meetings).count() >= 5 * meetings.count()
        held = meetings.filter(date__lt=AS_OF)
        assert Besluit.objects.filter(meeting__in=meetings).count() == 3 * held.count()
        actions = ActionItem.objects.filter(decision__meeting__in=meetings)
        assert actions.filter(completed_on__isnull=True).exists()
        assert actions.filter(completed_on__isnull=False).exists()
        proposals = Proposal.objects.filter(body__region=region)
        assert proposals.count() == 10
        assert proposals.filter(status="aangenomen").exists()
        assert all(proposal.budget_line.plan.region_id == region.pk for proposal in proposals)
        decided = Besluit.objects.filter(proposal__in=proposals)
        assert all(d.agenda_item.proposal_id == d.proposal_id for d in decided)


def test_remove_takes_the_governance_and_what_pages_added_and_no_real_regions(scale):
    from regions.services import action_item_complete, membership_save

    real = Besluit.objects.filter(meeting__body__region__synthetic=False).count()
    assert real
    # A secretary's edits on a synthetic body leave history rows; --remove takes them too.
    member = Membership.objects.filter(body__region__synthetic=True).first()
    member.end_date = AS_OF
    membership_save(membership=member, expected_revision=member.revision)
    item = ActionItem.objects.filter(
        decision__meeting__body__region__synthetic=True, completed_on__isnull=True
    ).first()
    action_item_complete(item=item, on=AS_OF, expected_revision=item.revision)
    generate("--remove")
    assert not Membership.history.model.objects.filter(pk=member.pk).exists()
    assert not ActionItem.history.model.objects.filter(id=item.pk).exists()
    assert not Besluit.objects.filter(meeting__body__region__synthetic=True).exists()
    assert Besluit.objects.count() == real
