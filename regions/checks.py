"""System checks of regions' settings: the single sign-on role mapping is read at start-up
(`manage.py check`, runserver, migrate), so a wrong group entry stops the deploy rather than
quietly giving fewer roles at a login."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def role_mapping_check(app_configs, **kwargs):
    from .services.sso import role_mapping_parse  # the services need the apps loaded

    try:
        role_mapping_parse(getattr(settings, "OIDC_ROLE_MAPPING", ""))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="regions.E001")]
    if getattr(settings, "OIDC_ROLE_MAPPING", "") and not getattr(
        settings, "OIDC_GROUPS_CLAIM", ""
    ):
        return [
            checks.Warning(
                "OIDC_ROLE_MAPPING is set without OIDC_GROUPS_CLAIM: roles stay managed in "
                "the product only.",
                id="regions.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def username_claim_check(app_configs, **kwargs):
    """A login is matched on the claim OIDC_USERNAME_CLAIM names; the e-mail address is not
    stable (people change it, addresses are reused, some providers let users edit it)."""
    claim = getattr(settings, "OIDC_USERNAME_CLAIM", "sub")
    if str(claim).strip().lower() == "email":
        return [
            checks.Error(
                "OIDC_USERNAME_CLAIM=email: the e-mail address does not identify a person for "
                "good, and a provider that lets users edit it lets anyone take over an "
                "account. Use sub (or oid on Entra ID).",
                id="regions.E002",
            )
        ]
    return []
