"""The dashboards answer in a number of queries that does not grow with regencies, BLKK or programmes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.regions.models import Regency
from apps.registry.models import Blkk
from tests import factories as f
from tests.dashboards.conftest import months_ago

pytestmark = pytest.mark.django_db


def grow(*, regencies: int, blkk_per_regency: int, programs_per_blkk: int = 1) -> None:
    """BLKK across ``regencies`` of Jawa Tengah, each with programmes, a graduate who was hired
    and an open vacancy in the same regency."""
    codes = Regency.objects.filter(province="33").order_by("code").values_list("code", flat=True)
    for code in codes[:regencies]:
        for _ in range(blkk_per_regency):
            grow_programs(f.BlkkFactory(regency=f.regency(code)), programs_per_blkk)


def grow_programs(blkk: Blkk, n: int) -> None:
    for _ in range(n):
        cohort = f.CohortFactory(program=f.ProgramFactory(blkk=blkk))
        enrolment = f.GraduateEnrolmentFactory(trainee__blkk=blkk, cohort=cohort, graduated_on=months_ago(1))
        vacancy = f.VacancyFactory(
            employer=f.EmployerFactory(regency=blkk.regency, industrial_park=None), regency=blkk.regency
        )
        f.ApplicationFactory(vacancy=vacancy, trainee=enrolment.trainee, status="hired")


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboards:index"),
        reverse("dashboards:index") + "?province=33",
        reverse("dashboards:export", args=["kabupaten-kota", "csv"]),
        reverse("dashboards:export", args=["kejuruan", "xlsx"]),
        reverse("dashboards:export", args=["lulusan-per-bulan", "csv"]),
    ],
)
def test_dashboard_queries_do_not_grow_with_regencies_and_blkk(
    client, olivia, django_assert_max_num_queries, url
):
    grow(regencies=1, blkk_per_regency=1)
    client.force_login(olivia)
    baseline = count(client, url)
    grow(regencies=6, blkk_per_regency=3)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200


def test_the_grown_dashboard_really_shows_more_regencies(client, olivia):
    grow(regencies=6, blkk_per_regency=3)
    client.force_login(olivia)
    response = client.get(reverse("dashboards:index"))
    assert len(response.context["regencies"].rows) == 6
    assert response.context["kpis"]["blkk_count"] == 18


@pytest.mark.parametrize("fmt", ["page", "csv", "xlsx"])
def test_regency_page_and_exports_do_not_grow_with_its_blkk(client, olga, django_assert_max_num_queries, fmt):
    grow(regencies=1, blkk_per_regency=1)
    code = Blkk.objects.get().regency_id
    url = (
        reverse("dashboards:regency", args=[code])
        if fmt == "page"
        else reverse("dashboards:export", args=["blkk", fmt]) + f"?regency={code}"
    )
    client.force_login(olga)
    baseline = count(client, url)
    grow(regencies=1, blkk_per_regency=8)
    assert Blkk.objects.filter(regency=code).count() == 9
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("fmt", ["page", "csv"])
def test_blkk_page_and_exports_do_not_grow_with_its_programmes(
    client, olga, django_assert_max_num_queries, fmt
):
    blkk = f.BlkkFactory(regency=f.regency("33.25"))
    blkk.vocations.set([f.vocation("LAS"), f.vocation("GRM")])
    grow_programs(blkk, 1)
    url = (
        reverse("dashboards:blkk", args=[blkk.pk])
        if fmt == "page"
        else reverse("dashboards:export", args=["program", fmt]) + f"?blkk={blkk.pk}"
    )
    client.force_login(olga)
    baseline = count(client, url)
    grow_programs(blkk, 6)
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200
