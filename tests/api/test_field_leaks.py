"""Personal data never leaks (DESIGN.md "Personal data", UU PDP): every GET endpoint, scanned.

Employers (carol, dave) call every list, every detail of every object (theirs or not), the filters
that take a trainee and the dashboard; each response body is walked recursively. No key ``nik``,
``birth_date`` or ``address`` (the employer's own address aside) and no trainee's NIK, birth date,
address, phone, e-mail or name appears anywhere — except name and phone in the ``candidate`` of an
application that is shortlisted or later, whose candidate consented and is an adult.

Officials (olivia, olga, oscar, otto) get the same scan: NIKs only masked, no birth date, phone,
address or e-mail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone

from apps.accounts.models import AccessLog
from apps.trainees.models import Trainee
from apps.vacancies.models import Application
from tests import factories as f
from tests.api.conftest import BASE

RESOURCES = {
    "blkk": "blkk",
    "programs": "program",
    "cohorts": "cohort",
    "trainees": "trainee",
    "enrolments": "enrolment",
    "employers": "employer",
    "vacancies": "vacancy",
    "applications": "application",
}
REFERENCE_LISTS = ["regions/", "vocations/", "competencies/", "industrial-parks/", "users/"]
CONTACT_STATUSES = ("shortlisted", "interview", "offered", "hired")


@pytest.fixture
def private_world(api_world) -> dict[str, Model]:
    """The API world plus trainees with distinctive personal data in every pipeline situation."""
    world = dict(api_world)
    today = timezone.localdate()
    people = {
        # key: (BLKK, vacancy, application status, consent, birth date)
        "shown": ("a", "x_open", "interview", True, dt.date(1998, 2, 11)),
        "shown_y": ("b", "y_open", "hired", True, dt.date(1997, 7, 23)),
        "unconsented": ("a", "x_open", "shortlisted", False, dt.date(1999, 3, 14)),
        "minor": ("a", "x_open", "offered", True, today.replace(year=today.year - 16) - dt.timedelta(days=3)),
        "proposed": ("b", "x_open", "proposed", True, dt.date(2001, 9, 9)),
        "rejected": ("a", "y_open", "rejected", True, dt.date(2000, 12, 1)),
        "unmatched": ("b", None, None, True, dt.date(1996, 4, 30)),
    }
    for serial, (key, (side, vacancy, status, consent, born)) in enumerate(people.items(), start=9001):
        blkk = world[f"blkk:{side}"]
        trainee = f.TraineeFactory(
            blkk=blkk,
            full_name=f"Rahasia {key.title()} Wibowo",
            birth_date=born,
            nik=f.make_nik(blkk.regency.code, born, "L", serial=serial),
            address=f"Jl. Melati Gg. {serial} RT 03/RW 07",
            phone=f"0813{serial:08d}",
            email=f"rahasia.{key}@example.id",
            consent_share=consent,
            consent_share_at=timezone.now() if consent else None,
        )
        enrolment = f.GraduateEnrolmentFactory(trainee=trainee, cohort=world[f"cohort:{side}"])
        world[f"trainee:{key}"], world[f"enrolment:{key}"] = trainee, enrolment
        if vacancy:
            world[f"application:{key}"] = f.ApplicationFactory(
                trainee=trainee, vacancy=world[f"vacancy:{vacancy}"], status=status
            )
    return world


def contact_allowed(application: Application, employer_id: int | None) -> bool:
    trainee = application.trainee
    return (
        application.vacancy.employer_id == employer_id
        and application.status in CONTACT_STATUSES
        and trainee.consent_share
        and not trainee.is_minor
    )


def get_urls(world: dict[str, Model]) -> list[str]:
    """Every GET the API offers (matching endpoints aside): lists, details, filters, dashboard."""
    urls = ["", "dashboard/summary/", "dashboard/summary/?province=33", *REFERENCE_LISTS]
    for resource, prefix in RESOURCES.items():
        urls.append(f"{resource}/?page_size=200")
        urls += [f"{resource}/{o.pk}/" for k, o in world.items() if k.startswith(f"{prefix}:")]
    for key, trainee in world.items():
        if key.startswith("trainee:"):
            urls += [f"applications/?trainee={trainee.pk}", f"enrolments/?trainee={trainee.pk}"]
    return [BASE + url for url in urls]


def walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """(path, key, value) for every entry of a JSON document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield path, index, value
            yield from walk(value, (*path, index))


