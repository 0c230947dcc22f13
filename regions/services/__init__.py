"""Writes for regions: the reference data of regions and municipalities here; the governance
network (bodies, seats, meetings, agendas, decisions, action items, proposals: the
secretaris's work) in `governance.py`, re-exported below."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.text import slugify

from ..models import Municipality, Region
from ..reference import MunicipalityRow, RegionRow
from .governance import (
    GovernanceError,
    action_item_complete,
    action_item_save,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_save,
    body_save,
    decision_record,
    decision_update,
    meeting_save,
    meetings_plan,
    membership_save,
    proposal_require_open,
    proposal_save,
    seat_rules_set,
)
from .tokens import api_token_authenticate, api_token_create, api_token_revoke

__all__ = [
    "GovernanceError",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "ReferenceChanges",
    "action_item_complete",
    "action_item_save",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_save",
    "body_save",
    "decision_record",
    "decision_update",
    "meeting_save",
    "meetings_plan",
    "membership_save",
    "proposal_require_open",
    "proposal_save",
    "reference_regions_sync",
    "reference_row_sync",
    "seat_rules_set",
]


@dataclass
class ReferenceChanges:
    """The rows a reference load created and updated, per model."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def record(self, model: type[models.Model], *, created: int = 0, updated: int = 0) -> None:
        if created:
            self.created[model] += created
        if updated:
            self.updated[model] += updated

    def __iadd__(self, other: "ReferenceChanges") -> "ReferenceChanges":
        self.created.update(other.created)
        self.updated.update(other.updated)
        return self

    def __bool__(self) -> bool:
        return bool(self.created or self.updated)


def reference_row_sync(
    *, model: type[models.Model], lookup: dict, values: dict, changes: ReferenceChanges
) -> models.Model:
    """The reference row found by its natural key `lookup`, created with `values` when missing
    and updated where a value differs. A row that already holds `values` is not saved again."""
    found = model._default_manager.filter(**lookup).first()
    created = found is None
    if found is None:
        row = model(**lookup, **values)
    elif all(getattr(found, name) == value for name, value in values.items()):
        return found
    else:
        row = found
        for name, value in values.items():
            setattr(row, name, value)
    row.full_clean()
    row.save()
    changes.record(model, created=int(created), updated=int(not created))
    return row


@transaction.atomic
def reference_regions_sync(
    *, regions: list[RegionRow], municipalities: list[MunicipalityRow]
) -> ReferenceChanges:
    """Create or update the regions, their municipalities and each region's centre
    municipality. A region keeps the slug it was created with (its pages' addresses) when its
    name changes. A centre that is not among its region's municipalities stops the load
    rather than leaving the region without one."""
    changes = ReferenceChanges()
    stored = {region.code: region for region in Region.objects.all()}
    new, renamed = [], []
    for row in regions:
        region = stored.get(row.code)
        if region is None:
            region = Region(code=row.code, name=row.name, slug=slugify(row.name))
            new.append(region)
        elif region.name != row.name:
            region.name = row.name
            renamed.append(region)
        else:
            continue
        # Unique codes, names and slugs are the database's to refuse: no query per region.
        region.full_clean(exclude=["centre_municipality"], validate_unique=False)
        stored[row.code] = region
    Region.objects.bulk_create(new)
    Region.objects.bulk_update(renamed, ["name"])
    created = {region.code for region in new}
    updated = {region.code for region in renamed}
    changes.record(Region, created=len(created))

    _municipalities_sync(municipalities, {code: r.pk for code, r in stored.items()}, changes)

    centres = {
        (region_id, name): pk
        for pk, region_id, name in Municipality.objects.values_list("pk", "region_id", "name")
    }
    missing, linked = [], []
    for row in regions:
        region = stored[row.code]
        centre_id = centres.get((region.pk, row.centre))
        if centre_id is None:
            missing.append(f"{region.name}: {row.centre}")
        elif region.centre_municipality_id != centre_id:
            region.centre_municipality_id = centre_id
            linked.append(region)
            updated.add(row.code)
    if missing:
        raise ValueError(f"Centrumgemeente niet gevonden: {', '.join(missing)}")
    Region.objects.bulk_update(linked, ["centre_municipality"])
    changes.record(Region, updated=len(updated - created))
    return changes


def _municipalities_sync(
    rows: list[MunicipalityRow], region_ids: dict[str, int], changes: ReferenceChanges
) -> None:
    """Municipalities in bulk (342 of them, on every demo load): each row validated, new ones
    inserted and changed ones (a new name, another region) updated in one statement each."""
    stored = {municipality.code: municipality for municipality in Municipality.objects.all()}
    new, changed = [], []
    for row in rows:
        municipality = stored.get(row.code)
        region_id = region_ids[row.region_code]
        if municipality is None:
            municipality = Municipality(code=row.code, name=row.name, region_id=region_id)
            new.append(municipality)
        elif (municipality.name, municipality.region_id) != (row.name, region_id):
            municipality.name, municipality.region_id = row.name, region_id
            changed.append(municipality)
        else:
            continue
        # The region is one of ours and the code unique by the look-up above: no query each.
        municipality.full_clean(exclude=["region"], validate_unique=False)
    Municipality.objects.bulk_create(new, batch_size=500)
    Municipality.objects.bulk_update(changed, ["name", "region"], batch_size=500)
    changes.record(Municipality, created=len(new), updated=len(changed))
