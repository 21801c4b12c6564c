"""Bad input answers 400 with field errors in the request's language and changes nothing; garbage in
paths and query strings answers 400/404; a unique clash that slips past validation is a 400/409.
Never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone

from apps.employers.models import Employer
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort
from apps.vacancies import services as vacancy_services
from apps.vacancies.models import Application, Vacancy
from tests import factories as f
from tests.api.conftest import BASE

REQUIRED_ID = "Bidang ini harus diisi."
REQUIRED_EN = "This field is required."


def trainee_body(**overrides: Any) -> dict[str, Any]:
    return {
        "nik": f.make_nik("33.25", dt.date(2001, 8, 17), "L", serial=5151),
        "full_name": "Joko Prasetyo",
        "gender": "L",
        "birth_date": "2001-08-17",
        "education": "SMK",
        "regency": "33.25",
        **overrides,
    }


def vacancy_body(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Operator Las",
        "vocation": "LAS",
        "headcount": 2,
        "regency": "33.25",
        "closes_on": str(timezone.localdate() + dt.timedelta(days=14)),
        **overrides,
    }


def cohort_body(program: Model, /, **overrides: Any) -> dict[str, Any]:
    return {"program": program.pk, "start_date": "2026-02-01", "end_date": "2026-04-30", **overrides}


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert isinstance(response.json()[field], list | dict)


# --- NIK: each rule --------------------------------------------------------------------------------
BAD_NIKS = {
    "too short": "332501170502001",
    "too long": "33250117050200011",
    "letters": "33250117050200AB",
    "spaces": "3325 0117 0502 0001",
    "unknown province": "9925011705020001",
    "day 00": "3325010005020001",
    "day 32": "3325013205020001",
    "women's day 72": "3325017205020001",
    "day 35 (neither man nor woman)": "3325013505020001",
    "month 00": "3325011700020001",
    "month 13": "3325011713020001",
    "30 February": "3325013002020001",
    "serial 0000": "3325011705020000",
    "empty": "",
}


@pytest.mark.parametrize("nik", BAD_NIKS.values(), ids=BAD_NIKS.keys())
def test_a_bad_nik_is_refused_and_nothing_is_saved(api, alice, nik):
    before = Trainee.objects.count()
    response = api.as_(alice).post(f"{BASE}trainees/", trainee_body(nik=nik), format="json")
    assert_refused(response, "nik")
    assert Trainee.objects.count() == before


def test_a_duplicate_nik_is_refused_by_the_unique_check(api, alice):
    existing = f.TraineeFactory(blkk=alice.blkk)
    response = api.as_(alice).post(f"{BASE}trainees/", trainee_body(nik=existing.nik), format="json")
    assert_refused(response, "nik")
    assert Trainee.objects.filter(nik=existing.nik).count() == 1


def test_a_duplicate_nik_of_another_blkk_is_refused_too(api, alice, blkk_b):
    existing = f.TraineeFactory(blkk=blkk_b)
    response = api.as_(alice).post(f"{BASE}trainees/", trainee_body(nik=existing.nik), format="json")
    assert_refused(response, "nik")


# --- other field rules -------------------------------------------------------------------------------
@pytest.mark.parametrize("nib", ["123456789012", "12345678901234", "12345678901ab", ""])
def test_an_nib_that_is_not_13_digits_is_refused(api, root, nib):
    before = Employer.objects.count()
    body = {"name": "PT Baru", "nib": nib, "kbli": "23110", "regency": "33.25"}
    assert_refused(api.as_(root).post(f"{BASE}employers/", body, format="json"), "nib")
    assert Employer.objects.count() == before


def test_a_duplicate_nib_is_refused(api, root, employer_x):
    body = {"name": "PT Kembar", "nib": employer_x.nib, "kbli": "23110", "regency": "33.25"}
    assert_refused(api.as_(root).post(f"{BASE}employers/", body, format="json"), "nib")


VACANCY_RULES = {
    "headcount 0": ({"headcount": 0}, "headcount"),
    "headcount negative": ({"headcount": -3}, "headcount"),
    "age_min above age_max": ({"age_min": 40, "age_max": 30}, "age_max"),
    "age_min under 18": ({"age_min": 15}, "age_min"),
    "salary_min above salary_max": ({"salary_min": 5_000_000, "salary_max": 3_000_000}, "salary_max"),
    "negative salary": ({"salary_min": -1}, "salary_min"),
    "unknown vocation": ({"vocation": "XYZ"}, "vocation"),
    "unknown regency": ({"regency": "99.99"}, "regency"),
    "unknown unit": ({"competencies": ["X.000000.000.00"]}, "competencies"),
    "unknown education": ({"min_education": "SMX"}, "min_education"),
    "unknown gender": ({"gender": "X"}, "gender"),
    "filled is not the client's": ({"status": "filled"}, "status"),
    "bad date": ({"closes_on": "2026-02-30"}, "closes_on"),
    "title too long": ({"title": "x" * 5000}, "title"),
    "headcount as text": ({"headcount": "dua"}, "headcount"),
    "title as a list": ({"title": ["Operator"]}, "title"),
    "vocation as an object": ({"vocation": {"code": "LAS"}}, "vocation"),
    "vocation as a number": ({"vocation": 7}, "vocation"),
    "units as a string": ({"competencies": "C.251100.001.01"}, "competencies"),
    "units as objects": ({"competencies": [{"code": "C.251100.001.01"}]}, "competencies"),
    "regency as an object": ({"regency": {"code": "33.25"}}, "regency"),
    "regency as a list": ({"regency": ["33.25"]}, "regency"),
    "headcount as a float": ({"headcount": 1.5}, "headcount"),
    "headcount beyond bigint": ({"headcount": 10**30}, "headcount"),
    "title with a NUL": ({"title": "Operator\x00Las"}, "title"),
    "vocation with a NUL": ({"vocation": "LAS\x00"}, "vocation"),
    "unit with a NUL": ({"competencies": ["C.251100.001.01\x00"]}, "competencies"),
    "regency with a NUL": ({"regency": "33.25\x00"}, "regency"),
}


@pytest.mark.parametrize(("overrides", "field"), VACANCY_RULES.values(), ids=VACANCY_RULES.keys())
def test_a_bad_vacancy_is_refused_and_nothing_is_saved(api, carol, overrides, field):
    before = Vacancy.objects.count()
    response = api.as_(carol).post(f"{BASE}vacancies/", vacancy_body(**overrides), format="json")
    assert_refused(response, field)
    assert Vacancy.objects.count() == before


def test_editing_a_vacancy_into_a_bad_age_range_changes_nothing(api, carol, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x, age_min=20, age_max=30)
    response = api.as_(carol).patch(f"{BASE}vacancies/{vacancy.pk}/", {"age_min": 31}, format="json")
    assert_refused(response, "age_max")
    vacancy.refresh_from_db()
    assert (vacancy.age_min, vacancy.age_max) == (20, 30)


COHORT_RULES = {
    "end before start": ({"end_date": "2026-01-01"}, "end_date"),
    "capacity 0": ({"capacity": 0}, "capacity"),
    "unknown status": ({"status": "paused"}, "status"),
    "number as text": ({"number": "satu"}, "number"),
    "start as a number": ({"start_date": 20260201}, "start_date"),
    "program as an object": ({"program": {"id": 1}}, "program"),
    "program as text": ({"program": "abc"}, "program"),
    "program beyond bigint": ({"program": 10**20}, "program"),
}


@pytest.mark.parametrize(("overrides", "field"), COHORT_RULES.values(), ids=COHORT_RULES.keys())
def test_a_bad_cohort_is_refused_and_nothing_is_saved(api, alice, blkk_a, overrides, field):
    program = f.ProgramFactory(blkk=blkk_a)
    before = Cohort.objects.count()
    response = api.as_(alice).post(f"{BASE}cohorts/", cohort_body(program, **overrides), format="json")
    assert_refused(response, field)
    assert Cohort.objects.count() == before


def test_editing_a_cohort_to_end_before_it_starts_changes_nothing(api, alice, blkk_a):
    cohort = f.CohortFactory(program__blkk=blkk_a)
    response = api.as_(alice).patch(f"{BASE}cohorts/{cohort.pk}/", {"end_date": "2025-01-01"}, format="json")
    assert_refused(response, "end_date")
    cohort.refresh_from_db()
    assert cohort.end_date == dt.date(2026, 3, 27)


TRAINEE_RULES = {
    "unknown gender": ({"gender": "X"}, "gender"),
    "unknown education": ({"education": "SMX"}, "education"),
    "birth date in the future": ({"birth_date": "2999-01-01"}, "birth_date"),
    "bad phone": ({"phone": "12345"}, "phone"),
    "name with a NUL": ({"full_name": "Joko\x00"}, "full_name"),
    "relocate as text": ({"relocate": "maybe"}, "relocate"),
    "nik as an object": ({"nik": {"value": "3325011708010001"}}, "nik"),
    "nik as a list": ({"nik": ["3325011708010001"]}, "nik"),
    "blkk as an object": ({"blkk": {"id": 1}}, "blkk"),
}


@pytest.mark.parametrize(("overrides", "field"), TRAINEE_RULES.values(), ids=TRAINEE_RULES.keys())
def test_a_bad_trainee_is_refused_and_nothing_is_saved(api, alice, overrides, field):
    before = Trainee.objects.count()
    response = api.as_(alice).post(f"{BASE}trainees/", trainee_body(**overrides), format="json")
    assert_refused(response, field)
    assert Trainee.objects.count() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("{not json", "application/json"),
        ("null", "application/json"),
    ],
    ids=["a list", "a string", "broken json", "null"],
)
def test_a_body_that_is_not_an_object_is_400(api, alice, body, content_type):
    before = Trainee.objects.count()
    response = api.as_(alice).generic("POST", f"{BASE}trainees/", body, content_type=content_type)
    assert response.status_code == 400
    assert Trainee.objects.count() == before


DEEP = {"array": "[" * 100_000 + "]" * 100_000, "object": '{"a":' * 50_000 + "1" + "}" * 50_000}


@pytest.mark.parametrize("path", ["vacancies/", "trainees/", "users/", "auth/token/"])
@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
def test_an_absurdly_nested_json_body_is_400(api, root, path, body):
    response = api.as_(root).generic("POST", f"{BASE}{path}", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


# --- language -------------------------------------------------------------------------------------
def test_field_errors_are_indonesian_by_default(api, alice):
    response = api.as_(alice).post(f"{BASE}trainees/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["full_name"] == [REQUIRED_ID]


def test_field_errors_are_english_when_asked(api, alice):
    response = api.as_(alice).post(f"{BASE}trainees/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["full_name"] == [REQUIRED_EN]


def test_a_wrong_type_is_explained_in_indonesian(api, carol):
    response = api.as_(carol).post(f"{BASE}vacancies/", vacancy_body(headcount="dua"), format="json")
    assert response.json()["headcount"] == ["Nilai bidang ini harus berupa bilangan bulat."]


def test_errors_of_the_portals_own_rules_are_indonesian_by_default(api, alice):
    response = api.as_(alice).post(f"{BASE}trainees/", trainee_body(nik="123"), format="json")
    message = response.json()["nik"][0]
    english = api.as_(alice).post(
        f"{BASE}trainees/", trainee_body(nik="123"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["nik"] == ["NIK must be exactly 16 digits."]
    assert message != "NIK must be exactly 16 digits."
    assert "16" in message


def test_not_found_is_indonesian_by_default(api, alice):
    assert api.as_(alice).get(f"{BASE}trainees/999999/").json() == {"detail": "Data tidak ditemukan."}


# --- garbage in paths -----------------------------------------------------------------------------
BAD_IDS = [
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1.5",
    "1e3",
    "%00",
    "1%00",
    "%20",
    "٣",
    "1;DROP",
    "9" * 300,
]
DETAIL_RESOURCES = [
    "users",
    "blkk",
    "programs",
    "cohorts",
    "trainees",
    "enrolments",
    "industrial-parks",
    "employers",
    "vacancies",
    "applications",
]


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("resource", DETAIL_RESOURCES)
def test_a_malformed_id_is_404(api, root, resource, bad_id):
    assert api.as_(root).get(f"{BASE}{resource}/{bad_id}/").status_code == 404


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("patch", ""), ("put", ""), ("delete", ""), ("post", "verify/")],
)
def test_a_malformed_id_in_a_write_is_404(api, root, method, suffix, bad_id):
    response = getattr(api.as_(root), method)(f"{BASE}blkk/{bad_id}/{suffix}", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("action", ["applications/{}/transition/", "enrolments/{}/graduate/"])
def test_a_malformed_id_in_an_action_is_404(api, root, action, bad_id):
    response = api.as_(root).post(BASE + action.format(bad_id), {"to": "withdrawn"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("code", ["33", "33.2", "33.250", "xx.yy", "%00", "33.25%00", "9" * 300])
@pytest.mark.parametrize("resource", ["regions", "vocations", "competencies"])
def test_a_malformed_code_is_404(api, root, resource, code):
    assert api.as_(root).get(f"{BASE}{resource}/{code}/").status_code == 404


# --- garbage in query strings -------------------------------------------------------------------------
FILTERS = {
    "blkk/": ["regency", "province", "vocation", "verified"],
    "programs/": ["blkk", "vocation"],
    "cohorts/": ["program", "status", "blkk"],
    "trainees/": ["blkk", "status", "regency"],
    "enrolments/": ["trainee", "cohort", "status"],
    "employers/": ["industrial_park", "regency", "province", "verified"],
    "vacancies/": ["status", "vocation", "regency", "province", "employer", "closes_after"],
    "applications/": ["vacancy", "trainee", "status", "source"],
    "regions/": ["province", "kind"],
    "competencies/": ["vocation"],
    "users/": ["role", "blkk", "employer", "is_active"],
    "industrial-parks/": ["regency"],
}
GARBAGE = ["abc", "-1", "99999999999999999999", "1.5", "2026-13-45", "\x00", "x" * 5000, "%", "' OR 1=1 --"]


@pytest.mark.parametrize(
    "value", GARBAGE, ids=["abc", "-1", "huge", "1.5", "bad date", "NUL", "long", "%", "sql"]
)
@pytest.mark.parametrize(("path", "name"), [(p, n) for p, names in FILTERS.items() for n in names])
def test_a_garbage_filter_value_is_400_or_an_empty_result(api, root, path, name, value):
    response = api.as_(root).get(f"{BASE}{path}", {name: value})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert response.json()["count"] >= 0


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("trainees/", {"blkk": "abc"}),
        ("trainees/", {"status": "bogus"}),
        ("applications/", {"status": "bogus"}),
        ("vacancies/", {"closes_after": "2026-13-45"}),
        ("vacancies/", {"employer": "99999999999999999999"}),
        ("enrolments/", {"trainee": "1.5"}),
    ],
)
def test_an_invalid_choice_in_a_filter_is_a_400_naming_the_filter(api, root, path, query):
    response = api.as_(root).get(f"{BASE}{path}", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize("path", list(FILTERS))
def test_a_nul_byte_in_a_query_key_is_400(api, root, path):
    response = api.as_(root).get(f"{BASE}{path}?status%00=open")
    assert response.status_code == 400


@pytest.mark.parametrize("path", list(FILTERS))
def test_a_nul_byte_in_a_query_value_is_400(api, root, path):
    response = api.as_(root).get(f"{BASE}{path}?page=%00")
    assert response.status_code == 400


@pytest.mark.parametrize("path", list(FILTERS))
def test_an_unknown_filter_is_ignored(api, root, path):
    response = api.as_(root).get(f"{BASE}{path}", {"colour": "blue"})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999999999999", "last2", "%00x"])
def test_a_bad_page_is_404(api, root, page):
    assert api.as_(root).get(f"{BASE}regions/", {"page": page}).status_code == 404


@pytest.mark.parametrize(
    ("page_size", "expected"),
    [("abc", 50), ("-1", 50), ("0", 50), ("1.5", 50), ("99999999999999999999", 200), ("500", 200), ("7", 7)],
)
def test_a_bad_page_size_falls_back_or_is_capped(api, root, page_size, expected):
    response = api.as_(root).get(f"{BASE}regions/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"province": "abc"},
        {"province": "333"},
        {"regency": "33.2"},
        {"regency": "33.25\x00"},
        {"province": "\x00"},
        {"regency": "x" * 5000},
    ],
)
def test_a_malformed_dashboard_filter_is_400(api, olivia, query):
    response = api.as_(olivia).get(f"{BASE}dashboard/summary/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_an_unknown_but_well_formed_region_is_an_empty_summary(api, olivia):
    body = api.as_(olivia).get(f"{BASE}dashboard/summary/", {"regency": "99.99"}).json()
    assert (body["blkk_count"], body["by_regency"]) == (0, [])


# --- actions with bad bodies ----------------------------------------------------------------------
@pytest.fixture
def registered(blkk_a):
    return f.EnrolmentFactory(
        trainee__blkk=blkk_a, cohort=f.CohortFactory(program__blkk=blkk_a, status="running")
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"graduated_on": "yesterday"}, "graduated_on"),
        ({"graduated_on": "2999-01-01"}, "graduated_on"),
        ({"graduated_on": "2020-01-01"}, "graduated_on"),  # before the cohort started
        ({"graduated_on": "2026-03-01", "competencies": "C.251100.001.01"}, "competencies"),
        ({"graduated_on": "2026-03-01", "competencies": ["NOPE"]}, "competencies"),
        ({"graduated_on": "2026-03-01", "competencies": [None]}, "competencies"),
        ({"graduated_on": ["2026-03-01"]}, "graduated_on"),
    ],
)
def test_a_bad_graduation_is_refused_and_changes_nothing(api, alice, registered, body, field):
    response = api.as_(alice).post(f"{BASE}enrolments/{registered.pk}/graduate/", body, format="json")
    assert_refused(response, field)
    registered.refresh_from_db()
    assert (registered.status, registered.graduated_on) == ("registered", None)


@pytest.mark.parametrize("body", [{}, {"to": None}, {"to": ["hired"]}, {"to": {"x": 1}}, {"to": "hired\x00"}])
def test_a_bad_transition_body_is_400(api, carol, employer_x, body):
    application = f.ApplicationFactory(vacancy__employer=employer_x)
    response = api.as_(carol).post(f"{BASE}applications/{application.pk}/transition/", body, format="json")
    assert_refused(response, "to")
    application.refresh_from_db()
    assert application.status == "proposed"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"vacancy": "abc", "trainee": 1},
        {"vacancy": 1, "trainee": "abc"},
        {"vacancy": 1, "trainee": 10**20},
    ],
)
def test_a_bad_nomination_is_400(api, alice, body):
    before = Application.objects.count()
    response = api.as_(alice).post(f"{BASE}applications/", body, format="json")
    assert response.status_code == 400
    assert Application.objects.count() == before


@pytest.mark.parametrize("body", [{"verified": "perhaps"}, {"verified": [True]}, {"verified": None}])
def test_a_bad_verification_is_400(api, olivia, blkk_a, body):
    response = api.as_(olivia).post(f"{BASE}blkk/{blkk_a.pk}/verify/", body, format="json")
    assert_refused(response, "verified")
    blkk_a.refresh_from_db()
    assert blkk_a.verified is False


# --- unique clashes that slip past validation (races) --------------------------------------------------
def test_a_nik_registered_between_validation_and_saving_is_a_400(api, alice, blkk_b, monkeypatch):
    """Another request registers the same NIK after the serializer's unique check passed."""
    from apps.trainees import services

    body = trainee_body()
    real_create = services.trainee_create

    def racing_create(**kwargs):
        f.TraineeFactory(blkk=blkk_b, nik=body["nik"])  # the other request wins
        return real_create(**kwargs)

    monkeypatch.setattr(services, "trainee_create", racing_create)
    response = api.as_(alice).post(f"{BASE}trainees/", body, format="json")
    assert_refused(response, "nik")
    assert list(Trainee.objects.filter(nik=body["nik"]).values_list("blkk", flat=True)) == [blkk_b.pk]


