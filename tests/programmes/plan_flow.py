"""The plan that tests/programmes/test_views.py and tests/budgets/test_views.py work on: the
programmamanager of Gooi en Vechtstreek enters it through the forms of the test client (the
`flow` fixture), and the helpers to open, fill in and read back those forms."""

from types import SimpleNamespace

import pytest

from programmes.models import ActionPlan, Indicator, PlanLine, Programme, Project

from .helpers import form_data, login, url

MANAGER = "programmamanager-gooi-en-vechtstreek"
TITLE = "Actieplan Werk in Gooi en Vechtstreek 2021-2022"
TWO_YEARS = {"start_date": "2021-01-01", "end_date": "2022-12-31"}


def submit(client, form_url, follow=False, **typed):
    """Open the form at `form_url`, type `typed` into it and press Opslaan."""
    page = client.get(form_url)
    assert page.status_code == 200, page.status_code
    return client.post(form_url, form_data(page, **typed), follow=follow)


def child_url(plan, name, **kwargs):
    namespace = "budgets" if name.startswith("budgetline") else "programmes"
    return url(f"{namespace}:{name}", plan_pk=plan.pk, **kwargs)


def page_of(client, plan) -> str:
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def field_errors(response, field) -> str:
    return " ".join(response.context["form"].errors.get(field, []))


def matches():
    return Indicator.objects.get(code="matches")


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


@pytest.fixture
def manager(client, demo):
    return login(client, MANAGER)


@pytest.fixture
def flow(manager):
    """A new plan with two lines, three projects, project targets, a stated plan target and a
    two-year budget, all entered through the forms."""
    client = manager
    created = submit(
        client,
        url("programmes:plan-create"),
        title=TITLE,
        **TWO_YEARS,
        programme=Programme.objects.get(code="banenafspraak").pk,
    )
    assert created.status_code == 302
    plan = ActionPlan.objects.get(title=TITLE)
    assert created["Location"] == plan.get_absolute_url()

    for position, title in enumerate(["Werkgeversdienstverlening", "Scholing"], start=1):
        assert (
            submit(
                client, child_url(plan, "line-create"), position=position, title=title
            ).status_code
            == 302
        )
    lines = {line.title: line for line in PlanLine.objects.filter(plan=plan)}

    for line_title, title in [
        ("Werkgeversdienstverlening", "Banenmarkt"),
        ("Werkgeversdienstverlening", "Jobcoaching"),
        ("Scholing", "Praktijkleren"),
    ]:
        form_url = child_url(plan, "project-create") + f"?lijn={lines[line_title].pk}"
        assert submit(client, form_url, title=title).status_code == 302
    projects = {p.title: p for p in Project.objects.filter(line__plan=plan)}

    for title, value in [("Banenmarkt", 40), ("Jobcoaching", 60), ("Praktijkleren", 30)]:
        response = submit(
            client,
            child_url(plan, "target-create"),
            project=projects[title].pk,
            indicator=matches().pk,
            value=value,
        )
        assert response.status_code == 302, field_errors(response, "__all__")

    # The plan states 150 matches; its parts add up to 130.
    stated = submit(
        client,
        child_url(plan, "target-create"),
        follow=True,
        indicator=matches().pk,
        value=150,
        description="150 matches",
    )

    for project, year, amount in [
        ("Banenmarkt", 2021, "300000"),
        ("Jobcoaching", 2021, "200000"),
        ("Praktijkleren", 2022, "530000"),
    ]:
        assert (
            submit(
                client,
                child_url(plan, "budgetline-create"),
                project=projects[project].pk,
                year=year,
                amount=amount,
            ).status_code
            == 302
        )
    return SimpleNamespace(
        client=client, plan=plan, lines=lines, projects=projects, stated_response=stated
    )


# --- building a plan --------------------------------------------------------------------------


def assert_refused(response, field, label, words):
    """The form comes back with the message on the field and in the summary above."""
    assert response.status_code == 200
    assert words in field_errors(response, field), response.context["form"].errors
    assert f">{label}</a>: " in response.content.decode()
