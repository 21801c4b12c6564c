"""A real Celery worker brings the summaries up to date after each commit, before anyone reads."""

from __future__ import annotations

import pytest
from django.db import transaction

from apps.dashboards import selectors, summaries
from apps.dashboards.models import RegencyStats, StaleRegency
from apps.vacancies import services as vacancy_services
from tests import factories as f
from tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_committed_change_is_summarised_by_the_worker(start_worker, olivia):
    start_worker()
    vacancy = f.VacancyFactory(status="draft", headcount=4, regency=f.regency("33.25"))
    wait_for(lambda: not StaleRegency.objects.exists())  # the factory's save was refreshed too
    before = (
        RegencyStats.objects.filter(regency="33.25").values_list("open_positions", flat=True).first() or 0
    )
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=vacancy)
        assert StaleRegency.objects.filter(regency="33.25").exists()
    # No dashboard is read here: only the worker's task can clear the mark and fill the row.
    wait_for(lambda: not StaleRegency.objects.exists())
    assert RegencyStats.objects.get(regency="33.25").open_positions == before + 4
    assert {r["code"]: r["open_positions"] for r in selectors.placement_by_regency(user=olivia)} == {
        code: row["open_positions"] for code, row in selectors.live_regency_rows(user=olivia).items()
    }


def test_the_nightly_rebuild_task_matches_the_incremental_rows(start_worker):
    from apps.dashboards.tasks import rebuild_summaries

    start_worker()
    for code in ("33.25", "33.27"):
        f.GraduateEnrolmentFactory(trainee__blkk=f.BlkkFactory(regency=f.regency(code)))
    wait_for(lambda: not StaleRegency.objects.exists())
    incremental = sorted(RegencyStats.objects.values_list())
    assert rebuild_summaries.delay().get(timeout=60) == 2
    assert sorted(RegencyStats.objects.values_list()) == incremental
    assert summaries.refresh_stale() == []
