"""Trainee and enrolment services: registration with NIK warnings, consent, enrolment, graduation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.taxonomy.models import CompetencyUnit
from apps.trainees import services
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort
from tests import factories as f

BIRTH = dt.date(2001, 8, 17)


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def register(blkk, **overrides):
    data = {
        "blkk": blkk,
        "nik": f.make_nik("33.25", BIRTH, "L"),
        "full_name": "Ahmad Fauzi",
        "gender": "L",
        "birth_date": BIRTH,
        "education": "SMK",
        "regency": f.regency("33.25"),
    }
    return services.trainee_create(**{**data, **overrides})


@pytest.fixture
def running_cohort(blkk_a):
    today = timezone.localdate()
    return f.CohortFactory(
        program=f.ProgramFactory(blkk=blkk_a),
        start_date=today - dt.timedelta(days=90),
        end_date=today - dt.timedelta(days=1),
        status=Cohort.Status.RUNNING,
        capacity=3,
    )


@pytest.fixture
def trainee_a(blkk_a):
    return f.TraineeFactory(blkk=blkk_a)


# --- trainee_create -----------------------------------------------------------------------------
def test_trainee_create_saves_a_consistent_nik_without_warnings(blkk_a):
    trainee, warnings = register(blkk_a)
    assert warnings == []
    assert Trainee.objects.get(pk=trainee.pk).nik_review is False


def test_trainee_create_accepts_a_nik_whose_date_disagrees_but_warns_and_flags_it(blkk_a):
    nik = f.make_nik("33.25", dt.date(2001, 8, 18), "L")
    trainee, warnings = register(blkk_a, nik=nik)
    assert len(warnings) == 1
    saved = Trainee.objects.get(pk=trainee.pk)
    assert (saved.nik, saved.birth_date, saved.nik_review) == (nik, BIRTH, True)


def test_trainee_create_accepts_a_nik_whose_gender_disagrees_but_warns_and_flags_it(blkk_a):
    nik = f.make_nik("33.25", BIRTH, "P")  # day + 40: the NIK says female
    trainee, warnings = register(blkk_a, nik=nik, gender="L")
    assert len(warnings) == 1
    assert Trainee.objects.get(pk=trainee.pk).nik_review is True


def test_trainee_create_warns_once_per_disagreement(blkk_a):
    nik = f.make_nik("33.25", dt.date(1999, 1, 2), "P")
    _trainee, warnings = register(blkk_a, nik=nik, gender="L")
    assert len(warnings) == 2


INVALID_NIKS = {
    "15-digits": "332501170801001",
    "17-digits": "33250117080100012",
    "letter": "3325O11708010001",
    "unknown-province": "9925011708010001",
    "day-32": "3325013208010001",
    "month-13": "3325011713010001",
    "31-february": "3325013102010001",
    "serial-0000": "3325011708010000",
    "empty": "",
}


@pytest.mark.parametrize("nik", INVALID_NIKS.values(), ids=INVALID_NIKS.keys())
def test_trainee_create_refuses_an_invalid_nik_with_a_field_error_and_creates_nothing(blkk_a, nik):
    with pytest.raises(ValidationError) as exc:
        register(blkk_a, nik=nik)
    assert "nik" in field_errors(exc)
    assert not Trainee.objects.exists()


def test_trainee_create_strips_spaces_around_the_nik(blkk_a):
    nik = f.make_nik("33.25", BIRTH, "L")
    trainee, _ = register(blkk_a, nik=f"  {nik} ")
    assert Trainee.objects.get(pk=trainee.pk).nik == nik


def test_trainee_create_refuses_a_registered_nik(blkk_a, blkk_b):
    existing = f.TraineeFactory(blkk=blkk_b)
    with pytest.raises(ValidationError) as exc:
        register(blkk_a, nik=existing.nik, birth_date=existing.birth_date)
    assert "nik" in field_errors(exc)
    assert Trainee.objects.count() == 1


def test_trainee_create_refuses_someone_younger_than_14(blkk_a):
    birth = timezone.localdate() - dt.timedelta(days=13 * 365)
    with pytest.raises(ValidationError) as exc:
        register(blkk_a, birth_date=birth, nik=f.make_nik("33.25", birth, "L"))
    assert "birth_date" in field_errors(exc)
    assert not Trainee.objects.exists()


def test_trainee_create_refuses_a_birth_date_in_the_future(blkk_a):
    birth = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        register(blkk_a, birth_date=birth)
    assert "birth_date" in field_errors(exc)


def test_trainee_create_records_when_consent_and_objection_were_given(blkk_a):
    before = timezone.now()
    trainee, _ = register(blkk_a, consent_share=True, objects_to_matching=True)
    saved = Trainee.objects.get(pk=trainee.pk)
    assert saved.consent_share and saved.consent_share_at >= before
    assert saved.objects_to_matching and saved.objected_at >= before


def test_trainee_create_without_consent_records_no_time(blkk_a):
    trainee, _ = register(blkk_a)
    saved = Trainee.objects.get(pk=trainee.pk)
    assert (saved.consent_share, saved.consent_share_at, saved.objected_at) == (False, None, None)


def test_trainee_create_ignores_fields_it_does_not_own(blkk_a):
    trainee, _ = register(blkk_a, nik_review=True, erased_at=timezone.now(), blkk_id=999)
    saved = Trainee.objects.get(pk=trainee.pk)
    assert (saved.nik_review, saved.erased_at, saved.blkk_id) == (False, None, blkk_a.pk)


# --- trainee_update -------------------------------------------------------------------------------
def test_trainee_update_corrects_the_nik_of_a_fresh_trainee(trainee_a):
    nik = f.make_nik("33.25", trainee_a.birth_date, "L", serial=4242)
    services.trainee_update(trainee=trainee_a, data={"nik": nik})
    assert Trainee.objects.get(pk=trainee_a.pk).nik == nik


def test_trainee_update_refuses_to_change_a_graduates_nik(trainee_a):
    f.GraduateEnrolmentFactory(trainee=trainee_a)
    old = trainee_a.nik
    with pytest.raises(ValidationError) as exc:
        services.trainee_update(
            trainee=trainee_a, data={"nik": f.make_nik("33.25", trainee_a.birth_date, "L", serial=4242)}
        )
    assert "nik" in field_errors(exc)
    assert Trainee.objects.get(pk=trainee_a.pk).nik == old


def test_trainee_update_returns_the_warnings_of_a_new_disagreement(trainee_a):
    _trainee, warnings = services.trainee_update(trainee=trainee_a, data={"birth_date": dt.date(2002, 5, 18)})
    assert len(warnings) == 1
    assert Trainee.objects.get(pk=trainee_a.pk).birth_date == dt.date(2002, 5, 18)


def test_trainee_update_flags_a_new_disagreement_for_review(trainee_a):
    services.trainee_update(trainee=trainee_a, data={"birth_date": dt.date(2002, 5, 18)})
    assert Trainee.objects.get(pk=trainee_a.pk).nik_review is True


def test_trainee_update_clears_the_flag_once_the_birth_date_is_corrected(blkk_a):
    trainee, _ = register(blkk_a, nik=f.make_nik("33.25", dt.date(2001, 8, 18), "L"))
    _trainee, warnings = services.trainee_update(trainee=trainee, data={"birth_date": dt.date(2001, 8, 18)})
    assert warnings == []
    assert Trainee.objects.get(pk=trainee.pk).nik_review is False


def test_trainee_update_refuses_bad_input_and_changes_nothing(trainee_a):
    name = trainee_a.full_name
    with pytest.raises(ValidationError) as exc:
        services.trainee_update(trainee=trainee_a, data={"full_name": "A", "phone": "12345"})
    assert {"full_name", "phone"} <= set(field_errors(exc))
    saved = Trainee.objects.get(pk=trainee_a.pk)
    assert (saved.full_name, saved.phone) == (name, "081234567890")


# --- consent and objection --------------------------------------------------------------------
def test_trainee_set_consent_records_when_consent_was_given(blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, consent_share=False, consent_share_at=None)
    before = timezone.now()
    services.trainee_set_consent(trainee=trainee, consent=True)
    saved = Trainee.objects.get(pk=trainee.pk)
    assert saved.consent_share is True and saved.consent_share_at >= before


def test_trainee_set_consent_records_the_withdrawal_and_its_time(trainee_a):
    given_at = Trainee.objects.get(pk=trainee_a.pk).consent_share_at
    services.trainee_set_consent(trainee=trainee_a, consent=False)
    saved = Trainee.objects.get(pk=trainee_a.pk)
    assert saved.consent_share is False
    assert saved.consent_share_at > given_at


def test_trainee_set_objection_records_and_lifts_the_objection(trainee_a):
    services.trainee_set_objection(trainee=trainee_a, objects=True)
    saved = Trainee.objects.get(pk=trainee_a.pk)
    assert saved.objects_to_matching is True and saved.objected_at is not None
    services.trainee_set_objection(trainee=trainee_a, objects=False)
    saved = Trainee.objects.get(pk=trainee_a.pk)
    assert (saved.objects_to_matching, saved.objected_at) == (False, None)


# --- enrolment_create -----------------------------------------------------------------------------
def test_enrolment_create_registers_a_trainee_in_an_own_cohort(trainee_a, running_cohort):
    enrolment = services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    saved = Enrolment.objects.get(pk=enrolment.pk)
    assert (saved.trainee, saved.cohort, saved.status) == (trainee_a, running_cohort, "registered")


def test_enrolment_create_copies_the_trainees_blkk(trainee_a, running_cohort):
    enrolment = services.enrolment_create(trainee=trainee_a, cohort=running_cohort)

    assert Enrolment.objects.get(pk=enrolment.pk).blkk_id == trainee_a.blkk_id


def test_enrolment_create_refuses_another_blkks_cohort(blkk_b, running_cohort):
    trainee_b = f.TraineeFactory(blkk=blkk_b)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(trainee=trainee_b, cohort=running_cohort)
    assert "cohort" in field_errors(exc)
    assert not Enrolment.objects.exists()


def test_enrolment_create_refuses_a_full_cohort(blkk_a, trainee_a, running_cohort):
    for _ in range(running_cohort.capacity):
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    assert "cohort" in field_errors(exc)
    assert not trainee_a.enrolments.exists()


def test_enrolment_create_does_not_count_dropouts_against_capacity(blkk_a, trainee_a, running_cohort):
    for _ in range(running_cohort.capacity):
        f.EnrolmentFactory(
            trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort, status=Enrolment.Status.DROPPED
        )
    services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    assert trainee_a.enrolments.filter(cohort=running_cohort).exists()


def test_enrolment_create_refuses_a_finished_cohort(trainee_a, running_cohort):
    Cohort.objects.filter(pk=running_cohort.pk).update(status=Cohort.Status.FINISHED)
    running_cohort.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    assert "cohort" in field_errors(exc)
    assert not Enrolment.objects.exists()


def test_enrolment_create_refuses_a_duplicate(trainee_a, running_cohort):
    services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(trainee=trainee_a, cohort=running_cohort)
    assert "trainee" in field_errors(exc)
    assert Enrolment.objects.filter(trainee=trainee_a).count() == 1


# --- enrolment_set_status -------------------------------------------------------------------------
def test_enrolment_set_status_refuses_graduation_without_its_units(trainee_a, running_cohort):
    enrolment = f.EnrolmentFactory(trainee=trainee_a, cohort=running_cohort)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_set_status(enrolment=enrolment, status=Enrolment.Status.GRADUATED)
    assert "status" in field_errors(exc)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.REGISTERED


def test_enrolment_set_status_dropping_a_graduate_clears_date_and_units(trainee_a, running_cohort):
    enrolment = f.GraduateEnrolmentFactory(
        trainee=trainee_a, cohort=running_cohort, graduated_on=running_cohort.end_date
    )
    services.enrolment_set_status(enrolment=enrolment, status=Enrolment.Status.DROPPED)
    saved = Enrolment.objects.get(pk=enrolment.pk)
    assert (saved.status, saved.graduated_on) == (Enrolment.Status.DROPPED, None)
    assert not saved.competencies.exists()


# --- enrolment_graduate ---------------------------------------------------------------------------
@pytest.fixture
def enrolment(trainee_a, running_cohort):
    return f.EnrolmentFactory(trainee=trainee_a, cohort=running_cohort, status=Enrolment.Status.IN_TRAINING)


def test_enrolment_graduate_defaults_units_to_the_programmes(enrolment, running_cohort):
    graduated_on = running_cohort.end_date
    services.enrolment_graduate(enrolment=enrolment, graduated_on=graduated_on, certificate_number="SRT-1")
    saved = Enrolment.objects.get(pk=enrolment.pk)
    assert (saved.status, saved.graduated_on, saved.certificate_number) == (
        "graduated",
        graduated_on,
        "SRT-1",
    )
    assert set(saved.competencies.all()) == set(running_cohort.program.competencies.all())
    assert saved.competencies.count() == 5


def test_enrolment_graduate_records_only_the_units_achieved(enrolment, running_cohort):
    achieved = list(running_cohort.program.competencies.order_by("code")[:2])
    services.enrolment_graduate(
        enrolment=enrolment, graduated_on=running_cohort.end_date, competencies=achieved
    )
    assert set(Enrolment.objects.get(pk=enrolment.pk).competencies.all()) == set(achieved)


def test_enrolment_graduate_refuses_units_the_programme_does_not_teach(enrolment, running_cohort):
    foreign = CompetencyUnit.objects.exclude(programs=running_cohort.program).first()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_graduate(
            enrolment=enrolment, graduated_on=running_cohort.end_date, competencies=[foreign]
        )
    assert foreign.code in " ".join(field_errors(exc)["competencies"])
    saved = Enrolment.objects.get(pk=enrolment.pk)
    assert (saved.status, saved.graduated_on) == (Enrolment.Status.IN_TRAINING, None)
    assert not saved.competencies.exists()


def test_enrolment_graduate_refuses_a_dropped_enrolment(enrolment, running_cohort):
    services.enrolment_set_status(enrolment=enrolment, status=Enrolment.Status.DROPPED)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_graduate(enrolment=enrolment, graduated_on=running_cohort.end_date)
    assert "status" in field_errors(exc)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.DROPPED


def test_enrolment_graduate_refuses_a_date_before_the_cohort_starts(enrolment, running_cohort):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_graduate(
            enrolment=enrolment, graduated_on=running_cohort.start_date - dt.timedelta(days=1)
        )
    assert "graduated_on" in field_errors(exc)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.IN_TRAINING


def test_enrolment_graduate_refuses_a_date_in_the_future(enrolment):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_graduate(
            enrolment=enrolment, graduated_on=timezone.localdate() + dt.timedelta(days=1)
        )
    assert "graduated_on" in field_errors(exc)
    assert Enrolment.objects.get(pk=enrolment.pk).graduated_on is None


# --- cohort_graduate ------------------------------------------------------------------------------
def test_cohort_graduate_graduates_everyone_not_dropped_and_finishes_the_cohort(blkk_a, running_cohort):
    stays = [
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort) for _ in range(2)
    ]
    left = f.EnrolmentFactory(
        trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort, status=Enrolment.Status.DROPPED
    )
    graduates = services.cohort_graduate(cohort=running_cohort, graduated_on=running_cohort.end_date)
    assert {e.pk for e in graduates} == {e.pk for e in stays}
    statuses = dict(Enrolment.objects.filter(cohort=running_cohort).values_list("pk", "status"))
    assert statuses == {stays[0].pk: "graduated", stays[1].pk: "graduated", left.pk: "dropped"}
    assert Cohort.objects.get(pk=running_cohort.pk).status == Cohort.Status.FINISHED


def test_cohort_graduate_drops_those_named_as_dropped(blkk_a, running_cohort):
    stays, leaves = (
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort) for _ in "ab"
    )
    services.cohort_graduate(cohort=running_cohort, graduated_on=running_cohort.end_date, dropped=[leaves.pk])
    assert Enrolment.objects.get(pk=stays.pk).status == Enrolment.Status.GRADUATED
    dropped = Enrolment.objects.get(pk=leaves.pk)
    assert (dropped.status, dropped.graduated_on) == (Enrolment.Status.DROPPED, None)


def test_cohort_graduate_records_units_per_enrolment(blkk_a, running_cohort):
    partial, full = (
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort) for _ in "ab"
    )
    one_unit = list(running_cohort.program.competencies.order_by("code")[:1])
    services.cohort_graduate(
        cohort=running_cohort,
        graduated_on=running_cohort.end_date,
        competencies_by_enrolment={partial.pk: one_unit},
    )
    assert list(Enrolment.objects.get(pk=partial.pk).competencies.all()) == one_unit
    assert Enrolment.objects.get(pk=full.pk).competencies.count() == 5


def test_cohort_graduate_changes_nothing_when_one_graduation_is_refused(blkk_a, running_cohort):
    _first, second = (
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=running_cohort) for _ in "ab"
    )
    foreign = CompetencyUnit.objects.exclude(programs=running_cohort.program).first()
    with pytest.raises(ValidationError):
        services.cohort_graduate(
            cohort=running_cohort,
            graduated_on=running_cohort.end_date,
            competencies_by_enrolment={second.pk: [foreign]},
        )
    assert not Enrolment.objects.filter(cohort=running_cohort, status=Enrolment.Status.GRADUATED).exists()
    assert Cohort.objects.get(pk=running_cohort.pk).status == Cohort.Status.RUNNING


# --- trainee_bulk_create (the spreadsheet import) -------------------------------------------------
def test_trainee_bulk_create_enrols_with_the_blkk_copied_onto_each_enrolment(blkk_a, running_cohort):
    rows = []
    for serial in (7001, 7002):
        built = f.TraineeFactory.build(blkk=blkk_a)
        row = {field: getattr(built, field) for field in services.TRAINEE_FIELDS}
        rows.append(
            {**row, "nik": f.make_nik("33.25", BIRTH, "L", serial=serial), "cohort_id": running_cohort.pk}
        )

    trainees = services.trainee_bulk_create(
        blkk=blkk_a, rows=rows, cohorts={running_cohort.pk: running_cohort}
    )

    enrolments = Enrolment.objects.filter(trainee__in=trainees)
    assert sorted(enrolments.values_list("blkk", flat=True)) == [blkk_a.pk, blkk_a.pk]
