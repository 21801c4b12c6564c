from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
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


class TimeStampedModel(models.Model):
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
