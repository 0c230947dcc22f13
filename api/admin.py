"""The idempotency records, read-only: what each Idempotency-Key was answered, for support
("did our retry arrive twice?"). They are written by the deliveries view only."""

from django.contrib import admin

from .models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "token", "user", "status_code", "delivery", "created_at"]
    list_filter = ["status_code"]
    list_select_related = ["token", "user", "delivery"]
    search_fields = ["key", "token__name", "token__prefix"]
    readonly_fields = [
        "token",
        "user",
        "key",
        "request_hash",
        "status_code",
        "response",
        "delivery",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
