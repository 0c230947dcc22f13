"""What the synthetic data set holds: its parameters and the names of what it makes. One
place, so the generator, the removal and the tests agree on them."""

from dataclasses import dataclass
from datetime import date

from programmes.choices import Sector
from programmes.models import ActionPlan
from regions.models import RoleAssignment

# The programmes every synthetic region runs a plan under each year, and the targets a project
# of each states: (indicator code, sector). The Banenafspraak counts jobs (a stock) per sector.
PROGRAMME_TARGETS: dict[str, list[tuple[str, str]]] = {
    "banenafspraak": [("banen", Sector.MARKT), ("banen", Sector.OVERHEID)],
    "pow": [("plaatsingen", ""), ("personen-in-beeld", ""), ("matches", "")],
    "rmt": [("deelnemers", ""), ("trajecten", ""), ("praktijkverklaringen", "")],
}
MAX_TARGETS = min(len(kinds) for kinds in PROGRAMME_TARGETS.values())

# Who delivers a flow's counts (they add up); a stock's level comes from one register.
SOURCES = ["UWV", "Gemeenten", "WSP", "SW-bedrijf"]
STOCK_SOURCE = "UWV doelgroepregister"

ROLES = [
    (RoleAssignment.Role.PROGRAMMAMANAGER, "Programmamanager"),
    (RoleAssignment.Role.WERKKAMERLID, "Werkkamerlid"),
    (RoleAssignment.Role.SECRETARIS, "Ambtelijk secretaris"),
    (RoleAssignment.Role.PENNINGMEESTER, "Penningmeester"),
]

# The 35 real regions have codes AM01..AM35; synthetic ones SY01..SY99 (Region.code is 4 long).
MAX_REGIONS = 99
SLUG_PREFIX = "synthetisch-"
USERNAME_PREFIX = "synth-"
USERNAME_PATTERN = r"^synth-[0-9]{2}-"  # what a synthetic login looks like, nothing else

# The one PDF every synthetic report points to (made once, in MEDIA_ROOT).
REPORT_FILE = "reports/synthetisch/synthetische-rapportage.pdf"


def region_code(number: int) -> str:
    return f"SY{number:02d}"


def region_name(number: int) -> str:
    return f"Synthetische regio {number:02d}"


def region_slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number:02d}"


def username(number: int, role: str) -> str:
    return f"{USERNAME_PREFIX}{number:02d}-{role}"


@dataclass(frozen=True)
class Parameters:
    """The shape of the data set. The defaults give 35 × 3 × 10 = 1.050 plans, 58.800
    targets and about 1.000.000 realisations."""

    regions: int = 35
    years: int = 10
    lines: int = 4  # per plan
    projects: int = 6  # per line
    targets: int = 2  # per project and per line: indicators (or sectors) counted
    sources: int = 2  # who deliver each count of a flow (a stock has one register)
    periods: str = ActionPlan.PeriodLength.MAAND
    budget_lines: int = 1  # per line, besides the plan's own staff line
    seed: int = 2026
    as_of: date | None = None  # "today": what has been reported by then (None: today)

    def check(self) -> list[str]:
        """What is wrong with these parameters (Dutch, for the command), or nothing."""
        errors = []
        if not 1 <= self.regions <= MAX_REGIONS:
            errors.append(f"--regions ligt tussen 1 en {MAX_REGIONS}.")
        if not 1 <= self.years <= 50:
            errors.append("--years ligt tussen 1 en 50.")
        if self.lines < 1 or self.projects < 1:
            errors.append("--lines en --projects zijn minstens 1.")
        if not 1 <= self.targets <= MAX_TARGETS:
            errors.append(f"--targets ligt tussen 1 en {MAX_TARGETS}.")
        if not 1 <= self.sources <= len(SOURCES):
            errors.append(f"--sources ligt tussen 1 en {len(SOURCES)}.")
        if self.periods not in (ActionPlan.PeriodLength.MAAND, ActionPlan.PeriodLength.KWARTAAL):
            errors.append("--periods is maand of kwartaal.")
        if self.budget_lines < 0:
            errors.append("--budget-lines is 0 of meer.")
        return errors

    def year_range(self, today: date) -> range:
        """The plan years: the last `years` up to and including this one."""
        return range(today.year - self.years + 1, today.year + 1)
