"""The role matrix of DESIGN.md "Users and what each may do": persona × object × action.

One world holds objects owned by each side: BLKK ``a`` (alice, Batang 33.25) and ``b`` (bob,
Pemalang 33.27) each with a programme, a cohort, a trainee and a graduated enrolment; employers
``x`` (carol, KITB 33.25) and ``y`` (dave, Kab. Pekalongan 33.26) each with an open and a draft
vacancy; applications of a's trainee to x and y and of b's trainee to y; matches; match runs; an
access-log entry; and every persona's own account.

The expected answers are written out below as tables (``VISIBLE``, ``CHANGE``, ``DELETE``,
``VERIFY`` …); the parametrized tests are generated from them, so every cell is one test id such as
``alice-change-trainee:b-no``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from apps.accounts import policies
from apps.accounts.models import AccessLog, User
from apps.employers.models import Employer, IndustrialPark
from apps.matching.models import Match, MatchRun
from apps.regions.models import MinimumWage, Province, Regency
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy
from tests import factories as f

PERSONAS = ("anonymous", "alice", "bob", "carol", "dave", "olivia", "olga", "oscar", "otto", "root")
USERS = PERSONAS[1:]

MODELS: dict[str, type[Model]] = {
    "blkk": Blkk,
    "program": Program,
    "cohort": Cohort,
    "trainee": Trainee,
    "enrolment": Enrolment,
    "employer": Employer,
    "vacancy": Vacancy,
    "application": Application,
    "match": Match,
    "matchrun": MatchRun,
    "accesslog": AccessLog,
    "user": User,
}
REFERENCE_MODELS = (Province, Regency, MinimumWage, Vocation, CompetencyUnit, IndustrialPark)

# The objects of the world, by model: key → what it is.
OBJECTS: dict[str, tuple[str, ...]] = {
    "blkk": ("a", "b"),
    "program": ("a", "b"),
    "cohort": ("a", "b"),
    "trainee": ("a", "b"),
    "enrolment": ("a", "b"),
    "employer": ("x", "y"),
    "vacancy": ("x_open", "x_draft", "y_open", "y_draft"),
    "application": ("a_x", "a_y", "b_y"),  # trainee's BLKK _ vacancy's employer
    "match": ("a_x", "b_y"),
    "matchrun": ("x", "y", "a", "b", "nightly"),  # requested by carol, dave, alice, bob, nobody
    "accesslog": ("carol_saw_a",),
    "user": USERS,
}
ALL_KEYS = frozenset(f"{model}:{key}" for model, keys in OBJECTS.items() for key in keys)


def training(*sides: str) -> dict[str, set[str]]:
    """A BLKK's own world: the BLKK itself, its programme, cohort, trainee and enrolment."""
    return {model: set(sides) for model in ("blkk", "program", "cohort", "trainee", "enrolment")}


OPEN_VACANCIES = {"x_open", "y_open"}
ALL_VACANCIES = {"x_open", "x_draft", "y_open", "y_draft"}

# --- who may see what (scope membership and can(view)) ---------------------------------------------
VISIBLE: dict[str, dict[str, set[str]]] = {
    "anonymous": {"vacancy": OPEN_VACANCIES},
    "alice": {
        **training("a"),
        "vacancy": OPEN_VACANCIES,
        "application": {"a_x", "a_y"},
        "match": {"a_x"},
        "matchrun": {"a"},
        "user": {"alice"},
    },
    "bob": {
        **training("b"),
        "vacancy": OPEN_VACANCIES,
        "application": {"b_y"},
        "match": {"b_y"},
        "matchrun": {"b"},
        "user": {"bob"},
    },
    "carol": {
        "employer": {"x"},
        "vacancy": {"x_open", "x_draft"},
        "application": {"a_x"},
        "match": {"a_x"},
        "matchrun": {"x"},
        "user": {"carol"},
    },
    "dave": {
        "employer": {"y"},
        "vacancy": {"y_open", "y_draft"},
        "application": {"a_y", "b_y"},
        "match": {"b_y"},
        "matchrun": {"y"},
        "user": {"dave"},
    },
    # National: every regional object, read-only (no matches, runs or access logs: those are not
    # aggregates and not regional lists).
    "olivia": {
        **training("a", "b"),
        "employer": {"x", "y"},
        "vacancy": ALL_VACANCIES,
        "application": {"a_x", "a_y", "b_y"},
        "user": {"olivia"},
    },
    # Jawa Tengah (33): both BLKK and both employers are in it.
    "olga": {
        **training("a", "b"),
        "employer": {"x", "y"},
        "vacancy": ALL_VACANCIES,
        "application": {"a_x", "a_y", "b_y"},
        "user": {"olga"},
    },
    # Pemalang (33.27): only blkk_b's side; applications by the trainee's BLKK regency; no employer
    # or vacancy (x is in 33.25, y in 33.26).
    "oscar": {**training("b"), "application": {"b_y"}, "user": {"oscar"}},
    # DKI Jakarta (31): nothing regional.
    "otto": {"user": {"otto"}},
    "root": {model: set(keys) for model, keys in OBJECTS.items()},
}

