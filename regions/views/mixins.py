"""What every governance page of a region shares (the regions' pages and reporting's
proposal PDF and meeting packs): the region of the URL with its permission, and a service's
refusal shown on the form. Imported by reporting.views too, so it imports no other view."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.concurrency import ConcurrentEditError, concurrent_edit_message, refuse_stale_save
from programmes.services import StatusTransitionError

from .. import selectors as region_selectors
from ..permissions import can_manage_governance, can_view_governance

# What a governance service refuses with; each carries its Dutch message.
REFUSALS = (ValidationError, StatusTransitionError, ConcurrentEditError)


def found_or_404(read, **kwargs):
    """What `read(**kwargs)` finds; 404 when it is not there. For a read scoped by something
    of this region other than the region itself (a meeting's agenda item); a read by region
    is `GovernanceRegionMixin.found`."""
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


class GovernanceRegionMixin(AccessMixin):
    """The region named by the URL's slug (404 when there is none) as `self.region`, and
    the permission on its governance through the named rules: `can_manage_governance` when
    `manages` is set (the secretaris's forms and buttons), else `can_view_governance`.
    Anonymous users go to the login page; a user without the right gets 403. The context
    gets `region` and `may_manage` (may this user manage the region's governance)."""

    manages = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.region = region_selectors.region_detail(slug=kwargs["slug"])
        except ObjectDoesNotExist as missing:
            raise Http404 from missing
        self.may_manage = can_manage_governance(request.user, self.region)
        allowed = (
            self.may_manage if self.manages else can_view_governance(request.user, self.region)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def require_manage(self) -> None:
        """For a write on a reading page (a POST beside the GET): the secretaris's only."""
        if not self.may_manage:
            raise PermissionDenied

    def found(self, read, **kwargs):
        """What `read` finds in this region; 404 when it is not there (another region's)."""
        return found_or_404(read, region=self.region, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **{"region": self.region, "may_manage": self.may_manage, **kwargs}
        )


class GovernanceFormMixin:
    """A secretary's form (before FormView in the bases) saved through a service: `save(form)`
    returns what the service saved, `get_saved_url(saved)` where a successful save goes (not
    FormMixin's get_success_url, which takes no argument). A refusal is shown on the form
    (show_refusal) and the form comes back; a success says "Opgeslagen." and redirects."""

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except REFUSALS as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opgeslagen."))
        return redirect(self.get_saved_url(saved))

    def save(self, form):
        raise NotImplementedError

    def get_saved_url(self, saved) -> str:
        raise NotImplementedError


def show_refusal(form, error: Exception) -> None:
    """Put a service's refusal on the form: beside the field it names where the form has it,
    otherwise above the form. A stale save (ConcurrentEditError) of the form's own object
    shows what is stored now beside each field (refuse_stale_save); of another object, the
    message above the form. A form without an instance that carries a revision (the seats
    form, with the body's) is refused on that revision: error.current is its row."""
    if isinstance(error, ConcurrentEditError):
        instance = getattr(form, "instance", None)
        current = error.current
        if instance is None:
            own = "revision" in form.fields
        else:
            own = type(current) is type(instance) and current.pk == instance.pk
        if own:
            refuse_stale_save(form, error)
        else:
            form.add_error(None, concurrent_edit_message(error))
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
    else:  # StatusTransitionError and its kin carry their Dutch message
        form.add_error(None, str(error))


def refusal_messages(error: Exception) -> list[str]:
    """A service's refusal as lines of text, for a page without a form (messages)."""
    if isinstance(error, ConcurrentEditError):
        return [str(concurrent_edit_message(error))]
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]
