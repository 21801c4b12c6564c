"""Publishing from a request: a dead broker costs one short attempt, then a pause skips it."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from apps.core import jobs
from apps.dashboards.tasks import refresh_stale_summaries
from tests.workers import free_port, needs_real_services, use_broker

pytestmark = pytest.mark.worker


@pytest.fixture
def dead_broker():
    needs_real_services()
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    yield
    use_broker(settings.CELERY_BROKER_URL)


def timed(call) -> tuple[object, float]:
    started = time.monotonic()
    return call(), time.monotonic() - started


def test_after_a_failed_publish_the_next_ones_skip_the_broker_unless_forced(dead_broker):
    sent, first = timed(lambda: jobs.publish(refresh_stale_summaries))
    assert sent is False and first < 5
    sent, second = timed(lambda: jobs.publish(refresh_stale_summaries))
    assert sent is False and second < 0.05  # paused: not even a connection attempt
    sent, forced = timed(lambda: jobs.publish(refresh_stale_summaries, force=True))
    assert sent is False and forced > second  # a sweeper still tries


def test_a_publish_that_works_lifts_the_pause():
    needs_real_services()
    jobs._broker_down_until = time.monotonic() + jobs.PAUSE
    assert jobs.publish(refresh_stale_summaries) is False
    assert jobs.publish(refresh_stale_summaries, force=True) is True
    assert jobs.publish(refresh_stale_summaries) is True
