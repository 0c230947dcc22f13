"""Budget against actual as the user reads it: the money page's tables (per category, year,
line → project and budget line) as of a peildatum, the plan page's summary, who may read
them, and query counts that do not grow with the entries and budget lines."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import BudgetLine, Expenditure
from programmes.models import ActionPlan
from tests.factories import PlanFactory, UserFactory, approved_expenditure
from tests.programmes.helpers import MIDDEN_GELDERLAND, is_login_redirect, login, plan

pytestmark = pytest.mark.django_db

PASSWORD = "demo"


def money_url(plan_obj, **query) -> str:
    url = reverse("budgets:plan-money", kwargs={"plan_pk": plan_obj.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(page: str, element_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return text(match.group(0))


def test_midden_gelderland_per_line_and_year(client, demo):
    login(client, "werkkamerlid-midden-gelderland")
    page = client.get(money_url(plan(MIDDEN_GELDERLAND), peildatum="31-12-2020")).content.decode()
    print(text(page))
    assert 0
