"""The API tests' helpers: tokens made through the service, and a client that sends one."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from regions.models import Region, RoleAssignment
from regions.services import api_token_create
from tests.factories import UserFactory


def make_token(region, *, may_deliver=False, name="test"):
    """A token of `region` (None: national) made by a beheerder, and its secret."""
    maker = get_user_model().objects.filter(is_superuser=True).first() or UserFactory(
        is_superuser=True, is_staff=True
    )
    return api_token_create(name=name, region=region, may_deliver=may_deliver, actor=maker)


def token_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def haaglanden(db):
    return Region.objects.get(slug="haaglanden")


@pytest.fixture
def midden_gelderland(db):
    return Region.objects.get(slug="midden-gelderland")


@pytest.fixture
def haaglanden_api(haaglanden):
    """A client with a read token of Haaglanden."""
    _token, secret = make_token(haaglanden)
    return token_client(secret)


@pytest.fixture
def national_api(db):
    _token, secret = make_token(None)
    return token_client(secret)


@pytest.fixture
def regiobeheerder(haaglanden):
    return UserFactory(role=(haaglanden, RoleAssignment.Role.REGIOBEHEERDER))
