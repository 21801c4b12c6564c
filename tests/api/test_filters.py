"""Filtering builds only the filters a request gives a value for, and answers exactly as before.

``apps.core.drf.SafeFilterBackend`` reduces a filter set to the filters named in the query string
(django-filter would copy every filter and build and validate every form field, scoped choice
fields included, on each request) and makes the filter set of ``filterset_fields`` once per view.
"""

from __future__ import annotations

import pytest
from django.http import QueryDict

from apps.accounts import policies
from apps.core import drf
from apps.matching.api import MatchRunViewSet
from apps.trainees.api import TraineeFilter
from apps.training.models import Cohort
from apps.vacancies.api import VacancyFilter
from apps.vacancies.models import Vacancy
from tests import factories as f
from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db


def test_only_the_given_filters_are_built():
    reduced = drf._given(VacancyFilter, QueryDict("status=open&regency=33.25&page=2"))
    assert list(reduced.base_filters) == ["status", "regency"]
    assert issubclass(reduced, VacancyFilter)
    assert drf._given(VacancyFilter, QueryDict("status=open&regency=33.25")) is reduced  # made once
    assert drf._given(VacancyFilter, QueryDict("closes_after_x=1")).base_filters.keys() == {"closes_after"}
    assert len(VacancyFilter.base_filters) > 2  # the class itself is left alone


def test_a_filter_set_that_filters_in_its_own_way_keeps_every_filter():
    class OwnWay(VacancyFilter):
        def filter_queryset(self, queryset):
            return super().filter_queryset(queryset)

    assert drf._given(OwnWay, QueryDict("status=open")) is OwnWay


def test_filterset_fields_make_their_filter_set_once_per_view():
    backend, view = drf.SafeFilterBackend(), MatchRunViewSet()
    queryset = MatchRunViewSet.queryset
    made = backend.get_filterset_class(view, queryset)
    assert made is backend.get_filterset_class(view, queryset)
    assert set(made.base_filters) == {"status", "scope", "vacancy"}


QUERIES = [
    "status=open",
    "status=draft",
    "regency=33.25",
    "status=open&regency=33.26",
    "vocation=LAS",
    "province=33",
    "closes_after=2020-01-01",
    "employer={employer}",
    "status=open&employer={employer}&vocation=LAS",
    "unknown=1",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("who", ["root", "carol", "alice"])
def test_reduced_filtering_answers_as_the_full_filter_set(api, api_world, personas, rf, query, who):
    user = personas[who]
    query = query.format(employer=api_world["employer:x"].pk)
    response = api.as_(user).get(f"{BASE}vacancies/?{query}&page_size=200")
    request = rf.get("/", QueryDict(query))
    request.user = user
    queryset = policies.scope(user, Vacancy.objects.order_by("-id"))
    full = VacancyFilter(QueryDict(query), queryset=queryset, request=request)
    if not full.is_valid():  # e.g. another's employer: the same field error as before
        assert response.status_code == 400
        assert response.json().keys() == full.errors.keys()
        return
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == list(full.qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("vacancies/", "status=nonsense", "status"),
        ("vacancies/", "status=open&employer=999999", "employer"),
        ("vacancies/", "closes_after=yesterday", "closes_after"),
        ("trainees/", "blkk=abc", "blkk"),
        ("trainees/", "regency=33.25&status=nonsense", "status"),
        ("cohorts/", "blkk=99999999999999999999", "blkk"),  # beyond 64 bits: refused on any backend
        ("cohorts/", "blkk=1.5", "blkk"),
    ],
)
def test_a_bad_value_of_a_given_filter_is_still_a_field_error(api, root, path, query, field):
    response = api.as_(root).get(f"{BASE}{path}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_anothers_object_in_a_scoped_choice_is_refused_like_a_missing_one(api, api_world, alice):
    """The reduced filter set still scopes a choice filter's queryset by the requesting user."""
    other = api_world["blkk:b"].pk
    response = api.as_(alice).get(f"{BASE}trainees/?blkk={other}")
    assert response.status_code == 400
    assert list(response.json()) == ["blkk"]
    assert TraineeFilter.base_filters["blkk"].queryset is not None


def test_cohorts_filter_by_a_visible_blkk(api, api_world, root, alice):
    """``?blkk=`` on cohorts is a choice among the BLKK the user may see, as on programmes and
    trainees: the BLKK's cohorts for one that is visible, a field error for another's."""
    blkk = api_world["blkk:a"]
    f.CohortFactory(program=f.ProgramFactory(blkk=blkk))
    f.CohortFactory(program=f.ProgramFactory(blkk=api_world["blkk:b"]))
    expected = set(Cohort.objects.filter(program__blkk=blkk).values_list("pk", flat=True))
    response = api.as_(root).get(f"{BASE}cohorts/?blkk={blkk.pk}&page_size=200")
    assert response.status_code == 200 and expected
    assert {row["id"] for row in response.json()["results"]} == expected
    response = api.as_(alice).get(f"{BASE}cohorts/?blkk={api_world['blkk:b'].pk}")
    assert response.status_code == 400 and list(response.json()) == ["blkk"]
