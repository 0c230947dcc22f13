"""Reads for realisations, by concern: the realisations that count (counted), progress
against target and prognose (progress), the entry grid (grid), realisation over time
(series), and the records behind the figures (records). Callers import the module they
read from."""
