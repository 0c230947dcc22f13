"""A small world for the grid and progress tests, built in the test itself (not the demo data,
whose realisations change as the demo grows): two regions with a programme manager,
werkkamerlid and secretaris, a beheerder, indicators for a flow, a stock by sector and a flow
by target group, and a plan 2019–2020 reported per quarter with one line and two projects."""

import html
import re
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from placements import services
from programmes import services as programme_services
from programmes.models import ActionPlan, Indicator, Programme
from regions.models import Region, RoleAssignment
from tests.factories import (
    IndicatorFactory,
    LineFactory,
    ProgrammeFactory,
    ProjectFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
)

Role = RoleAssignment.Role


@dataclass
class World:
    region: Region
    other_region: Region
    programme: Programme
    matches: Indicator  # flow, no breakdown
    banen: Indicator  # stock since 2013, per sector
    deelnemers: Indicator  # flow, per target group
    users: dict


def make_world() -> World:
    region = RegionFactory(code="AM97", name="Testregio")
    other = RegionFactory(code="AM98", name="Andere regio")
    programme = ProgrammeFactory(code="pow-test", name="Perspectief op Werk (test)")
    matches = IndicatorFactory(code="matches-test", name="Matches", kind=Indicator.Kind.MATCHES)
    banen = IndicatorFactory(
        code="banen-test",
        name="Banen",
        kind=Indicator.Kind.BANEN,
        measure=Indicator.Measure.STOCK,
        baseline_date=date(2019, 1, 1),
        breakdown=Indicator.Breakdown.SECTOR,
    )
    deelnemers = IndicatorFactory(
        code="deelnemers-test",
        name="Deelnemers",
        kind=Indicator.Kind.DEELNEMERS,
        breakdown=Indicator.Breakdown.TARGET_GROUP,
    )
    users = {"beheerder": UserFactory(username="beheerder-test", is_superuser=True, is_staff=True)}
    for role in (Role.PROGRAMMAMANAGER, Role.WERKKAMERLID, Role.SECRETARIS):
        users[role.value] = UserFactory(username=f"{role.value}-test", role=(region, role))
    users["other_manager"] = UserFactory(
        username="manager-elders", role=(other, Role.PROGRAMMAMANAGER)
    )
    return World(region, other, programme, matches, banen, deelnemers, users)


def make_plan(
    world: World, *, title="Actieplan test", start=date(2019, 1, 1), end=date(2020, 12, 31)
):
    """A concept plan per quarter (its periods made by the service), one line with two projects."""
    plan = programme_services.plan_create(
        actor=world.users["programmamanager"],
        region=world.region,
        programme=world.programme,
        title=title,
        start_date=start,
        end_date=end,
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    line = LineFactory(plan=plan, position=1, title="Werkgeversdienstverlening")
    ProjectFactory(line=line, position=1, title="Organiseren evenementen")
    ProjectFactory(line=line, position=2, title="Jobhunting")
    return plan


def target(plan, indicator, value, *, start=None, end=None, **fields):
    """A target over the plan period unless `start` and `end` say otherwise."""
    return TargetFactory(
        plan=plan,
        indicator=indicator,
        value=value,
        start_date=start or plan.start_date,
        end_date=end or plan.end_date,
        **fields,
    )


def period(plan, code):
    return plan.periods.get(code=code)


def record(
    target_obj, code, count, *, sector="", target_group="", source="", actor=None, reason=""
):
    """A realisation through the service (as the grid or an import would store it)."""
    return services.realisation_record(
        target=target_obj,
        period=period(target_obj.plan, code),
        count=count,
        sector=sector,
        target_group=target_group,
        source=source,
        check_expected=False,
        reason=reason,
        actor=actor,
    )


def set_status(plan, status):
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def grid_url(plan):
    return reverse("placements:grid", kwargs={"plan_pk": plan.pk})


def cell_url(plan):
    return reverse("placements:grid-cell", kwargs={"plan_pk": plan.pk})


def progress_url(plan):
    return reverse("placements:progress", kwargs={"plan_pk": plan.pk})


def key(target_obj, code, sector="", target_group=""):
    return f"{target_obj.pk}-{period(target_obj.plan, code).pk}-{sector}-{target_group}"


INLINE = re.compile(r"</?(?:a|span|strong|em|abbr)\b[^>]*>")


def _text(fragment: str) -> str:
    """Tags removed (inline ones without a space), whitespace collapsed."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    fragment = re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))
    return re.sub(r"\s+", " ", html.unescape(fragment).replace("\xa0", " ")).strip()


def text_of(response) -> str:
    """The page as a reader sees it."""
    return _text(response.content.decode())


def element_text(response, element_id: str) -> str:
    """The text of the element with `element_id` (a row or cell), as a reader sees it."""
    page = response.content.decode()
    match = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"', page)
    assert match, f"no element #{element_id} on the page"
    tag = match.group(1)
    end = page.index(f"</{tag}>", match.end())
    return _text(page[match.start() : end])


def form_fields(response) -> dict[str, str]:
    """The grid form's inputs (name → value) as a browser would post them back."""
    page = response.content.decode()
    form = page[page.index('id="grid-form"') : page.index("</form>", page.index('id="grid-form"'))]
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form, flags=re.S):
        name = re.search(r'\bname="([^"]*)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields
