import re

import orjson
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.json import KeyTransform
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class FieldKeyedConstraintsMixin:
    """Report a violated multi-field unique constraint on one of its fields, not above the form.

    ``constraint_fields = {("program", "number"): "number"}`` on the model.
    """

    constraint_fields: dict[tuple[str, ...], str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            for message in errors.pop(NON_FIELD_ERRORS, []):
                fields = tuple((message.params or {}).get("unique_check", ()))
                errors.setdefault(self.constraint_fields.get(fields, NON_FIELD_ERRORS), []).append(message)
            raise ValidationError(errors) from exc


# 19 digits in a row: possibly an integer beyond 64 bits, which orjson would read as a float.
_LONG_NUMBER = re.compile(r"[0-9]{19}")


class FastJSONField(models.JSONField):
    """``JSONField`` whose column is read with orjson, several times faster than ``json.loads``
    (a vacancy's shortlist reads three JSON columns a row). Both read JSON alike, but for integers
    beyond 64 bits (orjson makes them floats): a text with 19 digits in a row, any text orjson
    refuses (a lone surrogate) and any field with its own ``decoder`` are read by Django as before.
    Writing is unchanged, and migrations see a plain ``JSONField``."""

    def from_db_value(self, value, expression, connection):
        if (
            isinstance(value, str)
            and self.decoder is None
            and not isinstance(expression, KeyTransform)
            and not _LONG_NUMBER.search(value)
        ):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return super().from_db_value(value, expression, connection)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs


class FastLoadModel(models.Model):
    """A model whose rows read from the database are built without ``Model.__init__``.

    ``Model.from_db`` calls ``__init__``, which sends two signals and sets each column through
    ``setattr``: about a third of the Python time of a list page of 50 rows with their related rows.
    A row with every column loaded is the same object when its values go straight into its
    ``__dict__`` (what ``__init__`` ends up with), provided no field has its own descriptor that
    converts on assignment and no ``pre_init``/``post_init`` receiver listens; a row with deferred
    columns gets just its loaded ones, as ``__init__`` does. Anything else (such a field, a receiver,
    a model with its own ``__init__``) is built by Django as usual.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        names = cls.__dict__.get("_fast_load_names")
        if names is None:
            names = cls._fast_load_names = _fast_load_names(cls)
        if (
            not names
            # No receiver at all (the usual case) is a list check; else ask the signal for this model.
            or (pre_init.receivers and pre_init.has_listeners(cls))
            or (post_init.receivers and post_init.has_listeners(cls))
        ):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        new._state = state = ModelState()
        state.adding = False
        state.db = db
        # A partial row (``only``/``defer``) has the loaded columns' attribute names in ``field_names``,
        # in field order; ``__init__`` leaves the deferred ones out of ``__dict__`` as this does.
        new.__dict__.update(zip(names if len(values) == len(names) else field_names, values, strict=True))
        return new

    def _get_FIELD_display(self, field):
        """``get_<field>_display()``, with the field's value → label map built once.

        Django rebuilds it on every call with ``make_hashable`` over the choices, which hashes, and
        so translates, every lazy label: 67 µs for the 11 levels of education, per row of a list
        page. The labels here stay lazy: a call translates only the one it returns, in the active
        language. Choices given by a callable are left to Django (they may change)."""
        if isinstance(field.choices, CallableChoiceIterator):
            return super()._get_FIELD_display(field)
        labels = field.__dict__.get("_display_labels")
        if labels is None:
            labels = field._display_labels = {make_hashable(v): label for v, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


_PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _fast_load_names(cls: type[models.Model]) -> tuple[str, ...]:
    """The concrete fields' attribute names, in ``from_db`` order; empty when ``__init__`` must run."""
    if cls.__init__ is not models.Model.__init__:
        return ()
    names = tuple(field.attname for field in cls._meta.concrete_fields)
    if not all(type(getattr(cls, name, None)) in _PLAIN_ATTRIBUTES for name in names):
        return ()
    return names


class TimeStampedModel(FastLoadModel):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CountedModel(models.Model):
    """A row the dashboards count or show (BLKK, programme, cohort, trainee, enrolment,
    application, vacancy).

    Saving or deleting one marks the regencies it is counted in as stale, in the same transaction,
    so the summary tables are refreshed and cached dashboard answers forgotten
    (``apps.dashboards.summaries``); bulk writes mark themselves, and so does a change of
    many-to-many rows only (``mark_counted``).
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from apps.dashboards import summaries

        if self._state.adding and not summaries.counted_when_new(self):
            return super().save(*args, **kwargs)  # e.g. a new draft vacancy: no figure changes
        before = summaries.regencies_before(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        summaries.mark(before | summaries.regencies_of(self))

    def mark_counted(self) -> None:
        """Mark this row's regencies without a save (e.g. only its many-to-many rows changed)."""
        from apps.dashboards import summaries

        summaries.mark(summaries.regencies_of(self))

    def delete(self, *args, **kwargs):
        from apps.dashboards import summaries

        regencies = summaries.regencies_of(self)
        result = super().delete(*args, **kwargs)
        summaries.mark(regencies)
        return result