def test_a_nik_registered_between_the_last_check_and_the_insert_is_a_409(api, alice, blkk_b, monkeypatch):
    """The narrowest race: the row appears after ``full_clean`` and before ``INSERT``."""
    body = trainee_body()
    real_full_clean = Trainee.full_clean

    def racing_full_clean(self, *args, **kwargs):
        real_full_clean(self, *args, **kwargs)
        if self.pk is None and self.nik == body["nik"]:
            Trainee.objects.bulk_create([f.TraineeFactory.build(blkk=blkk_b, nik=body["nik"])])

    monkeypatch.setattr(Trainee, "full_clean", racing_full_clean)
    response = api.as_(alice).post(f"{BASE}trainees/", body, format="json")
    assert response.status_code == 409, response.content
    assert "detail" in response.json()
    assert not Trainee.objects.filter(nik=body["nik"], blkk=alice.blkk).exists()


def test_an_enrolment_created_twice_at_once_is_a_409(api, alice, blkk_a, monkeypatch):
    trainee = f.TraineeFactory(blkk=blkk_a)
    cohort = f.CohortFactory(program__blkk=blkk_a, status="running")
    real_full_clean = Enrolment.full_clean

    def racing_full_clean(self, *args, **kwargs):
        real_full_clean(self, *args, **kwargs)
        if self.pk is None:
            Enrolment.objects.bulk_create([Enrolment(trainee=trainee, cohort=cohort, blkk=blkk_a)])

    monkeypatch.setattr(Enrolment, "full_clean", racing_full_clean)
    response = api.as_(alice).post(
        f"{BASE}enrolments/", {"trainee": trainee.pk, "cohort": cohort.pk}, format="json"
    )
    assert response.status_code == 409, response.content


