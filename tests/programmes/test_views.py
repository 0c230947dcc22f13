"""The programmamanager of Gooi en Vechtstreek works on a plan through the browser (the test
client): creates it, adds lines, projects, targets and a two-year budget, reads the computed
totals and discrepancies, meets validation in Dutch, cannot overwrite a colleague's save,
adopts the plan, makes a new version, compares it, reads the history."""

import pytest
from django.utils import timezone

from budgets.models import BudgetLine
from placements.models import Realisation
from programmes.models import ActionPlan, Programme, Project, Target
from regions.models import Region

from .helpers import form_data, login, messages_of, url, user
from .plan_flow import (
    MANAGER,
    assert_refused,
    child_url,
    fresh,
    matches,
    page_of,
    submit,
)

pytestmark = pytest.mark.django_db


def test_new_plan_is_a_concept_of_the_managers_region(flow):
    plan = fresh(flow.plan)
    assert plan.region == Region.objects.get(slug="gooi-en-vechtstreek")
    assert (plan.status, plan.version) == (ActionPlan.Status.CONCEPT, 1)
    assert plan.status_changed_by == user(MANAGER)
    assert [p.line.title for p in flow.projects.values()] == [
        "Werkgeversdienstverlening",
        "Werkgeversdienstverlening",
        "Scholing",
    ]
    assert (
        Target.objects.get(project=flow.projects["Banenmarkt"]).line
        == flow.lines["Werkgeversdienstverlening"]
    )  # the line follows from the project


def test_plan_page_shows_computed_targets_and_the_discrepancy(flow):
    html = page_of(flow.client, flow.plan)
    assert "Afwijking: genoemd 150, berekend 130" in html
    assert "100 Matches" in html  # Werkgeversdienstverlening: 40 + 60 from its projects


def test_saving_a_differing_stated_target_warns_but_saves(flow):
    response = flow.stated_response
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == flow.plan.get_absolute_url() + "#targets-heading"
    levels = [level for level, _text in messages_of(response)]
    assert "warning" in levels and "error" not in levels
    warning = next(text for level, text in messages_of(response) if level == "warning")
    assert "150" in warning and "130" in warning
    assert "utrecht-alert--warning" in response.content.decode()
    assert Target.objects.filter(plan=flow.plan, line=None, value=150).exists()


# --- validation in Dutch, on the field --------------------------------------------------------


def test_negative_target_is_refused(flow):
    count = Target.objects.count()
    response = submit(
        flow.client, child_url(flow.plan, "target-create"), indicator=matches().pk, value="-5"
    )
    assert_refused(response, "value", "Doel", "negatief")
    assert Target.objects.count() == count


def test_project_ending_before_it_starts_is_refused(flow):
    count = Project.objects.count()
    response = submit(
        flow.client,
        child_url(flow.plan, "project-create"),
        title="Omgekeerd",
        line=flow.lines["Scholing"].pk,
        start_date="2021-06-01",
        end_date="2021-01-31",
    )
    assert_refused(response, "end_date", "Einddatum", "einddatum")
    assert Project.objects.count() == count


def test_plan_ending_before_it_starts_is_refused(manager):
    count = ActionPlan.objects.count()
    response = submit(
        manager,
        url("programmes:plan-create"),
        title="Omgekeerd plan",
        programme=Programme.objects.get(code="banenafspraak").pk,
        start_date="2022-01-01",
        end_date="2021-01-01",
    )
    assert_refused(response, "end_date", "Einddatum", "einddatum")
    assert ActionPlan.objects.count() == count


def test_target_without_indicator_is_refused(flow):
    count = Target.objects.count()
    response = submit(flow.client, child_url(flow.plan, "target-create"), value=10, indicator=None)
    assert_refused(response, "indicator", "Indicator", "indicator")
    assert Target.objects.count() == count


# --- no lost updates --------------------------------------------------------------------------


def two_forms_of_the_same_target(flow):
    target = Target.objects.get(project=flow.projects["Banenmarkt"])
    form_url = child_url(flow.plan, "target-update", pk=target.pk)
    first = form_data(flow.client.get(form_url), value=70)
    second = form_data(flow.client.get(form_url), value=80)
    assert first["revision"] == second["revision"] == str(target.revision)
    return target, form_url, first, second


