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
