"""A plan's reporting periods follow its dates and period length. Plans live on the floor
below (programmes), which knows nothing of realisations, so placements listens for saves."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from programmes.models import ActionPlan

from .services import periods_sync


@receiver(post_save, sender=ActionPlan, dispatch_uid="placements.periods_sync")
def plan_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        periods_sync(plan=instance)