def test_a_stale_save_is_refused_and_keeps_the_typed_value(flow):
    target, form_url, first, second = two_forms_of_the_same_target(flow)

    assert flow.client.post(form_url, first).status_code == 302
    response = flow.client.post(form_url, second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert form_data(response)["value"] == "80"  # what the second person typed is still there
    assert fresh(target).value == 70


def test_saving_again_after_the_refusal_stores_the_second_value(flow):
    target, form_url, first, second = two_forms_of_the_same_target(flow)
    flow.client.post(form_url, first)
    refused = flow.client.post(form_url, second)

    again = flow.client.post(form_url, form_data(refused))  # the user presses Opslaan again

    assert "Iemand anders heeft dit intussen gewijzigd" not in again.content.decode()
    assert again.status_code == 302
    assert fresh(target).value == 80


def test_a_stale_plan_save_is_refused(flow):
    form_url = url("programmes:plan-update", pk=flow.plan.pk)
    first = form_data(flow.client.get(form_url), title="Eerste titel")
    second = form_data(flow.client.get(form_url), title="Tweede titel")
    assert flow.client.post(form_url, first).status_code == 302
    response = flow.client.post(form_url, second)
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert fresh(flow.plan).title == "Eerste titel"


def test_a_stale_plan_save_says_when_it_was_saved_in_local_time(flow):
    form_url = url("programmes:plan-update", pk=flow.plan.pk)
    first = form_data(flow.client.get(form_url), title="Eerste titel")
    second = form_data(flow.client.get(form_url), title="Tweede titel")
    flow.client.post(form_url, first)
    response = flow.client.post(form_url, second)
    saved = timezone.localtime(fresh(flow.plan).updated_at).strftime("%d-%m-%Y %H:%M")
    assert f"Laatst opgeslagen op {saved}" in response.content.decode()


# --- adopting, a new version, comparing, history ----------------------------------------------


def change_status(client, plan, status):
    return client.post(
        url("programmes:plan-status", pk=plan.pk),
        {"status": status, "revision": fresh(plan).revision},
    )


def test_adopting_makes_the_plan_read_only(flow):
    client, plan = flow.client, flow.plan
    assert change_status(client, plan, "ter_bespreking").status_code == 302
    assert change_status(client, plan, "vastgesteld").status_code == 302
    assert fresh(plan).status == ActionPlan.Status.VASTGESTELD

    target = Target.objects.filter(plan=plan).first()
    budget_line = BudgetLine.objects.filter(plan=plan).first()
    edit_urls = [
        url("programmes:plan-update", pk=plan.pk),
        child_url(plan, "line-create"),
        child_url(plan, "line-update", pk=flow.lines["Scholing"].pk),
        child_url(plan, "project-update", pk=flow.projects["Banenmarkt"].pk),
        child_url(plan, "target-update", pk=target.pk),
        child_url(plan, "target-delete", pk=target.pk),
        child_url(plan, "budgetline-create"),
        child_url(plan, "budgetline-update", pk=budget_line.pk),
    ]
    for edit_url in edit_urls:
        refused = client.get(edit_url)
        assert refused.status_code == 403, edit_url
        assert "kan niet meer worden gewijzigd" in refused.content.decode()  # and says why
    assert client.post(child_url(plan, "target-delete", pk=target.pk)).status_code == 403
    assert Target.objects.filter(pk=target.pk).exists()

    html = page_of(client, plan)
    assert "alleen-lezen" in html
    assert "Plan bewerken" not in html
    assert "Nieuwe versie maken" in html


def test_going_from_concept_straight_to_vastgesteld_is_refused(flow):
    response = change_status(flow.client, flow.plan, "vastgesteld")
    assert response.status_code == 302
    assert ("error", "Deze statuswijziging is niet toegestaan.") in messages_of(response)
    assert fresh(flow.plan).status == ActionPlan.Status.CONCEPT


def test_werkkamerlid_cannot_change_the_status(flow, client):
    client.logout()
    login(client, "werkkamerlid-gooi-en-vechtstreek")
    assert change_status(client, flow.plan, "ter_bespreking").status_code == 403
    assert fresh(flow.plan).status == ActionPlan.Status.CONCEPT


def test_new_version_and_compare_show_a_changed_budget_amount(flow):
    client, plan = flow.client, flow.plan
    change_status(client, plan, "ter_bespreking")
    change_status(client, plan, "vastgesteld")

    response = client.post(url("programmes:plan-new-version", pk=plan.pk))
    new = ActionPlan.objects.get(previous_version=plan)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert (new.version, new.status) == (2, ActionPlan.Status.CONCEPT)
    assert BudgetLine.objects.filter(plan=new).count() == 3

    banenmarkt = BudgetLine.objects.get(plan=new, project__title="Banenmarkt")
    assert (
        submit(
            client, child_url(new, "budgetline-update", pk=banenmarkt.pk), amount="350000"
        ).status_code
        == 302
    )

    compare = client.get(url("programmes:plan-compare", pk=new.pk))
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Werkgeversdienstverlening – Banenmarkt – 2021" in html
    assert "€ 300.000" in html and "€ 350.000" in html
    assert [(c.old, c.new) for c in compare.context["budget"]] == [(300000, 350000)]
    assert "Vergelijk met versie 1" in page_of(client, new)


def test_first_version_has_nothing_to_compare(flow):
    assert flow.client.get(url("programmes:plan-compare", pk=flow.plan.pk)).status_code == 404


def test_history_shows_who_changed_which_field(flow):
    target = Target.objects.get(project=flow.projects["Banenmarkt"])
    assert (
        submit(
            flow.client, child_url(flow.plan, "target-update", pk=target.pk), value=45
        ).status_code
        == 302
    )

    response = flow.client.get(url("programmes:plan-history", pk=flow.plan.pk))
    assert response.status_code == 200
    html = response.content.decode()
    manager = user(MANAGER)
    who = manager.get_full_name() or manager.username  # how the page names people
    row = next(entry for entry in response.context["entries"] if entry.changes)
    assert (row.who, row.kind, row.changes) == (who, "doelstelling", [("doel", 40, 45)])
    assert "doel: 40 → 45" in html
    assert who in html


# --- deleting ---------------------------------------------------------------------------------


def test_a_target_with_realisations_cannot_be_deleted(flow):
    target = Target.objects.get(project=flow.projects["Praktijkleren"])
    Realisation.objects.create(target=target, period=flow.plan.periods.first(), count=4)

    response = flow.client.post(child_url(flow.plan, "target-delete", pk=target.pk), follow=True)

    assert response.status_code == 200
    errors = [text for level, text in messages_of(response) if level == "error"]
    assert len(errors) == 1 and "kan niet worden verwijderd" in errors[0]
    assert "realisaties" in errors[0]
    assert "kan niet worden verwijderd" in response.content.decode()
    assert Target.objects.filter(pk=target.pk).exists()


def test_a_target_without_realisations_can_be_deleted(flow):
    target = Target.objects.get(project=flow.projects["Praktijkleren"])
    form_url = child_url(flow.plan, "target-delete", pk=target.pk)
    assert flow.client.get(form_url).status_code == 200
    response = flow.client.post(form_url)
    assert response.status_code == 302
    assert any(level == "success" for level, _text in messages_of(response))
    assert not Target.objects.filter(pk=target.pk).exists()


def test_a_row_form_is_titled_in_the_users_language(flow):
    """The row forms' titles are translated per request: English after switching, Dutch again
    for the next Dutch user (not frozen in whichever language the module was imported in)."""
    create_line = url("programmes:line-create", plan_pk=flow.plan.pk)
    assert "Lijn toevoegen" in flow.client.get(create_line).content.decode()
    flow.client.post("/i18n/setlang/", {"language": "en", "next": create_line})
    html = flow.client.get(create_line).content.decode()
    assert "Add line" in html and "Lijn toevoegen" not in html
