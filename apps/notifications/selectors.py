from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.notifications.models import Notification


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    """A user's own inbox (everyone, admins included, sees only their own notifications)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    return notifications_for(user=user).filter(read_at__isnull=True).count()
