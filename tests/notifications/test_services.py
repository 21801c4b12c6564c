"""Notifications are created after the event's transaction commits, once per recipient and event,
and e-mailed once: employers hear of new proposals (counts only), BLKK staff of their graduates
being shortlisted, offered or hired."""

import datetime as dt
import inspect

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import User
from apps.matching import services as matching_services
from apps.matching.models import MatchRun
from apps.notifications import services
from apps.notifications.models import Notification
from apps.vacancies import services as vacancy_services
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching import conftest as matching
from tests.matching.conftest import LAS

pytestmark = pytest.mark.django_db

graduate, vacancy, run_now = matching.graduate, matching.vacancy, matching.run_now


@pytest.fixture
def job(employer_x):
    return f.VacancyFactory(employer=employer_x, title="Operator Las SMAW")


@pytest.fixture
def proposals(job):
    return [
        f.ApplicationFactory(vacancy=job, trainee__full_name=name, trainee__phone=phone)
        for name, phone in [("Siti Rahmawati", "081311112222"), ("Agus Prasetyo", "081322223333")]
    ]


@pytest.fixture
def carla(employer_x):
    """A second HR officer of carol's employer."""
    return f.UserFactory(username="carla", role=User.Role.EMPLOYER, employer=employer_x)


@pytest.fixture
def anton(blkk_a):
    """A second staff member of alice's BLKK."""
    return f.UserFactory(username="anton", role=User.Role.BLKK_STAFF, blkk=blkk_a)


@pytest.fixture
def placed(job, blkk_a):
    """An application of one of alice's graduates on carol's vacancy."""
    trainee = f.TraineeFactory(blkk=blkk_a, full_name="Dewi Lestari", birth_date=dt.date(2001, 3, 9))
    return f.ApplicationFactory(vacancy=job, trainee=trainee, status="offered")


# --- employers: new proposals ----------------------------------------------------------------
def test_new_proposals_notify_nobody_before_commit(django_capture_on_commit_callbacks, carol, proposals):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify_new_proposals([a.pk for a in proposals])
        assert not Notification.objects.exists()
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert Notification.objects.filter(recipient=carol).count() == 1


def test_rolled_back_proposals_notify_nobody(django_capture_on_commit_callbacks, carol, proposals):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify_new_proposals([a.pk for a in proposals])
        raise RuntimeError("the run failed")
    assert callbacks == []
    assert not Notification.objects.exists() and mail.outbox == []


def test_one_notification_per_vacancy_with_the_count(
    django_capture_on_commit_callbacks, carol, job, proposals
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (carol, "new_proposals")
    assert notification.params["count"] == 2
    assert notification.link.endswith(f"/{job.pk}/proses-rekrutmen/")
    with translation.override("en"):
        assert notification.message == "2 new candidates proposed for your vacancy “Operator Las SMAW”."


def test_every_hr_officer_of_the_employer_is_notified(
    django_capture_on_commit_callbacks, carol, carla, dave, proposals
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"carol", "carla"}


def test_two_vacancies_get_one_notification_each(django_capture_on_commit_callbacks, carol, job, employer_x):
    other = f.VacancyFactory(employer=employer_x, title="Penjahit")
    ids = [f.ApplicationFactory(vacancy=v).pk for v in (job, job, other)]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals(ids)
    counts = dict(Notification.objects.values_list("params__vacancy", "params__count"))
    assert counts == {"Operator Las SMAW": 2, "Penjahit": 1}


def test_same_proposals_never_notify_twice(django_capture_on_commit_callbacks, carol, proposals):
    ids = [a.pk for a in proposals]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify_new_proposals(ids)
            services.notify_new_proposals(list(reversed(ids)))
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_later_new_proposals_are_a_new_event(django_capture_on_commit_callbacks, carol, job, proposals):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([f.ApplicationFactory(vacancy=job).pk])
    assert sorted(Notification.objects.values_list("params__count", flat=True)) == [1, 2]


def test_proposals_email_goes_to_the_employer_with_counts_only(
    django_capture_on_commit_callbacks, carol, proposals
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    [email] = mail.outbox
    assert email.to == [carol.email]
    text = email.subject + email.body
    assert "Operator Las SMAW" in text and "2" in text
    for application in proposals:
        trainee = application.trainee
        assert trainee.full_name not in text and trainee.nik not in text and trainee.phone not in text
    assert Notification.objects.get().emailed_at is not None


def test_applications_no_longer_proposed_are_not_announced(
    django_capture_on_commit_callbacks, carol, proposals
):
    Application.objects.filter(pk=proposals[0].pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    assert Notification.objects.get().params["count"] == 1


def test_no_ids_no_callback(django_capture_on_commit_callbacks, carol):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify_new_proposals([])
    assert callbacks == [] and not Notification.objects.exists()


def test_failing_mail_server_keeps_the_notification_and_spares_the_caller(
    django_capture_on_commit_callbacks, carol, proposals, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_new_proposals([a.pk for a in proposals])
    notification = Notification.objects.get()
    assert notification.emailed_at is None


# --- BLKK staff: their graduates shortlisted, offered, hired -----------------------------------
@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("shortlisted", "graduate_shortlisted"),
        ("offered", "graduate_offered"),
        ("hired", "graduate_hired"),
    ],
)
def test_every_staff_member_of_the_graduates_blkk_is_notified(
    django_capture_on_commit_callbacks, alice, anton, bob, carol, placed, status, kind
):
    Application.objects.filter(pk=placed.pk).update(status=status)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, status)
    notified = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert notified == {"alice": kind, "anton": kind}
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, anton.email]


