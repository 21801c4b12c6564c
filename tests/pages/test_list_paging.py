"""The pages' paginator (apps/core/pagination.Paginator): "Page N of M" as before, with the cheap count
and deep pages that seek through milestones instead of offsetting past every row before them."""

from __future__ import annotations

from uuid import uuid4

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import pagination
from apps.notifications.models import Notification
from apps.trainees.models import Trainee
from apps.vacancies import selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(pagination, "cache", LocMemCache(f"paging-{uuid4()}", {}))


@pytest.fixture
def deep(monkeypatch):
    """Milestones every 3 rows, an exact count only up to 5 and offsets of 2 rows or more walked
    over the key columns: a few rows take the national paths."""
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    monkeypatch.setattr(pagination, "SKIP_IN_QUERY", 2)


def board_pages(client, **params) -> list[list[int]]:
    first = client.get(reverse("job-board"), params).context["page"]
    pages = [[v.pk for v in first]]
    for number in range(2, first.paginator.num_pages + 1):
        pages.append(
            [v.pk for v in client.get(reverse("job-board"), {**params, "page": number}).context["page"]]
        )
    return pages


def test_job_board_pages_are_the_same_rows_through_milestones(client, employer_x, employer_y, deep):
    for i in range(47):
        f.VacancyFactory(employer=employer_x if i % 3 else employer_y, title=f"Operator {i}")
    f.VacancyFactory(employer=employer_x, status="draft")
    expected = list(selectors.public_vacancies().values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        pages = board_pages(client)
    assert [len(p) for p in pages] == [20, 20, 7]
    assert [pk for page in pages for pk in page] == expected
    assert any("ROW_NUMBER()" in q["sql"] for q in ctx.captured_queries)


def test_job_board_page_links_keep_the_filters(client, employer_x, employer_y):
    for _ in range(23):
        f.VacancyFactory(employer=employer_y)
    f.VacancyFactory(employer=employer_x)
    html = client.get(reverse("job-board"), {"regency": "33.26"}).content.decode()
    assert "regency=33.26&amp;page=2" in html
    second = client.get(reverse("job-board"), {"regency": "33.26", "page": 2}).context["page"]
    assert (len(second), second.paginator.count, second.number) == (3, 23, 2)


def test_job_board_count_is_exact_within_the_bound_and_cached_above(client, employer_x, monkeypatch):
    for _ in range(7):
        f.VacancyFactory(employer=employer_x)
    assert client.get(reverse("job-board")).context["page"].paginator.count == 7
    f.VacancyFactory(employer=employer_x)
    assert client.get(reverse("job-board")).context["page"].paginator.count == 8  # fresh
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    assert client.get(reverse("job-board")).context["page"].paginator.count == 8
    f.VacancyFactory(employer=employer_x)
    assert client.get(reverse("job-board")).context["page"].paginator.count == 8  # up to a minute old
    pagination.cache.clear()
    assert client.get(reverse("job-board")).context["page"].paginator.count == 9


def test_job_board_page_beyond_the_end_shows_the_last_page(client, employer_x, deep):
    for _ in range(25):
        f.VacancyFactory(employer=employer_x)
    page = client.get(reverse("job-board"), {"page": 99}).context["page"]
    assert (page.number, len(page)) == (2, 5)


def test_trainee_list_pages_through_milestones_with_shared_names(client, alice, blkk_a, blkk_b, deep):
    for i in range(60):
        f.TraineeFactory(blkk=blkk_a if i % 5 else blkk_b, full_name="Siti Aminah" if i % 2 else f"Rina {i}")
    client.force_login(alice)
    url = reverse("trainees:trainee-list")
    first = client.get(url).context["page"]
    walked = [t.pk for t in first]
    for number in range(2, first.paginator.num_pages + 1):
        walked += [t.pk for t in client.get(url, {"page": number}).context["page"]]
    expected = list(
        Trainee.objects.filter(blkk=blkk_a).order_by("full_name", "pk").values_list("pk", flat=True)
    )
    assert walked == expected and first.paginator.count == 48


def test_employer_vacancy_list_pages_through_milestones(client, carol, employer_x, deep):
    made = [f.VacancyFactory(employer=employer_x, title=f"Lowongan {i}") for i in range(27)]
    f.ApplicationFactory(vacancy=made[0], status="shortlisted")
    client.force_login(carol)
    url = reverse("employer:vacancy-list")
    first, second = client.get(url).context["page"], client.get(url, {"page": 2}).context["page"]
    assert [v.pk for v in [*first, *second]] == [v.pk for v in reversed(made)]
    assert second[1].in_progress == 1 and (first.paginator.count, first.paginator.num_pages) == (27, 2)


def test_an_annotated_page_counts_for_its_own_rows_only(client, carol, employer_x):
    """The employer's vacancy list carries counts per vacancy (subqueries): a page after the first
    is read from its first key rather than skipping rows with OFFSET, which would make PostgreSQL
    compute those counts for every skipped row too."""
    made = [f.VacancyFactory(employer=employer_x, title=f"Lowongan {i}") for i in range(30)]
    f.ApplicationFactory(vacancy=made[2], status="interview")
    client.force_login(carol)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("employer:vacancy-list"), {"page": 2}).context["page"]
    assert [v.pk for v in page] == [v.pk for v in reversed(made[:5])]
    assert [v.in_progress for v in page] == [0, 0, 1, 0, 0]
    counted = [q["sql"] for q in ctx.captured_queries if '"vacancies_application"' in q["sql"]]
    assert counted and not any("OFFSET" in sql for sql in counted)


def test_notifications_page_through_milestones(client, carol, deep):
    for i in range(65):
        Notification.objects.create(recipient=carol, kind=Notification.Kind.NEW_PROPOSALS, key=f"event-{i}")
    client.force_login(carol)
    url = reverse("notifications:list")
    pages = [client.get(url, {"page": n}).context["page"] for n in (1, 2, 3)]
    walked = [n.pk for page in pages for n in page]
    assert walked == list(
        Notification.objects.filter(recipient=carol)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )


def test_paginator_of_a_plain_list_is_django_s():
    page = pagination.Paginator(list(range(10)), 4).get_page(3)
    assert (list(page), page.paginator.count, page.paginator.num_pages) == ([8, 9], 10, 3)
