from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import AccessLog, User

USER_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "role",
    "blkk",
    "employer",
    "scope_province",
    "scope_regency",
    "is_active",
)


def _apply(user: User, data: dict[str, Any], password: str | None) -> User:
    for key, value in data.items():
        if key in USER_FIELDS:
            setattr(user, key, value)
    user.is_staff = user.role == User.Role.ADMIN or user.is_superuser  # admins use /admin/
    if password is not None:
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_create(*, password: str, **data: Any) -> User:
    return _apply(User(), data, password)


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any], password: str | None = None) -> User:
    return _apply(user, data, password)


def access_log_record(*, user: User, action: str, trainee_ids: Iterable[int], request: Any = None) -> int:
    """Write who saw which trainees' NIK or contact details, when and from where (UU PDP).

    One INSERT whatever the number of trainees; returns how many rows were written."""
    ids = sorted(set(trainee_ids))
    if not ids or not getattr(user, "is_authenticated", False):
        return 0
    meta = getattr(request, "META", {})
    ip, path = meta.get("REMOTE_ADDR") or None, (getattr(request, "path", "") or "")[:255]
    AccessLog.objects.bulk_create(
        AccessLog(user=user, action=action, trainee_id=tid, ip_address=ip, path=path) for tid in ids
    )
    return len(ids)
