"""``QuickSelect`` writes exactly the markup of Django's template ``Select`` (whitespace aside)."""

from __future__ import annotations

import re

import pytest
from django import forms

from apps.core.forms import QuickSelect

CHOICES = [
    ("", "---------"),
    ("33.25", "Kabupaten Batang"),
    ("x<y>", 'Kota "Tegal" & <Brebes>'),
    ("Jawa Timur", [("35.78", "Kota Surabaya"), ("35.15", "Kabupaten Sidoarjo")]),
]


def normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize("value", [None, "", "33.25", "x<y>", "35.15", "not a choice"])
@pytest.mark.parametrize("attrs", [{}, {"hx-get": "/u/?a=1&b=2", "disabled": True, "data-off": False}])
def test_the_same_markup_as_djangos_select(value, attrs):
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("regency", value, {"id": "id_regency"})
    django = forms.Select(attrs=attrs, choices=CHOICES).render("regency", value, {"id": "id_regency"})
    assert normal(quick) == normal(django)
    assert "<Brebes>" not in quick and "&lt;Brebes&gt;" in quick  # labels escaped once


def test_a_bound_form_shows_the_chosen_value_and_the_error():
    class Form(forms.Form):
        regency = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    chosen = Form(data={"regency": "35.78"})
    assert chosen.is_valid()
    assert '<option value="35.78" selected>Kota Surabaya</option>' in str(chosen["regency"])
    wrong = Form(data={"regency": "99.99"})
    assert not wrong.is_valid()
    assert 'aria-invalid="true"' in str(wrong["regency"])
