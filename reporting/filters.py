"""Filters of the report archive."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Report, ReportKind


class ReportFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("Actieplan"), queryset=None)
    kind = django_filters.ChoiceFilter(label=_("Soort"), choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Report.Status.choices)
    year = django_filters.NumberFilter(
        label=_("Over jaar"), method="in_year", min_value=2000, max_value=2100
    )

    class Meta:
        model = Report
        fields = ["plan", "kind", "status"]

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = plans

    def in_year(self, queryset, name, value):
        """Reports whose period falls (partly) in the year."""
        return queryset.filter(start_date__year__lte=value, end_date__year__gte=value)
