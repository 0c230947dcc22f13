"""The synthetic national data set (manage.py generate_scale_data): regions marked
`Region.synthetic`, each with plans per programme per year, targets, realisations, budgets,
approved spending and archived reports, for measuring the product at national scale. Made in
bulk (PostgreSQL COPY for the big tables), not through the services: see docs/decisions/0014."""
