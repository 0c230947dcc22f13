"""Demo data: demo users and the five worked examples of the source documents, built on the
reference data. The top floor: it may import every app, and nothing imports it."""
