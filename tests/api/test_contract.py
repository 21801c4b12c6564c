"""The published contract (DESIGN.md "HTTP API (v1)"): field names and types, pagination, filters,
token auth, graduation and the pipeline's transitions. Matching endpoints are tested with them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.regions.models import Regency
from apps.trainees.models import Enrolment
from apps.vacancies.models import Application
from tests import factories as f
from tests.api.conftest import BASE, ids, results

# --- field types ----------------------------------------------------------------------------------
Check = Callable[[Any], bool]


def matches(pattern: str) -> Check:
    return lambda v: isinstance(v, str) and re.fullmatch(pattern, v) is not None


def one_of(*values: Any) -> Check:
    return lambda v: v in values


def list_of(check: Check) -> Check:
    return lambda v: isinstance(v, list) and all(check(item) for item in v)


def nullable(check: Check) -> Check:
    return lambda v: v is None or check(v)


INT: Check = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
STR: Check = lambda v: isinstance(v, str)  # noqa: E731
BOOL: Check = lambda v: isinstance(v, bool)  # noqa: E731
NUMBER: Check = lambda v: isinstance(v, int | float) and not isinstance(v, bool)  # noqa: E731
DATE = matches(r"\d{4}-\d{2}-\d{2}")
REGENCY = matches(r"\d{2}\.\d{2}")
PROVINCE = matches(r"\d{2}")
VOCATION = matches(r"[A-Z]{2,10}")
UNIT = matches(r"[A-Z]\.\d{6}\.\d{3}\.\d{2}")
EDUCATION = one_of("SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
NIK = matches(r"\d{16}")

CONTRACT: dict[str, dict[str, Check]] = {
    "users": {
        "username": STR,
        "role": one_of("blkk_staff", "employer", "official", "admin"),
        "blkk": nullable(INT),
        "employer": nullable(INT),
        "scope_province": nullable(PROVINCE),
        "scope_regency": nullable(REGENCY),
    },
    "regions": {"code": REGENCY, "name": STR, "kind": one_of("kabupaten", "kota"), "province_code": PROVINCE},
    "vocations": {"code": VOCATION, "name": STR},
    "competencies": {"code": UNIT, "title": STR, "vocation": VOCATION},
    "blkk": {
        "id": INT,
        "name": STR,
        "registration_number": STR,
        "host_type": one_of("pondok_pesantren", "serikat_pekerja", "lembaga_keagamaan", "komunitas"),
        "host_name": STR,
        "regency": REGENCY,
        "vocations": list_of(VOCATION),
        "verified": BOOL,
    },
    "programs": {
        "id": INT,
        "blkk": INT,
        "vocation": VOCATION,
        "title": STR,
        "competencies": list_of(UNIT),
        "hours": INT,
    },
    "cohorts": {
        "id": INT,
        "program": INT,
        "number": INT,
        "start_date": DATE,
        "end_date": DATE,
        "capacity": INT,
        "status": one_of("planned", "running", "finished"),
    },
    "trainees": {
        "id": INT,
        "blkk": INT,
        "nik": NIK,
        "full_name": STR,
        "gender": one_of("L", "P"),
        "birth_date": DATE,
        "education": EDUCATION,
        "regency": REGENCY,
        "phone": STR,
        "relocate": BOOL,
        "consent_share": BOOL,
    },
    "enrolments": {
        "id": INT,
        "trainee": INT,
        "cohort": INT,
        "status": one_of("registered", "in_training", "graduated", "dropped"),
        "graduated_on": nullable(DATE),
        "competencies": list_of(UNIT),
    },
    "industrial-parks": {"id": INT, "name": STR, "regency": REGENCY},
    "employers": {
        "id": INT,
        "name": STR,
        "nib": matches(r"\d{13}"),
        "kbli": matches(r"\d{5}"),
        "industrial_park": nullable(INT),
        "regency": REGENCY,
        "verified": BOOL,
    },
    "vacancies": {
        "id": INT,
        "employer": INT,
        "title": STR,
        "vocation": VOCATION,
        "competencies": list_of(UNIT),
        "headcount": INT,
        "min_education": EDUCATION,
        "gender": one_of("any", "L", "P"),
        "age_min": INT,
        "age_max": INT,
        "regency": REGENCY,
        "salary_min": nullable(INT),
        "salary_max": nullable(INT),
        "closes_on": DATE,
        "status": one_of("draft", "open", "closed", "filled"),
    },
    "applications": {
        "id": INT,
        "vacancy": INT,
        "trainee": INT,
        "status": one_of("proposed", "shortlisted", "interview", "offered", "hired", "rejected", "withdrawn"),
        "source": one_of("matched", "nominated", "employer"),
    },
}
LOOKUP = {"regions": "code", "vocations": "code", "competencies": "code"}
SUMMARY_KEYS = {
    "blkk_count": INT,
    "trainees": INT,
    "graduates": INT,
    "placed": INT,
    "placement_rate": NUMBER,
    "open_vacancies": INT,
    "open_positions": INT,
}


def assert_contract(item: dict[str, Any], contract: dict[str, Check]) -> None:
    missing = set(contract) - set(item)
    assert not missing, f"missing fields {missing}"
    wrong = {name: item[name] for name, check in contract.items() if not check(item[name])}
    assert not wrong, f"fields of the wrong type or value {wrong}"


# An admin's list of trainees shows each NIK masked (one record shows it whole, and is logged);
# the owning BLKK's staff list them whole.
MASKED_NIK = matches(r"\d{4}\*{12}")
LIST_AS_ADMIN = {"trainees": {"nik": MASKED_NIK}}


@pytest.mark.parametrize("resource", list(CONTRACT))
def test_list_items_carry_the_published_fields_and_types(api, api_world, root, resource):
    items = results(api.as_(root).get(f"{BASE}{resource}/"))
    assert items
    for item in items:
        assert_contract(item, {**CONTRACT[resource], **LIST_AS_ADMIN.get(resource, {})})


def test_the_owning_blkk_lists_its_trainees_with_their_whole_nik(api, api_world, alice):
    items = results(api.as_(alice).get(f"{BASE}trainees/"))
    assert items
    for item in items:
        assert_contract(item, CONTRACT["trainees"])


@pytest.mark.parametrize("resource", list(CONTRACT))
def test_detail_carries_the_published_fields_and_types(api, api_world, root, resource):
    first = results(api.as_(root).get(f"{BASE}{resource}/"))[0]
    key = first[LOOKUP.get(resource, "id")]
    response = api.as_(root).get(f"{BASE}{resource}/{key}/")
    assert response.status_code == 200
    assert_contract(response.json(), CONTRACT[resource])


def test_codes_are_the_identifiers_of_reference_data(api, api_world, root):
    program = api.as_(root).get(f"{BASE}programs/{api_world['program:a'].pk}/").json()
    assert program["vocation"] == "LAS"
    assert program["competencies"] == [u.code for u in f.units("LAS")]
    blkk = api.as_(root).get(f"{BASE}blkk/{api_world['blkk:a'].pk}/").json()
    assert (blkk["regency"], blkk["vocations"]) == ("33.25", ["LAS"])


def test_users_never_show_a_password(api, api_world, root):
    for item in results(api.as_(root).get(f"{BASE}users/")):
        assert "password" not in item


def test_dashboard_summary_carries_the_published_keys(api, api_world, olivia):
    body = api.as_(olivia).get(f"{BASE}dashboard/summary/").json()
    assert_contract(body, SUMMARY_KEYS)
    assert body["by_regency"]
    for row in body["by_regency"]:
        assert_contract(row, {**SUMMARY_KEYS, "code": REGENCY, "name": STR})


# --- pagination -------------------------------------------------------------------------------------
def test_lists_are_paginated_with_links(api, db, root):
    body = api.as_(root).get(f"{BASE}regions/", {"page_size": 2}).json()
    assert (body["count"], len(body["results"]), body["previous"]) == (Regency.objects.count(), 2, None)
    assert "cursor=" in body["next"] and "page_size=2" in body["next"]  # opaque, keeps the query
    second = api.as_(root).get(body["next"]).json()
    assert second["previous"] is not None
    assert (
        second["results"]
        == api.as_(root).get(f"{BASE}regions/", {"page_size": 2, "page": 2}).json()["results"]
    )
    assert {r["code"] for r in second["results"]}.isdisjoint({r["code"] for r in body["results"]})


def test_default_page_holds_fifty(api, db, root):
    assert len(results(api.as_(root).get(f"{BASE}regions/"))) == 50


def test_page_size_is_capped_at_200(api, db, root):
    assert len(results(api.as_(root).get(f"{BASE}regions/", {"page_size": 10_000}))) == 200


def test_page_beyond_the_end_is_404(api, db, root):
    assert api.as_(root).get(f"{BASE}regions/", {"page": 1000}).status_code == 404


# --- filters ----------------------------------------------------------------------------------------
def test_regions_filter_by_province(api, db, root):
    items = results(api.as_(root).get(f"{BASE}regions/", {"province": "33", "page_size": 200}))
    assert len(items) == Regency.objects.filter(province="33").count() == 35
    assert all(item["code"].startswith("33.") for item in items)


def test_competencies_filter_by_vocation(api, db, root):
    items = results(api.as_(root).get(f"{BASE}competencies/", {"vocation": "LAS", "page_size": 200}))
    assert items
    assert {item["vocation"] for item in items} == {"LAS"}


@pytest.fixture
def garment_blkk_b(api_world):
    api_world["blkk:b"].vocations.set([f.vocation("GRM")])
    return api_world


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"regency": "33.25"}, {"a"}),
        ({"regency": "33.27"}, {"b"}),
        ({"province": "33"}, {"a", "b"}),
        ({"province": "31"}, {"c"}),
        ({"vocation": "GRM"}, {"b"}),
        ({"vocation": "LAS"}, {"a", "c"}),
        ({"province": "33", "vocation": "LAS"}, {"a"}),
        ({"regency": "99.99"}, set()),
    ],
)
def test_blkk_filters(api, garment_blkk_b, root, query, expected):
    response = api.as_(root).get(f"{BASE}blkk/", query)
    assert ids(response) == {garment_blkk_b[f"blkk:{side}"].pk for side in expected}


@pytest.fixture
def trainee_states(api_world):
    """a: graduate (and hired at x); b: graduate; c: dropped out; plus a registered one at a."""
    world = dict(api_world)
    Application.objects.filter(pk=world["application:a_x"].pk).update(status=Application.Status.HIRED)
    Enrolment.objects.filter(pk=world["enrolment:c"].pk).update(status="dropped", graduated_on=None)
    world["trainee:new"] = f.EnrolmentFactory(
        trainee__blkk=world["blkk:a"], cohort=f.CohortFactory(program=world["program:a"], status="running")
    ).trainee
    return world


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "graduated"}, {"a", "b"}),
        ({"status": "registered"}, {"new"}),
        ({"status": "dropped"}, {"c"}),
        ({"status": "placed"}, {"a"}),
        ({"regency": "33.27"}, {"b"}),
        ({"blkk": "BLKK_A"}, {"a", "new"}),
        ({"blkk": "BLKK_A", "status": "graduated"}, {"a"}),
    ],
)
def test_trainee_filters(api, trainee_states, root, query, expected):
    query = {k: (trainee_states["blkk:a"].pk if v == "BLKK_A" else v) for k, v in query.items()}
    response = api.as_(root).get(f"{BASE}trainees/", query)
    assert ids(response) == {trainee_states[f"trainee:{side}"].pk for side in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "draft"}, {"x_draft", "y_draft", "z_draft"}),
        ({"status": "open", "regency": "33.26"}, {"y_open"}),
        ({"vocation": "GRM"}, {"y_draft"}),
        ({"employer": "X"}, {"x_open", "x_draft"}),
        ({"employer": "X", "status": "open"}, {"x_open"}),
        ({"regency": "31.71"}, {"z_open", "z_draft"}),
    ],
)
def test_vacancy_filters(api, api_world, root, query, expected):
    vacancy = api_world["vacancy:y_draft"]
    vacancy.vocation = f.vocation("GRM")
    vacancy.save()
    query = {k: (api_world["employer:x"].pk if v == "X" else v) for k, v in query.items()}
    response = api.as_(root).get(f"{BASE}vacancies/", query)
    assert ids(response) == {api_world[f"vacancy:{key}"].pk for key in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"vacancy": "vacancy:y_open"}, {"a_y", "b_y"}),
        ({"trainee": "trainee:a"}, {"a_x", "a_y"}),
        ({"status": "shortlisted"}, {"a_x"}),
        ({"status": "proposed", "vacancy": "vacancy:y_open"}, {"a_y", "b_y"}),
    ],
)
def test_application_filters(api, api_world, root, query, expected):
    query = {k: (api_world[v].pk if ":" in v else v) for k, v in query.items()}
    response = api.as_(root).get(f"{BASE}applications/", query)
    assert ids(response) == {api_world[f"application:{key}"].pk for key in expected}


def test_dashboard_filters_by_province(api, api_world, olivia):
    body = api.as_(olivia).get(f"{BASE}dashboard/summary/", {"province": "33"}).json()
    assert {row["code"] for row in body["by_regency"]} == {"33.25", "33.26", "33.27"}
    assert (body["blkk_count"], body["graduates"], body["open_vacancies"]) == (2, 2, 2)


def test_dashboard_filters_by_regency(api, api_world, olivia):
    body = api.as_(olivia).get(f"{BASE}dashboard/summary/", {"regency": "33.27"}).json()
    assert [row["code"] for row in body["by_regency"]] == ["33.27"]
    assert (body["blkk_count"], body["trainees"], body["open_vacancies"]) == (1, 1, 0)


def test_dashboard_counts_placements(api, api_world, olivia):
    Application.objects.filter(pk=api_world["application:a_x"].pk).update(status=Application.Status.HIRED)
    body = api.as_(olivia).get(f"{BASE}dashboard/summary/").json()
    assert (body["placed"], body["graduates"], body["placement_rate"]) == (1, 3, round(1 / 3, 4))


def test_dashboard_stays_inside_the_officials_scope(api, api_world, oscar):
    body = api.as_(oscar).get(f"{BASE}dashboard/summary/", {"province": "31"}).json()
    assert (body["blkk_count"], body["trainees"], body["by_regency"]) == (0, 0, [])


# --- token authentication -------------------------------------------------------------------------
def test_token_is_issued_for_username_and_password(api, alice):
    response = api.post(f"{BASE}auth/token/", {"username": "alice", "password": f.PASSWORD}, format="json")
    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_issued_token_authenticates(api, api_world, alice):
    key = api.post(f"{BASE}auth/token/", {"username": "alice", "password": f.PASSWORD}, format="json").json()[
        "token"
    ]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(f"{BASE}blkk/")
    assert response.status_code == 200
    assert ids(response) == {api_world["blkk:a"].pk}


def test_token_is_refused_for_a_wrong_password(api, alice):
    response = api.post(
        f"{BASE}auth/token/", {"username": "alice", "password": "nope-nope-nope"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_an_unknown_token_is_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert api.get(f"{BASE}blkk/").status_code == 401


# --- graduation ----------------------------------------------------------------------------------------
@pytest.fixture
def registered(api_world):
    cohort = f.CohortFactory(program=api_world["program:a"], status="running")
    return f.EnrolmentFactory(trainee__blkk=api_world["blkk:a"], cohort=cohort)


def test_graduation_defaults_to_the_programmes_units(api, registered, alice):
    on = str(timezone.localdate())
    response = api.as_(alice).post(
        f"{BASE}enrolments/{registered.pk}/graduate/", {"graduated_on": on}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["graduated_on"]) == ("graduated", on)
    assert body["competencies"] == sorted(u.code for u in registered.cohort.program.competencies.all())


def test_graduation_records_the_units_achieved(api, registered, alice):
    units = ["C.251100.001.01", "C.251100.003.01"]
    response = api.as_(alice).post(
        f"{BASE}enrolments/{registered.pk}/graduate/",
        {"graduated_on": str(timezone.localdate()), "competencies": units},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["competencies"] == units
    assert sorted(registered.competencies.values_list("code", flat=True)) == units


def test_graduation_refuses_units_the_programme_does_not_teach(api, registered, alice):
    foreign = f.units("GRM", 1)[0].code
    response = api.as_(alice).post(
        f"{BASE}enrolments/{registered.pk}/graduate/",
        {"graduated_on": str(timezone.localdate()), "competencies": [foreign]},
        format="json",
    )
    assert response.status_code == 400
    assert "competencies" in response.json()
    registered.refresh_from_db()
    assert registered.status == "registered"


def test_graduation_needs_a_date(api, registered, alice):
    response = api.as_(alice).post(f"{BASE}enrolments/{registered.pk}/graduate/", {}, format="json")
    assert response.status_code == 400
    assert "graduated_on" in response.json()


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("carol", 404), ("olga", 403), ("root", 200)])
def test_only_the_blkk_graduates_its_trainees(api, registered, personas, persona, status):
    response = api.as_(personas[persona]).post(
        f"{BASE}enrolments/{registered.pk}/graduate/",
        {"graduated_on": str(timezone.localdate())},
        format="json",
    )
    assert response.status_code == status
    registered.refresh_from_db()
    assert (registered.status == "graduated") is (status == 200)


# --- the pipeline's legal steps --------------------------------------------------------------------
PIPELINE = ["proposed", "shortlisted", "interview", "offered", "hired"]


@pytest.mark.parametrize(("start", "to"), list(itertools.pairwise(PIPELINE)))
def test_pipeline_moves_one_step_forward(api, api_world, carol, start, to):
    application = api_world["application:a_x"]
    Application.objects.filter(pk=application.pk).update(status=start)
    response = api.as_(carol).post(
        f"{BASE}applications/{application.pk}/transition/", {"to": to}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == to
    assert response.json()[f"{to}_at"] is not None


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("proposed", "interview"),
        ("proposed", "hired"),
        ("shortlisted", "offered"),
        ("interview", "shortlisted"),
        ("hired", "rejected"),
        ("rejected", "shortlisted"),
        ("shortlisted", "shortlisted"),
    ],
)
def test_pipeline_refuses_illegal_steps(api, api_world, carol, start, to):
    application = api_world["application:a_x"]
    Application.objects.filter(pk=application.pk).update(status=start)
    response = api.as_(carol).post(
        f"{BASE}applications/{application.pk}/transition/", {"to": to}, format="json"
    )
    assert response.status_code == 400
    assert "to" in response.json()
    application.refresh_from_db()
    assert application.status == start


def test_pipeline_refuses_an_unknown_status(api, api_world, carol):
    application = api_world["application:a_x"]
    response = api.as_(carol).post(
        f"{BASE}applications/{application.pk}/transition/", {"to": "promoted"}, format="json"
    )
    assert response.status_code == 400
    assert "to" in response.json()


def test_hiring_the_headcount_fills_the_vacancy(api, api_world, carol):
    vacancy = api_world["vacancy:x_open"]
    vacancy.headcount = 1
    vacancy.save()
    application = api_world["application:a_x"]
    Application.objects.filter(pk=application.pk).update(status="offered")
    api.as_(carol).post(f"{BASE}applications/{application.pk}/transition/", {"to": "hired"}, format="json")
    assert api.as_(carol).get(f"{BASE}vacancies/{vacancy.pk}/").json()["status"] == "filled"


# --- users: admin only, password write-only ----------------------------------------------------------
def test_admin_creates_an_account_with_a_write_only_password(api, api_world, root):
    payload = {
        "username": "sari",
        "password": "Tanjung-Priok-2026",
        "role": "blkk_staff",
        "blkk": api_world["blkk:b"].pk,
    }
    response = api.as_(root).post(f"{BASE}users/", payload, format="json")
    assert response.status_code == 201, response.content
    assert "password" not in response.json()
    user = User.objects.get(username="sari")
    assert user.check_password("Tanjung-Priok-2026")
    assert (user.role, user.blkk) == ("blkk_staff", api_world["blkk:b"])


def test_admin_sets_an_officials_scope(api, db, root):
    payload = {
        "username": "ratna",
        "password": "Semarang-Kota-2026",
        "role": "official",
        "scope_regency": "33.25",
    }
    response = api.as_(root).post(f"{BASE}users/", payload, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["scope_regency"], response.json()["scope_province"]) == ("33.25", None)


def test_admin_changes_a_password(api, alice, root):
    response = api.as_(root).patch(
        f"{BASE}users/{alice.pk}/", {"password": "Another-Secret-99"}, format="json"
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("Another-Secret-99")


def test_an_account_needs_a_password(api, db, root):
    response = api.as_(root).post(f"{BASE}users/", {"username": "nopass", "role": "official"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="nopass").exists()


def test_a_staff_account_must_be_bound_to_a_blkk(api, db, root):
    payload = {"username": "lost", "password": "Batang-Raya-2026", "role": "blkk_staff"}
    response = api.as_(root).post(f"{BASE}users/", payload, format="json")
    assert response.status_code == 400
    assert "blkk" in response.json()


@pytest.mark.parametrize("persona", ["alice", "carol", "olivia"])
def test_only_admins_see_accounts(api, personas, persona):
    assert api.as_(personas[persona]).get(f"{BASE}users/").status_code == 403


@pytest.mark.parametrize("persona", ["alice", "carol", "olivia"])
def test_only_admins_create_accounts(api, personas, persona):
    payload = {"username": "eve", "password": "Sneaky-Admin-2026", "role": "admin"}
    response = api.as_(personas[persona]).post(f"{BASE}users/", payload, format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="eve").exists()


# --- trainee NIK warnings: accepted, flagged ----------------------------------------------------------
def test_a_nik_disagreeing_with_the_birth_date_is_accepted_with_a_warning(api, api_world, alice):
    payload = {
        "nik": f.make_nik("33.25", dt.date(1999, 1, 2), "L", serial=77),
        "full_name": "Agus Salim",
        "gender": "L",
        "birth_date": "2000-06-15",
        "education": "SMK",
        "regency": "33.25",
    }
    response = api.as_(alice).post(f"{BASE}trainees/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["nik_review"] is True
    assert response.json()["warnings"]
