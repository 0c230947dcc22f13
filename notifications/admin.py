"""Notifications in the admin: to look at, never to make, change or delete. A notification is
made only by notifications.services.notify, where the event happens; the e-mail choice is
each person's own (Meldingen → Instellingen)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Notification, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "region", "read_at", "emailed_at"]
    list_filter = ["kind", "region"]
    list_select_related = ["recipient", "region"]
    search_fields = ["recipient__username", "subject", "key"]
    date_hierarchy = "created_at"


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ReadOnlyAdmin):
    list_display = ["user", "email"]
    list_filter = ["email"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
