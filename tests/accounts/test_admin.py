"""The admin as a whole: every model is there, only administrators get in; users and the access log."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import AccessLog, User
from apps.dashboards import summaries
from apps.employers.models import IndustrialPark
from apps.matching.models import Match, MatchRun
from apps.notifications.models import Notification
from tests import factories as f
from tests.admin_helpers import form_of

PASSWORD = "kata-sandi-panjang-sekali-42"
ADMIN_LOGIN = reverse("admin:login")


def add_rows(admin_user: User) -> None:
    """One more row of every portal model, each with its own BLKK, employer and users."""
    enrolment = f.GraduateEnrolmentFactory()
    trainee, blkk = enrolment.trainee, enrolment.trainee.blkk
    park = IndustrialPark.objects.create(name=f"Kawasan {blkk.pk}", regency=blkk.regency)
    vacancy = f.VacancyFactory(employer__industrial_park=park)
    # Plain creates: no password hashing, which would dominate these tests' time.
    User.objects.create(username=f"staff-{blkk.pk}", role=User.Role.BLKK_STAFF, blkk=blkk)
    employer_user = User.objects.create(
        username=f"hr-{vacancy.employer_id}", role=User.Role.EMPLOYER, employer=vacancy.employer
    )
    f.ApplicationFactory(vacancy=vacancy, trainee=trainee)
    run = MatchRun.objects.create(scope=MatchRun.Scope.VACANCY, vacancy=vacancy, requested_by=employer_user)
    Match.objects.create(run=run, vacancy=vacancy, trainee=trainee, score=80.0, rank=1)
    AccessLog.objects.create(user=admin_user, action=AccessLog.Action.VIEW_NIK, trainee=trainee)
    Notification.objects.create(
        recipient=employer_user, kind=Notification.Kind.NEW_PROPOSALS, key=f"proposals:{vacancy.pk}:{run.pk}"
    )
    summaries.refresh_stale()  # the dashboards' summary rows of all this…
    summaries.mark([blkk.regency_id])  # …and a regency waiting for its next refresh


@pytest.fixture
def a_bit_of_everything(root):
    """A few rows of every model, so each changelist has something to render."""
    add_rows(root)


PORTAL_MODELS = sorted(
    (model for model in admin.site._registry if model.__module__.startswith("apps.")),
    key=lambda model: model._meta.label,
)


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_admin_registers_every_portal_model():
    labels = {model._meta.label for model in admin.site._registry}

    assert "auth.Group" not in labels  # roles are the user's role field, not groups
    assert labels >= {
        "regions.Province",
        "regions.Regency",
        "regions.MinimumWage",
        "taxonomy.Vocation",
        "taxonomy.CompetencyUnit",
        "accounts.User",
        "accounts.AccessLog",
        "registry.Blkk",
        "training.Program",
        "training.Cohort",
        "trainees.Trainee",
        "trainees.Enrolment",
        "employers.IndustrialPark",
        "employers.Employer",
        "vacancies.Vacancy",
        "vacancies.Application",
        "matching.MatchRun",
        "matching.Match",
    }


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model._meta.label)
def test_admin_changelist_lists_rows_for_root(admin_client, a_bit_of_everything, model):
    response = admin_client.get(changelist_url(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model._meta.label)
def test_admin_changelist_queries_do_not_grow_with_rows(admin_client, root, model):
    url = changelist_url(model)
    add_rows(root)
    admin_client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)
    add_rows(root)
    add_rows(root)
    with CaptureQueriesContext(connection) as three_rows:
        admin_client.get(url)

    assert len(three_rows) == len(one_row), [q["sql"] for q in three_rows]


def test_admin_redirects_a_non_staff_persona_to_the_admin_login(client, alice):
    client.force_login(alice)

    response = client.get(changelist_url(User))

    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)


def test_admin_redirects_anonymous_visitors_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)


def test_admin_opens_nothing_to_a_staff_flag_without_the_admin_role(client, alice, blkk_a):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)

    index = client.get(reverse("admin:index"))
    trainees = client.get(reverse("admin:trainees_trainee_changelist"))

    assert index.context["app_list"] == []
    assert trainees.status_code == 403


def test_admin_role_without_superuser_flag_may_use_the_admin(client, blkk_a):
    steward = f.UserFactory(username="steward", role=User.Role.ADMIN, is_staff=True)
    client.force_login(steward)

    response = client.get(reverse("admin:registry_blkk_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [blkk_a]


# --- users ----------------------------------------------------------------------------------
USER_ADD_URL = reverse("admin:accounts_user_add")


def user_data(**overrides) -> dict:
    data = {
        "username": "siti",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "blkk_staff",
        "blkk": "",
        "employer": "",
        "scope_province": "",
        "scope_regency": "",
    }
    data.update(overrides)
    return data


def test_admin_adds_blkk_staff_bound_to_a_blkk(admin_client, blkk_a):
    response = admin_client.post(USER_ADD_URL, user_data(blkk=blkk_a.pk))

    assert response.status_code == 302
    siti = User.objects.get(username="siti")
    assert (siti.role, siti.blkk) == (User.Role.BLKK_STAFF, blkk_a)
    assert siti.check_password(PASSWORD)


def test_admin_refuses_blkk_staff_without_a_blkk(admin_client):
    response = admin_client.post(USER_ADD_URL, user_data())

    assert response.status_code == 200
    with translation.override("en"):
        assert list(form_of(response).errors["blkk"]) == ["BLKK staff must be bound to one BLKK."]
    with translation.override("id"):
        assert list(form_of(response).errors["blkk"])
    assert not User.objects.filter(username="siti").exists()


def test_admin_refuses_employer_account_bound_to_a_blkk(admin_client, blkk_a, employer_x):
    response = admin_client.post(
        USER_ADD_URL, user_data(role="employer", blkk=blkk_a.pk, employer=employer_x.pk)
    )

    assert response.status_code == 200
    with translation.override("en"):
        assert list(form_of(response).errors["blkk"]) == ["Only BLKK staff are bound to a BLKK."]
    assert not User.objects.filter(username="siti").exists()


def test_admin_refuses_official_scope_regency_outside_scope_province(admin_client):
    response = admin_client.post(
        USER_ADD_URL, user_data(role="official", scope_province="31", scope_regency="33.25")
    )

    assert response.status_code == 200
    assert "scope_regency" in form_of(response).errors
    assert not User.objects.filter(username="siti").exists()


def test_admin_refuses_mismatched_passwords_in_indonesian(admin_client, blkk_a):
    response = admin_client.post(USER_ADD_URL, user_data(blkk=blkk_a.pk, password2="sesuatu-yang-lain-99"))

    assert response.status_code == 200
    with translation.override("id"):
        assert list(form_of(response).errors["password2"]) == ["Dua bidang sandi tidak cocok."]
    assert not User.objects.filter(username="siti").exists()


def test_admin_change_refuses_removing_the_blkk_of_blkk_staff(admin_client, alice, blkk_a):
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    data = {
        "username": "alice",
        "first_name": "",
        "last_name": "",
        "email": alice.email,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": alice.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": alice.date_joined.strftime("%H:%M:%S"),
        "role": "blkk_staff",
        "blkk": "",
        "employer": "",
        "scope_province": "",
        "scope_regency": "",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "blkk" in form_of(response).errors
    alice.refresh_from_db()
    assert alice.blkk == blkk_a


def test_admin_filters_users_by_role(admin_client, alice, carol, olga):
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "employer"})

    assert list(response.context["cl"].result_list) == [carol]


# --- access log -----------------------------------------------------------------------------
@pytest.fixture
def log_entry(root, blkk_a):
    return AccessLog.objects.create(
        user=root, action=AccessLog.Action.VIEW_NIK, trainee=f.TraineeFactory(blkk=blkk_a)
    )


def test_admin_reads_the_access_log(admin_client, log_entry):
    response = admin_client.get(reverse("admin:accounts_accesslog_change", args=[log_entry.pk]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_admin_cannot_add_to_the_access_log(admin_client):
    response = admin_client.get(reverse("admin:accounts_accesslog_add"))

    assert response.status_code == 403


def test_admin_cannot_change_the_access_log(admin_client, log_entry, alice):
    response = admin_client.post(
        reverse("admin:accounts_accesslog_change", args=[log_entry.pk]),
        {"user": alice.pk, "action": "export", "path": "/elsewhere/"},
    )

    assert response.status_code == 403
    log_entry.refresh_from_db()
    assert (log_entry.action, log_entry.path) == (AccessLog.Action.VIEW_NIK, "")


def test_admin_cannot_delete_from_the_access_log(admin_client, log_entry):
    response = admin_client.post(
        reverse("admin:accounts_accesslog_delete", args=[log_entry.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert AccessLog.objects.filter(pk=log_entry.pk).exists()


def test_admin_cannot_bulk_delete_the_access_log(admin_client, log_entry):
    changelist = admin_client.get(reverse("admin:accounts_accesslog_changelist"))

    assert changelist.status_code == 200
    assert changelist.context["action_form"] is None  # no actions at all, so no "delete selected"