# --- who may change / delete / verify what ------------------------------------------------------
CHANGE: dict[str, set[str]] = {
    "alice": {"blkk:a", "program:a", "cohort:a", "trainee:a", "enrolment:a"},
    "bob": {"blkk:b", "program:b", "cohort:b", "trainee:b", "enrolment:b"},
    "carol": {"employer:x", "vacancy:x_open", "vacancy:x_draft"},
    "dave": {"employer:y", "vacancy:y_open", "vacancy:y_draft"},
    "root": set(ALL_KEYS),
}
# Staff delete their own training records but not the registered BLKK itself (its profile is
# theirs to edit; the registry entry is Kemnaker's). Employers close vacancies, never delete.
DELETE: dict[str, set[str]] = {
    "alice": {"program:a", "cohort:a", "trainee:a", "enrolment:a"},
    "bob": {"program:b", "cohort:b", "trainee:b", "enrolment:b"},
    "root": set(ALL_KEYS),
}
# Officials verify BLKK and employers inside their scope; nothing else.
VERIFY: dict[str, set[str]] = {
    "olivia": {"blkk:a", "blkk:b", "employer:x", "employer:y"},
    "olga": {"blkk:a", "blkk:b", "employer:x", "employer:y"},
    "oscar": {"blkk:b"},
    "root": set(ALL_KEYS),
}
ALLOWED = {
    "view": {p: {f"{m}:{k}" for m, keys in VISIBLE[p].items() for k in keys} for p in PERSONAS},
    "change": CHANGE,
    "delete": DELETE,
    "verify": VERIFY,
}

KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def allowed(persona: str, action: str, obj_key: str) -> bool:
    return obj_key in ALLOWED[action].get(persona, set())


def marks_for(persona: str, action: str, obj_key: str) -> list[Any]:
    reason = KNOWN_BUGS.get((persona, action, obj_key))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def cells(actions: tuple[str, ...], models: tuple[str, ...] = tuple(OBJECTS)) -> list[Any]:
    """One ``pytest.param(persona, action, obj_key, expected)`` per cell of the tables."""
    return [
        pytest.param(
            persona,
            action,
            obj_key,
            allowed(persona, action, obj_key),
            id=f"{persona}-{action}-{obj_key}-{'yes' if allowed(persona, action, obj_key) else 'no'}",
            marks=marks_for(persona, action, obj_key),
        )
        for persona in PERSONAS
        for action in actions
        for obj_key in sorted(ALL_KEYS)
        if obj_key.split(":")[0] in models
    ]


# --- the world ----------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(alice, bob, carol, dave, olivia, olga, oscar, otto, root, blkk_a, blkk_b, employer_x, employer_y):
    objects: dict[str, Model] = {}
    users = {
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
    for name, user in users.items():
        objects[f"user:{name}"] = user
    for side, blkk in (("a", blkk_a), ("b", blkk_b)):
        program = f.ProgramFactory(blkk=blkk)
        cohort = f.CohortFactory(program=program)
        trainee = f.TraineeFactory(blkk=blkk)
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
    for side, employer in (("x", employer_x), ("y", employer_y)):
        objects[f"employer:{side}"] = employer
        objects[f"vacancy:{side}_open"] = f.VacancyFactory(employer=employer)
        objects[f"vacancy:{side}_draft"] = f.VacancyFactory(
            employer=employer, status=Vacancy.Status.DRAFT, published_at=None
        )
    for key in OBJECTS["application"]:
        side, employer = key.split("_")
        objects[f"application:{key}"] = f.ApplicationFactory(
            trainee=objects[f"trainee:{side}"], vacancy=objects[f"vacancy:{employer}_open"]
        )
    runs = {
        "x": MatchRun.objects.create(
            scope=MatchRun.Scope.VACANCY, vacancy=objects["vacancy:x_open"], requested_by=carol
        ),
        "y": MatchRun.objects.create(
            scope=MatchRun.Scope.VACANCY, vacancy=objects["vacancy:y_open"], requested_by=dave
        ),
        "a": MatchRun.objects.create(
            scope=MatchRun.Scope.GRADUATES, params={"trainees": [objects["trainee:a"].pk]}, requested_by=alice
        ),
        "b": MatchRun.objects.create(
            scope=MatchRun.Scope.GRADUATES, params={"trainees": [objects["trainee:b"].pk]}, requested_by=bob
        ),
        "nightly": MatchRun.objects.create(scope=MatchRun.Scope.NATIONAL),
    }
    objects.update({f"matchrun:{key}": run for key, run in runs.items()})
    for key in OBJECTS["match"]:
        side, employer = key.split("_")
        objects[f"match:{key}"] = Match.objects.create(
            run=runs[employer],
            vacancy=objects[f"vacancy:{employer}_open"],
            trainee=objects[f"trainee:{side}"],
            score=80.0,
            rank=1,
        )
    objects["accesslog:carol_saw_a"] = AccessLog.objects.create(
        user=carol, action=AccessLog.Action.VIEW_CONTACT, trainee=objects["trainee:a"]
    )
    assert set(objects) == ALL_KEYS
    return objects


def persona_user(request, persona: str) -> Any:
    return AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)


