"""A person's own notifications: the list (latest first, unread marked), opening one, marking
one or all read, and the e-mail choice. Only one's own: another person's notification is a
404, as a missing one is."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from . import selectors, services
from .forms import NotificationSettingsForm
from .models import Notification


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25
    page_kwarg = "pagina"

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user)


def _back_to_list(request) -> HttpResponseRedirect:
    """To the list page the form was on (its page number kept)."""
    url = reverse("notifications:list")
    page = request.POST.get("pagina", "")
    return redirect(f"{url}?pagina={page}" if page.isdigit() else url)


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        try:
            services.notification_read(user=request.user, pk=pk)
        except Notification.DoesNotExist as missing:
            raise Http404 from missing
        return _back_to_list(request)


class NotificationsReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        marked = services.notifications_read_all(user=request.user)
        if marked:
            messages.success(
                request,
                ngettext(
                    "%(count)s melding als gelezen gemarkeerd.",
                    "%(count)s meldingen als gelezen gemarkeerd.",
                    marked,
                )
                % {"count": marked},
            )
        return _back_to_list(request)


class NotificationOpenView(LoginRequiredMixin, View):
    """Opening a notification (its link on the list page): marked read, then on to what it
    is about; one without a link (or with a link off this site) back to the list."""

    def get(self, request, pk):
        try:
            notification = services.notification_read(user=request.user, pk=pk)
        except Notification.DoesNotExist as missing:
            raise Http404 from missing
        target = notification.link
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("notifications:list")
        return redirect(target)


class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "notifications/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_initial(self):
        return {"email": selectors.email_choice(user=self.request.user)}

    def form_valid(self, form):
        services.notification_settings_save(
            user=self.request.user, email=form.cleaned_data["email"]
        )
        messages.success(request=self.request, message=_("Uw keuze is opgeslagen."))
        return redirect("notifications:settings")
