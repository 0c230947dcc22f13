"""What a plan offers a delivery's rows: its lines, projects, targets, periods and the
indicators, read once per file (five queries) so that checking a file, and drawing the
template, costs the same whatever the number of rows."""

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from programmes.models import Indicator, Project, Target

from ..rules import RollUp, rolled_up_targets


def fold(text: str) -> str:
    """A name as a file's cell and the plan compare it: any case, runs of spaces as one."""
    return " ".join(text.split()).casefold()


def overlaps(period, target) -> bool:
    """Does the reporting period share a day with the target's running time?"""
    return not (period.end_date < target.start_date or period.start_date > target.end_date)


class PlanIndex:
    """Everything a row is checked against, read once: lines, projects, targets with their
    indicators, periods and indicators (five queries)."""

    def __init__(self, plan):
        self.plan = plan
        self.lines = defaultdict(list)
        for line in plan.lines.order_by("position", "pk"):
            self.lines[fold(line.title)].append(line)
        self.projects = defaultdict(list)
        for project in Project.objects.filter(line__plan=plan).order_by("position", "pk"):
            self.projects[(project.line_id, fold(project.title))].append(project)
        self.targets = list(
            plan.targets.select_related("indicator", "line", "project").order_by(
                "line__position",
                "line_id",
                "project__position",
                "project_id",
                "indicator__name",
                "sector",
            )
        )
        self.targets_at = defaultdict(list)  # (line id, project id, indicator id) → targets
        for target in self.targets:
            self.targets_at[(target.line_id, target.project_id, target.indicator_id)].append(target)
        self.periods = list(plan.periods.order_by("start_date"))
        self.periods_by_code = {fold(period.code): period for period in self.periods}
        indicators = list(Indicator.objects.order_by("-pk"))
        # By name or code; a code wins (it is unique, a name need not be).
        self.indicators = {fold(indicator.name): indicator for indicator in indicators}
        self.indicators.update({fold(indicator.code): indicator for indicator in indicators})
        self._parents = rolled_up_targets(self.targets)

    def names(self, text: str) -> bool:
        """Does `text` name a line, project, indicator or period of this plan? Such a cell
        only looks up what the plan already holds; nothing of it is stored."""
        key = fold(text)
        return (
            key in self.lines
            or any(title == key for _line, title in self.projects)
            or key in self.indicators
            or key in self.periods_by_code
        )

    def is_rolled_up(self, target) -> bool:
        return target.pk in self._parents

    def rolled_up_by(self, target) -> RollUp | None:
        """What a rolled-up target adds up; None for a part."""
        return self._parents.get(target.pk)

    def leaf_targets(self) -> list[Target]:
        return [target for target in self.targets if not self.is_rolled_up(target)]

    def period_for(self, text: str):
        period = self.periods_by_code.get(fold(text))
        if period is None:
            # Excel turns a typed "2019-03" into a date; find the period that holds it.
            try:
                day = date.fromisoformat(text)
            except ValueError:
                return None
            period = next((p for p in self.periods if p.start_date <= day <= p.end_date), None)
        return period

    def periods_label(self) -> str:
        if not self.periods:
            return _("dit plan heeft geen rapportageperioden")
        return _("%(first)s t/m %(last)s") % {
            "first": self.periods[0].code,
            "last": self.periods[-1].code,
        }
