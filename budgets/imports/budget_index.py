"""What a plan offers a spending file's rows: its budget lines (with their lines and
projects) and the spending already recorded on them, read once per file (three queries),
so checking a file costs the same whatever its number of rows."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from core.tabular import fold
from programmes.models import PlanLine, Project

from ..models import BudgetLine, Decision, Expenditure
from ..selectors import budget_lines

# What makes an entry the same entry: a file imported twice is recognised by it.
type EntryKey = tuple[date, Decimal, str, int]


def entry_key(*, on: date, amount: Decimal, reference: str, budget_line_id: int) -> EntryKey:
    return (on, amount, fold(reference), budget_line_id)


class BudgetIndex:
    """The plan's budget lines by year, the names of its lines, projects and categories, and
    the entries already recorded (awaiting approval or approved; a rejected one never counted
    and may be delivered again)."""

    def __init__(self, plan) -> None:
        self.plan = plan
        self.budget_lines = list(budget_lines(plan=plan))
        self.by_year: dict[int, list[BudgetLine]] = defaultdict(list)
        for budget_line in self.budget_lines:
            self.by_year[budget_line.year].append(budget_line)
        self.line_titles = {
            fold(title)
            for title in PlanLine.objects.filter(plan=plan).values_list("title", flat=True)
        }
        self.project_titles = {
            fold(title)
            for title in Project.objects.filter(line__plan=plan).values_list("title", flat=True)
        }
        self.descriptions = {fold(b.description) for b in self.budget_lines if b.description}
        self.recorded: dict[EntryKey, str] = {}
        for on, amount, reference, budget_line_id, file_name in (
            Expenditure.objects.filter(budget_line__plan=plan, corrects__isnull=True)
            .exclude(status=Decision.AFGEKEURD)
            .values_list(
                "date", "amount", "reference", "budget_line_id", "spending_import__file_name"
            )
        ):
            key = entry_key(
                on=on, amount=amount, reference=reference, budget_line_id=budget_line_id
            )
            self.recorded.setdefault(key, file_name or "")

    def names(self, text: str) -> bool:
        """Does `text` name a budget line, line, project or category of this plan? Such a
        cell only looks up what the plan holds; nothing of it is stored."""
        key = fold(text)
        return (
            key in self.descriptions
            or key in self.line_titles
            or key in self.project_titles
            or category_of(text) is not None
        )


def category_of(text: str) -> str | None:
    """The category named by its value or label, any case or accents; None if none."""
    wanted = fold(text)
    for value, label in BudgetLine.Category.choices:
        if wanted in {fold(value), fold(str(label))}:
            return value
    return None


def budget_line_label(budget_line: BudgetLine) -> str:
    """How the preview names a budget line: year, description or category, line/project."""
    parts = [str(budget_line.year), budget_line.description or budget_line.get_category_display()]
    scope = " / ".join(p.title for p in (budget_line.line, budget_line.project) if p is not None)
    return " – ".join([*parts, scope] if scope else parts)
