"""Notifications: created after the event's transaction commits, once per recipient and event.

The matching and pipeline services call ``notify_*`` with ids inside their own transaction; the
work is deferred with ``transaction.on_commit`` (a rolled-back run or step notifies nobody) and
the event key makes a second call for the same event a no-op (no second notification, no second
e-mail). A failing mail server never breaks the caller (``robust`` on-commit callback; the
notification stays in the portal with ``emailed_at`` empty).
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.accounts.models import User
from apps.notifications.models import Notification
from apps.vacancies.models import Application, Vacancy

log = logging.getLogger(__name__)

STEP_KINDS = {
    Application.Status.SHORTLISTED: Notification.Kind.GRADUATE_SHORTLISTED,
    Application.Status.OFFERED: Notification.Kind.GRADUATE_OFFERED,
    Application.Status.HIRED: Notification.Kind.GRADUATE_HIRED,
}


# --- entry points for other apps' services (ids in, deferred until commit) -------------------
def notify_new_proposals(application_ids: Iterable[int]) -> None:
    """A match run added these proposals: tell each vacancy's employer once (counts only)."""
    ids = sorted({int(pk) for pk in application_ids})
    if ids:
        transaction.on_commit(partial(new_proposals_send, application_ids=ids), robust=True)


def notify_application_step(application_id: int, status: str | None = None) -> None:
    """An application moved (to ``status``; default: its status once committed): tell the
    trainee's BLKK staff when it is a shortlisting, an offer or a hire."""
    transaction.on_commit(
        partial(application_step_send, application_id=application_id, status=status), robust=True
    )


# --- the work, run after commit ----------------------------------------------------------------
def new_proposals_send(*, application_ids: list[int]) -> list[Notification]:
    by_vacancy: dict[int, list[int]] = defaultdict(list)
    for pk, vacancy_id in Application.objects.filter(
        pk__in=application_ids, status=Application.Status.PROPOSED
    ).values_list("pk", "vacancy_id"):
        by_vacancy[vacancy_id].append(pk)
    if not by_vacancy:
        return []
    vacancies = Vacancy.objects.in_bulk(list(by_vacancy))
    recipients: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role=User.Role.EMPLOYER, is_active=True, employer_id__in={v.employer_id for v in vacancies.values()}
    ).order_by("pk"):
        recipients[user.employer_id].append(user)
    created = []
    for vacancy_id, ids in sorted(by_vacancy.items()):
        vacancy = vacancies[vacancy_id]
        key = f"proposals:{vacancy_id}:{_digest(sorted(ids))}"
        link = reverse("employer:vacancy-pipeline", args=[vacancy_id])
        params = {"count": len(ids), "vacancy": vacancy.title, "vacancy_id": vacancy_id}
        for user in recipients[vacancy.employer_id]:
            created += _deliver(user, Notification.Kind.NEW_PROPOSALS, key, params, link)
    return created


def application_step_send(*, application_id: int, status: str | None = None) -> list[Notification]:
    application = (
        Application.objects.select_related("trainee", "vacancy__employer").filter(pk=application_id).first()
    )
    if application is None:
        return []
    status = status or application.status
    kind = STEP_KINDS.get(status)
    if kind is None:
        return []
    trainee = application.trainee
    params = {
        "trainee": trainee.full_name,  # the BLKK's own staff know their graduates by name
        "employer": application.vacancy.employer.name,
        "vacancy": application.vacancy.title,
        "trainee_id": trainee.pk,
        "application_id": application.pk,
    }
    key = f"application:{application.pk}:{status}"
    link = _staff_link(trainee.pk)
    staff = User.objects.filter(role=User.Role.BLKK_STAFF, is_active=True, blkk_id=trainee.blkk_id).order_by(
        "pk"
    )
    created = []
    for user in staff:
        created += _deliver(user, kind, key, params, link)
    return created


# --- reading state changes -------------------------------------------------------------------
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- helpers ---------------------------------------------------------------------------------
def _digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:24]


def _staff_link(trainee_id: int) -> str:
    """The trainee's page on the BLKK side when it exists, else the inbox."""
    try:
        return reverse("trainees:trainee-detail", args=[trainee_id])
    except NoReverseMatch:
        return reverse("notifications:list")


def _deliver(user: User, kind: str, key: str, params: dict[str, Any], link: str) -> list[Notification]:
    """Create the recipient's notification for this event unless it exists; e-mail it once."""
    notification, created = Notification.objects.get_or_create(
        recipient=user, key=key, defaults={"kind": kind, "params": params, "link": link}
    )
    if not created:
        return []
    if user.email:
        _email(notification, user)
    return [notification]


def _email(notification: Notification, user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = notification.message
        subject = gettext("BLKK Workforce Portal: %(message)s") % {"message": message}
        base = getattr(settings, "PORTAL_URL", "").rstrip("/")
        body = "\n\n".join(
            [
                message,
                gettext("Open the portal to see the details: %(url)s")
                % {"url": f"{base}{notification.link or reverse('notifications:list')}"},
            ]
        )
    try:
        send_mail(subject[:200], body, None, [user.email])
    except Exception:  # the notification is in the portal; the mail is best effort
        log.warning("notification %s: e-mail to user %s failed", notification.pk, user.pk, exc_info=True)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
