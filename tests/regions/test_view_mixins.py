"""The governance pages' shared pieces (regions/views/mixins.py): a service's refusal on the
form, beside the field it names or above the form, and the region of the URL (404 when
unknown, login for anonymous)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.concurrency import ConcurrentEditError
from regions.models import Region
from regions.services import GovernanceError
from regions.views.mixins import refusal_messages, show_refusal

pytestmark = pytest.mark.django_db


class TitleForm(forms.Form):
    title = forms.CharField()


def bound_form():
    form = TitleForm({"title": "Werkkamer"})
    assert form.is_valid()
    return form


def test_a_refusal_naming_a_field_goes_beside_it_and_an_unknown_field_above():
    form = bound_form()
    show_refusal(
        form, GovernanceError({"title": "Deze titel bestaat al.", "body": "Ander orgaan."})
    )
    assert form.errors["title"] == ["Deze titel bestaat al."]
    assert form.non_field_errors() == ["Ander orgaan."]


def test_a_refusal_without_a_field_goes_above_the_form():
    form = bound_form()
    show_refusal(form, ValidationError("Dit voorstel is al besloten."))
    assert form.non_field_errors() == ["Dit voorstel is al besloten."]
    assert "title" not in form.errors


def test_a_stale_save_of_another_object_says_so_above_the_form(demo):
    form = bound_form()
    error = ConcurrentEditError(Region.objects.first())
    show_refusal(form, error)
    [shown] = form.non_field_errors()
    assert shown.startswith("Iemand anders heeft dit intussen gewijzigd.")
    assert refusal_messages(error) == [shown]


def test_an_unknown_region_is_not_found_and_anonymous_goes_to_login(client, demo):
    url = reverse("regions:meeting-list", args=["bestaat-niet"])
    assert client.get(url).status_code == 302
    client.login(username="secretaris-gooi-en-vechtstreek", password="demo")
    assert client.get(url).status_code == 404