def secrets_of(trainees: list[Trainee]) -> dict[str, str]:
    """value → what it is, for every trainee."""
    found: dict[str, str] = {}
    for t in trainees:
        found[t.nik] = f"NIK of {t.full_name}"
        found[t.birth_date.isoformat()] = f"birth date of {t.full_name}"
        found[t.address] = f"address of {t.full_name}"
        found[t.email] = f"e-mail of {t.full_name}"
    return found


def leaks_to_employer(
    body: Any, url: str, allowed_candidates: set[int], names_phones: dict[str, str]
) -> list[str]:
    problems = []
    secrets = secrets_of(list(Trainee.objects.all()))
    for path, key, value in walk(body):
        if key in ("nik", "birth_date"):
            problems.append(f"key {key!r} at {path}")
        if key == "address" and not url.startswith(f"{BASE}employers/"):
            problems.append(f"key 'address' at {path}")
        if key == "candidate" and value is not None:
            item = _at(body, path)
            if item.get("id") not in allowed_candidates:
                problems.append(f"candidate shown for application {item.get('id')}")
        if isinstance(value, str):
            in_candidate = "candidate" in path
            for secret, what in {**secrets, **({} if in_candidate else names_phones)}.items():
                if secret and secret in value:
                    problems.append(f"{what} at {(*path, key)}")
    return problems


