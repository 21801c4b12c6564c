"""Lists at national scale (apps/core/pagination.py): keyset links, page numbers, the cheap count.

The lists here hold a few dozen rows; the module's bounds are lowered where a test needs the code
path of a million-row list (the count above ``COUNT_BOUND``, deep pages past ``MILESTONE_STRIDE``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import uuid4

import pytest
from django.core import signing
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core import pagination
from apps.matching.models import Match, MatchRun
from apps.trainees.models import Trainee
from tests import factories as f
from tests.api.conftest import BASE
from tests.caches import clear_own_cache

Builder = Callable[[dict[str, Any]], str]  # adds the rows, returns the list's URL


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    """Each test its own cache, so a count or milestones cached by one test never reach another
    test (or another xdist worker sharing the Redis database)."""
    monkeypatch.setattr(pagination, "cache", LocMemCache(f"pagination-{uuid4()}", {}))


@pytest.fixture
def world(blkk_a, blkk_b, employer_x, carol) -> dict[str, Any]:
    return {"blkk_a": blkk_a, "blkk_b": blkk_b, "employer_x": employer_x, "carol": carol}


# --- lists, each with ties in its leading ordering column where it has one -------------------------
def trainees(w: dict[str, Any]) -> str:
    for i in range(23):  # many share a name: the id must break the tie
        f.TraineeFactory(blkk=w["blkk_a"], full_name="Siti Aminah" if i % 3 else f"Agus {i:02}")
    return f"{BASE}trainees/"


def trainees_of_one_blkk(w: dict[str, Any]) -> str:
    for i in range(17):
        f.TraineeFactory(blkk=w["blkk_a" if i % 2 else "blkk_b"], full_name="Dewi Lestari")
    return f"{BASE}trainees/?blkk={w['blkk_b'].pk}"


def vacancies(w: dict[str, Any]) -> str:
    for i in range(21):
        f.VacancyFactory(employer=w["employer_x"], status="open" if i % 4 else "draft")
    return f"{BASE}vacancies/?status=open"


def applications(w: dict[str, Any]) -> str:
    vacancy = f.VacancyFactory(employer=w["employer_x"])
    for _ in range(19):
        f.ApplicationFactory(vacancy=vacancy, trainee=f.TraineeFactory(blkk=w["blkk_a"]))
    return f"{BASE}applications/"


def enrolments(w: dict[str, Any]) -> str:
    cohort = f.CohortFactory(program__blkk=w["blkk_a"])
    for _ in range(18):
        f.GraduateEnrolmentFactory(trainee__blkk=w["blkk_a"], cohort=cohort)
    return f"{BASE}enrolments/"


def cohorts(w: dict[str, Any]) -> str:  # ordered (program, number): the primary key is appended
    for _ in range(4):
        program = f.ProgramFactory(blkk=w["blkk_a"])
        for _ in range(5):
            f.CohortFactory(program=program)
    return f"{BASE}cohorts/"


def match_runs(w: dict[str, Any]) -> str:  # ordered by a timestamp: microseconds and ties survive
    at = timezone.now().replace(microsecond=123456)
    for i in range(16):
        run = MatchRun.objects.create(scope="vacancy", requested_by=w["carol"])
        MatchRun.objects.filter(pk=run.pk).update(created_at=at - dt.timedelta(microseconds=i // 3))
    return f"{BASE}match-runs/"


def candidates(w: dict[str, Any]) -> str:
    vacancy = f.VacancyFactory(employer=w["employer_x"])
    for i in range(22):
        trainee = f.TraineeFactory(blkk=w["blkk_a"])
        Match.objects.create(vacancy=vacancy, trainee=trainee, score=90 - i, rank=i // 2 + 1)
    return f"{BASE}vacancies/{vacancy.pk}/candidates/"


def regions(w: dict[str, Any]) -> str:  # reference data, 514 rows
    return f"{BASE}regions/"


LISTS: list[tuple[Builder, str, str, int]] = [  # builder, persona, key, page size
    (trainees, "root", "id", 5),
    (trainees, "alice", "id", 4),
    (trainees_of_one_blkk, "root", "id", 3),
    (vacancies, "carol", "id", 4),
    (applications, "carol", "id", 5),
    (enrolments, "alice", "id", 5),
    (cohorts, "root", "id", 6),
    (match_runs, "carol", "id", 5),
    (candidates, "carol", "candidate", 5),
    (regions, "olivia", "code", 200),
]
WALKS = [pytest.param(*case, id=f"{case[0].__name__}-{case[1]}") for case in LISTS]


def get(client, url: str, **params: Any) -> dict[str, Any]:
    if params:  # added to the URL's own query (the test client would replace it)
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url: str, link: str = "next") -> list[dict[str, Any]]:
    pages, seen = [], set()
    while url:
        assert url not in seen, "the links go round in a circle"
        seen.add(url)
        pages.append(get(client, url))
        url = pages[-1][link]
    return pages


def keys(pages: list[dict[str, Any]], key: str) -> list[Any]:
    return [item[key] for page in pages for item in page["results"]]


def by_number(client, url: str, size: int, key: str) -> list[Any]:
    count = get(client, url, page_size=size)["count"]
    numbers = range(1, -(-count // size) + 1)
    return keys([get(client, url, page_size=size, page=n) for n in numbers], key)


def with_size(url: str, size: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}page_size={size}"


# --- walking ------------------------------------------------------------------------------------
@pytest.fixture(params=["short", "short, offsets walked", "long", "long, offsets walked"])
def length(request, monkeypatch) -> str:
    """Each walk as a short list (read filters first; a shortlist, short by design, read whole) and
    as a long one (walked along the order's index, deep pages through milestones; a shortlist longer
    than its bound paged as any other list); each with the rows before a page skipped by the page's
    own query, and with them walked over the key columns first (``SKIP_IN_QUERY``)."""
    if request.param.startswith("long"):
        monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
        monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 4)
        monkeypatch.setattr(pagination, "WHOLE_LIST_BOUND", 5)
    if request.param.endswith("walked"):
        monkeypatch.setattr(pagination, "SKIP_IN_QUERY", 2)
    return request.param


@pytest.mark.parametrize(("build", "persona", "key", "size"), WALKS)
def test_walking_by_next_links_visits_every_row_once_in_page_order(
    api, world, personas, length, build, persona, key, size
):
    client = api.as_(personas[persona])
    url = build(world)
    pages = walk(client, with_size(url, size))
    walked = keys(pages, key)
    assert len(walked) == len(set(walked)) == pages[0]["count"] > 2 * size
    assert walked == by_number(client, url, size, key)
    assert all(len(page["results"]) == size for page in pages[:-1])
    assert pages[0]["previous"] is None and pages[-1]["next"] is None


@pytest.mark.parametrize(("build", "persona", "key", "size"), WALKS)
def test_previous_links_walk_back_through_the_same_pages(
    api, world, personas, length, build, persona, key, size
):
    client = api.as_(personas[persona])
    forward = walk(client, with_size(build(world), size))
    backward = walk(client, forward[-1]["previous"], link="previous")
    assert [keys([p], key) for p in backward] == [keys([p], key) for p in forward[-2::-1]]


def test_the_previous_link_of_a_numbered_page_is_the_page_before(api, world, root, length):
    client = api.as_(root)
    url = trainees(world)
    third = get(client, url, page_size=4, page=3)
    assert get(client, third["previous"])["results"] == get(client, url, page_size=4, page=2)["results"]
    assert get(client, third["next"])["results"] == get(client, url, page_size=4, page=4)["results"]


def test_filters_and_page_size_stay_in_the_links(api, world, root):
    client = api.as_(root)
    url = trainees_of_one_blkk(world)
    pages = walk(client, with_size(url, 3))
    for page in pages:
        for link in (page["next"], page["previous"]):
            if link:
                query = parse_qs(urlsplit(link).query)
                assert query["blkk"] == [str(world["blkk_b"].pk)] and query["page_size"] == ["3"]
                assert "page" not in query
    walked = keys(pages, "id")
    assert set(walked) == set(Trainee.objects.filter(blkk=world["blkk_b"]).values_list("pk", flat=True))


def test_a_walk_stays_exact_while_rows_are_added_and_removed(api, world, root, length):
    client = api.as_(root)
    url = trainees(world)
    first = get(client, url, page_size=5)
    before = set(Trainee.objects.values_list("pk", flat=True))
    f.TraineeFactory(blkk=world["blkk_a"], full_name="Aaron Awal")  # sorts before the walked part
    Trainee.objects.filter(pk=first["results"][0]["id"]).delete()
    rest = walk(client, first["next"])
    walked = keys([first, *rest], "id")
    assert len(walked) == len(set(walked))
    assert set(walked) == before  # nothing skipped, nothing twice; the new row was behind us


# --- bad cursors --------------------------------------------------------------------------------
def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def forged(payload: Any) -> str:
    return signing.dumps(payload, salt=pagination.CURSOR_SALT, compress=True)


def test_bad_cursors_are_a_400_on_the_cursor_field_and_change_nothing(api, world, root):
    client = api.as_(root)
    url = trainees(world)
    good = cursor_of(get(client, url, page_size=5)["next"])
    vacancy_cursor = cursor_of(get(client, vacancies(world), page_size=2)["next"])
    payload = signing.loads(good, salt=pagination.CURSOR_SALT)
    tampered = good[:3] + ("A" if good[3] != "A" else "B") + good[4:]
    bad = [
        "",
        "abc",
        "x" * 5000,
        tampered,
        good.rsplit(":", 1)[0] + ":" + "A" * 43,  # re-signed by someone without the key
        vacancy_cursor,  # another list's
        forged({**payload, "v": ["Siti Aminah", "not a number"]}),
        forged({**payload, "v": ["Siti Aminah"]}),
        forged({**payload, "v": [{"a": 1}, 1]}),
        forged({**payload, "v": [None, 1]}),
        forged(["not", "a", "dict"]),
    ]
    before = get(client, url, page_size=50)
    for cursor in bad:
        response = client.get(url, {"cursor": cursor})
        assert response.status_code == 400, (cursor, response.content)
        body = response.json()
        assert list(body) == ["cursor"] and body["cursor"] and isinstance(body["cursor"][0], str)
    assert get(client, url, page_size=50) == before


def test_the_cursor_error_is_indonesian_unless_english_is_asked_for(api, db, root):
    client = api.as_(root)
    indonesian = client.get(f"{BASE}regions/", {"cursor": "abc"}).json()["cursor"]
    english = client.get(f"{BASE}regions/", {"cursor": "abc"}, HTTP_ACCEPT_LANGUAGE="en").json()["cursor"]
    assert english == ["This cursor is not valid for this list. Follow the next and previous links as given."]
    assert indonesian != english


# --- orders that cannot be a keyset ---------------------------------------------------------------
@pytest.mark.parametrize(
    "order",
    [
        ("full_name", "-id"),  # mixed directions
        ("?",),  # random
        ("consent_share_at", "id"),  # nullable
        ("blkk", "id"),  # a relation: ordered by the BLKK's own ordering
        ("enrolments__status", "id"),  # multi-valued
    ],
)
def test_an_order_that_cannot_be_a_keyset_pages_by_number_and_refuses_cursors(world, order):
    trainees(world)
    queryset = Trainee.objects.order_by(*order)
    assert pagination.Keyset.of(queryset) is None
    paginator = pagination.Pagination()
    page = paginator.paginate_queryset(queryset, Request(APIRequestFactory().get("/t/", {"page_size": 5})))
    assert len(page) == 5 and paginator.get_next_link() == "http://testserver/t/?page=2&page_size=5"
    with pytest.raises(ValidationError):
        paginator.paginate_queryset(queryset, Request(APIRequestFactory().get("/t/", {"cursor": "abc"})))


def test_an_order_is_made_total_with_the_primary_key(db):
    keyset = pagination.Keyset.of(Trainee.objects.order_by("-full_name"))
    assert (keyset.fields, keyset.descending) == (("full_name", "pk"), True)
    assert pagination.Keyset.of(Trainee.objects.order_by("id", "full_name")).fields == ("id",)
    assert pagination.Keyset.of(Trainee.objects.all()).fields == ("full_name", "id")  # Meta.ordering


# --- page numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "4", str(10**6), "9" * 5000])
def test_a_page_that_is_not_in_the_list_is_a_404(api, world, root, page):
    url = trainees(world)  # 23 rows: pages 1-3 of 10
    assert api.as_(root).get(url, {"page": page, "page_size": 10}).status_code == 404


def test_last_page_and_empty_first_page(api, world, root):
    client = api.as_(root)
    last = get(client, trainees(world), page_size=10, page="last")
    assert (len(last["results"]), last["next"]) == (3, None)
    empty = get(client, f"{BASE}trainees/", blkk=world["blkk_b"].pk)
    assert (empty["count"], empty["results"], empty["next"], empty["previous"]) == (0, [], None, None)


def test_deep_page_numbers_seek_through_milestones_to_the_same_rows(api, world, root, monkeypatch):
    client = api.as_(root)
    url = trainees(world)
    expected = by_number(client, url, 2, "id")  # a short list: read filters first
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)  # now a long one, with a milestone every 3 rows
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    with CaptureQueriesContext(connection) as ctx:
        assert by_number(client, url, 2, "id") == expected
    assert any("ROW_NUMBER()" in q["sql"] for q in ctx.captured_queries)  # the milestones were used
    assert expected == list(Trainee.objects.order_by("full_name", "id").values_list("pk", flat=True))


@pytest.mark.parametrize("size", [2, 3, 4, 5, 7])
def test_deep_pages_read_one_milestone_from_the_shared_cache(api, world, root, monkeypatch, size):
    """In production the milestones are a Redis list of which a page reads one (LINDEX); every
    page size, whether or not its pages start on a milestone, gives the rows of the plain order."""
    clear_own_cache()
    monkeypatch.setattr(pagination, "cache", default_cache)  # the settings' cache: Redis in CI
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    client = api.as_(root)
    url = trainees(world)
    expected = list(Trainee.objects.order_by("full_name", "id").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        assert by_number(client, url, size, "id") == expected
    assert sum("ROW_NUMBER()" in q["sql"] for q in ctx.captured_queries) == 1  # collected once
    with CaptureQueriesContext(connection) as ctx:
        assert by_number(client, url, size, "id") == expected  # from the cache
    assert not any("ROW_NUMBER()" in q["sql"] for q in ctx.captured_queries)
    clear_own_cache()


@pytest.mark.parametrize("shared", [False, True])
def test_a_milestone_past_the_last_one_is_the_last_one(world, monkeypatch, shared):
    """A page numbered from a count older than the milestones (rows removed within the minute)
    seeks from the last milestone there is."""
    clear_own_cache()
    if shared:
        monkeypatch.setattr(pagination, "cache", default_cache)
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    trainees(world)
    queryset = Trainee.objects.order_by("full_name", "id")
    keyset = pagination.Keyset.of(queryset)
    order = list(queryset.values_list("full_name", "id"))
    assert pagination.milestone(queryset, keyset, 2) == (2, order[5])  # collected
    client = pagination.redis_client(caches["default"])
    if shared and client is not None:  # kept as a Redis list of the 7 milestones
        (name,) = client.keys(f"{caches['default'].key_prefix}:*milestones*")
        assert client.llen(name) == 7
    assert pagination.milestone(queryset, keyset, 7) == (7, order[20])  # from the cache
    assert pagination.milestone(queryset, keyset, 10) == (7, order[20])  # 23 rows: 7 milestones
    clear_own_cache()


def test_a_timestamp_milestone_is_the_value_the_orm_reads(world, monkeypatch):
    """Milestones are read by a raw cursor: a timestamp comes back aware, as the ORM reads it (SQLite
    gives naive UTC there, which a filter would read hours off in the portal's time zone)."""
    clear_own_cache()
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    match_runs(world)
    queryset = MatchRun.objects.order_by("-created_at", "-id")
    order = list(queryset.values_list("created_at", "id"))
    found = pagination.milestone(queryset, pagination.Keyset.of(queryset), 2)
    assert found == (2, order[5]) and timezone.is_aware(found[1][0])
    clear_own_cache()


# --- the count ----------------------------------------------------------------------------------
def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        count = get(client, url)["count"]
    return count, sum("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


def test_a_list_within_the_bound_is_counted_exactly_on_every_request(api, world, root):
    client = api.as_(root)
    url = trainees(world)
    assert count_queries(client, url) == (23, 1)
    f.TraineeFactory(blkk=world["blkk_a"])
    assert count_queries(client, url) == (24, 1)  # fresh: never cached


def test_a_list_above_the_bound_is_counted_in_full_once_then_from_the_cache(api, world, root, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    client = api.as_(root)
    url = trainees(world)
    assert count_queries(client, url) == (23, 2)  # the bounded count, then the full one
    assert count_queries(client, url) == (23, 0)  # from the cache
    f.TraineeFactory(blkk=world["blkk_a"])
    assert count_queries(client, url) == (23, 0)  # up to CACHE_SECONDS old, as documented
    pagination.cache.clear()  # the minute is over
    assert count_queries(client, url) == (24, 2)
    assert Trainee.objects.count() == 24


def test_each_scope_and_filter_has_its_own_cached_count(api, world, root, alice, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    url = trainees(world)
    f.TraineeFactory(blkk=world["blkk_b"])
    assert get(api.as_(root), url)["count"] == 24
    assert get(api.as_(alice), url)["count"] == 23
    assert get(api.as_(root), url, blkk=world["blkk_b"].pk)["count"] == 1


def test_lists_still_answer_when_the_cache_is_down(api, world, root, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("redis is down")

        set = get

    monkeypatch.setattr(pagination, "cache", Down())
    monkeypatch.setattr(pagination, "COUNT_BOUND", 5)
    monkeypatch.setattr(pagination, "MILESTONE_STRIDE", 3)
    client = api.as_(root)
    url = trainees(world)
    assert get(client, url, page_size=4, page=5)["count"] == 23
    assert len(keys(walk(client, with_size(url, 4)), "id")) == 23
