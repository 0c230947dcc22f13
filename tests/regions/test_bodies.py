"""Bodies: the composition check against the seat rule (3-3-1), the seat history, the
meetings a body's frequency proposes, and the body page and the secretary's forms, with
every permission from both sides."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regions import services
from regions.models import GoverningBody, Meeting, Membership, Organisation, SeatRule
from regions.selectors.bodies import (
    SeatEvent,
    body_composition,
    body_members,
    proposed_meeting_dates,
    seat_history,
)
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
Seat = Membership.SeatCategory
Function = Membership.Function


def make_body(region=None, rule=(3, 3, 1), frequency="", **fields):
    region = region or RegionFactory()
    body = GoverningBody.objects.create(
        region=region,
        name=fields.pop("name", "Proefplatform"),
        kind=GoverningBody.Kind.BESTUURLIJK_PLATFORM,
        meeting_frequency=frequency,
        **fields,
    )
    for category, seats in zip(
        [Seat.WERKGEVERS, Seat.OVERHEID, Seat.WERKNEMERS], rule, strict=False
    ):
        if seats:
            SeatRule.objects.create(body=body, seat_category=category, seats=seats)
    return body


def member(body, category, role="lid", function=Function.LID, start=None, end=None):
    return Membership.objects.create(
        body=body,
        role_title=role,
        seat_category=category,
        function=function,
        start_date=start,
        end_date=end,
    )


def fill(body, werkgevers=3, overheid=3, werknemers=1):
    for category, count in [
        (Seat.WERKGEVERS, werkgevers),
        (Seat.OVERHEID, overheid),
        (Seat.WERKNEMERS, werknemers),
    ]:
        for number in range(count):
            member(body, category, role=f"{category} {number + 1}")


def summary(composition):
    return {c.category: (c.seats, c.filled, c.vacant, c.surplus) for c in composition.counts}


# --- composition ------------------------------------------------------------------------


def test_a_full_3_3_1_body_fits():
    body = make_body()
    fill(body)
    composition = body_composition(body, on=TODAY)
    assert composition.formation == "3-3-1"
    assert composition.fits and composition.problems == []
    assert summary(composition) == {
        "werkgevers": (3, 3, 0, 0),
        "overheid": (3, 3, 0, 0),
        "werknemers": (1, 1, 0, 0),
    }


def test_one_vacancy_is_counted():
    body = make_body()
    fill(body, werkgevers=2)
    composition = body_composition(body, on=TODAY)
    assert not composition.fits
    [problem] = composition.problems
    assert (problem.category, problem.filled, problem.seats, problem.vacant) == (
        "werkgevers",
        2,
        3,
        1,
    )
    assert composition.vacant == 1


def test_one_too_many_is_counted():
    body = make_body()
    fill(body, overheid=4)
    [problem] = body_composition(body, on=TODAY).problems
    assert (problem.category, problem.surplus, problem.vacant) == ("overheid", 1, 0)


def test_members_in_a_category_without_seats():
    body = make_body()
    fill(body)
    member(body, Seat.ONDERWIJS, role="vertegenwoordiger onderwijs")
    [problem] = body_composition(body, on=TODAY).problems
    assert problem.category == "onderwijs" and problem.without_seats
    assert (problem.seats, problem.filled) == (0, 1)


def test_a_member_who_left_does_not_count():
    body = make_body()
    fill(body, werkgevers=2)
    member(body, Seat.WERKGEVERS, role="vertrokken", end=TODAY - timedelta(days=1))
    member(body, Seat.WERKGEVERS, role="nog niet begonnen", start=TODAY + timedelta(days=1))
    assert summary(body_composition(body, on=TODAY))["werkgevers"] == (3, 2, 1, 0)
    # On its last day a membership still counts; a start date today counts.
    member(body, Seat.WERKGEVERS, role="laatste dag", end=TODAY)
    assert body_composition(body, on=TODAY).fits


def test_a_chair_holds_a_seat_a_secretary_and_adviser_do_not():
    body = make_body()
    fill(body, werkgevers=2)
    member(body, Seat.WERKGEVERS, role="voorzitter", function=Function.VOORZITTER)
    member(body, Seat.OVERHEID, role="ambtelijk secretaris", function=Function.SECRETARIS)
    member(body, Seat.WERKNEMERS, role="adviseur", function=Function.ADVISEUR)
    assert body_composition(body, on=TODAY).fits


def test_without_a_rule_there_is_nothing_to_fit():
    body = make_body(rule=())
    fill(body, werkgevers=1)
    composition = body_composition(body, on=TODAY)
    assert not composition.has_rule and composition.fits and composition.formation == ""


def test_members_current_former_and_upcoming():
    body = make_body()
    chair = member(body, Seat.OVERHEID, role="voorzitter", function=Function.VOORZITTER)
    lid = member(body, Seat.WERKGEVERS, role="lid")
    gone = member(body, Seat.WERKGEVERS, role="oud-lid", end=date(2020, 1, 1))
    coming = member(body, Seat.WERKGEVERS, role="nieuw lid", start=date(2027, 1, 1))
    members = body_members(body, on=TODAY)
    assert members.current == [chair, lid]
    assert members.former == [gone]
    assert members.upcoming == [coming]


# --- seat history -----------------------------------------------------------------------


def describe(events):
    return [(e.on, e.kind, e.vacancy.category, e.membership.role_title) for e in events]


def test_a_seat_falls_vacant_and_is_filled_again_newest_first():
    body = make_body()
    member(body, Seat.OVERHEID, role="wethouder A", end=date(2015, 6, 30))
    member(body, Seat.OVERHEID, role="wethouder B", start=date(2015, 9, 1))
    assert describe(seat_history(body, on=TODAY)) == [
        (date(2015, 9, 1), SeatEvent.FILLED, "overheid", "wethouder B"),
        (date(2015, 7, 1), SeatEvent.VACANT, "overheid", "wethouder A"),
    ]


def test_a_successor_the_next_day_leaves_no_vacancy():
    body = make_body()
    member(body, Seat.WERKGEVERS, role="voorzitter oud", function=Function.VOORZITTER,
           end=date(2016, 12, 31))  # fmt: skip
    member(body, Seat.WERKGEVERS, role="voorzitter nieuw", function=Function.VOORZITTER,
           start=date(2017, 1, 1))  # fmt: skip
    assert seat_history(body, on=TODAY) == []


def test_a_successor_in_another_category_does_not_fill_the_seat():
    body = make_body()
    member(body, Seat.WERKGEVERS, role="werkgever", end=date(2016, 12, 31))
    member(body, Seat.OVERHEID, role="wethouder", start=date(2017, 1, 1))
    assert describe(seat_history(body, on=TODAY)) == [
        (date(2017, 1, 1), SeatEvent.VACANT, "werkgevers", "werkgever"),
    ]


def test_a_secretary_leaving_is_no_vacancy_and_the_future_is_not_history():
    body = make_body()
    member(body, Seat.OVERHEID, role="secretaris", function=Function.SECRETARIS,
           end=date(2016, 1, 1))  # fmt: skip
    member(body, Seat.OVERHEID, role="vertrekt later", end=TODAY + timedelta(days=30))
    assert seat_history(body, on=TODAY) == []


def test_a_still_open_vacancy_shows_only_its_start():
    body = make_body()
    member(body, Seat.WERKNEMERS, role="vakbondsbestuurder", end=date(2025, 12, 31))
    [event] = seat_history(body, on=TODAY)
    assert (event.kind, event.on, event.vacancy.is_open) == ("vacant", date(2026, 1, 1), True)


def test_history_and_composition_read_the_memberships_once(django_assert_num_queries):
    body = make_body()
    fill(body)
    body = GoverningBody.objects.prefetch_related("memberships", "seat_rules").get(pk=body.pk)
    with django_assert_num_queries(0):
        body_composition(body, on=TODAY)
        seat_history(body, on=TODAY)


# --- planning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("wekelijks", [date(2026, 3, 19), date(2026, 3, 26), date(2026, 4, 2)]),
        ("tweewekelijks", [date(2026, 3, 26), date(2026, 4, 9), date(2026, 4, 23)]),
        ("maandelijks", [date(2026, 4, 12), date(2026, 5, 12), date(2026, 6, 12)]),
        ("tweemaandelijks", [date(2026, 5, 12), date(2026, 7, 12), date(2026, 9, 12)]),
        ("kwartaal", [date(2026, 6, 12), date(2026, 9, 12), date(2026, 12, 12)]),
        ("halfjaarlijks", [date(2026, 9, 12), date(2027, 3, 12), date(2027, 9, 12)]),
        ("jaarlijks", [date(2027, 3, 12), date(2028, 3, 12), date(2029, 3, 12)]),
        ("ad_hoc", []),
        ("", []),
    ],
)
def test_dates_follow_the_frequency_from_the_last_meeting(frequency, expected):
    body = make_body(frequency=frequency)
    Meeting.objects.create(body=body, date=date(2026, 3, 12))
    assert proposed_meeting_dates(body, after=TODAY, count=3) == expected


def test_monthly_keeps_the_day_of_the_month_or_the_last_day():
    body = make_body(frequency="maandelijks")
    Meeting.objects.create(body=body, date=date(2026, 1, 31))
    assert proposed_meeting_dates(body, after=date(2026, 2, 1), count=3) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_planned_meetings_are_skipped_and_no_date_is_in_the_past():
    body = make_body(frequency="tweewekelijks")
    Meeting.objects.create(body=body, date=date(2026, 3, 5))
    Meeting.objects.create(body=body, date=date(2026, 4, 2))  # already planned
    proposed = proposed_meeting_dates(body, after=TODAY, count=3)
    assert proposed == [date(2026, 3, 19), date(2026, 4, 16), date(2026, 4, 30)]


def test_without_meetings_or_long_after_the_last_the_dates_start_from_today():
    body = make_body(frequency="wekelijks")
    assert proposed_meeting_dates(body, after=TODAY, count=2) == [
        date(2026, 3, 22),
        date(2026, 3, 29),
    ]
    Meeting.objects.create(body=body, date=date(2024, 1, 4))
    assert proposed_meeting_dates(body, after=TODAY, count=1) == [date(2026, 3, 22)]


def test_a_taken_date_is_refused_with_the_dutch_message():
    body = make_body(frequency="maandelijks", name="Werkgroep proef")
    Meeting.objects.create(body=body, date=date(2026, 4, 12))
    with pytest.raises(services.GovernanceError) as refused:
        services.meetings_plan(body=body, dates=[date(2026, 4, 12), date(2026, 5, 12)])
    assert refused.value.messages == ["Op 12-04-2026 vergadert Werkgroep proef al."]
    assert body.meetings.count() == 1


# --- pages ------------------------------------------------------------------------------

REGION = "haaglanden"
PLATFORM = "Bestuurlijk platform Regionaal Werkbedrijf Haaglanden"


def platform():
    return GoverningBody.objects.get(region__slug=REGION, name=PLATFORM)


def login(client, username):
    assert client.login(username=username, password="demo")


READERS = [
    "secretaris-haaglanden",
    "werkkamerlid-haaglanden",
    "programmamanager-haaglanden",
    "beheerder",
]
STRANGERS = ["secretaris-gooi-en-vechtstreek", "werkkamerlid-gooi-en-vechtstreek"]


@pytest.mark.parametrize("username", READERS + STRANGERS)
def test_the_body_page_is_for_the_regions_roles(client, demo, username):
    login(client, username)
    body = platform()
    response = client.get(reverse("regions:body-detail", args=[REGION, body.pk]))
    assert response.status_code == (403 if username in STRANGERS else 200)


def test_anonymous_goes_to_login(client, demo):
    response = client.get(reverse("regions:body-detail", args=[REGION, platform().pk]))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_body_of_another_region_is_not_found_under_this_one(client, demo):
    login(client, "secretaris-gooi-en-vechtstreek")
    response = client.get(
        reverse("regions:body-detail", args=["gooi-en-vechtstreek", platform().pk])
    )
    assert response.status_code == 404


def manage_urls(body, membership):
    return {
        "body-create": reverse("regions:body-create", args=[REGION]),
        "body-update": reverse("regions:body-update", args=[REGION, body.pk]),
        "seat-rules": reverse("regions:seat-rules", args=[REGION, body.pk]),
        "membership-create": reverse("regions:membership-create", args=[REGION, body.pk]),
        "membership-update": reverse(
            "regions:membership-update", args=[REGION, body.pk, membership.pk]
        ),
        "meetings-plan": reverse("regions:meetings-plan", args=[REGION, body.pk]),
    }


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("secretaris-haaglanden", True),
        ("beheerder", True),
        ("werkkamerlid-haaglanden", False),
        ("programmamanager-haaglanden", False),
        ("secretaris-gooi-en-vechtstreek", False),
    ],
)
def test_only_the_regions_secretary_manages(client, demo, username, allowed):
    login(client, username)
    body = platform()
    membership = body.memberships.first()
    for name, url in manage_urls(body, membership).items():
        if name != "meetings-plan":
            assert client.get(url).status_code == (200 if allowed else 403), name
    # Refused POSTs change nothing.
    if not allowed:
        before = (
            GoverningBody.objects.count(),
            Membership.objects.count(),
            Meeting.objects.count(),
        )
        rules = list(body.seat_rules.values_list("seat_category", "seats"))
        for name, url in manage_urls(body, membership).items():
            assert client.post(url, {"name": "x", "werkgevers": "9"}).status_code == 403, name
        after = (GoverningBody.objects.count(), Membership.objects.count(), Meeting.objects.count())
        assert after == before
        assert list(body.seat_rules.values_list("seat_category", "seats")) == rules
    page = client.get(reverse("regions:body-detail", args=[REGION, body.pk])).content.decode()
    assert ("Lid toevoegen" in page) is allowed
    assert ("Vergaderingen plannen" in page) is allowed
    region_page = client.get(reverse("regions:detail", args=[REGION])).content.decode()
    assert ("Orgaan toevoegen" in region_page) is allowed


def test_the_organisations_page_is_for_the_regions_roles(client, demo):
    url = reverse("regions:organisations", args=[REGION])
    login(client, "werkkamerlid-haaglanden")
    assert client.get(url).status_code == 200
    login(client, "werkkamerlid-gooi-en-vechtstreek")
    assert client.get(url).status_code == 403


def test_the_body_page_shows_the_rule_the_warning_and_the_history(client, demo):
    region = platform().region
    body = make_body(region=region, name="Proefplatform Haaglanden", frequency="halfjaarlijks")
    fill(body, werkgevers=2, overheid=4)
    member(body, Seat.WERKGEVERS, role="wethouder Economie", start=date(2012, 1, 1),
           end=date(2015, 6, 30))  # fmt: skip
    member(body, Seat.WERKGEVERS, role="ambtelijk secretaris", function=Function.SECRETARIS)
    login(client, "werkkamerlid-haaglanden")
    page = client.get(reverse("regions:body-detail", args=[REGION, body.pk])).content.decode()
    assert "3-3-1 (werkgevers 3, overheid 3, werknemers 1)" in page
    assert 'id="composition-warning"' in page
    assert "Werkgevers: 2 van 3 zetels bezet, 1 vacant" in page
    assert "Overheid: 4 van 3 zetels bezet, 1 te veel" in page
    assert "zetel werkgevers vacant sinds 01-07-2015 (wethouder Economie vertrokken)" in page
    former = page.split('id="former-heading"')[1]
    assert "wethouder Economie" in former and "30-06-2015" in former
    assert "ambtelijk secretaris" in page.split('id="current-members"')[1].split("</table>")[0]
    region_page = client.get(reverse("regions:detail", args=[REGION])).content.decode()
    assert f'id="body-{body.pk}-warning"' in region_page
    assert reverse("regions:body-detail", args=[REGION, body.pk]) in region_page


def test_haaglandens_platform_fits_its_rule_once_it_has_one(client, demo):
    body = platform()
    seated = body_composition(body, on=timezone.localdate())
    services.seat_rules_set(body=body, seats={c.category: c.filled for c in seated.counts})
    login(client, "secretaris-haaglanden")
    page = client.get(reverse("regions:body-detail", args=[REGION, body.pk])).content.decode()
    assert 'id="composition-ok"' in page
    assert 'id="composition-warning"' not in page


def test_the_body_page_has_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    region = platform().region
    body = make_body(region=region, name="Proefwerkgroep", frequency="maandelijks")
    login(client, "secretaris-haaglanden")
    url = reverse("regions:body-detail", args=[REGION, body.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(20):
        member(body, Seat.OVERIG, role=f"lid {number}", end=date(2020, 1, number + 1))
        member(body, Seat.OVERIG, role=f"opvolger {number}", start=date(2020, 3, number + 1))
        Meeting.objects.create(body=body, date=date(2025, 1, 1) + timedelta(days=7 * number))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("weer bezet op") == 20


# --- the secretary's forms --------------------------------------------------------------


def test_the_secretary_creates_a_body_under_the_platform(client, demo):
    login(client, "secretaris-haaglanden")
    parent = platform()
    response = client.post(
        reverse("regions:body-create", args=[REGION]),
        {
            "name": "Werkgroep Proef",
            "kind": "werkgroep",
            "meeting_frequency": "maandelijks",
            "parent": parent.pk,
            "description": "",
        },
    )
    body = GoverningBody.objects.get(name="Werkgroep Proef")
    assert response.status_code == 302
    assert response["Location"] == reverse("regions:body-detail", args=[REGION, body.pk])
    assert (body.region.slug, body.parent, body.revision) == (REGION, parent, 1)


def test_parent_choices_are_the_regions_other_bodies(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    other = GoverningBody.objects.filter(region__slug="gooi-en-vechtstreek").first()
    response = client.get(reverse("regions:body-update", args=[REGION, body.pk]))
    choices = {
        choice.value
        for choice, _label in response.context["form"].fields["parent"].choices
        if choice
    }
    assert other.pk not in choices and body.pk not in choices
    child = body.children.first()
    assert child is None or child.pk not in choices  # nothing under it: no circle
    data = {
        "revision": body.revision,
        "name": body.name,
        "kind": body.kind,
        "meeting_frequency": body.meeting_frequency,
        "parent": other.pk,
        "description": body.description,
    }
    response = client.post(reverse("regions:body-update", args=[REGION, body.pk]), data)
    assert response.status_code == 200
    assert platform().parent is None


def test_a_stale_body_save_is_refused_on_the_form(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    url = reverse("regions:body-update", args=[REGION, body.pk])
    data = {
        "revision": body.revision,
        "name": body.name,
        "kind": body.kind,
        "meeting_frequency": "kwartaal",
        "description": body.description,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "meeting_frequency": "jaarlijks"})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert platform().meeting_frequency == "kwartaal"


def test_a_duplicate_body_name_is_refused_on_the_form(client, demo):
    login(client, "secretaris-haaglanden")
    response = client.post(
        reverse("regions:body-create", args=[REGION]),
        {"name": PLATFORM, "kind": "werkgroep", "meeting_frequency": "", "description": ""},
    )
    assert response.status_code == 200
    assert GoverningBody.objects.filter(name=PLATFORM).count() == 1


def test_the_secretary_adds_a_member_and_ends_one(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    national = Organisation.objects.filter(region__isnull=True).first()
    response = client.post(
        reverse("regions:membership-create", args=[REGION, body.pk]),
        {
            "role_title": "directeur proef",
            "organisation": national.pk,
            "seat_category": "werkgevers",
            "function": "lid",
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    added = body.memberships.get(role_title="directeur proef")
    assert added.organisation == national
    url = reverse("regions:membership-update", args=[REGION, body.pk, added.pk])
    response = client.post(
        url,
        {
            "revision": added.revision,
            "role_title": "directeur proef",
            "organisation": national.pk,
            "seat_category": "werkgevers",
            "function": "lid",
            "start_date": "2026-01-01",
            "end_date": "2026-02-28",
        },
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.end_date == date(2026, 2, 28) and added.history.count() == 2
    page = client.get(reverse("regions:body-detail", args=[REGION, body.pk])).content.decode()
    assert "directeur proef" in page.split('id="former-heading"')[1]


def test_organisations_of_another_region_cannot_be_chosen(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    foreign = Organisation.objects.filter(region__slug="gooi-en-vechtstreek").first()
    response = client.post(
        reverse("regions:membership-create", args=[REGION, body.pk]),
        {
            "role_title": "directeur elders",
            "organisation": foreign.pk,
            "seat_category": "werkgevers",
            "function": "lid",
        },
    )
    assert response.status_code == 200
    assert not body.memberships.filter(role_title="directeur elders").exists()


def test_an_end_before_the_start_is_refused(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    response = client.post(
        reverse("regions:membership-create", args=[REGION, body.pk]),
        {
            "role_title": "omgekeerd",
            "seat_category": "werkgevers",
            "function": "lid",
            "start_date": "2026-02-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not body.memberships.filter(role_title="omgekeerd").exists()


def test_the_secretary_sets_the_seat_rule(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    url = reverse("regions:seat-rules", args=[REGION, body.pk])
    response = client.post(
        url, {"werkgevers": "3", "overheid": "3", "werknemers": "1", "onderwijs": "", "overig": "0"}
    )
    assert response.status_code == 302
    assert dict(body.seat_rules.values_list("seat_category", "seats")) == {
        "werkgevers": 3,
        "overheid": 3,
        "werknemers": 1,
    }
    form = client.get(url).context["form"]
    assert form["werkgevers"].value() == 3
    refused = client.post(url, {"werkgevers": "-1"})
    assert refused.status_code == 200
    assert body.seat_rules.count() == 3


def plan_post(dates, chosen):
    data = {"plan-TOTAL_FORMS": str(len(dates)), "plan-INITIAL_FORMS": str(len(dates))}
    for index, day in enumerate(dates):
        data[f"plan-{index}-date"] = day
        if index in chosen:
            data[f"plan-{index}-chosen"] = "on"
    return data


def test_the_secretary_confirms_proposed_dates(client, demo):
    region = platform().region
    body = make_body(region=region, name="Proefwerkgroep", frequency="maandelijks")
    login(client, "secretaris-haaglanden")
    detail = reverse("regions:body-detail", args=[REGION, body.pk])
    planning = client.get(detail).context["planning"]
    proposed = [form.initial["date"] for form in planning.forms]
    assert len(proposed) == 4 and all(day > timezone.localdate() for day in proposed)
    moved = (proposed[1] + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("regions:meetings-plan", args=[REGION, body.pk]),
        plan_post([proposed[0].isoformat(), moved, proposed[2].isoformat()], chosen={0, 1}),
    )
    assert response.status_code == 302 and response["Location"] == detail
    assert sorted(body.meetings.values_list("date", flat=True)) == [
        proposed[0],
        proposed[1] + timedelta(days=1),
    ]
    page = client.get(detail).content.decode()
    assert proposed[0].strftime("%d-%m-%Y") in page.split('id="upcoming-meetings"')[1]


def test_planning_a_taken_date_shows_the_dutch_message(client, demo):
    region = platform().region
    body = make_body(region=region, name="Proefwerkgroep", frequency="maandelijks")
    taken = timezone.localdate() + timedelta(days=10)
    Meeting.objects.create(body=body, date=taken)
    login(client, "secretaris-haaglanden")
    response = client.post(
        reverse("regions:meetings-plan", args=[REGION, body.pk]),
        plan_post([taken.isoformat()], chosen={0}),
    )
    assert response.status_code == 200
    assert f"Op {taken:%d-%m-%Y} vergadert Proefwerkgroep al." in response.content.decode()
    assert body.meetings.count() == 1


def test_planning_refuses_a_past_date_and_nothing_ticked(client, demo):
    region = platform().region
    body = make_body(region=region, name="Proefwerkgroep", frequency="maandelijks")
    login(client, "secretaris-haaglanden")
    url = reverse("regions:meetings-plan", args=[REGION, body.pk])
    past = client.post(url, plan_post(["2020-01-01"], chosen={0}))
    assert "Een nieuwe vergadering ligt niet in het verleden." in past.content.decode()
    none = client.post(url, plan_post([timezone.localdate().isoformat()], chosen=set()))
    assert "Vink ten minste één datum aan." in none.content.decode()
    assert body.meetings.count() == 0


# --- admin ------------------------------------------------------------------------------


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_the_admin_saves_bodies_seats_and_members_through_the_services(client, demo):
    from tests.otp import verified_login

    verified_login(client, "beheerder")
    body = make_body(region=platform().region, name="Proef via beheer", rule=())
    data = {
        "region": body.region_id,
        "name": body.name,
        "kind": body.kind,
        "meeting_frequency": "kwartaal",
        "parent": "",
        "description": "",
        **inline("seat_rules", [{"seat_category": "werkgevers", "seats": "2"}]),
        **inline(
            "memberships",
            [{"role_title": "wethouder", "seat_category": "werkgevers", "function": "lid"}],
        ),
    }
    url = reverse("admin:regions_governingbody_change", args=[body.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    body.refresh_from_db()
    # The body's fields and its seat rule are two saves of the body: revision 1 → 3.
    assert (body.meeting_frequency, body.revision) == ("kwartaal", 3)
    assert dict(body.seat_rules.values_list("seat_category", "seats")) == {"werkgevers": 2}
    added = body.memberships.get()
    assert added.history.first().history_user.username == "beheerder"
    page = client.get(url).content.decode()
    assert "memberships-0-DELETE" not in page
    delete = reverse("admin:regions_membership_delete", args=[added.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=added.pk).exists()


def test_a_stale_membership_save_is_refused_and_keeps_the_input(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    membership = body.memberships.filter(function="lid").first()
    url = reverse("regions:membership-update", args=[REGION, body.pk, membership.pk])
    data = {
        "revision": membership.revision,
        "role_title": membership.role_title,
        "organisation": membership.organisation_id or "",
        "seat_category": membership.seat_category,
        "function": "lid",
        "end_date": "2026-06-30",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "end_date": "2026-09-30"}).content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in stale
    assert 'value="2026-09-30"' in stale
    membership.refresh_from_db()
    assert membership.end_date == date(2026, 6, 30)


def test_a_member_is_found_only_under_its_own_body(client, demo):
    login(client, "secretaris-haaglanden")
    body = platform()
    membership = body.memberships.first()
    other = GoverningBody.objects.filter(region__slug=REGION).exclude(pk=body.pk).first()
    url = reverse("regions:membership-update", args=[REGION, other.pk, membership.pk])
    assert client.get(url).status_code == 404
