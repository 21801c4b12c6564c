"""The role matrix of DESIGN.md, through HTTP: persona × resource × object × action.

The expected answers are written out below as tables; the parametrized tests are generated from
them, one test id per cell (e.g. ``alice-PATCH-trainees-b-404``). The world is ``api_world``
(tests/api/conftest.py): BLKK a (alice, 33.25), b (bob, 33.27), c (nobody's, 31.71); employers
x (carol, 33.25), y (dave, 33.26), z (nobody's, 31.71); applications a_x (shortlisted), a_y,
b_y, c_z.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone

from apps.employers.models import Employer
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy
from tests import factories as f
from tests.api.conftest import BASE, PERSONAS, USERS, ids

# resource (URL segment) → (world key prefix, model, the world's objects)
RESOURCES: dict[str, tuple[str, type[Model], tuple[str, ...]]] = {
    "blkk": ("blkk", Blkk, ("a", "b", "c")),
    "programs": ("program", Program, ("a", "b", "c")),
    "cohorts": ("cohort", Cohort, ("a", "b", "c")),
    "trainees": ("trainee", Trainee, ("a", "b", "c")),
    "enrolments": ("enrolment", Enrolment, ("a", "b", "c")),
    "employers": ("employer", Employer, ("x", "y", "z")),
    "vacancies": ("vacancy", Vacancy, ("x_open", "x_draft", "y_open", "y_draft", "z_open", "z_draft")),
    "applications": ("application", Application, ("a_x", "a_y", "b_y", "c_z")),
}
TRAINING = ("blkk", "programs", "cohorts", "trainees", "enrolments")
OPEN = {"x_open", "y_open", "z_open"}
ALL_VACANCIES = set(RESOURCES["vacancies"][2])


def training(*sides: str) -> dict[str, set[str]]:
    return {resource: set(sides) for resource in TRAINING}


def vacancies(*employers: str) -> set[str]:
    return {key for key in ALL_VACANCIES if key[0] in employers}


# --- who sees what (lists and details) -----------------------------------------------------------
VISIBLE: dict[str, dict[str, set[str]]] = {
    "alice": {**training("a"), "vacancies": OPEN, "applications": {"a_x", "a_y"}},
    "bob": {**training("b"), "vacancies": OPEN, "applications": {"b_y"}},
    "carol": {"employers": {"x"}, "vacancies": vacancies("x"), "applications": {"a_x"}},
    "dave": {"employers": {"y"}, "vacancies": vacancies("y"), "applications": {"a_y", "b_y"}},
    "olivia": {
        **training("a", "b", "c"),
        "employers": {"x", "y", "z"},
        "vacancies": ALL_VACANCIES,
        "applications": {"a_x", "a_y", "b_y", "c_z"},
    },
    # Jawa Tengah (33); applications by the trainee's BLKK regency.
    "olga": {
        **training("a", "b"),
        "employers": {"x", "y"},
        "vacancies": vacancies("x", "y"),
        "applications": {"a_x", "a_y", "b_y"},
    },
    # Pemalang (33.27): blkk b's side only; no employer or vacancy is in 33.27.
    "oscar": {**training("b"), "applications": {"b_y"}},
    # DKI Jakarta (31).
    "otto": {**training("c"), "employers": {"z"}, "vacancies": vacancies("z"), "applications": {"c_z"}},
    "root": {resource: set(keys) for resource, (_p, _m, keys) in RESOURCES.items()},
}

# --- who may change (PATCH) or delete what -------------------------------------------------------
CHANGE: dict[str, set[str]] = {
    "alice": {f"{r}:a" for r in TRAINING},
    "bob": {f"{r}:b" for r in TRAINING},
    "carol": {"employers:x", "vacancies:x_open", "vacancies:x_draft"},
    "dave": {"employers:y", "vacancies:y_open", "vacancies:y_draft"},
    "root": {f"{r}:{k}" for r, (_p, _m, keys) in RESOURCES.items() if r != "applications" for k in keys},
}
# Staff delete their own training records, never the registered BLKK (the registry is Kemnaker's);
# employers close vacancies, never delete them. Applications are never deleted (405).
DELETE: dict[str, set[str]] = {
    "alice": {f"{r}:a" for r in TRAINING if r != "blkk"},
    "bob": {f"{r}:b" for r in TRAINING if r != "blkk"},
    "root": CHANGE["root"],
}
# An allowed delete of an object that others still reference (PROTECT) is a 409, not a 500.
STILL_REFERENCED = {
    "blkk:a",  # its trainees and staff account
    "blkk:b",
    "blkk:c",  # its trainee
    "programs:a",  # its cohort's enrolment
    "programs:b",
    "programs:c",
    "cohorts:a",  # its enrolment
    "cohorts:b",
    "cohorts:c",
    "employers:x",  # carol's account
    "employers:y",  # dave's account
}
# Harmless valid changes, one per resource, and how to read the changed value back.
PATCHES: dict[str, tuple[dict[str, Any], str]] = {
    "blkk": ({"name": "BLKK Renamed"}, "name"),
    "programs": ({"title": "Renamed programme"}, "title"),
    "cohorts": ({"capacity": 21}, "capacity"),
    "trainees": ({"full_name": "Renamed Person"}, "full_name"),
    "enrolments": ({"status": "dropped"}, "status"),
    "employers": ({"name": "PT Renamed"}, "name"),
    "vacancies": ({"title": "Renamed vacancy"}, "title"),
}
OFFICIALS = ("olivia", "olga", "oscar", "otto")

# --- verification: officials within their scope (and admins) -------------------------------------
VERIFY: dict[str, set[str]] = {
    "olivia": {"blkk:a", "blkk:b", "blkk:c", "employers:x", "employers:y", "employers:z"},
    "olga": {"blkk:a", "blkk:b", "employers:x", "employers:y"},
    "oscar": {"blkk:b"},
    "otto": {"blkk:c", "employers:z"},
    "root": {"blkk:a", "blkk:b", "blkk:c", "employers:x", "employers:y", "employers:z"},
}


def visible(persona: str, resource: str, key: str) -> bool:
    return key in VISIBLE.get(persona, {}).get(resource, set())


def obj(world: dict[str, Model], resource: str, key: str) -> Model:
    return world[f"{RESOURCES[resource][0]}:{key}"]


def detail(world: dict[str, Model], resource: str, key: str) -> str:
    return f"{BASE}{resource}/{obj(world, resource, key).pk}/"


def every_object() -> list[tuple[str, str]]:
    return [(resource, key) for resource, (_p, _m, keys) in RESOURCES.items() for key in keys]


# --- expected statuses -------------------------------------------------------------------------
def expected_read(persona: str, resource: str, key: str) -> int:
    return 200 if visible(persona, resource, key) else 404


def expected_write(persona: str, method: str, resource: str, key: str) -> int:
    """DRF order: authentication → role (officials read only) → 405 → scope (404) → object (403)."""
    cell = f"{resource}:{key}"
    if persona in OFFICIALS:
        return 403
    if resource == "applications":
        return 405  # the pipeline moves through transition/, never PATCH or DELETE
    if not visible(persona, resource, key):
        return 404
    if method == "PATCH":
        return 200 if cell in CHANGE.get(persona, set()) else 403
    if cell not in DELETE.get(persona, set()):
        return 403
    return 409 if cell in STILL_REFERENCED else 204


def expected_verify(persona: str, resource: str, key: str) -> int:
    """Officials verify inside their scope (else 404); others: 404 outside scope, 403 inside."""
    if f"{resource}:{key}" in VERIFY.get(persona, set()):
        return 200
    return 403 if visible(persona, resource, key) and persona not in OFFICIALS else 404


def cell_id(*parts: Any) -> str:
    return "-".join(str(p) for p in parts)


def cells(expect, persona_list=USERS, methods=(None,), objects=None) -> list[Any]:
    params = []
    for persona in persona_list:
        for method in methods:
            for resource, key in objects or every_object():
                args = (persona, method, resource, key) if method else (persona, resource, key)
                status = expect(*args)
                params.append(pytest.param(*args, status, id=cell_id(*args, status)))
    return params


# --- reading ----------------------------------------------------------------------------------
@pytest.mark.parametrize("resource", list(RESOURCES))
@pytest.mark.parametrize("persona", USERS)
def test_list_holds_exactly_the_visible_objects(api, api_world, personas, persona, resource):
    response = api.as_(personas[persona]).get(f"{BASE}{resource}/", {"page_size": 200})
    assert response.status_code == 200
    expected = {obj(api_world, resource, key).pk for key in VISIBLE[persona].get(resource, set())}
    assert ids(response) == expected


@pytest.mark.parametrize(("persona", "resource", "key", "status"), cells(expected_read))
def test_detail_is_404_outside_scope(api, api_world, personas, persona, resource, key, status):
    response = api.as_(personas[persona]).get(detail(api_world, resource, key))
    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == obj(api_world, resource, key).pk


# --- changing and deleting ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "method", "resource", "key", "status"),
    cells(expected_write, methods=("PATCH",), objects=[c for c in every_object() if c[0] in PATCHES]),
)
def test_patch_is_allowed_only_on_own_objects(
    api, api_world, personas, persona, method, resource, key, status
):
    payload, field = PATCHES[resource]
    target = obj(api_world, resource, key)
    before = getattr(target, field)
    response = api.as_(personas[persona]).patch(detail(api_world, resource, key), payload, format="json")
    assert response.status_code == status, response.content
    target.refresh_from_db()
    assert (getattr(target, field) == payload[field]) is (status == 200)
    if status != 200:
        assert getattr(target, field) == before


@pytest.mark.parametrize(
    ("persona", "method", "resource", "key", "status"),
    cells(
        expected_write,
        methods=("PATCH",),
        objects=[("applications", k) for k in RESOURCES["applications"][2]],
    ),
)
def test_applications_cannot_be_patched(api, api_world, personas, persona, method, resource, key, status):
    response = api.as_(personas[persona]).patch(
        detail(api_world, resource, key), {"status": "hired"}, format="json"
    )
    assert response.status_code == status
    assert Application.objects.filter(status=Application.Status.HIRED).count() == 0


@pytest.mark.parametrize(
    ("persona", "method", "resource", "key", "status"), cells(expected_write, methods=("DELETE",))
)
def test_delete_is_allowed_only_on_own_unreferenced_objects(
    api, api_world, personas, persona, method, resource, key, status
):
    target = obj(api_world, resource, key)
    model = RESOURCES[resource][1]
    response = api.as_(personas[persona]).delete(detail(api_world, resource, key))
    assert response.status_code == status, response.content
    assert model.objects.filter(pk=target.pk).exists() is (status != 204)


# --- verification -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "resource", "key", "status"),
    cells(expected_verify, objects=[c for c in every_object() if c[0] in ("blkk", "employers")]),
)
def test_only_officials_in_scope_verify_blkk_and_employers(
    api, api_world, personas, persona, resource, key, status
):
    target = obj(api_world, resource, key)
    type(target).objects.filter(pk=target.pk).update(verified=False)
    response = api.as_(personas[persona]).post(
        f"{detail(api_world, resource, key)}verify/", {}, format="json"
    )
    assert response.status_code == status, response.content
    target.refresh_from_db()
    assert target.verified is (status == 200)
    if status == 200:
        assert target.verified_by == personas[persona]


def test_official_can_withdraw_a_verification(api, api_world, olga):
    blkk = api_world["blkk:a"]
    api.as_(olga).post(f"{BASE}blkk/{blkk.pk}/verify/", {}, format="json")
    response = api.as_(olga).post(f"{BASE}blkk/{blkk.pk}/verify/", {"verified": False}, format="json")
    assert response.status_code == 200
    blkk.refresh_from_db()
    assert (blkk.verified, blkk.verified_by) == (False, None)


@pytest.mark.parametrize(("persona", "key"), [("alice", "blkk:a"), ("carol", "employer:x")])
def test_owners_cannot_verify_themselves_by_editing(api, api_world, personas, persona, key):
    target = api_world[key]
    type(target).objects.filter(pk=target.pk).update(verified=False)
    resource = "blkk" if key.startswith("blkk") else "employers"
    response = api.as_(personas[persona]).patch(
        f"{BASE}{resource}/{target.pk}/", {"verified": True}, format="json"
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.verified is False


# --- creating -------------------------------------------------------------------------------------
def today() -> dt.date:
    return timezone.localdate()


def create_payloads(world: dict[str, Model]) -> dict[str, Any]:
    """Valid bodies per resource; ``{side}`` names the owner the body points at (None: implicit)."""
    running = {side: f.CohortFactory(program=world[f"program:{side}"], status="running") for side in "ab"}
    fresh = {side: f.TraineeFactory(blkk=world[f"blkk:{side}"]) for side in "ab"}
    return {
        "programs": lambda side: {
            **({"blkk": world[f"blkk:{side}"].pk} if side else {}),
            "vocation": "LAS",
            "title": "Pengelasan FCAW",
            "hours": 160,
            "competencies": ["C.251100.001.01"],
        },
        "cohorts": lambda side: {
            "program": world[f"program:{side or 'a'}"].pk,
            "start_date": str(today()),
            "end_date": str(today() + dt.timedelta(days=60)),
        },
        "trainees": lambda side: {
            **({"blkk": world[f"blkk:{side}"].pk} if side else {}),
            "nik": f.make_nik("33.25", dt.date(2000, 3, 4), "P", serial=4242),
            "full_name": "Siti Aminah",
            "gender": "P",
            "birth_date": "2000-03-04",
            "education": "SMA",
            "regency": "33.25",
        },
        "enrolments": lambda side: {
            "trainee": fresh[side or "a"].pk,
            "cohort": running[side or "a"].pk,
        },
        "vacancies": lambda side: {
            **({"employer": world[f"employer:{side}"].pk} if side else {}),
            "title": "Operator Produksi",
            "vocation": "LAS",
            "competencies": ["C.251100.001.01"],
            "headcount": 3,
            "regency": "33.25",
            "closes_on": str(today() + dt.timedelta(days=20)),
            "salary_min": 2_600_000,
            "salary_max": 3_000_000,
        },
    }


# persona → resource → {owner side named in the body (None: implicit) → status}
CREATE: dict[str, dict[str, dict[str | None, int]]] = {
    # Staff create for their own BLKK; a foreign BLKK/programme/trainee is not a valid choice (400).
    "alice": {
        "programs": {None: 201, "a": 201, "b": 400},
        "cohorts": {"a": 201, "b": 400},
        "trainees": {None: 201, "a": 201, "b": 400},
        "enrolments": {"a": 201, "b": 400},
        "vacancies": {None: 403, "x": 403},
    },
    # Employers create vacancies for themselves only.
    "carol": {
        "programs": {None: 403, "a": 403},
        "cohorts": {"a": 403},
        "trainees": {None: 403, "a": 403},
        "enrolments": {"a": 403},
        "vacancies": {None: 201, "x": 201, "y": 400},
    },
    # Officials never write.
    **{
        official: {
            "programs": {"a": 403},
            "cohorts": {"a": 403},
            "trainees": {"a": 403},
            "enrolments": {"a": 403},
            "vacancies": {"x": 403},
        }
        for official in OFFICIALS
    },
    # The admin names the owner (and must).
    "root": {
        "programs": {None: 400, "b": 201},
        "cohorts": {"b": 201},
        "trainees": {None: 400, "b": 201},
        "enrolments": {"b": 201},
        "vacancies": {None: 400, "y": 201},
    },
}
MODELS = {
    "programs": Program,
    "cohorts": Cohort,
    "trainees": Trainee,
    "enrolments": Enrolment,
    "vacancies": Vacancy,
}


@pytest.mark.parametrize(
    ("persona", "resource", "side", "status"),
    [
        pytest.param(p, r, s, status, id=cell_id(p, "POST", r, s or "implicit", status))
        for p, by_resource in CREATE.items()
        for r, by_side in by_resource.items()
        for s, status in by_side.items()
    ],
)
def test_create_is_allowed_only_under_own_owner(api, api_world, personas, persona, resource, side, status):
    payload = create_payloads(api_world)[resource](side)
    model = MODELS[resource]
    before = model.objects.count()
    response = api.as_(personas[persona]).post(f"{BASE}{resource}/", payload, format="json")
    assert response.status_code == status, response.content
    assert model.objects.count() == before + (1 if status == 201 else 0)


@pytest.mark.parametrize(
    ("persona", "resource", "owner"),
    [("alice", "programs", "blkk:a"), ("alice", "trainees", "blkk:a"), ("carol", "vacancies", "employer:x")],
)
def test_an_implicit_owner_is_the_users_own(api, api_world, personas, persona, resource, owner):
    payload = create_payloads(api_world)[resource](None)
    response = api.as_(personas[persona]).post(f"{BASE}{resource}/", payload, format="json")
    field = owner.split(":")[0]
    assert response.json()[field] == api_world[owner].pk


@pytest.mark.parametrize("resource", ["blkk", "employers"])
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 403), ("carol", 403), ("olivia", 403), ("root", 201)]
)
def test_only_the_admin_registers_blkk_and_employers(api, api_world, personas, resource, persona, status):
    payload = {
        "blkk": {
            "name": "BLKK Baru",
            "registration_number": "BLKK-NEW-1",
            "host_type": "komunitas",
            "host_name": "Komunitas Baru",
            "regency": "33.25",
        },
        "employers": {"name": "PT Baru", "nib": "1234567890123", "kbli": "23110", "regency": "33.25"},
    }[resource]
    model = Blkk if resource == "blkk" else Employer
    before = model.objects.count()
    response = api.as_(personas[persona]).post(f"{BASE}{resource}/", payload, format="json")
    assert response.status_code == status, response.content
    assert model.objects.count() == before + (status == 201)


# --- the vacancy life cycle: draft → open → closed, by its employer only ---------------------------
@pytest.mark.parametrize(
    ("start", "to", "status"),
    [
        ("draft", "open", 200),
        ("draft", "closed", 200),
        ("open", "closed", 200),
        ("open", "draft", 400),
        ("closed", "open", 400),
        ("closed", "draft", 400),
        ("open", "filled", 400),
    ],
)
def test_employer_moves_own_vacancy_status_only_forward(api, api_world, carol, start, to, status):
    vacancy = api_world["vacancy:x_draft"]
    Vacancy.objects.filter(pk=vacancy.pk).update(status=start)
    response = api.as_(carol).patch(f"{BASE}vacancies/{vacancy.pk}/", {"status": to}, format="json")
    assert response.status_code == status, response.content
    vacancy.refresh_from_db()
    assert vacancy.status == (to if status == 200 else start)


def test_publishing_a_draft_stamps_its_publication(api, api_world, carol):
    vacancy = api_world["vacancy:x_draft"]
    response = api.as_(carol).patch(f"{BASE}vacancies/{vacancy.pk}/", {"status": "open"}, format="json")
    assert response.json()["published_at"] is not None


@pytest.mark.parametrize(("persona", "status"), [("dave", 404), ("alice", 404), ("olga", 403), ("root", 200)])
def test_only_its_employer_publishes_a_vacancy(api, api_world, personas, persona, status):
    vacancy = api_world["vacancy:x_draft"]
    response = api.as_(personas[persona]).patch(
        f"{BASE}vacancies/{vacancy.pk}/", {"status": "open"}, format="json"
    )
    assert response.status_code == status
    vacancy.refresh_from_db()
    assert (vacancy.status == "open") is (status == 200)


# --- nominations: staff put their own graduates forward to open vacancies -------------------------
NOMINATE: list[tuple[str, str, str, int]] = [
    ("alice", "trainee:a", "vacancy:z_open", 201),  # own graduate, open vacancy
    ("alice", "trainee:b", "vacancy:z_open", 400),  # bob's graduate
    ("alice", "trainee:a", "vacancy:x_draft", 400),  # a draft is not open (nor visible to staff)
    ("alice", "trainee:a", "vacancy:x_open", 400),  # already in that pipeline
    ("bob", "trainee:b", "vacancy:z_open", 201),
    ("carol", "trainee:b", "vacancy:x_open", 400),  # employers pick from their shortlist only
    ("carol", "trainee:b", "vacancy:y_open", 400),  # dave's vacancy is not a choice
    ("olga", "trainee:a", "vacancy:z_open", 403),
    ("root", "trainee:c", "vacancy:y_open", 201),
]


@pytest.mark.parametrize(
    ("persona", "trainee", "vacancy", "status"),
    [pytest.param(*row, id=cell_id(*row)) for row in NOMINATE],
)
def test_staff_nominate_only_their_own_graduates_to_open_vacancies(
    api, api_world, personas, persona, trainee, vacancy, status
):
    before = Application.objects.count()
    payload = {"vacancy": api_world[vacancy].pk, "trainee": api_world[trainee].pk}
    response = api.as_(personas[persona]).post(f"{BASE}applications/", payload, format="json")
    assert response.status_code == status, response.content
    assert Application.objects.count() == before + (status == 201)
    if status == 201:
        assert response.json()["source"] == "nominated"
        assert response.json()["status"] == "proposed"


def test_staff_cannot_nominate_a_trainee_who_has_not_graduated(api, api_world, alice):
    trainee = f.TraineeFactory(blkk=api_world["blkk:a"])
    payload = {"vacancy": api_world["vacancy:z_open"].pk, "trainee": trainee.pk}
    response = api.as_(alice).post(f"{BASE}applications/", payload, format="json")
    assert response.status_code == 400
    assert "trainee" in response.json()


# --- the pipeline: the employer moves its own; staff only withdraw ------------------------------------
TRANSITION: list[tuple[str, str, int]] = [
    ("carol", "interview", 200),
    ("carol", "rejected", 200),
    ("carol", "withdrawn", 403),  # withdrawing is the candidate's side
    ("dave", "interview", 404),
    ("alice", "withdrawn", 200),
    ("alice", "interview", 403),
    ("alice", "hired", 403),
    ("bob", "withdrawn", 404),
    ("olivia", "interview", 403),
    ("oscar", "withdrawn", 403),
    ("root", "interview", 200),
]


@pytest.mark.parametrize(
    ("persona", "to", "status"),
    [pytest.param(*row, id=cell_id(*row)) for row in TRANSITION],
)
def test_pipeline_transitions_follow_the_role(api, api_world, personas, persona, to, status):
    application = api_world["application:a_x"]  # shortlisted; a's trainee, x's vacancy
    response = api.as_(personas[persona]).post(
        f"{BASE}applications/{application.pk}/transition/", {"to": to}, format="json"
    )
    assert response.status_code == status, response.content
    application.refresh_from_db()
    assert application.status == (to if status == 200 else "shortlisted")


# --- anonymous: 401 everywhere --------------------------------------------------------------------
ANONYMOUS_REQUESTS = [
    *[("GET", f"{resource}/") for resource in RESOURCES],
    *[("POST", f"{resource}/") for resource in RESOURCES],
    ("GET", "users/"),
    ("GET", "regions/"),
    ("GET", "regions/33.25/"),
    ("GET", "vocations/"),
    ("GET", "competencies/"),
    ("GET", "industrial-parks/"),
    ("GET", "dashboard/summary/"),
]


@pytest.mark.parametrize(
    ("method", "path"), ANONYMOUS_REQUESTS, ids=[f"{m}-{p}" for m, p in ANONYMOUS_REQUESTS]
)
def test_anonymous_is_401_on_collections(api, api_world, method, path):
    client = api.as_(None)
    response = (
        client.get(f"{BASE}{path}") if method == "GET" else client.post(f"{BASE}{path}", {}, format="json")
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize(("resource", "key"), every_object())
def test_anonymous_is_401_on_every_object(api, api_world, method, resource, key):
    response = getattr(api.as_(None), method.lower())(detail(api_world, resource, key))
    assert response.status_code == 401


def test_anonymous_cannot_verify(api, api_world):
    response = api.as_(None).post(f"{BASE}blkk/{api_world['blkk:a'].pk}/verify/")
    assert response.status_code == 401
    assert not Blkk.objects.filter(verified=True).exists()


def test_every_persona_is_covered_by_the_tables():
    assert set(VISIBLE) == set(USERS)
    assert set(PERSONAS) == {"anonymous", *USERS}


# --- filters cannot probe ids: someone else's object looks like a missing one --------------------------
PROBES = [
    ("carol", "applications/", "trainee", "trainee:b"),
    ("carol", "applications/", "vacancy", "vacancy:y_open"),
    ("alice", "applications/", "trainee", "trainee:b"),
    ("alice", "trainees/", "blkk", "blkk:b"),
    ("alice", "programs/", "blkk", "blkk:b"),
    ("alice", "cohorts/", "program", "program:b"),
    ("alice", "enrolments/", "trainee", "trainee:b"),
    ("alice", "enrolments/", "cohort", "cohort:b"),
    ("carol", "vacancies/", "employer", "employer:y"),
    ("oscar", "trainees/", "blkk", "blkk:a"),
]


@pytest.mark.parametrize(
    ("persona", "path", "name", "key"), [pytest.param(*p, id=cell_id(*p)) for p in PROBES]
)
def test_a_filter_on_someone_elses_object_answers_like_a_missing_one(
    api, api_world, personas, persona, path, name, key
):
    client = api.as_(personas[persona])
    foreign = client.get(f"{BASE}{path}", {name: api_world[key].pk})
    missing = client.get(f"{BASE}{path}", {name: 10**9})
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
