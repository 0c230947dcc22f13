import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan


class ActionPlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search")
    period = django_filters.NumberFilter(
        label=_("Loopt in jaar"), method="in_year", min_value=2000, max_value=2100
    )

    class Meta:
        model = ActionPlan
        fields = ["programme", "region", "status"]

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.filters["region"].queryset = regions
        self.filters["programme"].label = _("Programma")
        self.filters["region"].label = _("Regio")
        self.filters["status"].label = _("Status")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(lines__title__icontains=value)
            | Q(lines__projects__title__icontains=value)
        ).distinct()

    def in_year(self, queryset, name, value):
        return queryset.filter(start_date__year__lte=value, end_date__year__gte=value)
