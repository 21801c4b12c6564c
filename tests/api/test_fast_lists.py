"""The fast list path gives byte for byte what plain DRF gives.

Lists are read through a plan made once per serializer class (apps/core/api.py), many-to-many codes
are read for a whole page in one query instead of prefetched, and the JSON is encoded by orjson
(apps/core/drf.py). Each list is fetched twice as several personas, once as it is and once through
DRF's own serializer path, prefetches and encoder, and the two bodies must be the same bytes (the
signed cursors in the links compared by what they carry, since they hold the time of signing).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import weakref
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core import signing
from django.utils.functional import lazy
from rest_framework import renderers

from apps.core import api as core_api
from apps.core import drf
from apps.core.pagination import CURSOR_SALT
from apps.trainees.api import EnrolmentSerializer, TraineeSerializer, TraineeSummarySerializer
from apps.trainees.models import Enrolment, Trainee
from apps.vacancies.api import VacancySerializer
from apps.vacancies.models import Vacancy
from tests import factories as f
from tests.api import test_matching_api
from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db

graduate, vacancy, run_now = test_matching_api.graduate, test_matching_api.vacancy, test_matching_api.run_now
matched = test_matching_api.matched

LISTS = [
    "trainees/",
    "trainees/?page_size=2",
    "enrolments/",
    "vacancies/",
    "vacancies/?page_size=2",
    "applications/",
    "blkk/",
    "programs/",
    "cohorts/",
    "employers/",
    "industrial-parks/",
    "match-runs/",
]


def _cursors(body: bytes) -> str:
    def payload(match: re.Match) -> str:
        return "cursor=" + json.dumps(signing.loads(unquote(match.group(1)), salt=CURSOR_SALT))

    return re.sub(r"cursor=([^&\"]+)", payload, body.decode())


@pytest.fixture
def plain_drf(monkeypatch):
    """Switch the fast path off: DRF's serializer path, prefetches and JSON encoder."""

    def switch():
        monkeypatch.setattr(core_api.FastModelSerializer, "fast_plan", classmethod(lambda cls: None))
        monkeypatch.setattr(core_api, "_without_related", lambda queryset, names: queryset)
        monkeypatch.setattr(drf.JSONRenderer, "render", renderers.JSONRenderer.render)

    return switch


def _both(api, user, urls, plain_drf) -> None:
    client = api.as_(user)
    fast = {url: client.get(BASE + url) for url in urls}
    plain_drf()
    for url, response in fast.items():
        plain = client.get(BASE + url)
        assert response.status_code == plain.status_code == 200, (url, response.content[:300])
        assert _cursors(response.content) == _cursors(plain.content), url


@pytest.mark.parametrize("persona", ["root", "alice", "carol", "olivia", "oscar"])
def test_every_list_is_the_same_as_plain_drf(api, api_world, personas, persona, plain_drf):
    # Rows with many-to-many codes, empty and null values, minors, time stamps.
    f.VacancyFactory(employer=api_world["employer:x"], competencies=f.units("LAS", 3), salary_max=None)
    f.TraineeFactory(
        blkk=api_world["blkk:a"], email="", phone="", birth_date=dt.date.today() - dt.timedelta(days=6000)
    )
    _both(api, personas[persona], LISTS, plain_drf)


def test_candidates_are_the_same_as_plain_drf(api, carol, matched, plain_drf):
    job, _people = matched
    _both(
        api,
        carol,
        [f"vacancies/{job.pk}/candidates/", f"vacancies/{job.pk}/candidates/?proposed=true"],
        plain_drf,
    )


@pytest.mark.parametrize(
    ("serializer", "model"),
    [
        (TraineeSerializer, Trainee),
        (TraineeSummarySerializer, Trainee),
        (EnrolmentSerializer, Enrolment),
        (VacancySerializer, Vacancy),
    ],
)
def test_the_plan_gives_what_drf_gives_row_by_row(api_world, rf, root, serializer, model):
    request = rf.get("/")
    request.user = root
    rows = list(model.objects.order_by("pk"))
    context = {"request": request}
    fast = serializer(rows, many=True, context=context).data
    plain = [serializer(row, context=context).data for row in rows]
    assert json.dumps(fast) == json.dumps(plain)
    assert serializer.fast_plan() is not None


def test_a_row_the_plan_cannot_read_is_read_by_drf(api_world, rf, root):
    request = rf.get("/")
    request.user = root
    trainee = Trainee.objects.first()
    trainee.full_name = lambda: "called"  # a callable attribute: DRF calls it
    data = TraineeSerializer([trainee], many=True, context={"request": request}).data
    assert data[0]["full_name"] == "called"


def test_a_list_lets_go_of_its_rows_once_read(api_world, rf, root):
    """The rows of a read list are freed by reference counting, not left for the garbage collector
    (the list serializer and its child refer to each other, and held the rows)."""
    request = rf.get("/")
    request.user = root
    rows = list(Trainee.objects.order_by("pk")[:3])
    alive = [weakref.ref(row) for row in rows]
    serializer = TraineeSerializer(rows, many=True, context={"request": request})
    others = Trainee.objects.order_by("pk")[:3]  # the same rows, other objects
    expected = json.dumps([TraineeSerializer(row, context={"request": request}).data for row in others])
    gc.disable()
    try:
        data = serializer.data
        del rows
        assert [ref() for ref in alive] == [None, None, None]
    finally:
        gc.enable()
    assert json.dumps(data) == json.dumps(serializer.data) == expected


@pytest.mark.parametrize(
    "data",
    [
        {
            "text": 'a\u2028b\u2029c\x00\x1f\x7f "quoted" \\ é 中文 😀',
            "n": [1, -2, 2**62, 0.5, 1e-7, 1e16, 3.0],
        },
        {"when": dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC), "day": dt.date(2026, 1, 2)},
        {"money": Decimal("12.50"), "lazy": lazy(lambda: "terjemahan", str)(), "t": dt.time(1, 2)},
        {1: "non-string key", "nested": [{"x": None, "y": True, "z": False}]},
        [],
        {"big": 2**70},
        {"small": [1e-05, 0.00001, -2.5e-8, 0.0001], "large": [1.5e20, 1e22, 12e5, 1e15]},
        {"text": ["e-mail", "the 1e5 rule", "e1", "0.0000 in words", "ee+"], "n": 2.5},
        1e-05,
        [1e16, "e"],
    ],
)
def test_the_renderer_writes_the_bytes_drf_writes(data):
    assert drf.JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


@pytest.mark.parametrize(
    ("text", "different"),
    [
        (b'{"a":1e-07}', True),
        (b'{"a":1e+16}', True),
        (b"[1E5]", False),  # neither encoder writes a capital E
        (b'{"a":0.00001}', True),
        (b'{"reasons":{"score":12.5},"e-mail":"e1"}', False),
        (b'"the 1e5 rule"', True),
        (b"e1", False),
        (b"", False),
    ],
)
def test_which_text_goes_through_drfs_encoder(text, different):
    assert drf._maybe_different(text) is different
