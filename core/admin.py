"""What every app's admin shares: the read-only admin for rows written by a service."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here: written by a service with its rules and
    its audit record (decision 0006: the admin is no side door)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
