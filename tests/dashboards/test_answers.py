"""Cached dashboard answers (apps/dashboards/answers.py): served from the cache until the summary
tables change, never stale after any write path, per scope, filter and language, and the
dashboards still answer when the cache is down."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.dashboards import answers, selectors, summaries
from apps.dashboards.models import RegencyStats
from tests.dashboards.test_summaries import OPERATIONS

pytestmark = pytest.mark.django_db

API = "/api/v1/dashboard/summary/"
WHERE = [{}, {"province": "33"}, {"regency": "33.25"}]


def main(response) -> str:
    """The page's own content (the layout around it holds a per-request CSRF token)."""
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def api_summary(client, user, **where):
    client.force_login(user)
    response = client.get(API, where)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_repeated_answer_reads_no_aggregate(client, world, olivia):
    summaries.refresh_stale()
    first = api_summary(client, olivia)
    with CaptureQueriesContext(connection) as queries:
        again = api_summary(client, olivia)
    assert again == first
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "dashboards_regencystats" not in sql  # the answer came from the cache
    assert "dashboards_staleregency" in sql  # … after checking that nothing is marked


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.__name__)
def test_no_write_path_leaves_a_stale_answer(operation, client, world, olivia, olga, oscar, otto, root):
    summaries.refresh_stale()
    users = [olivia, olga, oscar, otto, root]
    for user in users:  # every scope's answers cached
        for where in WHERE:
            if user is not otto and user is not oscar:
                api_summary(client, user, **where)
    operation(world)
    for user in users:
        for where in WHERE:
            if user is otto or user is oscar:
                continue
            assert api_summary(client, user, **where) == selectors.placement_summary(user=user, **where), (
                user.username,
                where,
            )


def test_scopes_never_share_an_answer(client, world, olga, otto, oscar, olivia):
    summaries.refresh_stale()
    seen = {user.username: api_summary(client, user) for user in (olivia, olga, otto, oscar)}
    for name, answer in seen.items():
        user = {"olivia": olivia, "olga": olga, "otto": otto, "oscar": oscar}[name]
        assert answer == selectors.placement_summary(user=user)
    assert len({str(answer) for answer in seen.values()}) == 4


def test_staff_and_employers_are_counted_live_not_cached(client, world, alice, carol):
    assert answers.scope_key(alice) is None and answers.scope_key(carol) is None
    for user in (alice, carol):
        api_summary(client, user)
        with CaptureQueriesContext(connection) as queries:
            api_summary(client, user)
        assert any("trainees_trainee" in q["sql"] for q in queries.captured_queries)


def test_a_refresh_behind_the_readers_back_starts_a_new_generation(client, world, olivia):
    """Summary rows changed by a refresh (e.g. the nightly rebuild after a write the marks missed)
    are read at once: the refresh itself forgets the cached answers."""
    summaries.refresh_stale()
    before = api_summary(client, olivia)
    RegencyStats.objects.filter(regency="33.25").update(trainees=999)  # a write outside the ORM …
    assert api_summary(client, olivia) == before  # … is not seen by the cached answer,
    summaries.refresh_all()  # … until the nightly rebuild, which forgets every answer
    assert api_summary(client, olivia) == selectors.placement_summary(user=olivia)
    assert api_summary(client, olivia)["trainees"] == before["trainees"]


@pytest.mark.parametrize(
    "path",
    ["/dasbor/", "/dasbor/?province=33", "/dasbor/?regency=33.25", "/dasbor/wilayah/33.25/", "blkk:a"],
)
def test_pages_follow_a_write_at_once(path, client, world, olivia):
    from tests.dashboards.test_summaries import graduate_in_training

    if path == "blkk:a":
        path = f"/dasbor/blkk/{world['blkk:a'].pk}/"
    summaries.refresh_stale()
    client.force_login(olivia)
    before = main(client.get(path))
    assert main(client.get(path)) == before  # served again, from the cache
    graduate_in_training(world)  # one more graduate in Batang (33.25)
    after = main(client.get(path))
    assert after != before
    answers._new_generation()  # computed from scratch: the same page
    assert main(client.get(path)) == after


def test_languages_are_cached_apart(client, world, olivia):
    client.force_login(olivia)
    indonesian = client.get("/dasbor/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/dasbor/").content.decode()
    assert "Placement dashboard" in english and "Placement dashboard" not in indonesian


def test_the_dashboards_answer_when_the_cache_is_down(client, world, olivia, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    computed = answers.remember("api:summary", olivia, (None, None), lambda: "computed")
    assert computed == "computed"
    client.force_login(olivia)
    assert client.get(reverse("dashboards:index")).status_code == 200
    assert client.get("/dasbor/wilayah/33.25/").status_code == 200


def test_a_blkk_page_follows_its_programmes_and_cohorts_at_once(client, world, olivia):
    from apps.training import services as training_services
    from apps.training.models import Cohort, Program

    path = f"/dasbor/blkk/{world['blkk:a'].pk}/"
    summaries.refresh_stale()
    client.force_login(olivia)
    main(client.get(path))
    program = Program.objects.filter(blkk=world["blkk:a"]).order_by("pk").first()
    training_services.program_update(program=program, data={"title": "Las Listrik Lanjutan"})
    assert "Las Listrik Lanjutan" in main(client.get(path))
    before = main(client.get(path))
    cohort = Cohort.objects.filter(program=program).first()
    training_services.cohort_create(program=program, start_date=cohort.start_date, end_date=cohort.end_date)
    after = main(client.get(path))
    assert after != before  # one more cohort counted at once
    assert after == main_fresh(client, path)


def main_fresh(client, path: str) -> str:
    answers._new_generation()
    return main(client.get(path))


def test_the_kept_json_is_what_drf_would_send_and_the_browsable_api_still_answers(client, world, olivia):
    summaries.refresh_stale()
    client.force_login(olivia)
    for _ in range(2):  # computed, then kept
        response = client.get(API)
        assert response["Content-Type"] == "application/json"
        assert response.json() == selectors.placement_summary(user=olivia)
    html = client.get(API, HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert "Kabupaten Batang" in html.content.decode()
