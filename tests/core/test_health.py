"""/health/ answers 200 when the database, Redis and a worker answer, 503 otherwise."""

import pytest
from django.urls import reverse

from tests.workers import needs_real_services


@pytest.mark.django_db
def test_health_is_ok_on_the_embedded_default(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured", "celery": "eager"}


@pytest.mark.django_db
def test_health_is_503_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_is_ok_with_redis_and_a_worker(client, start_worker):
    needs_real_services()
    start_worker()
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "celery": "ok"}
    assert response.status_code == 200
