"""The inbox at /notifikasi/: own notifications only, unread count in the navigation, mark read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def notify(user, n=1, **fields):
    made = []
    for _ in range(n):
        vacancy = f.VacancyFactory(title=fields.pop("title", "Operator Las SMAW"))
        made.append(
            Notification.objects.create(
                recipient=user,
                kind="new_proposals",
                params={"count": 3, "vacancy": vacancy.title},
                link=reverse("employer:vacancy-pipeline", args=[vacancy.pk]),
                key=f"test:{vacancy.pk}",
                **fields,
            )
        )
    return made


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["carol", "alice", "olivia", "root"])
def test_every_role_has_an_inbox(client, request, persona):
    user = request.getfixturevalue(persona)
    notify(user)
    client.force_login(user)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and len(response.context["page"]) == 1


def test_inbox_lists_only_own_notifications(client, carol, dave):
    mine = notify(carol)[0]
    notify(dave, title="Penjahit Rahasia")
    client.force_login(carol)
    response = client.get(reverse("notifications:list"))
    assert [n.pk for n in response.context["page"]] == [mine.pk]
    assert "Penjahit Rahasia" not in response.content.decode()


def test_admin_sees_only_own_notifications_too(client, root, carol):
    notify(carol)
    client.force_login(root)
    assert len(client.get(reverse("notifications:list")).context["page"]) == 0


def test_unread_count_is_in_the_employer_nav(client, carol):
    notify(carol, n=3)
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-list")).content.decode()
    assert f'href="{reverse("notifications:list")}"' in html
    assert '<span class="badge" aria-hidden="true">3</span>' in html


def test_no_badge_without_unread(client, carol):
    notify(carol, read_at=timezone.now())
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-list")).content.decode()
    assert 'class="badge" aria-hidden="true"' not in html


def test_open_marks_read_and_follows_the_link(client, carol):
    notification = notify(carol)[0]
    client.force_login(carol)
    response = client.post(reverse("notifications:open", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == notification.link
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_stays_in_the_inbox(client, carol):
    notification = notify(carol)[0]
    client.force_login(carol)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_twice_keeps_the_first_time(client, carol):
    notification = notify(carol)[0]
    client.force_login(carol)
    client.post(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    first = notification.read_at
    client.post(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first


@pytest.mark.parametrize("persona", ["dave", "alice", "root"])
def test_someone_elses_notification_is_404_and_stays_unread(client, request, carol, persona):
    notification = notify(carol)[0]
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_open_refuses_get(client, carol):
    notification = notify(carol)[0]
    client.force_login(carol)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405


def test_mark_all_read_touches_only_own(client, carol, dave):
    notify(carol, n=2)
    others = notify(dave)[0]
    client.force_login(carol)
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=carol, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_unsafe_link_is_not_followed(client, carol):
    notification = notify(carol)[0]
    Notification.objects.filter(pk=notification.pk).update(link="https://evil.example/phish")
    client.force_login(carol)
    response = client.post(reverse("notifications:open", args=[notification.pk]), {"open": "1"})
    assert response.url == reverse("notifications:list")


def test_inbox_query_count_does_not_grow_with_rows(client, carol):
    client.force_login(carol)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications:list")).status_code == 200
        return len(ctx)

    notify(carol)
    few = queries()
    notify(carol, n=8)
    assert queries() == few
