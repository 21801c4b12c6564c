"""Every list endpoint answers with a number of queries that does not grow with the page (STYLE.md).

For each list, as a role that sees its objects: count the queries for a page of 3 objects, add 27
more, and assert the page of 30 costs exactly as many queries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.employers.models import IndustrialPark
from apps.matching.models import Match
from tests import factories as f
from tests.api.conftest import BASE

Builder = Callable[[dict[str, Any], int], None]


def programs(w: dict[str, Any], n: int) -> None:
    for _ in range(n):
        f.ProgramFactory(blkk=w["blkk_a"])


def cohorts(w: dict[str, Any], n: int) -> None:
    program = f.ProgramFactory(blkk=w["blkk_a"])
    for _ in range(n):
        f.CohortFactory(program=program)


def trainees(w: dict[str, Any], n: int) -> None:
    for _ in range(n):
        f.TraineeFactory(blkk=w["blkk_a"])


def enrolments(w: dict[str, Any], n: int) -> None:
    cohort = f.CohortFactory(program__blkk=w["blkk_a"])
    for _ in range(n):
        f.GraduateEnrolmentFactory(trainee__blkk=w["blkk_a"], cohort=cohort)


def blkk(w: dict[str, Any], n: int) -> None:
    for i in range(n):
        f.BlkkFactory(regency=f.regency("33.27" if i % 2 else "33.25")).vocations.set([f.vocation("LAS")])


def employers(w: dict[str, Any], n: int) -> None:
    for _ in range(n):
        f.EmployerFactory()


def vacancies(w: dict[str, Any], n: int) -> None:
    for _ in range(n):
        f.VacancyFactory(employer=w["employer_x"])


def applications(w: dict[str, Any], n: int) -> None:
    vacancy = f.VacancyFactory(employer=w["employer_x"])
    for i in range(n):
        graduate = f.GraduateEnrolmentFactory(trainee__blkk=w["blkk_a"]).trainee
        f.ApplicationFactory(vacancy=vacancy, trainee=graduate, status="shortlisted" if i % 2 else "proposed")


def users(w: dict[str, Any], n: int) -> None:
    for _ in range(n):
        f.UserFactory(role=User.Role.OFFICIAL, scope_province_id="33")


def parks(w: dict[str, Any], n: int) -> None:
    regency = f.regency("33.26")
    for i in range(n):
        IndustrialPark.objects.create(name=f"Kawasan Industri Uji {i} {timezone.now():%f}", regency=regency)


# (path, persona, builder) — the builder adds n objects the persona sees.
LISTS: list[tuple[str, str, Builder]] = [
    ("programs/", "alice", programs),
    ("programs/", "olga", programs),
    ("cohorts/", "alice", cohorts),
    ("trainees/", "alice", trainees),
    ("trainees/", "olga", trainees),
    ("enrolments/", "alice", enrolments),
    ("blkk/", "olivia", blkk),
    ("blkk/", "root", blkk),
    ("employers/", "olivia", employers),
    ("vacancies/", "carol", vacancies),
    ("vacancies/", "alice", vacancies),
    ("vacancies/", "olga", vacancies),
    ("applications/", "carol", applications),
    ("applications/", "alice", applications),
    ("applications/", "olivia", applications),
    ("users/", "root", users),
    ("industrial-parks/", "alice", parks),
    ("dashboard/summary/", "olivia", blkk),
    ("dashboard/summary/", "olivia", applications),
]


@pytest.fixture
def owners(blkk_a, employer_x) -> dict[str, Any]:
    return {"blkk_a": blkk_a, "employer_x": employer_x}


def queries_for(client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def size(body: Any) -> Any:
    return body["count"] if "count" in body else (body["blkk_count"], body["placed"], body["trainees"])


@pytest.mark.parametrize(
    ("path", "persona", "build"),
    [pytest.param(p, who, b, id=f"{p}-{who}-{b.__name__}") for p, who, b in LISTS],
)
def test_list_queries_do_not_grow_with_the_page(
    api, owners, personas, django_assert_num_queries, path, persona, build
):
    client = api.as_(personas[persona])
    url = f"{BASE}{path}?page_size=200"
    build(owners, 3)
    few, small = queries_for(client, url)
    build(owners, 27)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert size(response.json()) != size(small)  # the page really grew


@pytest.mark.parametrize("path", ["regions/", "competencies/", "vocations/"])
def test_reference_lists_cost_the_same_for_any_page_size(api, db, alice, django_assert_num_queries, path):
    client = api.as_(alice)
    few, _ = queries_for(client, f"{BASE}{path}?page_size=3")
    with django_assert_num_queries(few):
        response = client.get(f"{BASE}{path}?page_size=200")
    assert len(response.json()["results"]) > 3


@pytest.mark.parametrize(
    ("path", "persona", "build"),
    [
        pytest.param(p, who, b, id=f"{p}-{who}-{b.__name__}")
        for p, who, b in LISTS
        if p != "dashboard/summary/"
    ],
)
def test_keyset_pages_cost_the_same_for_any_page_size(
    api, owners, personas, django_assert_num_queries, path, persona, build
):
    """Following ``next`` (a keyset page deep in the list) costs as many queries as page 1,
    whatever the page size."""
    client = api.as_(personas[persona])
    build(owners, 30)
    small = client.get(f"{BASE}{path}?page_size=3").json()["next"]
    big = client.get(f"{BASE}{path}?page_size=12").json()["next"]
    first, _ = queries_for(client, f"{BASE}{path}?page_size=12")
    few, body = queries_for(client, small)
    assert len(body["results"]) == 3 and body["previous"]
    with django_assert_num_queries(few):
        response = client.get(big)
    assert len(response.json()["results"]) == 12
    assert few == first


# (path, persona, builder, the scope's own column, the join it replaced)
OWN_LISTS = [
    (
        "applications/",
        "carol",
        applications,
        '"vacancies_application"."employer_id" = ',
        '"vacancies_vacancy"',
    ),
    (
        "applications/",
        "alice",
        applications,
        '"vacancies_application"."blkk_id" = ',
        '"trainees_trainee"."blkk_id"',
    ),
    ("enrolments/", "alice", enrolments, '"trainees_enrolment"."blkk_id" = ', '"trainees_trainee"'),
]


@pytest.mark.parametrize(
    ("path", "persona", "build", "own", "joined"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in OWN_LISTS],
)
def test_own_lists_are_scoped_by_the_rows_own_column_not_through_a_join(
    api, owners, personas, path, persona, build, own, joined
):
    """An employer's applications and a BLKK's enrolments and applications are counted and paged
    from the rows' copy of their owner (one index in id order), never through the vacancies or
    trainees; those are joined only to show the rows of the page."""
    client = api.as_(personas[persona])
    build(owners, 5)
    deep = client.get(f"{BASE}{path}?page_size=2").json()["next"]

    with CaptureQueriesContext(connection) as ctx:
        for url in (deep, f"{BASE}{path}?page_size=2&page=2"):
            assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]

    counts = [sql for sql in sqls if "COUNT(" in sql]
    assert counts and all(own in sql and "JOIN" not in sql for sql in counts)
    scoped = [sql for sql in sqls if own in sql]
    assert len(scoped) >= 4  # counts, the numbered page's key, both pages' rows
    assert not any(joined in sql.split("WHERE", 1)[-1] for sql in scoped)


@pytest.mark.parametrize("persona", ["carol", "alice", "root"])
def test_a_shortlist_is_read_whole_in_one_query_whatever_its_length(
    api, owners, personas, django_assert_num_queries, persona
):
    """A vacancy's shortlist is short by design: page 1 (or any page number) is one query of its
    rows, with no count, for any length and page size; names and phones (shown to the employer
    once shortlisted) are read from that same query."""
    client = api.as_(personas[persona])
    vacancy = f.VacancyFactory(employer=owners["employer_x"])
    ranks = itertools.count(1)

    def add(n: int) -> None:
        for _ in range(n):
            rank = next(ranks)
            trainee = f.TraineeFactory(blkk=owners["blkk_a"])
            Match.objects.create(vacancy=vacancy, trainee=trainee, score=80 - rank / 10, rank=rank)
            if rank % 2 == 0:
                f.ApplicationFactory(vacancy=vacancy, trainee=trainee, status="shortlisted")

    url = f"{BASE}vacancies/{vacancy.pk}/candidates/"
    add(3)
    few, small = queries_for(client, f"{url}?page_size=3")
    add(27)
    with CaptureQueriesContext(connection) as ctx, django_assert_num_queries(few):
        response = client.get(f"{url}?page_size=200")
    body = response.json()
    assert body["count"] == len(body["results"]) == 30 != small["count"]
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    shown = [row["full_name"] is not None for row in body["results"]]
    # The employer sees the shortlisted ones; the trainees' own BLKK and admins see everyone.
    assert shown == [persona != "carol" or rank % 2 == 0 for rank in range(1, 31)]
    # A page number further on is sliced from the same one query.
    with django_assert_num_queries(few):
        page = client.get(f"{url}?page_size=7&page=3").json()
    assert [row["rank"] for row in page["results"]] == list(range(15, 22))
