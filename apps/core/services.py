"""Small helpers shared by the apps' services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def model_update(*, instance: M, data: Mapping[str, Any], fields: Iterable[str]) -> tuple[M, bool]:
    """Set the allowed ``fields`` present in ``data``, validate, save. Returns (instance, changed).

    Many-to-many fields in ``data`` are set after the save.
    """
    changed: list[str] = []
    m2m: dict[str, Any] = {}
    allowed = set(fields)
    for name, value in data.items():
        if name not in allowed:
            continue
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
            continue
        attname = field.attname
        if getattr(instance, field.name if field.is_relation else attname) != value:
            setattr(instance, field.name, value)
            changed.append(field.name)
    if changed:
        instance.full_clean()
        instance.save(update_fields=[*changed, *(["updated_at"] if hasattr(instance, "updated_at") else [])])
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    if m2m and not changed and hasattr(instance, "mark_counted"):
        instance.mark_counted()  # a dashboard may show these rows (a BLKK's vocations)
    return instance, bool(changed or m2m)
