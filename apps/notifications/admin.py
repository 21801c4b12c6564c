from django.contrib import admin

from apps.accounts.admin import ReadOnlyPortalAdmin
from apps.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyPortalAdmin):
    """Notifications are written by the system; administrators look (and may delete)."""

    list_display = ("created_at", "recipient", "kind", "message", "read_at", "emailed_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "key")
    date_hierarchy = "created_at"
    readonly_fields = ("recipient", "kind", "params", "link", "key", "created_at", "read_at", "emailed_at")
