"""The meeting pack (vergaderstukken, issue 13 point 5): one PDF per meeting, built by the
Celery task like a report (eagerly here, as the report tests run it), read back as text:
cover, agenda, every proposal on it, the latest progress report of every plan on it drawn
from its frozen figures, and the previous meeting's decision list. Its status goes from the
queue to done with its progress stored; a failing build ends failed with the reason; who
may request and read it, from both sides; the archive lists it."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from regions.models import ActionItem, Decision, Meeting
from regions.permissions import can_manage_governance
from regions.selectors.meetings import meeting_decisions
from regions.services import governance
from reporting import documents, services
from reporting.documents import show_count, show_percentage
from reporting.models import MeetingPack, Report, ReportKind
from reporting.selectors import governance as governance_selectors
from reporting.views.governance import panel_context
from tests.pdf import pdf_text

from .governance_helpers import (
    MEMBER,
    OTHER_REGION,
    OTHER_SECRETARY,
    PASSWORD,
    PLAN_2016,
    REFERENCE,
    REGION,
    SECRETARY,
    TEXTS,
    agenda_item,
    decide,
    march_meeting,
    open_gv_proposal,
    plan,
    werkkamer,
)

pytestmark = pytest.mark.django_db

PREVIOUS_DECISION = "De Werkkamer vraagt om een voorstel voor een uitvoerend projectmedewerker."
ACTION = "Voorstel projectleider banenafspraken opstellen"


def login(client, username=SECRETARY):
    client.login(username=username, password=PASSWORD)


def progress_report(secretary, django_capture_on_commit_callbacks) -> Report:
    """The 2016 plan's progress report, made as the report pages make it (eager task)."""
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            plan=plan(PLAN_2016),
            actor=secretary,
            start_date=date(2016, 1, 1),
            end_date=date(2016, 12, 31),
            kind=ReportKind.VOORTGANG,
        )
    report.refresh_from_db()
    assert report.status == Report.Status.KLAAR
    return report


@pytest.fixture
def agenda(demo, media_root, django_user_model, django_capture_on_commit_callbacks):
    """The March 2017 Werkkamer: the G&V proposal (taken off the demo's agenda of 16 March, which
    decided it) and the 2016 plan on its agenda; the December 2016 meeting before it with two
    decisions and an action item."""
    secretary = django_user_model.objects.get(username=SECRETARY)
    previous = Meeting.objects.get(body=werkkamer(), date=date(2016, 12, 22))
    first = decide(previous, PREVIOUS_DECISION, Decision.Outcome.KENNISGENOMEN)
    governance.action_item_save(
        item=ActionItem(
            decision=first,
            description=ACTION,
            owner_role="beleidsmedewerker eenheid Sturing",
            due_date=date(2017, 2, 8),
        ),
        expected_revision=None,
    )
    decide(
        previous,
        "Kennisgenomen van de stand van de banenafspraak 2016.",
        Decision.Outcome.KENNISGENOMEN,
        plan=plan(PLAN_2016),
    )
    report = progress_report(secretary, django_capture_on_commit_callbacks)
    meeting = march_meeting()
    agenda_item(meeting, "Opening en mededelingen")
    agenda_item(meeting, proposal=open_gv_proposal())
    agenda_item(meeting, "Voortgang banenafspraak 2016", plan=plan(PLAN_2016))
    return {"meeting": meeting, "report": report, "previous": previous}


def request_pack(client, meeting, capture, *, execute=True):
    with capture(execute=execute):
        response = client.post(reverse("reporting:meeting-pack-request", args=[REGION, meeting.pk]))
    return response


