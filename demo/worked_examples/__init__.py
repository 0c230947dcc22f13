"""The five worked examples of the source documents, one module per example, each built on
the reference data (regions, programmes, indicators) and the demo users."""
