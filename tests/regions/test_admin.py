"""The admin edits every region at once: only a beheerder may enter, as the permissions
module decides; every model's changelist opens without errors."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from ..otp import verified_login

pytestmark = pytest.mark.django_db


def test_beheerder_opens_every_changelist(client, demo):
    verified_login(client, "beheerder")
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "username", ["programmamanager-haaglanden", "secretaris-haaglanden", "werkkamerlid-haaglanden"]
)
def test_other_roles_are_refused(client, demo, username):
    verified_login(client, username)  # with a second factor: the role alone refuses
    response = client.get(reverse("admin:programmes_actionplan_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_flag_alone_is_not_enough(client, demo):
    user = get_user_model().objects.get(username="programmamanager-haaglanden")
    user.is_staff = True
    user.save()
    verified_login(client, user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_beheerder_opens_a_change_page_of_every_model(client, demo):
    """Editable or read-only (an adopted plan, a realisation), every model's page opens."""
    verified_login(client, "beheerder")
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").last()
        if obj is None:
            continue
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        assert client.get(url).status_code == 200, url