def test_the_pack_holds_cover_agenda_proposal_report_and_previous_decisions(
    client, agenda, django_capture_on_commit_callbacks
):
    login(client)
    response = request_pack(client, agenda["meeting"], django_capture_on_commit_callbacks)
    pack = MeetingPack.objects.get(meeting=agenda["meeting"])
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:meeting-pack", args=[REGION, pack.pk])
    assert (pack.status, pack.progress, pack.attempts) == (MeetingPack.Status.KLAAR, 100, 1)

    download = client.get(reverse("reporting:meeting-pack-file", args=[REGION, pack.pk]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))

    # Cover
    assert "Vergaderstukken" in text
    assert "Werkkamer Gooi en Vechtstreek" in text
    assert "09-03-2017, 14:00" in text
    assert "Locatie Hilversum, Regiokantoor" in text
    assert "Arbeidsmarktregio Gooi en Vechtstreek" in text
    # Agenda: numbered items with their purpose
    assert "1. Opening en mededelingen ter bespreking" in text
    assert (
        "2. Uitvoerend projectleider banenafspraken regio Gooi en Vechtstreek ter besluitvorming"
        in text
    )
    assert "3. Voortgang banenafspraak 2016 ter bespreking" in text
    # The proposal, with its figures
    assert f"Kenmerk {REFERENCE}" in text
    assert TEXTS["core_message"] in text
    assert "Afwijking: genoemd € 65.000, berekend € 63.000" in text
    # The plan's latest progress report, drawn from its frozen figures
    report = agenda["report"]
    assert report.kenmerk in text
    # The plan's one target, as frozen: realised against target, and the share worked out
    # here from those two figures (161 of 350 is 46,0 %), in the pack's summary and chart.
    (row,) = report.figures["summary"]
    share = Decimal(row["realised"]) * 100 / Decimal(row["target"])
    assert f"{show_count(row['realised'])} gerealiseerd van {show_count(row['target'])}" in text
    assert f"({show_percentage(share)})" in text
    # The previous meeting's decision list with its action items
    assert "Besluitenlijst vorige vergadering" in text
    assert "Werkkamer Gooi en Vechtstreek, 22-12-2016" in text
    assert f"1 {PREVIOUS_DECISION}" in text
    assert f"Actie: {ACTION} – beleidsmedewerker eenheid Sturing, uiterlijk 08-02-2017" in text
    assert "voor kennisgeving aangenomen" in text
    assert f"plan {PLAN_2016}" in text


def test_the_pack_goes_from_the_queue_to_done_with_its_progress(
    client, agenda, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    store_progress = services._pack_progress

    def recorded(pack, attempt, step):
        store_progress(pack, attempt, step)
        stored = MeetingPack.objects.values_list("status", "progress", "step").get(pk=pack.pk)
        seen.append(stored)

    monkeypatch.setattr(services, "_pack_progress", recorded)
    login(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("reporting:meeting-pack-request", args=[REGION, agenda["meeting"].pk]))
    pack = MeetingPack.objects.get(meeting=agenda["meeting"])
    status_url = reverse("reporting:meeting-pack", args=[REGION, pack.pk])
    assert (pack.status, pack.progress) == (MeetingPack.Status.WACHTRIJ, 0)
    page = client.get(status_url).content.decode()
    assert "De vergaderstukken staan in de wachtrij" in page
    assert 'data-hx-trigger="every 2s"' in page
    # The poll answers 204 while nothing changed.
    polled = client.get(status_url, {"gezien": "wachtrij-0-0"}, headers={"HX-Request": "true"})
    assert polled.status_code == 204

    for callback in callbacks:  # the worker picks it up
        callback()

    assert [(status, percent) for status, percent, _step in seen] == [
        ("bezig", 10),
        ("bezig", 35),
        ("bezig", 70),
    ]
    assert seen[-1][2] == "PDF maken"
    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.step) == (MeetingPack.Status.KLAAR, 100, "Klaar")
    page = client.get(status_url).content.decode()
    assert "Vergaderstukken downloaden (PDF)" in page
    assert 'value="100"' in page
    assert "every 2s" not in page


