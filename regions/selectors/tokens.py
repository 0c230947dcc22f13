"""Reads for the API token pages: a region's tokens (or the national ones), with who made
and who revoked each, in one query."""

from ..models import ApiToken


def api_token_list(*, region):
    """The tokens of `region` (None: the national tokens), newest first; revoked ones stay
    listed, so their use remains on record."""
    tokens = ApiToken.objects.select_related("region", "created_by", "revoked_by")
    tokens = tokens.filter(region__isnull=True) if region is None else tokens.filter(region=region)
    return tokens.order_by("-created_at", "-pk")


def api_token_detail(*, region, pk: int) -> ApiToken:
    """One token of `region` (None: national); DoesNotExist for another region's."""
    return api_token_list(region=region).get(pk=pk)
