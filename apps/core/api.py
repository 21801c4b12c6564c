"""Shared pieces of the HTTP API: pagination, errors, the policy-scoped viewset base."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import permissions, serializers, viewsets

from apps.accounts import policies


class PolicyPermission(permissions.IsAuthenticated):
    """Authenticated; officials are read-only (writes need the policy module's say-so per object)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        role = policies.role_of(request.user)
        # A role that never adds this kind of object is refused up front (403), whatever the body.
        creators = getattr(view, "create_roles", None)
        if getattr(view, "action", None) == "create" and creators is not None:
            return policies.is_admin(request.user) or role in creators
        # Officials only read, except the verification of BLKK and employers in their scope.
        return role != policies.OFFICIAL or getattr(view, "object_action", None) == "verify"

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        action = "delete" if request.method == "DELETE" else "change"
        return policies.can(request.user, view.object_action or action, obj)


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose queryset is always scoped by the policy module."""

    queryset: Any = None
    permission_classes = [PolicyPermission]
    object_action: str | None = None  # an @action's policy action ("verify"), else change/delete
    create_roles: frozenset[str] | None = None  # roles that may POST to the collection (admins always)
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return policies.scope(self.request.user, self.queryset.all())


class ReadOnlyScopedViewSet(viewsets.ReadOnlyModelViewSet):
    queryset: Any = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return policies.scope(self.request.user, self.queryset.all())


def visible_choices(model: type[Model]) -> Callable[[Any], QuerySet]:
    """A filter's choices: what the requesting user may see. Someone else's id is then refused exactly
    like a missing one (``?trainee=<not yours>`` and ``?trainee=<no such id>`` are the same 400)."""

    def queryset(request: Any) -> QuerySet:
        return policies.scope(getattr(request, "user", None), model)

    return queryset


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key input that only accepts objects the requesting user may see."""

    def get_queryset(self):
        request = self.context.get("request")
        return policies.scope(request.user if request else None, super().get_queryset())


class CodeField(serializers.SlugRelatedField):
    """Reference data (vocations, competency units) is addressed by its code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