def test_a_failing_build_ends_failed_with_the_reason(
    client, agenda, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("de PDF-opmaak liep vast (proef)")

    monkeypatch.setattr(documents, "render_meeting_pack", broken)
    login(client)
    request_pack(client, agenda["meeting"], django_capture_on_commit_callbacks)
    pack = MeetingPack.objects.get(meeting=agenda["meeting"])
    assert len(calls) == 4  # the first attempt and three retries, as a report
    assert (pack.status, pack.attempts) == (MeetingPack.Status.MISLUKT, 4)
    assert pack.error == "RuntimeError: de PDF-opmaak liep vast (proef)"
    assert not pack.file
    page = client.get(reverse("reporting:meeting-pack", args=[REGION, pack.pk])).content.decode()
    assert "Het maken van de vergaderstukken is mislukt na 4 pogingen." in page
    assert "de PDF-opmaak liep vast (proef)" in page
    assert "Opnieuw proberen" in page
    file_url = reverse("reporting:meeting-pack-file", args=[REGION, pack.pk])
    assert client.get(file_url).status_code == 404


def test_a_pack_of_the_first_meeting_has_no_previous_decision_list(demo, media_root):
    meeting = Meeting.objects.get(body=werkkamer(), date=date(2016, 12, 22))
    contents = governance_selectors.meeting_pack_contents(meeting_id=meeting.pk)
    assert contents.previous is None and contents.previous_decisions == []


def test_the_panel_shows_the_button_to_the_secretary_only(client, agenda, django_user_model):
    meeting = agenda["meeting"]
    pack = services.meeting_pack_request(meeting=meeting, actor=None)
    request = RequestFactory().get("/")
    for username, may in ((SECRETARY, True), (MEMBER, False)):
        request.user = django_user_model.objects.get(username=username)
        context = panel_context(
            meeting=meeting,
            region=meeting.region,
            may_manage=can_manage_governance(request.user, meeting.region),
        )
        assert context["packs"] == [pack]
        html = render_to_string("reporting/meeting_pack_panel.html", context, request=request)
        assert ("Vergaderstukken maken" in html) is may
        assert reverse("reporting:meeting-pack", args=[REGION, pack.pk]) in html
    # The page that shows the panel until the meeting page includes it.
    login(client, MEMBER)
    page = client.get(reverse("reporting:meeting-pack-request", args=[REGION, meeting.pk]))
    assert page.status_code == 200
    assert "in de wachtrij" in page.content.decode()


def test_the_archive_lists_the_packs(client, agenda, django_capture_on_commit_callbacks):
    login(client)
    request_pack(client, agenda["meeting"], django_capture_on_commit_callbacks)
    pack = MeetingPack.objects.get(meeting=agenda["meeting"])
    page = client.get(reverse("reporting:report-archive", args=[REGION])).content.decode()
    assert "Vergaderstukken" in page
    assert reverse("reporting:meeting-pack", args=[REGION, pack.pk]) in page
    assert reverse("reporting:meeting-pack-file", args=[REGION, pack.pk]) in page
    assert "Werkkamer Gooi en Vechtstreek 09-03-2017" in page
    other = client.get(reverse("reporting:report-archive", args=[OTHER_REGION]))
    assert other.status_code == 403


def test_who_may_request_and_read_packs(client, agenda, django_capture_on_commit_callbacks):
    meeting = agenda["meeting"]
    request_url = reverse("reporting:meeting-pack-request", args=[REGION, meeting.pk])
    login(client)
    request_pack(client, meeting, django_capture_on_commit_callbacks)
    pack = MeetingPack.objects.get(meeting=meeting)
    pages = [
        reverse("reporting:meeting-pack", args=[REGION, pack.pk]),
        reverse("reporting:meeting-pack-file", args=[REGION, pack.pk]),
        request_url,
    ]
    # A member of the region reads, and may not request.
    login(client, MEMBER)
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]
    assert client.post(request_url).status_code == 403
    # Another region's secretary: 403 on all of it; under their own region, not found.
    login(client, OTHER_SECRETARY)
    assert [client.get(page).status_code for page in pages] == [403, 403, 403]
    assert client.post(request_url).status_code == 403
    own = reverse("reporting:meeting-pack", args=[OTHER_REGION, pack.pk])
    assert client.get(own).status_code == 404
    own_request = reverse("reporting:meeting-pack-request", args=[OTHER_REGION, meeting.pk])
    assert client.post(own_request).status_code == 404
    assert MeetingPack.objects.filter(meeting=meeting).count() == 1
    client.logout()
    assert client.get(pages[0]).status_code == 302