def _at(body: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


def names_and_phones() -> dict[str, str]:
    return {
        **{t.full_name: f"name of {t.full_name}" for t in Trainee.objects.all()},
        **{t.phone: f"phone of {t.full_name}" for t in Trainee.objects.all() if t.phone},
    }


@pytest.mark.parametrize("persona", ["carol", "dave"])
def test_employers_never_see_nik_birth_date_or_address_and_contact_only_when_allowed(
    api, private_world, personas, persona
):
    user = personas[persona]
    allowed = {
        a.pk
        for a in Application.objects.select_related("trainee", "vacancy")
        if contact_allowed(a, user.employer_id)
    }
    client = api.as_(user)
    problems = []
    for url in get_urls(private_world):
        response = client.get(url)
        assert response.status_code < 500, url
        problems += [
            f"{url}: {p}" for p in leaks_to_employer(response.json(), url, allowed, names_and_phones())
        ]
    assert problems == []


@pytest.mark.parametrize(
    ("persona", "key", "shown"),
    [
        ("carol", "shown", True),
        ("carol", "application:a_x", True),  # the world's shortlisted, consenting adult
        ("carol", "unconsented", False),
        ("carol", "minor", False),
        ("carol", "proposed", False),
        ("dave", "shown_y", True),
        ("dave", "rejected", False),
    ],
)
def test_employer_sees_name_and_phone_only_of_shortlisted_consenting_adults(
    api, private_world, personas, persona, key, shown
):
    application = private_world[key if ":" in key else f"application:{key}"]
    body = api.as_(personas[persona]).get(f"{BASE}applications/{application.pk}/").json()
    expected = {"full_name": application.trainee.full_name, "phone": application.trainee.phone}
    assert body["candidate"] == (expected if shown else None)


def test_withdrawn_consent_hides_the_contact_again(api, private_world, carol):
    application = private_world["application:shown"]
    Trainee.objects.filter(pk=application.trainee_id).update(consent_share=False)
    body = api.as_(carol).get(f"{BASE}applications/{application.pk}/").json()
    assert body["candidate"] is None


MASKED = re.compile(r"\d{4}\*{12}")


@pytest.mark.parametrize("persona", ["olivia", "olga", "oscar", "otto"])
def test_officials_see_only_masked_niks_and_no_birth_date_phone_or_address(
    api, private_world, personas, persona
):
    client = api.as_(personas[persona])
    trainees = list(Trainee.objects.all())
    secrets = {
        **secrets_of(trainees),
        **{t.phone: f"phone of {t.full_name}" for t in trainees if t.phone},
    }
    problems = []
    for url in get_urls(private_world):
        response = client.get(url)
        assert response.status_code < 500, url
        for path, key, value in walk(response.json()):
            if key == "nik" and not (isinstance(value, str) and MASKED.fullmatch(value)):
                problems.append(f"{url}: unmasked nik at {path}")
            if key in ("birth_date", "phone", "address", "email") and url.startswith(f"{BASE}trainees/"):
                problems.append(f"{url}: key {key!r} at {path}")
            if isinstance(value, str):
                problems += [f"{url}: {what} at {(*path, key)}" for s, what in secrets.items() if s in value]
    assert problems == []


def test_officials_trainee_list_still_shows_the_masked_nik(api, private_world, olivia):
    items = api.as_(olivia).get(f"{BASE}trainees/").json()["results"]
    assert items
    assert all(MASKED.fullmatch(item["nik"]) for item in items)


def test_owning_blkk_staff_see_the_full_record(api, private_world, alice):
    trainee = private_world["trainee:shown"]
    body = api.as_(alice).get(f"{BASE}trainees/{trainee.pk}/").json()
    assert (body["nik"], body["birth_date"], body["address"], body["phone"]) == (
        trainee.nik,
        trainee.birth_date.isoformat(),
        trainee.address,
        trainee.phone,
    )


def test_an_employer_seeing_a_candidates_contact_is_audited(api, private_world, carol):
    application = private_world["application:shown"]
    api.as_(carol).get(f"{BASE}applications/{application.pk}/")
    assert AccessLog.objects.filter(
        user=carol, trainee=application.trainee, action=AccessLog.Action.VIEW_CONTACT
    ).exists()


@pytest.mark.parametrize("persona", ["carol", "dave", "root", "alice", "olivia"])
def test_each_contact_an_application_list_shows_is_audited_but_for_the_owning_blkk(
    api, private_world, request, persona
):
    user = request.getfixturevalue(persona)
    body = api.as_(user).get(f"{BASE}applications/").json()
    shown = {item["trainee"] for item in body["results"] if item["candidate"] is not None}
    logged = AccessLog.objects.filter(user=user, action=AccessLog.Action.VIEW_CONTACT)
    if persona in ("carol", "dave", "root"):  # not the owning BLKK: every contact shown, and only those
        assert shown and set(logged.values_list("trainee_id", flat=True)) == shown
    else:  # the owning BLKK's own trainees; officials see no contact
        assert not logged.exists()


@pytest.mark.parametrize("persona", ["root", "alice", "bob", "olivia", "carol"])
def test_a_nik_read_by_anyone_but_its_blkk_is_logged_and_an_admins_list_masks_it(
    api, private_world, request, persona
):
    user = request.getfixturevalue(persona)
    client = api.as_(user)
    listed = client.get(f"{BASE}trainees/").json()["results"]
    trainee = private_world["trainee:shown"]
    one = client.get(f"{BASE}trainees/{trainee.pk}/")
    logged = AccessLog.objects.filter(user=user, action=AccessLog.Action.VIEW_NIK)
    if persona == "root":  # an admin: masked NIKs in the list, the one record whole and logged
        assert listed and all(MASKED.fullmatch(row["nik"]) for row in listed)
        assert all("birth_date" in row and "phone" in row for row in listed)  # the rest as before
        assert one.json()["nik"] == trainee.nik
        assert list(logged.values_list("trainee_id", flat=True)) == [trainee.pk]
    else:  # staff read their own BLKK's; officials a masked NIK; employers no trainee
        assert not logged.exists() and one.status_code in (200, 404)
        if persona in ("alice", "bob"):
            assert listed and all(len(row["nik"]) == 16 and row["nik"].isdigit() for row in listed)
    assert not AccessLog.objects.exclude(action=AccessLog.Action.VIEW_NIK).exists()
