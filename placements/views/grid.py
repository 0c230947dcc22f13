"""The entry grid of a plan (targets × periods) and closing a period. Every view asks
regions.permissions; writes go through placements.services, figures come from
placements.selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.concurrency import ConcurrentEditError
from programmes import services as programme_services

from .. import services
from ..forms import parse_cell, parse_expected
from ..mixins import RecordingPlanMixin
from ..selectors.grid import grid_for
from ..selectors.records import corrections_for


def _scope(target) -> str:
    return str(target.project or target.line or _("hele plan"))


def _row_label(row) -> str:
    """The start of what a screen reader announces for each cell of a row, and what an error
    names: indicator, project or line, breakdown; the cell adds its period ("Matches,
    Organiseren evenementen, 2019-K1")."""
    parts = [row.target.indicator.name, _scope(row.target), row.breakdown_label]
    return ", ".join(part for part in parts if part)


def _conflict_message(error: ConcurrentEditError, typed: int | None) -> str:
    current = error.current.count if error.current is not None else None
    if current is None:
        stored = _("Iemand anders heeft deze waarde intussen gewist.")
    else:
        stored = _("Iemand anders heeft deze waarde intussen gewijzigd naar %(count)s.") % {
            "count": current
        }
    typed_text = "–" if typed is None else typed
    return " ".join(
        [
            stored,
            _("Uw invoer (%(typed)s) is niet opgeslagen: vergelijk en sla opnieuw op.")
            % {"typed": typed_text},
        ]
    )


def _describe(cell) -> str:
    """The ids of what a screen reader reads after the cell's label: imported counts, the
    error, and that the period is closed."""
    ids = []
    if cell.others:
        ids.append(f"h-{cell.key}")
    if cell.error:
        ids.append(f"x-{cell.key}")
    if cell.period.is_closed:
        ids.append(f"closed-{cell.period.pk}")
    return " ".join(ids)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class GridView(RecordingPlanMixin, TemplateView):
    """The entry grid. Without JavaScript the whole grid is one form: every changed cell is
    saved in one go, or none of them."""

    template_name = "placements/grid.html"

    def get_context_data(self, grid=None, **kwargs):
        grid = grid or self.decorated_grid()
        for row in grid.rows:
            for cell in row.cells:
                cell.describedby = _describe(cell)
        error_list = [
            (cell.key, cell.label, cell.error)
            for row in grid.rows
            for cell in row.cells
            if cell.error
        ]
        return super().get_context_data(
            grid=grid,
            error_list=error_list,
            corrections=corrections_for(plan=self.plan),
            **kwargs,
        )

    def decorated_grid(self):
        """The grid with what each cell shows: its label, the value in the input, the value
        the page was loaded with (sent back to detect a concurrent edit) and any error."""
        grid = grid_for(plan=self.plan)
        for group in grid.groups:
            group.columns = list(zip(grid.periods, group.period_totals, strict=True))
        for row in grid.rows:
            row_label = _row_label(row)
            for cell in row.cells:
                cell.label = f"{row_label}, {cell.period.code}"
                cell.value = "" if cell.count is None else str(cell.count)
                cell.expected = cell.value
                cell.error = ""
                cell.needs_reason = cell.conflict = cell.saved = False
                cell.reason = ""
        return grid

    def post(self, request, *args, **kwargs):
        grid = self.decorated_grid()
        general_reason = request.POST.get("reason", "").strip()
        changes, has_errors = [], False
        cells = {}
        for row in grid.rows:
            for cell in row.cells:
                raw = request.POST.get(f"c-{cell.key}")
                if raw is None or not cell.in_target_period:
                    continue
                cells[cell.key] = (row, cell)
                cell.value = raw
                cell.expected = request.POST.get(f"e-{cell.key}", "")
                cell.reason = request.POST.get(f"r-{cell.key}", "").strip() or general_reason
                try:
                    count = parse_cell(raw)
                except ValidationError as error:
                    cell.error, has_errors = _message(error), True
                    continue
                expected = parse_expected(cell.expected)
                if count != expected:
                    changes.append(
                        services.CellChange(
                            key=cell.key,
                            target=row.target,
                            period=cell.period,
                            count=count,
                            expected_count=expected,
                            sector=row.sector,
                            target_group=row.target_group,
                            reason=cell.reason,
                        )
                    )
        if not has_errors and changes:
            errors = services.realisations_record_grid(changes=changes, actor=request.user)
            for change in changes:
                error = errors.get(change.key)
                if error is None:
                    continue
                row, cell = cells[change.key]
                if isinstance(error, ConcurrentEditError):
                    cell.error, cell.conflict = _conflict_message(error, change.count), True
                    current = error.current.count if error.current is not None else None
                    cell.expected = "" if current is None else str(current)
                else:
                    cell.error = _message(error)
                    cell.needs_reason = isinstance(error, services.PeriodClosedError)
            has_errors = bool(errors)
        if has_errors:
            messages.error(request, _("Er is niets opgeslagen: verbeter de gemarkeerde cellen."))
            return self.render_to_response(self.get_context_data(grid=grid), status=422)
        if changes:
            messages.success(
                request,
                _("%(count)s realisatie(s) opgeslagen.") % {"count": len(changes)},
            )
        else:
            messages.info(request, _("Er was niets gewijzigd."))
        return redirect("placements:grid", plan_pk=self.plan.pk)


class GridCellView(GridView):
    """One cell saved on its own (htmx, on change): answers with the cell and, out of band,
    the totals of its row, period and indicator."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.htmx:
            # Only the grid's own script posts here; a plain form posts the whole grid.
            return GridView.post(self, request, *args, **kwargs)
        key = request.POST.get("cell", "")
        grid = self.decorated_grid()
        found = grid.cell(key)
        if found is None:
            return HttpResponseBadRequest(_("Onbekende cel."))
        row, cell = found
        raw = request.POST.get(f"c-{key}", "")
        cell.value = raw
        cell.expected = request.POST.get(f"e-{key}", "")
        cell.reason = request.POST.get(f"r-{key}", "").strip()
        status = 200
        try:
            count = parse_cell(raw)
            services.realisation_record(
                target=row.target,
                period=cell.period,
                count=count,
                sector=row.sector,
                target_group=row.target_group,
                expected_count=parse_expected(cell.expected),
                reason=cell.reason,
                actor=request.user,
            )
        except ConcurrentEditError as error:
            current = error.current.count if error.current is not None else None
            if current != count:
                cell.error, cell.conflict = _conflict_message(error, count), True
                cell.expected = "" if current is None else str(current)
                status = 422
            else:  # someone stored just what was typed: nothing is lost
                grid = self.decorated_grid()
                row, cell = grid.cell(key)
                cell.saved = True
        except services.PeriodClosedError as error:
            cell.error, cell.needs_reason, status = _message(error), True, 422
        except ValidationError as error:
            cell.error, status = _message(error), 422
        else:
            # Saved: show the cell and the totals as they are now.
            grid = self.decorated_grid()
            row, cell = grid.cell(key)
            cell.saved = True
        cell.describedby = _describe(cell)
        group = next(group for group in grid.groups if row in group.rows)
        period_total = group.period_totals[grid.periods.index(cell.period)]
        return render(
            request,
            "placements/grid.html#cell-response",
            {
                "plan": self.plan,
                "group": group,
                "row": row,
                "cell": cell,
                "period_total": period_total,
                "cell_url": reverse("placements:grid-cell", kwargs={"plan_pk": self.plan.pk}),
                "is_htmx": True,
            },
            status=status,
        )


class PeriodCloseView(RecordingPlanMixin, TemplateView):
    """Close a reported period (asked for confirmation first): later changes to its counts
    are corrections with a reason."""

    template_name = "placements/grid_period_close.html"

    def get_period(self):
        if not hasattr(self, "period"):
            self.period = get_object_or_404(
                self.plan.periods.select_related("closed_by"), pk=self.kwargs["period_pk"]
            )
        return self.period

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.get_period(), **kwargs)

    def post(self, request, *args, **kwargs):
        period = programme_services.period_close(period=self.get_period(), actor=request.user)
        messages.success(
            request,
            _(
                "Periode %(period)s is afgesloten. Wijzigingen zijn voortaan correcties "
                "met een reden."
            )
            % {"period": period.code},
        )
        return redirect(f"{reverse('placements:grid', kwargs={'plan_pk': self.plan.pk})}#grid")
