"""BLKK profile form. Forms parse input; ``registry.services.blkk_update`` validates and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from apps.core.forms import QuickSelect
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.registry.services import PROFILE_FIELDS
from apps.taxonomy.models import Vocation


def model_field(model: type[Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django builds for a model field: same label, validators and limits."""
    return model._meta.get_field(name).formfield(**kwargs)


class RegencyChoiceField(forms.ModelChoiceField):
    """Regencies/cities by name, with their Kemendagri code (``Kabupaten Batang (33.25)``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Regency.objects.order_by("name", "code"))
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Regency) -> str:
        return f"{obj.name} ({obj.code})"


class BlkkProfileForm(forms.Form):
    name = model_field(Blkk, "name")
    host_type = model_field(Blkk, "host_type")
    host_name = model_field(Blkk, "host_name")
    regency = RegencyChoiceField(label=_("Regency/city"))
    address = model_field(Blkk, "address", widget=forms.Textarea(attrs={"rows": 3}))
    phone = model_field(
        Blkk, "phone", widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    email = model_field(Blkk, "email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    vocations = forms.ModelMultipleChoiceField(
        queryset=Vocation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Vocations offered"),
    )

    @classmethod
    def initial_for(cls, blkk: Blkk) -> dict[str, Any]:
        return model_to_dict(blkk, fields=PROFILE_FIELDS)
