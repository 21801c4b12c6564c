"""Form helpers shared by the pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to the form: on its field when the form has it,
    otherwise to the whole form. The page then re-renders with the error; nothing changed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(None if field == NON_FIELD_ERRORS else target, error)
    else:
        form.add_error(None, exc)


class DateInput(forms.DateInput):
    """A native date picker (sends ISO dates, which every locale accepts)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