def in_scope(user: Any, obj: Model) -> bool:
    return policies.scope(user, type(obj)).filter(pk=obj.pk).exists()


# --- the matrix -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("persona", "action", "obj_key", "expected"), cells(("view",)))
def test_scope_holds_exactly_the_visible_objects(request, world, persona, action, obj_key, expected):
    assert in_scope(persona_user(request, persona), world[obj_key]) is expected


@pytest.mark.parametrize(
    ("persona", "action", "obj_key", "expected"), cells(("view", "change", "delete", "verify"))
)
def test_can(request, world, persona, action, obj_key, expected):
    assert policies.can(persona_user(request, persona), action, world[obj_key]) is expected


@pytest.mark.parametrize(
    ("persona", "action", "obj_key", "expected"),
    cells(("view", "change", "delete")) + cells(("verify",), models=("blkk", "employer")),
)
def test_get_for_user_is_404_outside_scope_and_403_when_not_allowed(
    request, world, persona, action, obj_key, expected
):
    user, obj = persona_user(request, persona), world[obj_key]
    model = type(obj)
    if not allowed(persona, "view", obj_key):
        with pytest.raises(Http404):
            policies.get_for_user(user, model, action, pk=obj.pk)
    elif not expected:
        with pytest.raises(PermissionDenied):
            policies.get_for_user(user, model, action, pk=obj.pk)
    else:
        assert policies.get_for_user(user, model, action, pk=obj.pk) == obj


# --- ownership: alice never sees bob's, carol never dave's (healthchecks style) -------------------
OWNERS: dict[str, set[str]] = {
    **{f"{m}:{side}": {side} for m in ("blkk", "program", "cohort", "trainee", "enrolment") for side in "ab"},
    "employer:x": {"x"},
    "employer:y": {"y"},
    **{f"vacancy:{key}": {key[0]} for key in OBJECTS["vacancy"]},
    **{f"{m}:{key}": {key[0], key[2]} for m in ("application", "match") for key in OBJECTS[m]},
    "matchrun:x": {"x"},
    "matchrun:y": {"y"},
    "matchrun:a": {"a"},
    "matchrun:b": {"b"},
    "user:alice": {"a"},
    "user:bob": {"b"},
    "user:carol": {"x"},
    "user:dave": {"y"},
}
RIVALS = {"alice": ("a", "b"), "bob": ("b", "a"), "carol": ("x", "y"), "dave": ("y", "x")}


@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("persona", list(RIVALS))
def test_it_validates_ownership(request, world, persona, model_name):
    own, rival = RIVALS[persona]
    rivals_only = [
        world[key].pk
        for key, owners in OWNERS.items()
        if key.startswith(f"{model_name}:") and rival in owners and own not in owners
    ]
    scoped = policies.scope(persona_user(request, persona), MODELS[model_name])
    assert not scoped.filter(pk__in=rivals_only).exists()


@pytest.mark.parametrize("model_name", ["blkk", "program", "cohort", "trainee", "enrolment"])
@pytest.mark.parametrize("persona", ["carol", "dave"])
def test_employer_sees_no_training_data(request, world, persona, model_name):
    assert not policies.scope(persona_user(request, persona), MODELS[model_name]).exists()