def test_a_pack_whose_worker_died_is_queued_again_and_made_once(
    agenda, django_capture_on_commit_callbacks, settings
):
    """A worker killed mid-build leaves the pack "wordt gemaakt"; the beat job's rescue (as
    for reports) queues it again and the next claim finishes it: two attempts, one file."""
    from django.utils import timezone

    from reporting import tasks

    with django_capture_on_commit_callbacks(execute=False):
        pack = services.meeting_pack_request(meeting=agenda["meeting"], actor=None)
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.REPORT_STUCK_AFTER + 60)
    MeetingPack.objects.filter(pk=pack.pk).update(
        status=MeetingPack.Status.BEZIG, started_at=long_ago, attempts=1, progress=35
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.reports_due(today="2017-03-01")
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.progress) == (MeetingPack.Status.KLAAR, 2, 100)
    assert pack.file


def test_the_contents_take_a_fixed_number_of_queries(agenda, django_assert_num_queries):
    """Meeting, agenda, proposals (3), reports, previous meeting, its decisions and their
    action items: nine, however long the agenda or the decision list."""
    with django_assert_num_queries(9):
        contents = governance_selectors.meeting_pack_contents(meeting_id=agenda["meeting"].pk)
    assert [report.pk for report in contents.reports] == [agenda["report"].pk]
    assert [proposal.reference for proposal in contents.proposals] == [REFERENCE]
    assert len(contents.previous_decisions) == 2


def test_the_pack_lists_the_previous_decisions_as_the_meeting_page_does(agenda):
    """The same read as the meeting page (regions.selectors.meetings.meeting_decisions): the
    decisions in number order, their action items the first due first, undated ones last."""
    first = Decision.objects.get(meeting=agenda["previous"], text=PREVIOUS_DECISION)
    for description, due in (("Zonder datum", None), ("Eerder", date(2017, 1, 10))):
        governance.action_item_save(
            item=ActionItem(
                decision=first, description=description, owner_role="secretaris", due_date=due
            ),
            expected_revision=None,
        )
    contents = governance_selectors.meeting_pack_contents(meeting_id=agenda["meeting"].pk)
    page = meeting_decisions(meeting=agenda["previous"])

    def listed(decisions):
        return [(d.number, [a.description for a in d.action_items.all()]) for d in decisions]

    assert listed(contents.previous_decisions) == listed(page)
    assert listed(contents.previous_decisions)[0][1] == ["Eerder", ACTION, "Zonder datum"]


def made_report(secretary, capture, *, kind=ReportKind.VOORTGANG, end=date(2016, 12, 31)):
    with capture(execute=True):
        report = services.report_request(
            plan=plan(PLAN_2016),
            actor=secretary,
            start_date=date(2016, 1, 1),
            end_date=end,
            kind=kind,
        )
    report.refresh_from_db()
    assert report.status == Report.Status.KLAAR
    return report


def test_an_older_report_named_on_the_agenda_does_not_stand_for_its_plan(
    demo, media_root, django_user_model, django_capture_on_commit_callbacks
):
    """The plan and an older report of it on one agenda: the pack shows both, and the plan's
    part is its latest progress report, not the older one, nor a later uitgavenoverzicht."""
    secretary = django_user_model.objects.get(username=SECRETARY)
    capture = django_capture_on_commit_callbacks
    older = made_report(secretary, capture, end=date(2016, 6, 30))
    latest = made_report(secretary, capture)
    spending = made_report(secretary, capture, kind=ReportKind.FINANCIEEL)
    assert older.generated_at < latest.generated_at < spending.generated_at
    meeting = march_meeting()
    plan_item = agenda_item(meeting, "Voortgang banenafspraak 2016", plan=plan(PLAN_2016))
    report_item = agenda_item(meeting, "Halfjaarrapportage 2016", report=older)

    contents = governance_selectors.meeting_pack_contents(meeting_id=meeting.pk)

    by_item = {item.pk: item.pack_report for item in contents.agenda}
    assert by_item == {plan_item.pk: latest, report_item.pk: older}
    assert contents.reports == [latest, older]


