"""No side doors in the admin (/beheer/): as a superuser, a plan's status changes only by the
actions that call plan_change_status; an adopted plan and its rows (targets above all) are
read-only and cannot be deleted; a plan with realisations is never deleted; what may still be
edited goes through the services (revision counted). Each refusal is checked on the response
and on the database."""

from datetime import date

import pytest
from django.urls import reverse

from placements import services as placement_services
from programmes import services
from programmes.models import ActionPlan, Risk

from ..admin_world import change_url, changelist_url, delete_url, post_change, run_action
from ..otp import verified_login
from ..placements.grid_helpers import make_plan, period
from .helpers import form_data, messages_of

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status


# The plan's status -----------------------------------------------------------------------


def test_status_is_not_a_field_of_the_plan_form(beheerder, concept):
    response = post_change(beheerder, concept, title="Nieuwe titel", status=Status.VASTGESTELD)
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.title == "Nieuwe titel"  # an open plan may still be edited here
    assert concept.status == Status.CONCEPT  # but its status is not
    assert concept.revision == 2  # saved through plan_update: a stale page form now conflicts


def test_status_changes_by_the_actions_through_the_service(beheerder, world, concept):
    response = run_action(beheerder, ActionPlan, "make_ter_bespreking", concept)
    assert response.status_code == 200
    concept.refresh_from_db()
    assert concept.status == Status.TER_BESPREKING
    assert concept.status_changed_by == world.users["beheerder"]
    assert concept.history.first().history_user == world.users["beheerder"]


def test_a_status_step_outside_the_transitions_is_refused(beheerder, concept):
    response = run_action(beheerder, ActionPlan, "make_afgesloten", concept)
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT
    assert ("error", f"{concept}: Een plan met status concept kan niet naar afgesloten.") in (
        messages_of(response)
    )


# An adopted plan ---------------------------------------------------------------------------


def test_an_adopted_plan_cannot_be_changed_or_deleted(beheerder, adopted):
    assert beheerder.get(change_url(adopted)).status_code == 200  # still readable
    data = {"title": "Anders", "_save": "Opslaan"}
    assert beheerder.post(change_url(adopted), data).status_code == 403
    assert beheerder.post(delete_url(adopted), {"post": "yes"}).status_code == 403
    adopted.refresh_from_db()
    assert adopted.title == "Actieplan test"


def test_a_target_of_an_adopted_plan_is_revised_only_on_the_progress_page(beheerder, adopted):
    matches = adopted.matches
    assert beheerder.get(change_url(matches)).status_code == 200
    data = {"value": "999", "_save": "Opslaan"}
    assert beheerder.post(change_url(matches), data).status_code == 403
    assert beheerder.post(delete_url(matches), {"post": "yes"}).status_code == 403
    matches.refresh_from_db()
    assert (matches.value, matches.original_value, matches.revision_reason) == (100, None, "")


def test_reverting_an_adopted_plan_to_an_old_version_is_refused(beheerder, adopted):
    oldest = adopted.history.last()
    url = reverse(
        "admin:programmes_actionplan_simple_history", args=[adopted.pk, oldest.history_id]
    )
    assert beheerder.post(url, {"title": "Terug"}).status_code == 403
    adopted.refresh_from_db()
    assert adopted.status == Status.VASTGESTELD


def test_no_row_is_added_to_an_adopted_plan(beheerder, adopted):
    risks_before = Risk.objects.count()
    url = reverse("admin:programmes_risk_add")
    response = beheerder.post(url, {"plan": adopted.pk, "description": "Een nieuw risico"})
    assert response.status_code == 200
    assert "Dit plan is vastgesteld en kan niet meer worden gewijzigd." in (
        response.content.decode()
    )
    assert Risk.objects.count() == risks_before


def test_a_closed_period_cannot_be_changed_or_deleted(beheerder, world, concept):
    closed = services.period_close(
        period=period(concept, "2019-K1"), actor=world.users["beheerder"]
    )
    data = {"plan": concept.pk, "code": "2019-K1", "start_date": "01-01-2019"}
    assert beheerder.post(change_url(closed), {**data, "end_date": "30-06-2019"}).status_code == 403
    assert beheerder.post(delete_url(closed), {"post": "yes"}).status_code == 403
    closed.refresh_from_db()
    assert closed.end_date == date(2019, 3, 31) and closed.is_closed


# History protects ----------------------------------------------------------------------------


def test_a_plan_with_realisations_is_not_deleted(beheerder, world, concept):
    placement_services.realisation_record(
        target=concept.matches, period=period(concept, "2019-K1"), count=4, expected_count=None
    )
    assert beheerder.post(delete_url(concept), {"post": "yes"}).status_code == 403
    assert ActionPlan.objects.filter(pk=concept.pk).exists()


