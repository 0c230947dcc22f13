"""The template a supplier fills in: one row per target counted directly, breakdown and
period, with everything but the count and the source filled in; as CSV for Dutch Excel, or as
an XLSX workbook with a sheet explaining each column and the values it accepts."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.formatting import show_date
from core.spreadsheet_tables import xlsx_data_sheet
from core.spreadsheet_text import csv_safe, xlsx_safe_workbook
from programmes.choices import Sector, TargetGroup
from programmes.models import Indicator

from .columns import (
    COLUMN_HELP,
    COLUMNS,
    COUNT,
    INDICATOR,
    LINE,
    PERIOD,
    PROJECT,
    REQUIRED_COLUMNS,
    SECTOR,
    SOURCE,
    TARGET_GROUP,
)
from .plan_index import PlanIndex, overlaps


def _breakdowns(target) -> list[tuple[str, str]]:
    """(sector, target group) rows a target is counted in."""
    breakdown = target.indicator.breakdown
    if target.sector:
        return [(target.sector, "")]
    if breakdown == Indicator.Breakdown.SECTOR:
        return [(sector, "") for sector in Sector.values]
    if breakdown == Indicator.Breakdown.TARGET_GROUP:
        return [("", group) for group in TargetGroup.values]
    return [("", "")]


def template_rows(*, plan, index: PlanIndex | None = None) -> list[dict[str, str]]:
    """One row per target counted directly (not a roll-up), breakdown and period within the
    target's period: lijn, project, indicator, sector, doelgroep and periode filled in,
    aantal and bron empty."""
    index = index or PlanIndex(plan)
    rows = []
    for target in index.leaf_targets():
        for period in index.periods:
            if not overlaps(period, target):
                continue
            for sector, group in _breakdowns(target):
                rows.append(
                    {
                        LINE: target.line.title if target.line else "",
                        PROJECT: target.project.title if target.project else "",
                        INDICATOR: target.indicator.code,
                        SECTOR: sector,
                        TARGET_GROUP: group,
                        PERIOD: period.code,
                        COUNT: "",
                        SOURCE: "",
                    }
                )
    return rows


def template_csv(*, plan) -> bytes:
    """The template as CSV: ";" between columns and a byte-order mark, as Dutch Excel
    expects, so it opens in columns with the accents intact."""
    rows = template_rows(plan=plan)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    # A line or project title such as "=HYPERLINK(…)" is written as text, never as a formula.
    writer.writerows({name: csv_safe(value) for name, value in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(*, plan) -> bytes:
    """The template as an Excel workbook: sheet "Realisaties" to fill in, and sheet
    "Toelichting" with the meaning of each column and the values it accepts."""
    index = PlanIndex(plan)
    rows = template_rows(plan=plan, index=index)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Realisaties"
    bold = Font(bold=True)
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([row[name] for name in COLUMNS])
    widths = {LINE: 36, PROJECT: 36, INDICATOR: 20, SECTOR: 11, TARGET_GROUP: 16, PERIOD: 11}
    for position, name in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 10)
        if name == PERIOD:
            # Text, so Excel keeps a typed "2019-03" as a period code instead of a date.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = "@"
    xlsx_data_sheet(sheet, header_row=1)

    notes = workbook.create_sheet("Toelichting")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 24

    def heading(text):
        notes.append([])
        notes.append([text])
        notes.cell(row=notes.max_row, column=1).font = bold

    notes.append([_("Realisaties aanleveren voor %(plan)s") % {"plan": str(plan)}])
    notes.cell(row=1, column=1).font = Font(bold=True, size=14)
    notes.append(
        [
            _(
                "Vul per rij het aantal en de bron in. Rijen zonder aantal en bron worden "
                "overgeslagen. Een bestand met een fout wordt helemaal niet verwerkt. Opnieuw "
                "aanleveren vervangt het aantal van dezelfde bron; een andere bron telt op."
            )
        ]
    )
    heading(_("Kolommen"))
    for name in COLUMNS:
        required = _("verplicht") if name in REQUIRED_COLUMNS else _("mag ontbreken")
        notes.append([name, str(COLUMN_HELP[name]), required])
    heading(_("Perioden (kolom periode)"))
    notes.append([_("code"), _("van – tot en met"), _("status")])
    for period in index.periods:
        notes.append(
            [
                period.code,
                f"{show_date(period.start_date)} – {show_date(period.end_date)}",
                _("afgesloten: een wijziging is een correctie met een reden")
                if period.is_closed
                else _("open"),
            ]
        )
    heading(_("Indicatoren (kolom indicator)"))
    notes.append([_("code"), _("naam"), _("uitsplitsing")])
    used = {target.indicator_id: target.indicator for target in index.targets}
    for indicator in sorted(used.values(), key=lambda i: i.name):
        notes.append([indicator.code, indicator.name, indicator.get_breakdown_display()])
    heading(_("Sectoren (kolom sector)"))
    for value, label in Sector.choices:
        notes.append([value, str(label)])
    heading(_("Doelgroepen (kolom doelgroep)"))
    for value, label in TargetGroup.choices:
        notes.append([value, str(label)])
    heading(_("Doelstellingen"))
    notes.append([_("lijn / project"), _("indicator, sector, doel en looptijd")])
    for target in index.leaf_targets():
        notes.append(
            [
                " / ".join(part.title for part in (target.line, target.project) if part is not None)
                or _("hele plan"),
                f"{target.indicator.code}"
                + (f" ({target.sector})" if target.sector else "")
                + f": {target.value} "
                + f"({show_date(target.start_date)} – {show_date(target.end_date)})",
            ]
        )
    xlsx_safe_workbook(workbook)  # titles and names are text, never live formulas
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