def test_a_stuck_pack_is_queued_again_from_nothing_or_failed_after_the_last_attempt(
    agenda, django_capture_on_commit_callbacks, settings
):
    """The packs' rescue is the reports' (one function for both): a stuck pack goes back
    in the queue with its progress reset; one that used its last attempt is failed with the
    pack's own reason."""
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        again = services.meeting_pack_request(meeting=agenda["meeting"], actor=None)
        spent = services.meeting_pack_request(meeting=agenda["meeting"], actor=None)
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.REPORT_STUCK_AFTER + 60)
    stuck = {"status": MeetingPack.Status.BEZIG, "started_at": long_ago, "progress": 35}
    MeetingPack.objects.filter(pk=again.pk).update(attempts=1, step="PDF maken", **stuck)
    MeetingPack.objects.filter(pk=spent.pk).update(attempts=settings.REPORT_MAX_ATTEMPTS, **stuck)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = services.meeting_packs_requeue_stuck()
    assert [pack.pk for pack in result["requeued"]] == [again.pk]
    assert [pack.pk for pack in result["failed"]] == [spent.pk]
    assert len(queued) == 1
    again.refresh_from_db()
    spent.refresh_from_db()
    assert (again.status, again.progress, again.step) == (MeetingPack.Status.WACHTRIJ, 0, "")
    assert spent.status == MeetingPack.Status.MISLUKT
    assert spent.error == (
        f"Het maken is {settings.REPORT_MAX_ATTEMPTS} keer afgebroken (de verwerker stopte of "
        "de tijdslimiet verstreek); de vergaderstukken zijn niet gemaakt."
    )


def test_an_agenda_item_may_not_name_another_regions_report(demo):
    from django.core.exceptions import ValidationError

    from programmes.models import ActionPlan

    other_plan = ActionPlan.objects.filter(region__slug=OTHER_REGION).first()
    report = Report.objects.create(
        plan=other_plan, start_date=date(2016, 1, 1), end_date=date(2016, 12, 31)
    )
    with pytest.raises(ValidationError) as refused:
        agenda_item(march_meeting(), "Rapportage", report=report)
    assert refused.value.message_dict == {"report": ["Deze rapportage is van een andere regio."]}


def pack_build_queries(meeting) -> int:
    """Queries of one pack's whole build for `meeting` (the task's body, as the bench counts
    it): claiming, progress, contents, drawing and storing."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import tasks

    task = tasks.meeting_pack_generate
    with mock.patch.object(task, "delay"), mock.patch.object(task, "apply_async"):
        pack = services.meeting_pack_request(meeting=meeting, actor=None)
    with CaptureQueriesContext(connection) as queries:
        task(pack.pk)
    assert MeetingPack.objects.get(pk=pack.pk).status == MeetingPack.Status.KLAAR
    return len(queries)


def test_the_pack_build_takes_as_many_queries_for_a_long_agenda(
    agenda, django_user_model, django_capture_on_commit_callbacks
):
    """One proposal and one plan on the agenda, then four proposals (one with cost lines),
    two plans, two budget changes and an older report: the build's queries stay the same (a
    fixed number for any number of agenda items, of the kinds already on it)."""
    from budgets.models import BudgetChange
    from tests.regions.governance_factories import ProposalFactory

    from .governance_helpers import PLAN_2017

    meeting = agenda["meeting"]
    short = pack_build_queries(meeting)

    secretary = django_user_model.objects.get(username=SECRETARY)
    for _ in range(3):
        agenda_item(meeting, proposal=ProposalFactory(body=werkkamer()))
    for reason in ("Van lijn 1 naar lijn 2", "Van lijn 2 naar lijn 3"):
        change = BudgetChange.objects.create(plan=plan(PLAN_2016), reason=reason)
        agenda_item(meeting, reason, budget_change=change)
    older = made_report(secretary, django_capture_on_commit_callbacks, end=date(2016, 6, 30))
    agenda_item(meeting, "Halfjaarrapportage 2016", report=older)
    agenda_item(meeting, "Actieplan 2017", plan=plan(PLAN_2017))

    contents = governance_selectors.meeting_pack_contents(meeting_id=meeting.pk)
    assert len(contents.agenda) == 10 and len(contents.proposals) == 4
    # Made last, the older period's report is also the 2016 plan's latest; the 2017 plan
    # has none yet.
    assert contents.reports == [older]
    assert pack_build_queries(meeting) == short
