"""A big spreadsheet import is committed by a real Celery worker while the page shows progress."""

import pytest
from django.urls import reverse

from apps.trainees.models import Trainee
from apps.trainees.views import INLINE_IMPORT_ROWS
from tests.pages.test_blkk_import import csv_file, people, preview, upload
from tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_file_too_big_for_the_request_is_committed_by_a_worker(client, alice, start_worker):
    start_worker()
    client.force_login(alice)
    rows = people(INLINE_IMPORT_ROWS + 1, start=1)
    page = preview(client, upload(client, csv_file(rows), "peserta.csv"))
    assert len(page.context["check"].rows) == len(rows)

    response = client.post(page.wsgi_request.path)  # queued: back to the page, which polls
    assert response.status_code == 302
    progress = client.get(reverse("trainees:import-progress", args=[page.wsgi_request.path.split("/")[-2]]))
    assert progress.status_code in (200, 204)

    wait_for(lambda: Trainee.objects.count() == len(rows), timeout=120)
    final = client.get(response["Location"], follow=True)
    assert final.redirect_chain[-1][0] == reverse("trainees:trainee-list")
    assert Trainee.objects.filter(blkk=alice.blkk).count() == len(rows)
