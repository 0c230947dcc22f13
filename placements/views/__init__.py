"""The realisation pages of a plan, by page family: the entry grid (grid), the import of a
delivery (imports) and progress (progress)."""