def test_step_notification_waits_for_commit(django_capture_on_commit_callbacks, alice, placed):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, "offered")
        assert not Notification.objects.exists()
    assert Notification.objects.filter(recipient=alice).exists()


def test_rolled_back_step_notifies_nobody(django_capture_on_commit_callbacks, alice, placed):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify_application_step(placed.pk, "offered")
        raise RuntimeError("the step failed")
    assert callbacks == [] and not Notification.objects.exists()


def test_same_step_never_notifies_twice(django_capture_on_commit_callbacks, alice, placed):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify_application_step(placed.pk, "offered")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_status_defaults_to_the_committed_one(django_capture_on_commit_callbacks, alice, placed):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk)
    assert Notification.objects.get().kind == "graduate_offered"


@pytest.mark.parametrize("status", ["proposed", "interview", "rejected", "withdrawn"])
def test_other_steps_notify_nobody(django_capture_on_commit_callbacks, alice, placed, status):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, status)
    assert not Notification.objects.exists() and mail.outbox == []


def test_step_message_names_the_graduate_but_never_nik_or_birth_date(
    django_capture_on_commit_callbacks, alice, placed
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, "hired")
    notification = Notification.objects.get()
    [email] = mail.outbox
    trainee = placed.trainee
    with translation.override("en"):
        message = notification.message
    assert message == "Dewi Lestari was hired by PT Kaca Nusantara as “Operator Las SMAW”."
    for text in (message, email.subject, email.body, str(notification.params)):
        assert trainee.nik not in text
        for spelling in ("2001-03-09", "09-03-2001", "09/03/2001", "9 Mar 2001", "9 Maret 2001", "090301"):
            assert spelling not in text


def test_inactive_staff_and_staff_without_email(django_capture_on_commit_callbacks, alice, anton, placed):
    User.objects.filter(pk=anton.pk).update(is_active=False)
    User.objects.filter(pk=alice.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, "offered")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["alice"]
    assert mail.outbox == []


def test_missing_application_is_ignored(django_capture_on_commit_callbacks, alice):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(987654, "hired")
    assert not Notification.objects.exists()


# --- wired into the matching and pipeline services (call sites added by the lead) -------------
MATCHING_WIRED = "notify_new_proposals" in inspect.getsource(matching_services)
PIPELINE_WIRED = "notify_application_step" in inspect.getsource(vacancy_services)


@pytest.mark.skipif(not MATCHING_WIRED, reason="call site in apps/matching/services.py not added yet")
def test_a_match_run_with_new_proposals_notifies_the_employer_once(
    django_capture_on_commit_callbacks, carol, graduate, vacancy, run_now
):
    job = vacancy(LAS[:4], headcount=2)
    graduate(LAS[:4])
    graduate(LAS[:3])
    with django_capture_on_commit_callbacks(execute=True):
        run_now(MatchRun.Scope.VACANCY, vacancy=job)
    notification = Notification.objects.get(recipient=carol)
    assert notification.params["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        run_now(MatchRun.Scope.VACANCY, vacancy=job)  # nothing new: nothing sent
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.skipif(not PIPELINE_WIRED, reason="call site in apps/vacancies/services.py not added yet")
def test_an_offer_through_the_pipeline_notifies_the_blkk(django_capture_on_commit_callbacks, alice, placed):
    Application.objects.filter(pk=placed.pk).update(status="interview")
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_services.application_transition(application=placed, to="offered")
    assert Notification.objects.get(recipient=alice).kind == "graduate_offered"


@pytest.mark.skipif(not PIPELINE_WIRED, reason="call site in apps/vacancies/services.py not added yet")
def test_a_refused_step_notifies_nobody(django_capture_on_commit_callbacks, alice, placed):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        vacancy_services.application_transition(application=placed, to="shortlisted")
    assert not Notification.objects.exists()


def test_staff_notification_links_to_the_trainees_page(
    django_capture_on_commit_callbacks, client, alice, placed
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_application_step(placed.pk, "shortlisted")
    notification = Notification.objects.get()
    assert notification.link == reverse("trainees:trainee-detail", args=[placed.trainee_id])
    client.force_login(alice)
    assert client.get(notification.link).status_code == 200
