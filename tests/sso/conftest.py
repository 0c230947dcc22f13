"""Fixtures of the single sign-on tests: the real OpenID provider (tests/sso/provider.py),
started once for the folder, and the product's settings pointing at it."""

import json

import pytest

from tests.sso.provider import BACKEND, SECRETARY, SECRETARY_SUB, start_provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    yield from start_provider(tmp_path_factory.mktemp("oidc"), ["http://testserver/oidc/callback/"])


@pytest.fixture
def provider(oidc_provider):
    """The provider with its one account as the tests start from (a test may change it)."""
    oidc_provider.accounts = {SECRETARY_SUB: json.loads(json.dumps(SECRETARY))}
    oidc_provider.save()
    return oidc_provider


@pytest.fixture
def oidc_on(settings, provider):
    """Single sign-on switched on, as OIDC_RP_CLIENT_ID and the rest would in the environment
    (base.py then adds the backend after the local ones)."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider
