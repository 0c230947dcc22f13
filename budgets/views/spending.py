"""Spending (uitgaven) in the browser: the money page's section with a plan's entries and
what awaits approval, and the pages to record an entry, approve or reject it (vier ogen),
enter a counter-entry on an approved one and open its receipt. Who may do what is asked of
regions.permissions; the services check the same again and do the writing. An approved
entry has no edit page: it is corrected by a counter-entry only."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from core.concurrency import ConcurrentEditError
from core.formatting import euro, show_date
from programmes.mixins import PlanMixin
from regions.permissions import (
    can_approve_spending,
    can_record_spending,
    can_view_receipt,
)

from .. import selectors, services
from ..forms import (
    ExpenditureCorrectionForm,
    ExpenditureDecisionForm,
    ExpenditureForm,
    ExpenditureRejectForm,
)
from ..models import Decision, Expenditure
from ..receipts import kind_of

ANCHOR = "spending-heading"


def _in_order(entries: list[Expenditure]) -> list[Expenditure]:
    """Each counter-entry right under the entry it corrects (when that is in the list too)."""
    shown = {entry.pk for entry in entries}
    corrections: dict[int, list[Expenditure]] = {}
    for entry in entries:
        if entry.corrects_id in shown:
            corrections.setdefault(entry.corrects_id, []).append(entry)
    ordered = []
    for entry in entries:
        if entry.corrects_id in shown:
            continue
        ordered.append(entry)
        ordered += sorted(corrections.get(entry.pk, []), key=lambda row: (row.date, row.pk))
    return ordered


# Entries shown at once, newest first; older ones a page further (?uitgaven=2, 3, …).
PAGE_SIZE = 100


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("uitgaven", "1")))
    except ValueError:
        return 1


def section(*, plan, request) -> dict:
    """A page of the plan's entries (filtered by ?status=), the count and sum awaiting
    approval, and per entry which buttons the user gets (two queries, whatever the number of
    entries: one row more than a page tells whether older ones exist, without a count)."""
    status = request.GET.get("status", "")
    if status not in Decision.values:
        status = ""
    user = request.user
    may_record = can_record_spending(user, plan)
    page = _page(request)
    start = (page - 1) * PAGE_SIZE
    # Rows with the user's buttons set on them below.
    rows: list[Any] = list(
        selectors.plan_expenditures(plan=plan, status=status or None)[start : start + PAGE_SIZE + 1]
    )
    entries = rows[:PAGE_SIZE]
    for entry in entries:
        entry.may_decide = can_approve_spending(user, entry, plan)
        entry.may_correct = may_record and entry.is_approved and not entry.is_correction
    return {
        "spending_entries": _in_order(entries),
        "spending_newer_page": page - 1 if page > 1 else None,
        "spending_older_page": page + 1 if len(rows) > PAGE_SIZE else None,
        "spending_status": status,
        "spending_statuses": Decision.choices,
        "spending_awaiting": selectors.awaiting_total(plan=plan),
        "may_record_spending": may_record,
        "may_view_receipts": can_view_receipt(user, plan),
    }


class SpendingMixin(PlanMixin):
    """The plan in the URL (its region's VIEW right first, as every plan page), then the
    permission function of this page (`allowed`); an entry is looked up within the plan."""

    plan_url_kwarg = "plan_pk"
    request: HttpRequest

    def allowed(self) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_permission_region()
            if "pk" in self.kwargs:
                self.entry = get_object_or_404(
                    selectors.plan_expenditures(plan=self.plan), pk=self.kwargs["pk"]
                )
            if not self.allowed():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def money_url(self) -> str:
        return reverse("budgets:plan-money", kwargs={"plan_pk": self.plan.pk}) + f"#{ANCHOR}"

    def get_success_url(self) -> str:
        return self.money_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.money_url(), **kwargs)


def _add_service_error(form, error: ValidationError, fields: dict[str, str] | None = None):
    """Put the service's refusal by the field it is about (`fields` maps the model's field
    names to the form's where they differ), else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (fields or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def _name(entry: Expenditure) -> str:
    return f"{show_date(entry.date)} {euro(entry.amount, cents=True)} {entry.description}"


class ExpenditureCreateView(SpendingMixin, FormView):
    template_name = "budgets/expenditure_form.html"
    form_class = ExpenditureForm
    title = gettext_lazy("Uitgave vastleggen")

    def allowed(self):
        return can_record_spending(self.request.user, self.plan)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = services.expenditure_record(
                budget_line=data["budget_line"],
                actor=self.request.user,
                date=data["date"],
                amount=data["amount"],
                description=data["description"],
                reference=data["reference"],
                counterparty=data["counterparty"],
                receipt=data.get("receipt") or None,
            )
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Uitgave %(entry)s vastgelegd; zij wacht op goedkeuring door een ander.")
            % {"entry": _name(entry)},
        )
        return HttpResponseRedirect(self.get_success_url())


class DecisionMixin(SpendingMixin):
    """Approve or reject: only the second pair of eyes in the plan's region. An entry that
    someone else decided meanwhile is not a refusal but news: the page says who decided."""

    entry: Expenditure

    def allowed(self):
        return not self.entry.is_awaiting or can_approve_spending(
            self.request.user, self.entry, self.plan
        )

    def already_decided(self, entry: Expenditure):
        who = entry.decided_by
        messages.error(
            self.request,
            _(
                "Uitgave %(entry)s is intussen al %(status)s door %(who)s; uw beoordeling is "
                "niet opgeslagen."
            )
            % {
                "entry": _name(entry),
                "status": entry.get_status_display(),
                "who": (who.get_full_name() or who.get_username()) if who else _("een ander"),
            },
        )
        return HttpResponseRedirect(self.money_url())

    def decide(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            entry = self.decide(form)
        except ConcurrentEditError as error:
            current = selectors.plan_expenditures(plan=self.plan).get(pk=error.current.pk)
            if not current.is_awaiting:
                return self.already_decided(current)
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            current = selectors.plan_expenditures(plan=self.plan).get(pk=self.entry.pk)
            if not current.is_awaiting:
                return self.already_decided(current)
            _add_service_error(form, error, {"rejection_reason": "reason"})
            return self.form_invalid(form)
        messages.success(self.request, self.done_message % {"entry": _name(entry)})
        return HttpResponseRedirect(self.money_url())

    def get(self, request, *args, **kwargs):
        if not self.entry.is_awaiting:
            return self.already_decided(self.entry)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.entry.is_awaiting:
            return self.already_decided(self.entry)
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"revision": self.entry.revision}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, title=self.title, **kwargs)


class ExpenditureApproveView(DecisionMixin, FormView):
    """A button on the money page (POST with the revision); a GET shows the same button
    alone, for a link from elsewhere."""

    template_name = "budgets/expenditure_decide.html"
    form_class = ExpenditureDecisionForm
    title = gettext_lazy("Uitgave goedkeuren")
    done_message = gettext_lazy("Uitgave %(entry)s goedgekeurd; zij telt nu als besteed.")

    def decide(self, form):
        return services.expenditure_approve(
            expenditure=self.entry,
            actor=self.request.user,
            expected_revision=form.cleaned_data["revision"],
        )


class ExpenditureRejectView(DecisionMixin, FormView):
    template_name = "budgets/expenditure_decide.html"
    form_class = ExpenditureRejectForm
    title = gettext_lazy("Uitgave afkeuren")
    done_message = gettext_lazy("Uitgave %(entry)s afgekeurd; de reden staat erbij.")

    def decide(self, form):
        return services.expenditure_reject(
            expenditure=self.entry,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_revision=form.cleaned_data["revision"],
        )


class ExpenditureCorrectView(SpendingMixin, FormView):
    """A counter-entry (tegenboeking) on an approved entry, with a reason."""

    template_name = "budgets/expenditure_decide.html"
    form_class = ExpenditureCorrectionForm
    title = gettext_lazy("Uitgave corrigeren")
    entry: Expenditure

    def allowed(self):
        return can_record_spending(self.request.user, self.plan)

    def get(self, request, *args, **kwargs):
        if not self.correctable():
            return self.not_correctable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.correctable():
            return self.not_correctable()
        return super().post(request, *args, **kwargs)

    def correctable(self) -> bool:
        return self.entry.is_approved and not self.entry.is_correction

    def not_correctable(self):
        messages.error(
            self.request,
            _("Alleen een goedgekeurde uitgave wordt gecorrigeerd, met een tegenboeking."),
        )
        return HttpResponseRedirect(self.money_url())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, title=self.title, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.expenditure_correct(
                expenditure=self.entry,
                actor=self.request.user,
                amount=data["amount"],
                reason=data["reason"],
                date=data["date"],
            )
        except ValidationError as error:
            _add_service_error(form, error, {"correction_reason": "reason"})
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Tegenboeking op %(entry)s vastgelegd; zij wacht op goedkeuring door een ander.")
            % {"entry": _name(self.entry)},
        )
        return HttpResponseRedirect(self.money_url())


class ExpenditureReceiptView(SpendingMixin, View):
    """The receipt as it was uploaded, to whoever may see the plan: always as a download, in
    the type it was checked to be, so a browser never runs it as a page."""

    entry: Expenditure

    def allowed(self):
        return can_view_receipt(self.request.user, self.plan)

    def get(self, request, *args, **kwargs):
        receipt = self.entry.receipt
        if not receipt:
            raise Http404(_("Bij deze uitgave is geen bon bewaard."))
        kind = kind_of(receipt.name)
        try:
            stored = receipt.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("Het bestand van deze bon ontbreekt.")) from missing
        response = FileResponse(
            stored,
            as_attachment=True,
            filename=self.entry.receipt_name or receipt.name.rsplit("/", 1)[-1],
            content_type=kind.content_type if kind else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
