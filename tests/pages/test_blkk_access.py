"""Role matrix of the BLKK staff pages: alice (staff of blkk_a) may use them on blkk_a's objects;
bob (staff of blkk_b) gets 404 for blkk_a's objects; employers and officials get 404 for every
page; anonymous visitors are sent to the login page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.trainees import imports
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(blkk_a, alice):
    today = timezone.localdate()
    program = f.ProgramFactory(blkk=blkk_a)
    cohort = f.CohortFactory(
        program=program,
        start_date=today - dt.timedelta(days=60),
        end_date=today + dt.timedelta(days=30),
        status=Cohort.Status.RUNNING,
    )
    trainee = f.TraineeFactory(blkk=blkk_a)
    enrolment = f.EnrolmentFactory(trainee=trainee, cohort=cohort)
    check = imports.ImportCheck(rows=[], errors=[], warnings=[], total=0)
    pending = imports.pending_create(user_id=alice.pk, blkk_id=blkk_a.pk, filename="a.xlsx", check=check)
    return {
        "program": program.pk,
        "cohort": cohort.pk,
        "trainee": trainee.pk,
        "enrolment": enrolment.pk,
        "token": pending.token,
    }


# (url name, the world key its argument comes from, or None for pages without an object)
LIST_PAGES = [
    ("registry:profile", None),
    ("registry:profile-edit", None),
    ("training:program-list", None),
    ("training:program-create", None),
    ("training:cohort-list", None),
    ("trainees:trainee-list", None),
    ("trainees:trainee-create", None),
    ("trainees:import", None),
    ("trainees:import-template", None),
    ("trainees:export-xlsx", None),
    ("trainees:export-csv", None),
]
OBJECT_PAGES = [
    ("training:program-detail", "program"),
    ("training:program-edit", "program"),
    ("training:cohort-create", "program"),
    ("training:cohort-detail", "cohort"),
    ("training:cohort-edit", "cohort"),
    ("trainees:graduate", "cohort"),
    ("trainees:trainee-detail", "trainee"),
    ("trainees:trainee-edit", "trainee"),
    ("trainees:import-preview", "token"),
    ("trainees:import-progress", "token"),
]
POST_ACTIONS = [
    ("trainees:trainee-consent", "trainee", {"consent": "0"}),
    ("trainees:trainee-objection", "trainee", {"objects": "1"}),
    ("trainees:enrolment-status", "enrolment", {"e{pk}-status": "dropped"}),
]


def url_of(name, key, world):
    if key is None:
        return reverse(name)
    kwarg = "program_pk" if name == "training:cohort-create" else "token" if key == "token" else "pk"
    return reverse(name, kwargs={kwarg: world[key]})


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key"), LIST_PAGES + OBJECT_PAGES)
def test_alice_may_open_every_page(client, alice, world, name, key):
    client.force_login(alice)
    assert client.get(url_of(name, key, world)).status_code in (200, 204)  # progress: 204 = not running


@pytest.mark.parametrize(("name", "key"), OBJECT_PAGES)
def test_bob_gets_404_for_blkk_a_objects(client, bob, world, name, key):
    client.force_login(bob)
    assert client.get(url_of(name, key, world)).status_code == 404


@pytest.mark.parametrize(("name", "key"), LIST_PAGES)
def test_bob_opens_the_pages_of_his_own_blkk(client, bob, world, name, key):
    client.force_login(bob)
    assert client.get(url_of(name, key, world)).status_code == 200


@pytest.mark.parametrize("persona", ["carol", "olivia", "olga"])
@pytest.mark.parametrize(("name", "key"), LIST_PAGES + OBJECT_PAGES)
def test_employers_and_officials_get_404(client, request, world, persona, name, key):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url_of(name, key, world)).status_code == 404


@pytest.mark.parametrize(("name", "key"), LIST_PAGES + OBJECT_PAGES)
def test_anonymous_is_sent_to_login(client, world, name, key):
    assert_login_redirect(client.get(url_of(name, key, world)))


@pytest.mark.parametrize(("name", "key", "data"), POST_ACTIONS)
def test_bob_cannot_post_to_blkk_a_objects(client, bob, world, name, key, data):
    client.force_login(bob)
    payload = {k.format(pk=world[key]): v for k, v in data.items()}
    assert client.post(url_of(name, key, world), payload).status_code == 404
    trainee = Trainee.objects.get(pk=world["trainee"])
    assert (trainee.consent_share, trainee.objects_to_matching) == (True, False)
    assert Enrolment.objects.get(pk=world["enrolment"]).status == Enrolment.Status.REGISTERED


@pytest.mark.parametrize(("name", "key", "data"), POST_ACTIONS)
def test_anonymous_cannot_post(client, world, name, key, data):
    payload = {k.format(pk=world[key]): v for k, v in data.items()}
    assert_login_redirect(client.post(url_of(name, key, world), payload))
    assert Enrolment.objects.get(pk=world["enrolment"]).status == Enrolment.Status.REGISTERED


def test_bob_cannot_enrol_his_trainee_in_blkk_a_cohort(client, bob, blkk_b, world):
    client.force_login(bob)
    trainee_b = f.TraineeFactory(blkk=blkk_b)
    url = reverse("training:cohort-detail", kwargs={"pk": world["cohort"]})
    assert client.post(url, {"trainee": trainee_b.pk}).status_code == 404
    assert not Enrolment.objects.filter(trainee=trainee_b).exists()


def test_bob_cannot_graduate_blkk_a_cohort(client, bob, world):
    client.force_login(bob)
    url = reverse("trainees:graduate", kwargs={"pk": world["cohort"]})
    assert client.post(url, {"graduated_on": timezone.localdate().isoformat()}).status_code == 404
    assert Cohort.objects.get(pk=world["cohort"]).status == Cohort.Status.RUNNING
