"""Reads for realisations, by concern: the realisations that count and the one rule of
realised to date (counted), progress against target and prognose (progress), realisation
over time (series), the entry grid (grid), the records behind the figures (records), and
what a target brings to progress and charts alike (targets). Callers import the module they
read from."""
