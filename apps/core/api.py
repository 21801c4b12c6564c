"""Shared pieces of the HTTP API: pagination, errors, the policy-scoped viewset base."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.db.models.manager import BaseManager
from django.utils import timezone
from rest_framework import permissions, serializers, viewsets
from rest_framework.settings import ISO_8601, api_settings

from apps.accounts import policies
from apps.core.db import prepared_statements


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


class PreparedList:
    """A list view whose queries run as prepared statements (``apps.core.db``): for a list whose
    joins cost PostgreSQL more to plan than to run, and whose generic plan was checked. Not for
    lists in general: a generic plan does not know which employer or BLKK it reads, and for one
    with thousands of rows it sorts them all where the plan for the value walks an index (an
    employer's deep applications page fell from 250 to 100 requests/s)."""

    def list(self, request, *args, **kwargs):
        with prepared_statements():
            return super().list(request, *args, **kwargs)


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose queryset is always scoped by the policy module."""

    queryset: Any = None
    permission_classes = [PolicyPermission]
    object_action: str | None = None  # an @action's policy action ("verify"), else change/delete
    create_roles: frozenset[str] | None = None  # roles that may POST to the collection (admins always)
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # Related rows a list page does not need loaded as objects: a FastModelSerializer reads the
    # codes of its many-to-many fields in one query, and a key column needs no join.
    list_without_related: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = policies.scope(self.request.user, self.queryset.all())
        if getattr(self, "action", None) == "list" and self.list_without_related:
            queryset = _without_related(queryset, self.list_without_related)
        return queryset


class ReadOnlyScopedViewSet(viewsets.ReadOnlyModelViewSet):
    queryset: Any = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return policies.scope(self.request.user, self.queryset.all())


def _without_related(queryset: QuerySet, names: tuple[str, ...]) -> QuerySet:
    """The queryset without these prefetched or joined relations (the others kept)."""
    lookups = [lookup for lookup in queryset._prefetch_related_lookups if lookup not in names]
    queryset = queryset.prefetch_related(None).prefetch_related(*lookups)
    selected = queryset.query.select_related
    if isinstance(selected, dict) and any(name in selected for name in names):
        kept = [path for path in _paths(selected) if path.split(LOOKUP_SEP)[0] not in names]
        queryset = queryset.select_related(None)
        if kept:
            queryset = queryset.select_related(*kept)
    return queryset


def _paths(selected: dict, prefix: str = "") -> list[str]:
    return [
        path
        for name, below in selected.items()
        for path in (prefix + name, *_paths(below, prefix + name + LOOKUP_SEP))
    ]


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


class StoredChoiceField(serializers.ChoiceField):
    """A choice input that shows the stored value as it is, even one the client cannot set (a vacancy
    "filled" by hiring, an enrolment "graduated" through graduate/)."""

    def to_representation(self, value: Any) -> Any:
        return value


# --- fast list serialization ------------------------------------------------------------------------
# A list page is read by walking each row's fields with DRF's own machinery (``serializer.fields`` built
# afresh for every request, ``get_attribute`` chains, per-field ``to_representation``): most of a list
# request's CPU time. ``ListSerializer`` below reads the rows of a ``FastModelSerializer`` through a
# plan made once per serializer class instead, which gives exactly what DRF gives (the same fields in
# the same order, the same values, ``None`` handling and conversions: tests/api/test_fast_lists.py).
# Any field the plan does not know makes the class use DRF's path; any row the plan cannot read
# (a missing attribute, a callable, …) is read by DRF's path alone.


class _Slow(Exception):
    """A row the plan cannot read: DRF reads it instead."""


_RETRY = (_Slow, AttributeError, KeyError, TypeError, ValueError, OverflowError, ObjectDoesNotExist)


def _chain(attrs: tuple[str, ...]) -> Callable[[Any], Any]:
    """DRF's ``get_attribute`` for the common case; anything unusual is left to DRF."""

    def get(obj: Any) -> Any:
        for attr in attrs:
            obj = getattr(obj, attr)
            if callable(obj):
                raise _Slow
        return obj

    return get


def _related(name: str, slug: str) -> Callable[[Any], list]:
    """A many-to-many field's slugs, as DRF reads them (read for the whole page by ``_load_slugs``,
    else from the prefetched rows)."""

    def get(obj: Any) -> list:
        if obj.pk is None:
            return []
        loaded = obj.__dict__.get("_fast_slugs")
        if loaded is not None and name in loaded:
            return loaded[name]
        cache = getattr(obj, "_prefetched_objects_cache", None)
        rows = cache[name] if cache is not None and name in cache else getattr(obj, name).all()
        return [getattr(row, slug) for row in rows]

    return get


def _load_slugs(rows: list, name: str, slug: str) -> None:
    """The slugs of a many-to-many field for a page of rows, in one query of two columns, in the
    order a prefetch gives (the related model's ordering); rows prefetched already are left alone."""
    rows = [
        obj
        for obj in rows
        if obj.pk is not None and name not in getattr(obj, "_prefetched_objects_cache", {})
    ]
    if not rows:
        return
    field = rows[0]._meta.get_field(name)
    related = field.related_model._meta
    ordering = related.ordering
    if not (
        field.many_to_many
        and field.concrete
        and ordering
        and all(isinstance(o, str) and o.lstrip("-") and "?" not in o for o in ordering)
        and type(field.related_model._default_manager).get_queryset is BaseManager.get_queryset
    ):
        prefetch_related_objects(rows, name)
        return
    found: dict[Any, list] = {obj.pk: [] for obj in rows}
    sql = _slugs_sql(field, slug, rows[0]._state.db)
    if sql is None:
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        order = [f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}" for o in ordering]
        through = field.remote_field.through._base_manager.using(rows[0]._state.db)
        pairs = through.filter(**{f"{source}__in": list(found)}).order_by(*order)
        pairs = pairs.values_list(source, f"{target}__{slug}")
    else:
        with connections[rows[0]._state.db].cursor() as cursor:
            cursor.execute(sql % ", ".join(["%s"] * len(found)), list(found))
            pairs = cursor.fetchall()
    for pk, value in pairs:
        found[pk].append(value)
    for obj in rows:
        obj.__dict__.setdefault("_fast_slugs", {})[name] = found[obj.pk]


_SLUGS_SQL: dict[tuple, str | None] = {}
_TEXT = {"CharField", "SlugField", "TextField"}


def _slugs_sql(field: Any, slug: str, db: str) -> str | None:
    """``SELECT owner, slug … ORDER BY <the related model's ordering>`` for a many-to-many field
    (``%s`` left for the owners' placeholders), written once; ``None`` when the ORM must write it."""
    key = (field, slug, db)
    if key not in _SLUGS_SQL:
        _SLUGS_SQL[key] = None
        connection = connections[db]
        quote = connection.ops.quote_name
        related = field.related_model._meta
        through = field.remote_field.through._meta
        try:
            slug_field = related.get_field(slug)
            ordering = [
                (related.get_field(o.lstrip("-")), "DESC" if o.startswith("-") else "ASC")
                for o in related.ordering
            ]
        except FieldDoesNotExist:
            return None
        columns = [slug_field, *(f for f, _direction in ordering)]
        if not all(f.concrete and not f.is_relation and f.get_internal_type() in _TEXT for f in columns):
            return None
        source = through.get_field(field.m2m_field_name()).column
        target = through.get_field(field.m2m_reverse_field_name()).column
        order = ", ".join(f"r.{quote(f.column)} {direction}" for f, direction in ordering)
        _SLUGS_SQL[key] = (
            (
                f"SELECT t.{quote(source)}, r.{quote(slug_field.column)} "  # noqa: S608
                f"FROM {quote(through.db_table)} t INNER JOIN {quote(related.db_table)} r "
                f"ON r.{quote(related.pk.column)} = t.{quote(target)} "
                f"WHERE t.{quote(source)} IN (%s) ORDER BY {order}"
            )
            .replace("%", "%%")
            .replace("IN (%%s)", "IN (%s)")
        )
    return _SLUGS_SQL[key]


def _iso_datetime(value: dt.datetime, zone: Any) -> str:
    """``DateTimeField.to_representation`` in the current time zone, ISO 8601."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_NOT_FAST = (
    serializers.BaseSerializer,
    serializers.HiddenField,
    serializers.FileField,
    serializers.HyperlinkedRelatedField,
)
_SAME = {  # DRF's to_representation → the builtin that does the same
    serializers.IntegerField.to_representation: "int",
    serializers.CharField.to_representation: "str",
    serializers.FloatField.to_representation: "float",
    serializers.ReadOnlyField.to_representation: None,
    StoredChoiceField.to_representation: None,
}


def _value_of(name: str, field: Any, meta: Any, i: int, env: dict) -> str:
    """A Python expression for a field's value in a row ``obj``; names it needs go into ``env``."""
    attrs = tuple(field.source_attrs)
    column = None
    if len(attrs) == 1:
        with contextlib.suppress(FieldDoesNotExist):
            column = meta.get_field(attrs[0])
    if column is not None and column.concrete and not column.is_relation and column.attname == attrs[0]:
        return f"obj.{attrs[0]}"
    env[f"g{i}"] = _chain(attrs)
    return f"g{i}(obj)"


def _convert(field: Any, v: str, i: int, env: dict) -> str:
    """A Python expression for ``field.to_representation`` of ``v`` (``None`` stays ``None``)."""
    rep = type(field).to_representation
    env[f"c{i}"] = field.to_representation
    if rep in _SAME:
        builtin = _SAME[rep]
        return v if builtin is None else f"(None if {v} is None else {builtin}({v}))"
    if rep is serializers.BooleanField.to_representation:
        return f"({v} if {v} is None or {v} is True or {v} is False else c{i}({v}))"
    iso = api_settings.DATE_FORMAT
    if rep is serializers.DateField.to_representation and not hasattr(field, "format") and iso == ISO_8601:
        return f"(None if {v} is None else {v}.isoformat() if type({v}) is _date else c{i}({v}))"
    iso = api_settings.DATETIME_FORMAT
    if (
        rep is serializers.DateTimeField.to_representation
        and not hasattr(field, "format")
        and not hasattr(field, "timezone")
        and iso == ISO_8601
        and settings.USE_TZ
    ):
        return (
            f"(None if {v} is None else _iso_datetime({v}, zone) "
            f"if type({v}) is _datetime and {v}.utcoffset() is not None else c{i}({v}))"
        )
    return f"(None if {v} is None else c{i}({v}))"


def _plan_of(cls: type[serializers.ModelSerializer]) -> tuple[Callable, tuple, tuple] | None:
    """A factory of row readers for the class (given its method fields' bound methods and the time
    zone), the method fields' names and the many-to-many (field, slug) pairs; ``None`` when the
    class keeps DRF's path."""
    if cls.to_representation is not serializers.Serializer.to_representation:
        return None  # a serializer that reshapes its rows keeps DRF's path
    meta = cls.Meta.model._meta
    env: dict[str, Any] = {
        "_date": dt.date,
        "_datetime": dt.datetime,
        "_iso_datetime": _iso_datetime,
        "_Slow": _Slow,
    }
    methods, lines, items, many = [], [], [], []
    for i, field in enumerate(cls(context={})._readable_fields):
        attrs = tuple(field.source_attrs)
        v = f"v{i}"
        if isinstance(field, serializers.SerializerMethodField):
            methods.append(field.method_name)
            lines.append(f"    {v} = m{len(methods) - 1}(obj)")
            expression = v
        elif isinstance(field, serializers.ManyRelatedField):
            child = field.child_relation
            if (
                type(child).to_representation is not serializers.SlugRelatedField.to_representation
                or len(attrs) != 1
                or field.default is not serializers.empty
            ):
                return None
            env[f"g{i}"] = _related(attrs[0], child.slug_field)
            many.append((attrs[0], child.slug_field))
            lines.append(f"    {v} = g{i}(obj)")
            expression = v
        elif isinstance(field, _NOT_FAST) or field.source == "*":
            return None
        elif isinstance(field, serializers.RelatedField) and field.use_pk_only_optimization():
            if (
                type(field).to_representation is not serializers.PrimaryKeyRelatedField.to_representation
                or field.pk_field is not None
                or len(attrs) != 1
            ):
                return None
            try:
                column = meta.get_field(attrs[0])
            except FieldDoesNotExist:
                return None
            if not (column.concrete and column.many_to_one):
                return None
            lines.append(f"    {v} = obj.{column.attname}")
            expression = v
        else:
            value = _value_of(field.field_name, field, meta, i, env)
            lines.append(f"    {v} = {value}")
            if value.startswith("obj."):  # DRF calls a callable attribute: so does its path
                lines.append(f"    if callable({v}): raise _Slow")
            expression = _convert(field, v, i, env)
        items.append(f"        {field.field_name!r}: {expression},")
    arguments = ", ".join([*(f"m{j}" for j in range(len(methods))), "zone"])
    source = "\n".join(
        [
            f"def make({arguments}):",
            "  def row(obj):",
            *lines,
            "    return {",
            *(f"  {item}" for item in items),
            "    }",
            "  return row",
        ]
    )
    exec(compile(source, f"<fast list {cls.__qualname__}>", "exec"), env)  # noqa: S102
    return env["make"], tuple(methods), tuple(many)


class ListSerializer(serializers.ListSerializer):
    """DRF's list serializer, reading its rows through the child class's plan where it has one."""

    @property
    def data(self):
        data = super().data
        # The rows are read (and ``save()`` is refused from now on): let go of them. The serializer
        # and its child refer to each other, so whatever they hold waits for the garbage collector;
        # a page's rows (hundreds of objects) would otherwise make every request pay for a collection.
        self.instance = self.child.instance = None
        self._args = self.child._args = ()
        return data

    def to_representation(self, data):
        child = self.child
        plan = type(child).fast_plan()
        if plan is None:
            return super().to_representation(data)
        make, methods, many = plan
        rows = data.all() if isinstance(data, BaseManager) else data
        if many:
            rows = list(rows)
            for name, slug in many:
                _load_slugs(rows, name, slug)
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        row = make(*(getattr(child, name) for name in methods), zone)
        slow = child.to_representation
        out = []
        for obj in rows:
            try:
                out.append(row(obj))
            except _RETRY:
                out.append(slow(obj))
        return out


class FastModelSerializer(serializers.ModelSerializer):
    """A model serializer whose lists (``many=True``) are read through a plan made once per class."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        serializer = super().many_init(*args, **kwargs)
        if type(serializer) is serializers.ListSerializer:
            serializer.__class__ = ListSerializer
        return serializer

    @classmethod
    def fast_plan(cls) -> list | None:
        if "_fast_plan" not in cls.__dict__:
            cls._fast_plan = _plan_of(cls)
        return cls._fast_plan
