"""Property-based: every operation of the published schema, as root, alice and carol, never a 500.

Schemathesis loads ``/api/schema/`` in-process through the Django WSGI application and calls
each operation with generated input (valid and invalid, including its coverage phase's boundary
and type-confusion cases) inside the test's database transaction. Only ``not_a_server_error`` is
checked: whatever comes in, the API answers 2xx/4xx, never 5xx.

Generated ids are mostly random, so even positive integers for path ids and foreign keys in
bodies are steered half of the time onto the seeded objects: the request then reaches the
serializers, services and database instead of stopping at a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from apps.accounts.models import User
from apps.employers.models import Employer, IndustrialPark
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy
from tests import factories as f

SCHEMA_PATH = "/api/schema/"


def load(*, coverage: bool):
    config = schemathesis.Config.from_dict(
        {
            "phases": {
                "coverage": {"enabled": coverage, "unexpected-methods": []},
                "stateful": {"enabled": False},
            },
            # PUT validates like PATCH and POST (which keep theirs): its coverage phase adds minutes.
            "operations": [{"include-method": "PUT", "phases": {"coverage": {"enabled": False}}}],
        }
    )
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, WSGIHandler(), config=config)


# Loaded at collection, so each operation is its own test item. (``schemathesis.pytest.from_fixture``
# cannot run under pytest 9: it writes ``request.node._nodeid``, which pytest 9 no longer has.)
# The admin, who reaches every operation, also gets the coverage phase (boundaries, wrong types,
# missing fields); staff and employer get random fuzzing, which keeps the module within minutes.
full_schema = load(coverage=True)
fuzz_schema = load(coverage=False)

# Path segment (or body field) → the model whose seeded ids it is steered onto.
RESOURCES = {
    "blkk": Blkk,
    "programs": Program,
    "program": Program,
    "cohorts": Cohort,
    "cohort": Cohort,
    "trainees": Trainee,
    "trainee": Trainee,
    "enrolments": Enrolment,
    "employers": Employer,
    "employer": Employer,
    "industrial-parks": IndustrialPark,
    "industrial_park": IndustrialPark,
    "vacancies": Vacancy,
    "vacancy": Vacancy,
    "applications": Application,
    "users": User,
}


@pytest.fixture(autouse=True)
def keep_test_connection():
    """A WSGI request ends by closing "old" connections: that would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(blkk_a, blkk_b, employer_x, employer_y, alice, carol) -> dict[type, list[int]]:
    """A small world with objects of every resource on both sides; returns their ids by model."""
    for blkk in (blkk_a, blkk_b):
        program = f.ProgramFactory(blkk=blkk)
        finished = f.CohortFactory(program=program)
        running = f.CohortFactory(program=program, status="running", start_date=finished.start_date)
        graduate = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk), cohort=finished)
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk), cohort=running)
        for employer in (employer_x, employer_y):
            vacancy = f.VacancyFactory(employer=employer)
            f.VacancyFactory(employer=employer, status="draft", published_at=None)
            f.ApplicationFactory(vacancy=vacancy, trainee=graduate.trainee)
    return {model: sorted(model.objects.values_list("pk", flat=True)) for model in set(RESOURCES.values())}


def token_headers(user) -> dict[str, str]:
    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@pytest.fixture(params=["alice", "carol"])
def persona(request, alice, carol):
    return {"alice": alice, "carol": carol}[request.param]


@pytest.fixture(params=["root"])  # a parameter, so that pytest 9 gives each operation its own test id
def admin(request, root):
    return root


def steer(value: Any, ids: list[int]) -> Any:
    """Zero (the coverage phase's id) and even positive integers become a seeded id."""
    if value == "0" or (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0 and value % 2 == 0
    ):
        return ids[(int(value) // 2) % len(ids)]
    return value


# Reference codes in bodies (and NIKs): a string of even length becomes a real one.
CODES = {
    "vocation": ["LAS", "GRM"],
    "vocations": ["LAS", "GRM"],
    "regency": ["33.25", "33.27"],
    "competencies": ["C.251100.001.01", "C.251100.002.01"],
}


def steer_code(value: Any, codes: list[str]) -> Any:
    if isinstance(value, list):
        return [steer_code(item, codes) for item in value]
    if isinstance(value, str) and len(value) % 2 == 0:
        return codes[len(value) // 2 % len(codes)]
    return value


def steer_nik(value: Any) -> Any:
    if isinstance(value, str) and len(value) % 2 == 0:
        return f.make_nik("33.25", dt.date(2001, 2, 3), "L", serial=len(value) + 1)
    return value


def steer_case(case, seeded: dict[type, list[int]]) -> None:
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    if resource in RESOURCES and "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = steer(case.path_parameters["id"], seeded[RESOURCES[resource]])
    if isinstance(case.body, dict):
        for field, model in RESOURCES.items():
            if field in case.body:
                case.body[field] = steer(case.body[field], seeded[model])
        for field, codes in CODES.items():
            if field in case.body:
                case.body[field] = steer_code(case.body[field], codes)
        if "nik" in case.body:
            case.body["nik"] = steer_nik(case.body["nik"])


SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)


@full_schema.parametrize()
@settings(SETTINGS, max_examples=10)
def test_no_operation_answers_a_server_error_to_the_admin(case, seeded, admin):
    steer_case(case, seeded)
    case.call_and_validate(headers=token_headers(admin), checks=[not_a_server_error])


@fuzz_schema.parametrize()
@settings(SETTINGS, max_examples=10)
def test_no_operation_answers_a_server_error_to_staff_or_employer(case, seeded, persona):
    steer_case(case, seeded)
    case.call_and_validate(headers=token_headers(persona), checks=[not_a_server_error])
