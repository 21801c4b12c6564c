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

    # Finished when the import page sends on to the list (the rows commit just before the status,
    # and the page sends on once).
    sent_on = []

    def finished() -> bool:
        answer = client.get(response["Location"])
        if answer.status_code == 302:
            sent_on.append(answer["Location"])
        return bool(sent_on)

    wait_for(finished, timeout=120)
    assert sent_on[0] == reverse("trainees:trainee-list")
    assert Trainee.objects.filter(blkk=alice.blkk).count() == len(rows)
