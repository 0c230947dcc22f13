"""Stated versus computed figures. A document states a figure; the product computes it from its
parts. A difference smaller than the precision the document shows is rounding (€ 266.666,80
shown as € 266.667); anything larger is a discrepancy to show beside the figure."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WHOLE = Decimal("1")


@dataclass(frozen=True)
class Figure:
    computed: Decimal | int | None
    stated: Decimal | int | None = None
    precision: Decimal = WHOLE

    @property
    def value(self):
        """The figure to show: the stated one when the document states it, else computed."""
        return self.stated if self.stated is not None else self.computed

    @property
    def difference(self):
        if self.stated is None or self.computed is None:
            return None
        return Decimal(self.stated) - Decimal(self.computed)

    @property
    def is_discrepancy(self) -> bool:
        if self.stated is None or self.computed is None:
            return False
        shown = Decimal(self.computed).quantize(self.precision, rounding=ROUND_HALF_UP)
        return shown != Decimal(self.stated).quantize(self.precision, rounding=ROUND_HALF_UP)
