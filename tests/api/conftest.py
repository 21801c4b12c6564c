"""API fixtures: a client that acts as a persona, and one world with objects owned by each side.

The world (``api_world``) mirrors tests/accounts/test_policies.py, seen through HTTP:

- BLKK ``a`` (alice, Batang 33.25), ``b`` (bob, Pemalang 33.27) and ``c`` (nobody's, Jakarta
  Pusat 31.71), each with a programme, a finished cohort, a trainee and a graduated enrolment;
- employers ``x`` (carol, KITB 33.25), ``y`` (dave, Kab. Pekalongan 33.26) and ``z`` (nobody's,
  31.71), each with an open and a draft vacancy;
- applications ``a_x`` (shortlisted), ``a_y`` and ``b_y`` (proposed) and ``c_z``.

Keys are ``"<resource>:<side>"`` such as ``"trainee:a"`` or ``"vacancy:x_draft"``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone
from rest_framework.test import APIClient

from apps.vacancies.models import Application, Vacancy
from tests import factories as f

BASE = "/api/v1/"
PERSONAS = ("anonymous", "alice", "bob", "carol", "dave", "olivia", "olga", "oscar", "otto", "root")
USERS = PERSONAS[1:]


@pytest.fixture
def api():
    """An API client; ``api.as_(user)`` authenticates as a persona (None: anonymous)."""
    client = APIClient()

    def as_(user):
        client.force_authenticate(user=user)
        return client

    client.as_ = as_
    return client


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(alice, bob, carol, dave, olivia, olga, oscar, otto, root) -> dict[str, Any]:
    return {
        "anonymous": None,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "olivia": olivia,
        "olga": olga,
        "oscar": oscar,
        "otto": otto,
        "root": root,
    }


@pytest.fixture
def blkk_c(db):
    return f.BlkkFactory(name="BLKK Komunitas Jakarta", regency=f.regency("31.71"), host_type="komunitas")


@pytest.fixture
def employer_z(db):
    return f.EmployerFactory(name="PT Jakarta Logistik", industrial_park=None, regency=f.regency("31.71"))


@pytest.fixture
def api_world(personas, blkk_a, blkk_b, blkk_c, employer_x, employer_y, employer_z) -> dict[str, Model]:
    objects: dict[str, Model] = {}
    for side, blkk in (("a", blkk_a), ("b", blkk_b), ("c", blkk_c)):
        blkk.vocations.set([f.vocation("LAS")])
        program = f.ProgramFactory(blkk=blkk)
        cohort = f.CohortFactory(program=program)
        trainee = f.TraineeFactory(blkk=blkk, address=f"Jl. Trainee {side} No. 7")
        enrolment = f.GraduateEnrolmentFactory(trainee=trainee, cohort=cohort)
        objects.update(
            {
                f"blkk:{side}": blkk,
                f"program:{side}": program,
                f"cohort:{side}": cohort,
                f"trainee:{side}": trainee,
                f"enrolment:{side}": enrolment,
            }
        )
    for side, employer in (("x", employer_x), ("y", employer_y), ("z", employer_z)):
        objects[f"employer:{side}"] = employer
        objects[f"vacancy:{side}_open"] = f.VacancyFactory(employer=employer, title=f"Operator Las {side}")
        objects[f"vacancy:{side}_draft"] = f.VacancyFactory(
            employer=employer, title=f"Draft {side}", status=Vacancy.Status.DRAFT, published_at=None
        )
    for key in ("a_x", "a_y", "b_y", "c_z"):
        side, employer = key.split("_")
        objects[f"application:{key}"] = f.ApplicationFactory(
            trainee=objects[f"trainee:{side}"], vacancy=objects[f"vacancy:{employer}_open"]
        )
    shortlisted = objects["application:a_x"]
    shortlisted.status, shortlisted.shortlisted_at = Application.Status.SHORTLISTED, timezone.now()
    shortlisted.save()
    return objects


def results(response) -> list[dict[str, Any]]:
    """The items of a paginated list response (asserting the envelope on the way)."""
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}, body
    return body["results"]


def ids(response, key: str = "id") -> set[Any]:
    return {item[key] for item in results(response)}
