"""URLs of the import (placements.import_views); included under the placements namespace."""

urlpatterns: list = []