def test_an_open_plan_without_history_may_still_be_deleted(beheerder, world):
    plan = make_plan(world, title="Weg ermee")
    response = beheerder.post(delete_url(plan), {"post": "yes"})
    assert response.status_code == 302
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()


# Allowed edits go through the services ----------------------------------------------------------


def test_a_target_of_an_open_plan_is_saved_through_the_service(beheerder, world, concept):
    matches = concept.matches
    response = post_change(beheerder, matches, value=120)
    assert response.status_code == 302, response.content.decode()[:3000]
    matches.refresh_from_db()
    assert (matches.value, matches.revision) == (120, 2)
    assert matches.history.first().history_user == world.users["beheerder"]


def test_a_proposal_saved_in_the_admin_counts_its_revision(beheerder, world):
    from regions.models import GoverningBody, Proposal

    body = GoverningBody.objects.create(region=world.region, name="Werkkamer", kind="werkkamer")
    proposal = Proposal.objects.create(
        body=body,
        reference="99.0000001",
        date="2017-02-08",
        subject="Projectleider",
        decision_points="Instemmen met de inzet van een projectleider",
    )
    response = post_change(beheerder, proposal, subject="Projectleider Banenafspraken")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.subject, proposal.revision) == ("Projectleider Banenafspraken", 2)


def test_a_target_with_realisations_is_not_deleted_even_in_an_open_plan(beheerder, concept):
    placement_services.realisation_record(
        target=concept.matches, period=period(concept, "2019-K1"), count=4, expected_count=None
    )
    response = beheerder.post(delete_url(concept.matches), {"post": "yes"})
    assert response.status_code == 200  # the admin names what protects it and deletes nothing
    assert "realisatie" in response.content.decode().lower()
    assert concept.targets.filter(pk=concept.matches.pk).exists()


# A new version and a new plan ---------------------------------------------------------------


def test_the_new_version_action_makes_the_version_with_its_budget(beheerder, world, adopted):
    from budgets.models import BudgetLine

    BudgetLine.objects.create(plan=adopted, year=2019, amount=500)
    response = run_action(beheerder, ActionPlan, "make_new_version", adopted)
    new = ActionPlan.objects.get(previous_version=adopted)
    assert (new.version, new.status) == (2, Status.CONCEPT)
    assert new.status_changed_by == world.users["beheerder"]
    assert BudgetLine.objects.filter(plan=new).get().amount == 500
    assert ("success", f"{adopted}: Versie 2 is aangemaakt als concept.") in messages_of(response)


def test_the_new_version_action_refuses_an_open_plan(beheerder, concept):
    response = run_action(beheerder, ActionPlan, "make_new_version", concept)
    assert not ActionPlan.objects.filter(previous_version=concept).exists()
    assert (
        "error",
        f"{concept}: Alleen van een vastgesteld of afgesloten plan kan een nieuwe versie "
        "worden gemaakt.",
    ) in messages_of(response)


def test_the_new_version_action_asks_the_pages_permission(beheerder, adopted, monkeypatch):
    from programmes import admin as programme_admin

    asked = []

    def refuse(user, plan):
        asked.append((user.username, plan))
        return False

    monkeypatch.setattr(programme_admin, "can_make_new_version", refuse)
    response = run_action(beheerder, ActionPlan, "make_new_version", adopted)
    assert asked == [("beheerder-test", adopted)]
    assert not ActionPlan.objects.filter(previous_version=adopted).exists()
    assert (
        "error",
        f"{adopted}: U mag van dit plan geen nieuwe versie maken.",
    ) in messages_of(response)


def test_the_new_version_action_is_refused_outside_the_beheerder(client, world, adopted):
    manager = world.users["programmamanager"]
    manager.is_staff = True
    manager.save()
    verified_login(client, manager)
    response = client.post(
        changelist_url(ActionPlan),
        {"action": "make_new_version", "_selected_action": [adopted.pk]},
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ActionPlan.objects.filter(previous_version=adopted).exists()


def test_a_plan_added_here_is_made_by_plan_create(beheerder, world):
    add_url = reverse("admin:programmes_actionplan_add")
    data = form_data(
        beheerder.get(add_url),
        region=str(world.region.pk),
        programme=str(world.programme.pk),
        title="Uit de beheeromgeving",
        start_date="2021-01-01",
        end_date="2021-12-31",
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    response = beheerder.post(add_url, {**data, "_save": "Opslaan"})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ActionPlan.objects.get(title="Uit de beheeromgeving")
    assert (plan.status, plan.version, plan.revision) == (Status.CONCEPT, 1, 1)
    assert plan.status_changed_by == world.users["beheerder"]
    assert list(plan.periods.values_list("code", flat=True)) == [
        "2021-K1",
        "2021-K2",
        "2021-K3",
        "2021-K4",
    ]
