"""The API token pages: a region's tokens (`/regios/<slug>/api-tokens/`) and, for the
beheerder, the national ones (`/api-tokens/`, region None): the list, a new token, and
revoking one. Who may is `can_manage_api_tokens` (the region's regiobeheerder and the
beheerder; national tokens the beheerder only); anonymous users go to the login page,
anyone else gets 403, and another region's token is a 404.

The secret is shown once: in the answer to the POST that made it, never stored (only its
hash is, by the service), never in the session, and the answer is not cached
(Cache-Control: no-store). Reloading that page cannot show it again."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from .. import selectors as region_selectors
from .. import services
from ..forms_tokens import ApiTokenForm
from ..permissions import can_grant_delivery_scope, can_manage_api_tokens
from ..selectors import tokens as token_selectors
from .mixins import refusal_messages, show_refusal


class ApiTokenPageMixin(AccessMixin):
    """The region of the URL's slug as `self.region` (404 when unknown), or None on the
    national pages (no slug), and the right to manage its tokens."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        slug = kwargs.get("slug")
        if slug is None:
            self.region = None
        else:
            try:
                self.region = region_selectors.region_detail(slug=slug)
            except ObjectDoesNotExist as missing:
                raise Http404 from missing
        if not can_manage_api_tokens(request.user, self.region):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        if self.region is None:
            return reverse("api-tokens")
        return reverse("regions:api-tokens", args=[self.region.slug])

    def create_url(self) -> str:
        if self.region is None:
            return reverse("api-token-create")
        return reverse("regions:api-token-create", args=[self.region.slug])

    def get_token(self):
        try:
            return token_selectors.api_token_detail(region=self.region, pk=self.kwargs["pk"])
        except ObjectDoesNotExist as missing:
            raise Http404 from missing

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **{
                "region": self.region,
                "list_url": self.list_url(),
                "create_url": self.create_url(),
                **kwargs,
            }
        )


class ApiTokenListView(ApiTokenPageMixin, TemplateView):
    """The tokens with their scope, maker, last use and revocation (one query)."""

    template_name = "regions/api_tokens.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=token_selectors.api_token_list(region=self.region), **kwargs
        )


class ApiTokenCreateView(ApiTokenPageMixin, FormView):
    """A new token: the form, then the secret shown once in the answer to the POST."""

    template_name = "regions/api_token_form.html"
    form_class = ApiTokenForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_grant_delivery": can_grant_delivery_scope(self.request.user, self.region),
        }

    def form_valid(self, form):
        try:
            token, secret = services.api_token_create(
                name=form.cleaned_data["name"],
                region=self.region,
                may_deliver=form.cleaned_data["may_deliver"],
                actor=self.request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        response = TemplateResponse(
            self.request,
            "regions/api_token_created.html",
            self.get_context_data(token=token, secret=secret),
        )
        add_never_cache_headers(response)  # no-store: no browser or proxy keeps the secret
        return response


class ApiTokenRevokeView(ApiTokenPageMixin, TemplateView):
    """Revoking a token: a confirmation page (GET), then the revocation (POST)."""

    template_name = "regions/api_token_revoke.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.get_token(), **kwargs)

    def post(self, request, *args, **kwargs):
        token = self.get_token()
        try:
            services.api_token_revoke(token=token, actor=request.user)
        except ValidationError as error:
            for text in refusal_messages(error):
                messages.error(request, text)
        else:
            messages.success(
                request, _("Token %(name)s is ingetrokken: het werkt niet meer.") % {"name": token}
            )
        return redirect(self.list_url())