def test_a_nomination_made_twice_at_once_is_a_400(api, alice, blkk_a, employer_x, monkeypatch):
    graduate = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a).trainee
    vacancy = f.VacancyFactory(employer=employer_x)
    real_is_graduate = vacancy_services.is_graduate

    def racing_is_graduate(trainee):
        Application.objects.bulk_create(
            [
                Application(
                    vacancy=vacancy,
                    trainee=trainee,
                    employer=employer_x,
                    blkk=blkk_a,
                    source="matched",
                )
            ]
        )
        return real_is_graduate(trainee)

    monkeypatch.setattr(vacancy_services, "is_graduate", racing_is_graduate)
    payload = {"vacancy": vacancy.pk, "trainee": graduate.pk}
    response = api.as_(alice).post(f"{BASE}applications/", payload, format="json")
    assert_refused(response, "trainee")
    assert not Application.objects.filter(source="nominated").exists()


def test_an_employer_registered_twice_at_once_is_a_409(api, root, monkeypatch):
    body = {"name": "PT Kembar", "nib": "1111111111111", "kbli": "23110", "regency": "33.25"}
    real_full_clean = Employer.full_clean

    def racing_full_clean(self, *args, **kwargs):
        real_full_clean(self, *args, **kwargs)
        if self.pk is None:
            Employer.objects.bulk_create([f.EmployerFactory.build(nib=body["nib"])])

    monkeypatch.setattr(Employer, "full_clean", racing_full_clean)
    response = api.as_(root).post(f"{BASE}employers/", body, format="json")
    assert response.status_code == 409, response.content
    assert not Employer.objects.filter(name="PT Kembar").exists()


# --- a refused change is refused whole ----------------------------------------------------------------
def test_a_refused_trainee_edit_does_not_half_apply_a_consent_change(api, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, consent_share=True)
    body = {"consent_share": False, "objects_to_matching": True, "birth_date": "2999-01-01"}
    response = api.as_(alice).patch(f"{BASE}trainees/{trainee.pk}/", body, format="json")
    assert_refused(response, "birth_date")
    trainee.refresh_from_db()
    assert (trainee.consent_share, trainee.objects_to_matching) == (True, False)


def test_a_refused_vacancy_status_does_not_half_apply_the_other_changes(api, carol, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x, title="Operator Las")
    body = {"title": "Operator Las Senior", "status": "draft"}  # an open vacancy cannot go back to draft
    response = api.as_(carol).patch(f"{BASE}vacancies/{vacancy.pk}/", body, format="json")
    assert_refused(response, "status")
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.status) == ("Operator Las", "open")
