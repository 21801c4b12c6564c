"""Vacancy services (UMK warning, publishing, closing) and the application pipeline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.trainees.models import Enrolment
from apps.vacancies import services
from apps.vacancies.models import Application, Vacancy
from apps.vacancies.services import NEXT_STEPS, STEP_TIMESTAMP
from tests import factories as f

UMK_BATANG_2025 = 2_534_382

S = Application.Status
ALL_STATUSES = tuple(S.values)
LEGAL_STEPS = [(frm, to) for frm, tos in NEXT_STEPS.items() for to in sorted(tos)]
ILLEGAL_STEPS = [(frm, to) for frm in ALL_STATUSES for to in ALL_STATUSES if to not in NEXT_STEPS[frm]]


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def create(employer, **overrides):
    data = {
        "title": "Operator Mesin Kaca",
        "vocation": f.vocation("LAS"),
        "headcount": 3,
        "regency": f.regency("33.25"),
        "closes_on": in_days(30),
        "salary_min": 2_600_000,
        "salary_max": 3_000_000,
    }
    return services.vacancy_create(employer=employer, **{**data, **overrides})


@pytest.fixture
def draft(employer_x):
    return f.VacancyFactory(employer=employer_x, status=Vacancy.Status.DRAFT, published_at=None)


@pytest.fixture
def vacancy(employer_x):
    return f.VacancyFactory(employer=employer_x, headcount=2)


@pytest.fixture
def graduate(blkk_a):
    return f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a)).trainee


# --- vacancy_create and the UMK warning -------------------------------------------------------------
def test_vacancy_create_saves_a_draft_with_its_units(employer_x):
    units = f.units("LAS", 3)
    vacancy, _warnings = create(employer_x, competencies=units)
    saved = Vacancy.objects.get(pk=vacancy.pk)
    assert (saved.employer, saved.status, saved.published_at) == (employer_x, Vacancy.Status.DRAFT, None)
    assert set(saved.competencies.all()) == set(units)


def test_vacancy_create_with_publish_opens_it(employer_x):
    vacancy, _ = create(employer_x, publish=True)
    saved = Vacancy.objects.get(pk=vacancy.pk)
    assert saved.status == Vacancy.Status.OPEN and saved.published_at is not None


def test_vacancy_create_warns_when_the_salary_is_below_the_umk_of_batang(employer_x):
    vacancy, warnings = create(employer_x, salary_min=2_400_000, salary_max=UMK_BATANG_2025 - 1)
    assert len(warnings) == 1
    assert "2.534.382" in warnings[0]
    assert Vacancy.objects.filter(pk=vacancy.pk).exists()  # a warning, never a refusal


@pytest.mark.parametrize("salary", [UMK_BATANG_2025, UMK_BATANG_2025 + 1, 4_000_000])
def test_vacancy_create_does_not_warn_at_or_above_the_umk(employer_x, salary):
    _vacancy, warnings = create(employer_x, salary_min=salary, salary_max=salary)
    assert warnings == []


def test_vacancy_create_does_not_warn_without_a_salary(employer_x):
    _vacancy, warnings = create(employer_x, salary_min=None, salary_max=None)
    assert warnings == []


def test_vacancy_create_measures_against_the_umk_of_the_work_regency(employer_x):
    # 2,400,000 is below Batang's UMK (2,534,382) but above Pemalang's (2,296,140).
    _vacancy, warnings = create(
        employer_x, regency=f.regency("33.27"), salary_min=2_400_000, salary_max=2_400_000
    )
    assert warnings == []


def test_vacancy_create_warns_when_the_salary_range_starts_below_the_umk(employer_x):
    _vacancy, warnings = create(employer_x, salary_min=2_000_000, salary_max=3_000_000)
    assert len(warnings) == 1


def test_vacancy_create_refuses_an_age_range_upside_down_and_saves_nothing(employer_x):
    with pytest.raises(ValidationError) as exc:
        create(employer_x, age_min=40, age_max=25)
    assert "age_max" in field_errors(exc)
    assert not Vacancy.objects.exists()


def test_vacancy_create_refuses_a_headcount_of_zero(employer_x):
    with pytest.raises(ValidationError) as exc:
        create(employer_x, headcount=0)
    assert "headcount" in field_errors(exc)
    assert not Vacancy.objects.exists()


def test_vacancy_create_refuses_a_salary_range_upside_down(employer_x):
    with pytest.raises(ValidationError) as exc:
        create(employer_x, salary_min=4_000_000, salary_max=3_000_000)
    assert "salary_max" in field_errors(exc)
    assert not Vacancy.objects.exists()


def test_vacancy_create_refuses_more_than_40_required_units(employer_x):
    with pytest.raises(ValidationError) as exc:
        create(employer_x, competencies=f.units("LAS", 1) * 41)
    assert "competencies" in field_errors(exc)
    assert not Vacancy.objects.exists()


def test_vacancy_create_ignores_status_and_employer_in_the_fields(employer_x, employer_y):
    vacancy, _ = create(employer_x, status=Vacancy.Status.FILLED, employer_id=employer_y.pk)
    saved = Vacancy.objects.get(pk=vacancy.pk)
    assert (saved.status, saved.employer_id) == (Vacancy.Status.DRAFT, employer_x.pk)


# --- vacancy_update ---------------------------------------------------------------------------------
def test_vacancy_update_returns_the_umk_warning(vacancy):
    _vacancy, warnings = services.vacancy_update(
        vacancy=vacancy, data={"salary_min": None, "salary_max": 2_000_000}
    )
    assert len(warnings) == 1
    assert Vacancy.objects.get(pk=vacancy.pk).salary_max == 2_000_000


@pytest.mark.parametrize("status", [Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
def test_vacancy_update_refuses_a_closed_or_filled_vacancy(vacancy, status):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    vacancy.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.vacancy_update(vacancy=vacancy, data={"title": "Operator Forklift"})
    assert "status" in field_errors(exc)
    assert Vacancy.objects.get(pk=vacancy.pk).title == "Operator Las"


# --- vacancy_publish / vacancy_close ------------------------------------------------------------------
def test_vacancy_publish_opens_a_draft_and_stamps_it(draft):
    before = timezone.now()
    services.vacancy_publish(vacancy=draft)
    saved = Vacancy.objects.get(pk=draft.pk)
    assert saved.status == Vacancy.Status.OPEN and saved.published_at >= before


@pytest.mark.parametrize("status", [Vacancy.Status.OPEN, Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
def test_vacancy_publish_refuses_anything_but_a_draft(vacancy, status):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    vacancy.refresh_from_db()
    published_at = vacancy.published_at
    with pytest.raises(ValidationError) as exc:
        services.vacancy_publish(vacancy=vacancy)
    assert "status" in field_errors(exc)
    saved = Vacancy.objects.get(pk=vacancy.pk)
    assert (saved.status, saved.published_at) == (status, published_at)


def test_vacancy_publish_refuses_a_draft_whose_closing_date_has_passed(draft):
    Vacancy.objects.filter(pk=draft.pk).update(closes_on=in_days(-1))
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.vacancy_publish(vacancy=draft)
    assert "closes_on" in field_errors(exc)
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.DRAFT


def test_vacancy_publish_accepts_a_draft_closing_today(draft):
    Vacancy.objects.filter(pk=draft.pk).update(closes_on=in_days(0))
    draft.refresh_from_db()
    services.vacancy_publish(vacancy=draft)
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.OPEN


@pytest.mark.django_db  # its fixtures come by name, so ask for the database up front
@pytest.mark.parametrize("fixture", ["draft", "vacancy"])
def test_vacancy_close_closes_a_draft_or_open_vacancy(request, fixture):
    vacancy = request.getfixturevalue(fixture)
    services.vacancy_close(vacancy=vacancy)
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.CLOSED


@pytest.mark.parametrize("status", [Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
def test_vacancy_close_refuses_a_closed_or_filled_vacancy(vacancy, status):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    vacancy.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.vacancy_close(vacancy=vacancy)
    assert "status" in field_errors(exc)
    assert Vacancy.objects.get(pk=vacancy.pk).status == status


# --- application_open -------------------------------------------------------------------------------
def test_application_open_puts_a_graduate_into_the_pipeline(vacancy, graduate):
    application = services.application_open(
        vacancy=vacancy, trainee=graduate, source=Application.Source.NOMINATED
    )
    saved = Application.objects.get(pk=application.pk)
    assert (saved.vacancy, saved.trainee, saved.status, saved.source) == (
        vacancy,
        graduate,
        S.PROPOSED,
        Application.Source.NOMINATED,
    )


def test_application_open_copies_the_vacancys_employer_and_the_trainees_blkk(vacancy, graduate):
    application = services.application_open(
        vacancy=vacancy, trainee=graduate, source=Application.Source.NOMINATED
    )

    saved = Application.objects.get(pk=application.pk)
    assert (saved.employer_id, saved.blkk_id) == (vacancy.employer_id, graduate.blkk_id)


def test_application_open_refuses_a_minor(vacancy, blkk_a):
    today = timezone.localdate()
    minor = f.TraineeFactory(blkk=blkk_a, birth_date=dt.date(today.year - 17, 1, 1))
    f.GraduateEnrolmentFactory(trainee=minor)
    with pytest.raises(ValidationError) as exc:
        services.application_open(vacancy=vacancy, trainee=minor, source=Application.Source.NOMINATED)
    assert "trainee" in field_errors(exc)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "status", [Enrolment.Status.REGISTERED, Enrolment.Status.IN_TRAINING, Enrolment.Status.DROPPED]
)
def test_application_open_refuses_a_trainee_who_has_not_graduated(vacancy, blkk_a, status):
    trainee = f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), status=status).trainee
    with pytest.raises(ValidationError) as exc:
        services.application_open(vacancy=vacancy, trainee=trainee, source=Application.Source.NOMINATED)
    assert "trainee" in field_errors(exc)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "status", [Vacancy.Status.DRAFT, Vacancy.Status.CLOSED, Vacancy.Status.FILLED], ids=str
)
def test_application_open_refuses_a_vacancy_that_is_not_open(vacancy, graduate, status):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    vacancy.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.application_open(vacancy=vacancy, trainee=graduate, source=Application.Source.EMPLOYER)
    assert "vacancy" in field_errors(exc)
    assert not Application.objects.exists()


def test_application_open_refuses_a_duplicate(vacancy, graduate):
    services.application_open(vacancy=vacancy, trainee=graduate, source=Application.Source.NOMINATED)
    with pytest.raises(ValidationError) as exc:
        services.application_open(vacancy=vacancy, trainee=graduate, source=Application.Source.EMPLOYER)
    assert "trainee" in field_errors(exc)
    assert Application.objects.filter(vacancy=vacancy, trainee=graduate).count() == 1


# --- application_transition ---------------------------------------------------------------------------
def application_in(vacancy, blkk, status) -> Application:
    return f.ApplicationFactory(vacancy=vacancy, trainee=f.TraineeFactory(blkk=blkk), status=status)


@pytest.mark.parametrize(("frm", "to"), LEGAL_STEPS, ids=[f"{a}->{b}" for a, b in LEGAL_STEPS])
def test_application_transition_takes_every_legal_step_and_stamps_it(vacancy, blkk_a, frm, to):
    application = application_in(vacancy, blkk_a, frm)
    before = timezone.now()
    services.application_transition(application=application, to=to)
    saved = Application.objects.get(pk=application.pk)
    assert saved.status == to
    assert getattr(saved, STEP_TIMESTAMP[to]) >= before


@pytest.mark.parametrize(("frm", "to"), ILLEGAL_STEPS, ids=[f"{a}->{b}" for a, b in ILLEGAL_STEPS])
def test_application_transition_refuses_every_illegal_step_and_changes_nothing(vacancy, blkk_a, frm, to):
    application = application_in(vacancy, blkk_a, frm)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=to)
    assert "to" in field_errors(exc)
    saved = Application.objects.get(pk=application.pk)
    assert saved.status == frm
    assert all(getattr(saved, stamp) is None for stamp in STEP_TIMESTAMP.values())
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.OPEN


@pytest.mark.parametrize("to", ["bogus", "", "PROPOSED"])
def test_application_transition_refuses_an_unknown_status(vacancy, blkk_a, to):
    application = application_in(vacancy, blkk_a, S.PROPOSED)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=to)
    assert "to" in field_errors(exc)
    assert Application.objects.get(pk=application.pk).status == S.PROPOSED


def test_application_transition_walks_the_whole_pipeline_keeping_every_stamp(vacancy, blkk_a):
    application = application_in(vacancy, blkk_a, S.PROPOSED)
    for to in (S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.HIRED):
        services.application_transition(application=application, to=to)
    saved = Application.objects.get(pk=application.pk)
    assert saved.shortlisted_at <= saved.interview_at <= saved.offered_at <= saved.hired_at
    assert (saved.rejected_at, saved.withdrawn_at) == (None, None)


def test_hiring_below_headcount_keeps_the_vacancy_open(vacancy, blkk_a):
    services.application_transition(application=application_in(vacancy, blkk_a, S.OFFERED), to=S.HIRED)
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.OPEN


def test_hiring_up_to_headcount_marks_the_vacancy_filled(vacancy, blkk_a):
    offers = [application_in(vacancy, blkk_a, S.OFFERED) for _ in range(vacancy.headcount)]
    for application in offers:
        services.application_transition(application=application, to=S.HIRED)
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.FILLED


def test_rejections_do_not_count_towards_headcount(vacancy, blkk_a):
    services.application_transition(application=application_in(vacancy, blkk_a, S.OFFERED), to=S.HIRED)
    services.application_transition(application=application_in(vacancy, blkk_a, S.OFFERED), to=S.REJECTED)
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.OPEN


def test_application_transition_reads_the_current_status_not_a_stale_copy(vacancy, blkk_a):
    application = application_in(vacancy, blkk_a, S.PROPOSED)
    stale = Application.objects.get(pk=application.pk)
    services.application_transition(application=application, to=S.REJECTED)
    with pytest.raises(ValidationError):
        services.application_transition(application=stale, to=S.SHORTLISTED)
    assert Application.objects.get(pk=application.pk).status == S.REJECTED
