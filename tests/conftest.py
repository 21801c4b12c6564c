"""Personas (healthchecks style) for role-matrix tests.

- alice: BLKK staff of ``blkk_a`` (Kab. Batang 33.25); bob: BLKK staff of ``blkk_b`` (Kab. Pemalang 33.27)
- carol: HR of ``employer_x`` (KITB, 33.25); dave: HR of ``employer_y`` (Kab. Pekalongan 33.26)
- olivia: national official; olga: official of province 33 (Jawa Tengah);
  oscar: official of regency 33.27 (Pemalang); otto: official of province 31 (DKI Jakarta)
- root: portal admin
"""

import pytest

from apps.accounts.models import User
from tests import factories as f


@pytest.fixture
def blkk_a(db):
    return f.BlkkFactory(name="BLKK Ponpes Darul Ulum", regency=f.regency("33.25"))


@pytest.fixture
def blkk_b(db):
    return f.BlkkFactory(name="BLKK SPSI Pemalang", regency=f.regency("33.27"), host_type="serikat_pekerja")


@pytest.fixture
def employer_x(db):
    return f.EmployerFactory(name="PT Kaca Nusantara")


@pytest.fixture
def employer_y(db):
    return f.EmployerFactory(name="PT Garmen Pekalongan", industrial_park=None, regency=f.regency("33.26"))


@pytest.fixture
def alice(blkk_a):
    return f.UserFactory(username="alice", role=User.Role.BLKK_STAFF, blkk=blkk_a)


@pytest.fixture
def bob(blkk_b):
    return f.UserFactory(username="bob", role=User.Role.BLKK_STAFF, blkk=blkk_b)


@pytest.fixture
def carol(employer_x):
    return f.UserFactory(username="carol", role=User.Role.EMPLOYER, employer=employer_x)


@pytest.fixture
def dave(employer_y):
    return f.UserFactory(username="dave", role=User.Role.EMPLOYER, employer=employer_y)


@pytest.fixture
def olivia(db):
    return f.UserFactory(username="olivia", role=User.Role.OFFICIAL)


@pytest.fixture
def olga(db):
    return f.UserFactory(username="olga", role=User.Role.OFFICIAL, scope_province_id="33")


@pytest.fixture
def oscar(db):
    return f.UserFactory(username="oscar", role=User.Role.OFFICIAL, scope_regency_id="33.27")


@pytest.fixture
def otto(db):
    return f.UserFactory(username="otto", role=User.Role.OFFICIAL, scope_province_id="31")


@pytest.fixture
def root(db):
    return f.UserFactory(username="root", role=User.Role.ADMIN, is_staff=True, is_superuser=True)


from tests.workers import private_celery_queue, start_worker  # noqa: E402, F401  (fixtures)


@pytest.fixture(autouse=True)
def broker_not_paused():
    """Each test starts with the broker trusted again (a fault test leaves the publish pause on)."""
    from apps.core import jobs

    jobs._broker_down_until = 0.0


@pytest.fixture(autouse=True)
def fresh_dashboard_answers():
    """Each test starts a new generation of cached dashboard answers: a rolled-back test's rows
    leave no mark behind (in production nothing is un-committed), so its answers must not linger."""
    from apps.dashboards import answers

    answers._new_generation()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing a password the production way costs ~0.2 s; tests do not need that strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(client, root):
    """A client logged in as the portal admin persona (root)."""
    client.force_login(root)
    return client