@pytest.mark.parametrize("model_name", list(MODELS))
def test_regional_official_of_another_province_sees_nothing_regional(world, otto, model_name):
    expected = {otto.pk} if model_name == "user" else set()
    assert set(policies.scope(otto, MODELS[model_name]).values_list("pk", flat=True)) == expected


# --- reference data: everyone, signed in or not -----------------------------------------------
@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("persona", PERSONAS)
def test_reference_data_is_visible_to_everyone(request, world, persona, model):
    assert model.objects.exists()
    assert policies.scope(persona_user(request, persona), model).count() == model.objects.count()


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    "persona",
    [pytest.param(p) for p in PERSONAS],
)
def test_can_view_reference_data_agrees_with_scope(request, world, persona, model):
    assert policies.can(persona_user(request, persona), "view", model.objects.first()) is True


# --- get_for_user: malformed or missing ids look like someone else's ------------------------
@pytest.mark.parametrize("pk", ["abc", "1; DROP TABLE", 10**12, None, "", "٣"])
def test_get_for_user_answers_404_for_a_malformed_or_missing_id(world, root, pk):
    with pytest.raises(Http404):
        policies.get_for_user(root, Trainee, pk=pk)


def test_get_for_user_accepts_a_queryset(world, alice):
    qs = Trainee.objects.select_related("blkk")
    assert policies.get_for_user(alice, qs, "change", pk=world["trainee:a"].pk) == world["trainee:a"]
    with pytest.raises(Http404):
        policies.get_for_user(alice, qs, pk=world["trainee:b"].pk)


# --- creating under an owner ----------------------------------------------------------------------
CREATE_IN: dict[str, set[str]] = {
    "alice": {"blkk:a"},
    "bob": {"blkk:b"},
    "carol": {"employer:x"},
    "dave": {"employer:y"},
    "root": {"blkk:a", "blkk:b", "employer:x", "employer:y", "nothing"},
}


@pytest.mark.parametrize(
    ("persona", "owner", "expected"),
    [
        pytest.param(
            p, o, o in CREATE_IN.get(p, set()), id=f"{p}-{o}-{'yes' if o in CREATE_IN.get(p, ()) else 'no'}"
        )
        for p in PERSONAS
        for o in ("blkk:a", "blkk:b", "employer:x", "employer:y", "nothing")
    ],
)
def test_can_create_in(request, world, persona, owner, expected):
    kwargs = {} if owner == "nothing" else {owner.split(":")[0]: world[owner]}
    assert policies.can_create_in(persona_user(request, persona), **kwargs) is expected


# --- pipeline steps -------------------------------------------------------------------------------
EMPLOYER_STEPS = ("shortlisted", "interview", "offered", "hired", "rejected")
STEPS = (*EMPLOYER_STEPS, "withdrawn")
TRANSITIONS: dict[str, set[tuple[str, str]]] = {
    # employers move their own vacancies' pipeline, never withdraw for the candidate
    "carol": {("a_x", to) for to in EMPLOYER_STEPS},
    "dave": {(app, to) for app in ("a_y", "b_y") for to in EMPLOYER_STEPS},
    # BLKK staff only withdraw their own trainees
    "alice": {("a_x", "withdrawn"), ("a_y", "withdrawn")},
    "bob": {("b_y", "withdrawn")},
    "root": {(app, to) for app in OBJECTS["application"] for to in STEPS},
}


@pytest.mark.parametrize(
    ("persona", "app", "to", "expected"),
    [
        pytest.param(
            p,
            app,
            to,
            (app, to) in TRANSITIONS.get(p, set()),
            id=f"{p}-{app}-{to}-{'yes' if (app, to) in TRANSITIONS.get(p, set()) else 'no'}",
        )
        for p in PERSONAS
        for app in OBJECTS["application"]
        for to in STEPS
    ],
)
def test_can_transition(request, world, persona, app, to, expected):
    application = world[f"application:{app}"]
    assert policies.can_transition(persona_user(request, persona), application, to) is expected


# --- nominating -----------------------------------------------------------------------------------
NOMINATE: dict[str, set[tuple[str, str]]] = {
    "alice": {("a", v) for v in OPEN_VACANCIES},
    "bob": {("b", v) for v in OPEN_VACANCIES},
    "root": {(t, v) for t in "ab" for v in OPEN_VACANCIES},
}


