"""Reporting's reads: `dashboard` (a region's dashboards and the national overview, read from
placements' one progress result) and `reports` (schedules, deadlines and the archive)."""
