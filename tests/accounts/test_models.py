"""A user's role and its binding (BLKK, employer, region): model validation and DB constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.accounts import policies
from apps.accounts.models import AccessLog, User
from tests import factories as f


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clean_errors(user: User) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    return exc.value.message_dict


def user(**fields) -> User:
    return User(username="someone", password="!", **fields)


# --- model validation (forms, admin, API) ---------------------------------------------------------
def test_staff_without_a_blkk_is_refused(db):
    assert "blkk" in clean_errors(user(role=User.Role.BLKK_STAFF))


def test_employer_account_without_an_employer_is_refused(db):
    assert "employer" in clean_errors(user(role=User.Role.EMPLOYER))


def test_staff_bound_to_an_employer_is_refused(blkk_a, employer_x):
    errors = clean_errors(user(role=User.Role.BLKK_STAFF, blkk=blkk_a, employer=employer_x))
    assert "employer" in errors


def test_employer_bound_to_a_blkk_is_refused(blkk_a, employer_x):
    errors = clean_errors(user(role=User.Role.EMPLOYER, blkk=blkk_a, employer=employer_x))
    assert "blkk" in errors


@pytest.mark.parametrize("role", [User.Role.OFFICIAL, User.Role.ADMIN])
def test_official_or_admin_bound_to_a_blkk_is_refused(blkk_a, role):
    assert "blkk" in clean_errors(user(role=role, blkk=blkk_a))


@pytest.mark.parametrize("role", [User.Role.BLKK_STAFF, User.Role.EMPLOYER, User.Role.ADMIN])
def test_only_officials_have_a_regional_scope(blkk_a, employer_x, role):
    binding = {User.Role.BLKK_STAFF: {"blkk": blkk_a}, User.Role.EMPLOYER: {"employer": employer_x}}
    errors = clean_errors(user(role=role, scope_province_id="33", **binding.get(role, {})))
    assert "scope_province" in errors


def test_official_regency_outside_the_chosen_province_is_refused(db):
    errors = clean_errors(user(role=User.Role.OFFICIAL, scope_province_id="31", scope_regency_id="33.27"))
    assert "scope_regency" in errors


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"scope_province_id": "33"},
        {"scope_regency_id": "33.27"},
        {"scope_province_id": "33", "scope_regency_id": "33.27"},
    ],
    ids=["national", "province", "regency", "province-and-its-regency"],
)
def test_official_scopes_are_valid(db, scope):
    user(role=User.Role.OFFICIAL, **scope).full_clean()


def test_staff_bound_to_one_blkk_is_valid(blkk_a):
    user(role=User.Role.BLKK_STAFF, blkk=blkk_a).full_clean()


def test_employer_bound_to_one_employer_is_valid(employer_x):
    user(role=User.Role.EMPLOYER, employer=employer_x).full_clean()


# --- DB constraints (hold even when validation is bypassed) ---------------------------------------
def assert_refused_by_db(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="bypass", **fields)
    assert not User.objects.filter(username="bypass").exists()


def test_db_refuses_staff_without_blkk(db):
    assert_refused_by_db(role=User.Role.BLKK_STAFF)


def test_db_refuses_employer_without_employer(db):
    assert_refused_by_db(role=User.Role.EMPLOYER)


def test_db_refuses_staff_bound_to_an_employer_too(blkk_a, employer_x):
    assert_refused_by_db(role=User.Role.BLKK_STAFF, blkk=blkk_a, employer=employer_x)


def test_db_refuses_official_bound_to_a_blkk(blkk_a):
    assert_refused_by_db(role=User.Role.OFFICIAL, blkk=blkk_a)


def test_db_refuses_admin_bound_to_an_employer(employer_x):
    assert_refused_by_db(role=User.Role.ADMIN, employer=employer_x)


def test_db_refuses_a_regional_scope_for_non_officials(blkk_a):
    assert_refused_by_db(role=User.Role.BLKK_STAFF, blkk=blkk_a, scope_regency_id="33.25")


def test_db_refuses_changing_the_role_without_the_binding(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=alice.pk).update(role=User.Role.EMPLOYER)
    alice.refresh_from_db()
    assert alice.role == User.Role.BLKK_STAFF


# --- accounts made outside the portal's forms ---------------------------------------------------
def test_create_superuser_makes_a_portal_admin(db):
    root = User.objects.create_superuser("root2", "root2@example.id", "pw")
    assert root.role == User.Role.ADMIN
    assert policies.is_admin(root)


def test_superuser_is_an_admin_to_the_policies_whatever_its_role(db):
    root = f.UserFactory(role=User.Role.OFFICIAL, is_superuser=True)
    assert policies.role_of(root) == User.Role.ADMIN and root.is_portal_admin


def test_role_admin_without_superuser_is_an_admin(db):
    admin = f.UserFactory(role=User.Role.ADMIN)
    assert policies.is_admin(admin) and admin.is_portal_admin


# --- access log ---------------------------------------------------------------------------------
def test_access_log_entries_cannot_be_changed(carol, alice):
    trainee = f.TraineeFactory(blkk=alice.blkk)
    entry = AccessLog.objects.create(user=carol, action=AccessLog.Action.VIEW_CONTACT, trainee=trainee)
    entry.action = AccessLog.Action.EXPORT
    with pytest.raises(ValidationError):
        entry.save()
    assert AccessLog.objects.get(pk=entry.pk).action == AccessLog.Action.VIEW_CONTACT
