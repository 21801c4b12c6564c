"""The yardstick of ``bench.lists``: the textbook DRF list of ``bench/urls.py``, served with the
portal's URLs beside it (``bench.settings``), lists a BLKK's trainees by name, 50 a page, counted."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import BlkkFactory, TraineeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def api():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory()).key}")
    return client


def test_lists_the_blkks_trainees_by_name_in_pages_of_50(api):
    blkk, other = BlkkFactory(), BlkkFactory()
    names = [f"Peserta {n:03d}" for n in range(51)]
    for name in reversed(names):
        TraineeFactory(blkk=blkk, full_name=name)
    TraineeFactory(blkk=other)

    first = api.get("/bench/reference/trainees/", {"blkk": blkk.pk}).json()
    second = api.get("/bench/reference/trainees/", {"blkk": blkk.pk, "page": 2}).json()

    assert first["count"] == 51
    assert [row["full_name"] for row in first["results"] + second["results"]] == names
    assert {row["blkk"] for row in first["results"]} == {blkk.pk}
    assert set(first["results"][0]) >= {"id", "nik", "full_name", "birth_date", "consent_share"}


def test_asks_for_a_token_and_ignores_a_malformed_filter(api):
    TraineeFactory()
    assert APIClient().get("/bench/reference/trainees/").status_code == 401
    assert api.get("/bench/reference/trainees/", {"blkk": "x"}).json()["count"] == 1


def test_the_portal_is_served_beside_it(api):
    assert api.get("/api/v1/trainees/").status_code == 200
