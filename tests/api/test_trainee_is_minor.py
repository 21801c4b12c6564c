"""The API's ``is_minor`` (today's date read once per response) agrees with ``Trainee.is_minor``
on the days around an 18th birthday, 29 February included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.trainees.models import Trainee
from tests import factories as f
from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@pytest.mark.parametrize("today", [None, dt.date(2028, 2, 28), dt.date(2028, 2, 29), dt.date(2028, 3, 1)])
def test_is_minor_agrees_with_the_model_around_an_18th_birthday(api, alice, blkk_a, monkeypatch, today):
    if today is not None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    today = timezone.localdate()
    eighteen = years_before(today, 18)
    births = [eighteen - dt.timedelta(days=1), eighteen, eighteen + dt.timedelta(days=1)]
    births += [dt.date(2010, 2, 28), dt.date(2010, 3, 1), dt.date(2008, 2, 29)]
    for born in births:
        f.TraineeFactory(blkk=blkk_a, birth_date=born)
    rows = api.as_(alice).get(f"{BASE}trainees/?page_size=200").json()["results"]
    assert len(rows) == len(births)
    expected = {t.pk: t.is_minor for t in Trainee.objects.filter(blkk=blkk_a)}
    assert {row["id"]: row["is_minor"] for row in rows} == expected
    assert {row["id"]: row["is_minor"] for row in rows if row["birth_date"] == eighteen.isoformat()}
    assert not expected[next(r["id"] for r in rows if r["birth_date"] == eighteen.isoformat())]
    assert expected[next(r["id"] for r in rows if r["birth_date"] == births[2].isoformat())]
