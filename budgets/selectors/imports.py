"""Reads for the spending import: a plan's earlier imports, and one import for its preview,
each one query; the file's bytes stay in the database (the preview is drawn from the
outcome stored with the import)."""

from ..models import SpendingImport


def spending_imports_for(*, plan, limit: int = 20):
    """The plan's latest spending imports with who uploaded them (one query)."""
    return (
        SpendingImport.objects.filter(plan=plan)
        .select_related("uploaded_by")
        .defer("content", "results")
        .order_by("-uploaded_at", "-pk")[:limit]
    )


def spending_import_for_preview(*, plan, pk: int) -> SpendingImport:
    """One import of the plan with its stored outcome, without its file; raises
    SpendingImport.DoesNotExist for an import of another plan."""
    return (
        SpendingImport.objects.select_related("uploaded_by").defer("content").get(pk=pk, plan=plan)
    )