@pytest.mark.parametrize(
    ("persona", "trainee", "vacancy", "expected"),
    [
        pytest.param(
            p,
            t,
            v,
            (t, v) in NOMINATE.get(p, set()),
            id=f"{p}-{t}-{v}-{'yes' if (t, v) in NOMINATE.get(p, set()) else 'no'}",
        )
        for p in PERSONAS
        for t in "ab"
        for v in OBJECTS["vacancy"]
    ],
)
def test_can_nominate(request, world, persona, trainee, vacancy, expected):
    user = persona_user(request, persona)
    assert policies.can_nominate(user, world[f"trainee:{trainee}"], world[f"vacancy:{vacancy}"]) is expected


def test_staff_cannot_nominate_to_a_closed_vacancy(world, alice):
    vacancy = world["vacancy:x_open"]
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save()
    assert policies.can_nominate(alice, world["trainee:a"], vacancy) is False


# --- personal data --------------------------------------------------------------------------------
PERSONAL_DATA = {"alice": {"a"}, "bob": {"b"}, "root": {"a", "b"}}


@pytest.mark.parametrize(
    ("persona", "trainee", "expected"),
    [
        pytest.param(
            p,
            t,
            t in PERSONAL_DATA.get(p, set()),
            id=f"{p}-trainee:{t}-{'yes' if t in PERSONAL_DATA.get(p, set()) else 'no'}",
        )
        for p in PERSONAS
        for t in "ab"
    ],
)
def test_can_see_personal_data_only_owning_staff_and_admin(request, world, persona, trainee, expected):
    user = persona_user(request, persona)
    assert policies.can_see_personal_data(user, world[f"trainee:{trainee}"]) is expected


# Whose views of a trainee's NIK or contact go unaudited: the owning BLKK's staff only (not admins).
OWNING_BLKK = {"alice": {"a"}, "bob": {"b"}}


@pytest.mark.parametrize(
    ("persona", "trainee", "expected"),
    [
        pytest.param(p, t, t in OWNING_BLKK.get(p, set()), id=f"{p}-trainee:{t}")
        for p in PERSONAS
        for t in "ab"
    ],
)
def test_only_the_owning_blkk_views_without_an_audit(request, world, persona, trainee, expected):
    user = persona_user(request, persona)
    assert policies.is_owning_blkk(user, world[f"trainee:{trainee}"]) is expected


# --- contact details ------------------------------------------------------------------------------
# Application a_x (alice's trainee on carol's vacancy), shortlisted, adult, consenting: who sees
# the candidate's name and phone?
CONTACT_WHEN_SHORTLISTED = {"alice": True, "carol": True, "root": True}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        pytest.param(
            p,
            CONTACT_WHEN_SHORTLISTED.get(p, False),
            id=f"{p}-{'yes' if CONTACT_WHEN_SHORTLISTED.get(p) else 'no'}",
        )
        for p in PERSONAS
    ],
)
def test_can_see_contact_of_a_shortlisted_consenting_adult(request, world, persona, expected):
    application = world["application:a_x"]
    application.status = Application.Status.SHORTLISTED
    application.save()
    assert policies.can_see_contact(persona_user(request, persona), application) is expected


CONTACT_STATUSES = {"shortlisted", "interview", "offered", "hired"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param(s, s in CONTACT_STATUSES, id=f"{s}-{'yes' if s in CONTACT_STATUSES else 'no'}")
        for s in Application.Status.values
    ],
)
def test_employer_sees_contact_only_from_shortlisting_on(world, carol, status, expected):
    application = world["application:a_x"]
    application.status = status
    application.save()
    assert policies.can_see_contact(carol, application) is expected


def test_employer_cannot_see_contact_without_consent(world, carol):
    application = world["application:a_x"]
    application.status = Application.Status.INTERVIEW
    application.save()
    Trainee.objects.filter(pk=application.trainee_id).update(consent_share=False)
    application.refresh_from_db()
    assert policies.can_see_contact(carol, application) is False


def test_employer_cannot_see_contact_of_a_minor(world, blkk_a, carol):
    today = timezone.localdate()
    birth = dt.date(today.year - 17, 1, 1)
    minor = f.TraineeFactory(blkk=blkk_a, birth_date=birth)
    application = f.ApplicationFactory(
        trainee=minor, vacancy=world["vacancy:x_open"], status=Application.Status.OFFERED
    )
    assert minor.consent_share and minor.is_minor
    assert policies.can_see_contact(carol, application) is False


def test_owning_staff_see_contact_at_every_step(world, alice):
    application = world["application:a_x"]  # still proposed
    assert policies.can_see_contact(alice, application) is True
