"""FastJSONField reads what Django's JSONField reads, value for value and type for type."""

import json

import pytest
from django.db import connection, models
from django.db.models.fields.json import KeyTextTransform

from apps.core.models import FastJSONField
from apps.matching.models import Match
from tests import factories as f

TEXTS = [
    "{}",
    "[]",
    "null",
    '{"coverage": 48.5, "vocation": 20, "distance": 9.999999999999998, "recency": 0.1}',
    '["LAS.01", "LAS.02", "\\u00e9", "é", "\\"quoted\\"", "line\\nbreak"]',
    '{"big": 18446744073709551616, "negative_big": -9223372036854775809}',  # beyond 64 bits
    "[99999999999999999999999999999]",
    '{"max": 18446744073709551615, "min": -9223372036854775808, "exp": 1e300, "tiny": 5e-324}',
    '{"zero": -0.0, "int_like": 1.0, "sci": 1E+2, "long": 3.141592653589793238462643383279}',
    '{"a": 1, "a": 2}',  # duplicate keys: the last wins in both
    '"\\ud800"',  # a lone surrogate: orjson refuses, Django's reading is kept
    '{"nested": ' * 200 + "[1, 2.5]" + "}" * 200,
    '{"nik": "3325011502980001", "id": 123456789012345678}',  # 18 digits: orjson reads it
    '["1234567890123456789"]',  # 19 digits in a text: read by Django, all the same
    '{"broken": ',  # not JSON: Django gives the text back
]


def typed(value):
    """A value with the type of every part spelled out (1 and 1.0 and True differ)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_is_read_as_django_reads_it(text):
    ours = FastJSONField().from_db_value(text, None, connection)
    django = models.JSONField().from_db_value(text, None, connection)
    assert typed(ours) == typed(django)


def test_a_field_with_its_own_decoder_is_read_by_django():
    class Decoder(json.JSONDecoder):
        def decode(self, s, *args, **kwargs):
            return {"decoded": super().decode(s, *args, **kwargs)}

    assert FastJSONField(decoder=Decoder).from_db_value('{"a": 1}', None, connection) == {"decoded": {"a": 1}}


def test_migrations_see_a_plain_json_field():
    _name, path, _args, kwargs = Match._meta.get_field("reasons").deconstruct()
    assert path == "django.db.models.JSONField" and kwargs["default"] is dict


@pytest.mark.django_db
def test_a_shortlist_row_reads_back_what_was_stored(blkk_a):
    vacancy, trainee = f.VacancyFactory(), f.TraineeFactory(blkk=blkk_a)
    reasons = {"coverage": 48.5, "vocation": 20, "distance": 0.1 + 0.2, "recency": 1e-7, "note": "é\n"}
    Match.objects.create(
        vacancy=vacancy, trainee=trainee, score=70.0, rank=1, matched=["LAS.01"], missing=[], reasons=reasons
    )
    row = Match.objects.get()
    assert typed(row.reasons) == typed(reasons) and row.matched == ["LAS.01"] and row.missing == []
    # A key read through the database (a transform) is left to Django.
    text = Match.objects.annotate(note=KeyTextTransform("note", "reasons")).values_list("note", flat=True)
    assert list(text) == ["é\n"]
