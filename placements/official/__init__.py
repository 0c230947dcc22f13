"""The official Banenafspraak figures (UWV's quarterly counts per arbeidsmarktregio, sector
and peildatum), imported by the beheerder and set beside the regions' own registration
(placements.selectors.reconciliation).

- formats: the file formats (FORMATS; "werkregio-v1" now), their columns and the reader that
  checks every row or refuses the file whole, naming row and column. A new layout (UWV's own
  publication) is a new entry there;
- services: official_counts_import, the one write (page, command, demo load)."""
