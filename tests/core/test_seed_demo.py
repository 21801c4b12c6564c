"""``manage.py seed_demo``: the KITB reference scenario and the synthetic benchmark data.

The scenario and the synthetic data are each seeded once per module (inside a transaction that is
rolled back when the module ends); every test runs in its own savepoint on top of them.
"""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo.accounts import DEMO_PASSWORD, DEMO_USERNAMES
from apps.core.demo.bulk import BulkLoader
from apps.core.demo.scenario import SCENARIO_SERIALS, reference_registration_numbers
from apps.core.demo.synthetic import BLKK_PREFIX, NIB_PREFIX, NIK_SERIALS, SyntheticPlan, seed_synthetic
from apps.core.validators import nik_discrepancies, validate_nik
from apps.dashboards.models import MonthlyGraduates, RegencyStats, VocationStats
from apps.employers.models import Employer
from apps.regions.models import MinimumWage
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy

pytestmark = pytest.mark.django_db

SYNTHETIC_TRAINEES, SYNTHETIC_VACANCIES = 2000, 100


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def as_in_development() -> override_settings:
    """DEBUG on, as on a developer machine; MD5 hashing as tests/conftest.py sets (module fixtures
    run before that function-scoped override, and a hash must verify under it)."""
    return override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """The reference scenario, seeded once for the module."""
    with django_db_blocker.unblock(), transaction.atomic(), as_in_development():
        output = seed()
        connection.check_constraints()  # every foreign key holds (and none is re-checked per test)
        yield output
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def synthetic(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), as_in_development():
        output = seed("--trainees", str(SYNTHETIC_TRAINEES), "--vacancies", str(SYNTHETIC_VACANCIES))
        connection.check_constraints()
        yield output
        transaction.set_rollback(True)


def scenario_trainees():
    return Trainee.objects.filter(blkk__registration_number__in=reference_registration_numbers())


def synthetic_trainees():
    return Trainee.objects.filter(blkk__registration_number__startswith=BLKK_PREFIX)


def synthetic_vacancies():
    return Vacancy.objects.filter(employer__nib__startswith=NIB_PREFIX)


# The tables the seed writes rows into (the summaries aside).
SEEDED = [
    Blkk,
    Blkk.vocations.through,
    Program,
    Program.competencies.through,
    Cohort,
    Trainee,
    Enrolment,
    Enrolment.competencies.through,
    Employer,
    Vacancy,
    Vacancy.competencies.through,
]


def row_counts() -> dict[str, int]:
    return {m._meta.db_table: m.objects.count() for m in [*SEEDED, Application, User]}


# --- the reference scenario ---------------------------------------------------------------------


def test_scenario_has_the_65_blkk_around_kitb_by_regency(scenario):
    blkk = Blkk.objects.filter(registration_number__in=reference_registration_numbers())

    assert Counter(blkk.values_list("regency_id", flat=True)) == {
        "33.25": 17,
        "33.26": 20,
        "33.75": 4,
        "33.27": 24,
    }


def test_scenario_blkk_are_mostly_hosted_by_pesantren(scenario):
    blkk = Blkk.objects.filter(registration_number__in=reference_registration_numbers())
    hosts = Counter(blkk.values_list("host_type", flat=True))

    assert hosts.most_common(1)[0][0] == Blkk.HostType.PONDOK_PESANTREN
    assert set(hosts) == set(Blkk.HostType.values)
    assert blkk.filter(name="BLKK Ponpes Al-Hikmah", host_name="Pondok Pesantren Al-Hikmah").exists()


def test_each_scenario_blkk_offers_one_to_three_vocations_with_a_programme_each(scenario):
    blkk = Blkk.objects.filter(registration_number__in=reference_registration_numbers()).annotate(
        offered=Count("vocations", distinct=True), programmes=Count("programs", distinct=True)
    )

    assert set(blkk.values_list("offered", flat=True)) <= {1, 2, 3}
    assert all(b.offered == b.programmes for b in blkk)


def test_scenario_has_at_least_2000_trainees(scenario):
    assert scenario_trainees().count() >= 2000


def test_every_scenario_nik_is_valid_and_encodes_the_blkk_regency(scenario):
    rows = scenario_trainees().values_list("nik", "blkk__regency_id")

    for nik, regency in rows:
        validate_nik(nik)
        assert nik[:4] == regency.replace(".", "")
        assert int(nik[12:]) in SCENARIO_SERIALS


def test_nik_review_flags_exactly_the_niks_that_disagree_with_the_trainee(scenario):
    trainees = list(scenario_trainees())
    expected = [bool(nik_discrepancies(t.nik, birth_date=t.birth_date, gender=t.gender)) for t in trainees]

    assert [t.nik_review for t in trainees] == expected
    assert 0 < sum(expected) < len(trainees) * 0.03


def test_scenario_includes_minors(scenario):
    assert any(t.is_minor for t in scenario_trainees())


def test_some_scenario_trainees_object_to_automated_matching(scenario):
    objecting = scenario_trainees().filter(objects_to_matching=True)

    assert objecting.exists()
    assert not objecting.filter(objected_at=None).exists()


def test_most_scenario_trainees_consent_to_sharing_with_its_time_recorded(scenario):
    trainees = scenario_trainees()
    consenting = trainees.filter(consent_share=True)

    assert consenting.count() > trainees.count() * 0.8
    assert not consenting.filter(consent_share_at=None).exists()


def test_cohort_status_follows_its_dates_relative_to_today(scenario):
    today = timezone.localdate()
    cohorts = Cohort.objects.filter(program__blkk__registration_number__in=reference_registration_numbers())

    for cohort in cohorts:
        if cohort.end_date < today:
            assert cohort.status == Cohort.Status.FINISHED
        elif cohort.start_date > today:
            assert cohort.status == Cohort.Status.PLANNED
        else:
            assert cohort.status == Cohort.Status.RUNNING
    assert set(cohorts.values_list("status", flat=True)) == set(Cohort.Status.values)


def test_enrolment_status_follows_the_cohort_with_some_dropouts(scenario):
    enrolments = Enrolment.objects.filter(trainee__in=scenario_trainees())
    by_cohort = Counter(enrolments.values_list("cohort__status", "status"))
    finished = by_cohort["finished", "graduated"] + by_cohort["finished", "dropped"]

    assert set(by_cohort) == {
        ("finished", "graduated"),
        ("finished", "dropped"),
        ("running", "in_training"),
        ("planned", "registered"),
    }
    assert 0.04 < by_cohort["finished", "dropped"] / finished < 0.12


def test_graduates_achieved_units_of_their_programme_on_the_cohort_end_date(scenario):
    graduated = (
        Enrolment.objects.filter(trainee__in=scenario_trainees(), status=Enrolment.Status.GRADUATED)
        .select_related("cohort__program")
        .prefetch_related("competencies", "cohort__program__competencies")
    )

    for enrolment in graduated:
        achieved = set(enrolment.competencies.all())
        assert achieved and achieved <= set(enrolment.cohort.program.competencies.all())
        assert enrolment.graduated_on == enrolment.cohort.end_date
        assert enrolment.certificate_number


def test_kitb_has_at_least_ten_verified_employers_in_batang(scenario):
    kitb = Employer.objects.filter(industrial_park__short_name="KITB", regency_id="33.25", verified=True)

    assert kitb.count() >= 10


def test_some_employers_are_outside_the_park_in_the_other_three_regencies(scenario):
    outside = Employer.objects.filter(industrial_park=None).exclude(nib__startswith=NIB_PREFIX)

    assert set(outside.values_list("regency_id", flat=True)) == {"33.26", "33.75", "33.27"}


def test_scenario_has_at_least_40_vacancies_for_vocations_the_blkk_teach(scenario):
    vacancies = Vacancy.objects.exclude(employer__nib__startswith=NIB_PREFIX)
    taught = set(Blkk.vocations.through.objects.values_list("vocation_id", flat=True))

    assert vacancies.count() >= 40
    assert set(vacancies.values_list("vocation_id", flat=True)) <= taught
    assert vacancies.filter(gender=Vacancy.GenderRequirement.FEMALE).exists()


def test_open_vacancies_close_in_the_future(scenario):
    open_ = Vacancy.objects.filter(status=Vacancy.Status.OPEN)

    assert open_.exists()
    assert not open_.filter(closes_on__lte=timezone.localdate()).exists()


def test_exactly_two_scenario_vacancies_offer_less_than_the_umk(scenario):
    umk = dict(MinimumWage.objects.filter(year=2025).values_list("regency_id", "amount"))
    vacancies = Vacancy.objects.exclude(employer__nib__startswith=NIB_PREFIX)

    below = [v for v in vacancies if v.salary_min < umk[v.regency_id]]

    assert len(below) == 2


def test_hired_applications_are_placements_with_every_step_timestamped_in_order(scenario):
    hired = Application.objects.filter(status=Application.Status.HIRED)

    assert hired.count() >= 2
    for application in hired:
        assert (
            application.vacancy.published_at
            < application.shortlisted_at
            < application.interview_at
            < application.offered_at
            < application.hired_at
            <= timezone.now()
        )


def test_applications_cover_the_pipeline_and_each_graduate_applies_once(scenario):
    applications = Application.objects.all()

    assert {"proposed", "shortlisted", "interview", "offered", "hired"} <= set(
        applications.values_list("status", flat=True)
    )
    assert applications.values("trainee").distinct().count() == applications.count()
    assert not applications.filter(source=Application.Source.MATCHED).exists()


def test_scenario_enrolments_and_applications_carry_their_owners(scenario):
    enrolments, applications = Enrolment.objects.all(), Application.objects.all()

    assert enrolments.exists() and applications.exists()
    assert not enrolments.exclude(blkk=F("trainee__blkk")).exists()
    assert not applications.exclude(employer=F("vacancy__employer"), blkk=F("trainee__blkk")).exists()


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("demo.blkk", User.Role.BLKK_STAFF),
        ("demo.employer", User.Role.EMPLOYER),
        ("demo.official", User.Role.OFFICIAL),
        ("demo.admin", User.Role.ADMIN),
    ],
)
def test_demo_account_has_its_role(scenario, username, role):
    assert User.objects.get(username=username).role == role


def test_demo_accounts_are_bound_to_a_batang_blkk_a_kitb_employer_and_jawa_tengah(scenario):
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}

    assert users["demo.blkk"].blkk.regency_id == "33.25"
    assert users["demo.employer"].employer.industrial_park.short_name == "KITB"
    assert users["demo.official"].scope_province_id == "33"
    assert users["demo.admin"].is_staff and users["demo.admin"].is_superuser


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_demo_account_logs_in_with_the_demo_password(scenario, client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)


def test_scenario_rows_pass_model_validation(scenario):
    sample = [
        *Blkk.objects.filter(registration_number__in=reference_registration_numbers()),
        *Program.objects.filter(blkk__registration_number__in=reference_registration_numbers()),
        *Cohort.objects.filter(program__blkk__registration_number__in=reference_registration_numbers()),
        *scenario_trainees().order_by("pk")[::40],
        *Enrolment.objects.filter(trainee__in=scenario_trainees()).order_by("pk")[::40],
        *Employer.objects.exclude(nib__startswith=NIB_PREFIX),
        *Vacancy.objects.exclude(employer__nib__startswith=NIB_PREFIX),
        *Application.objects.all(),
        *User.objects.filter(username__in=DEMO_USERNAMES),
    ]

    for row in sample:
        row.full_clean()


def test_second_run_changes_nothing(scenario, settings):
    settings.DEBUG = True
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "already seeded" in output


def test_refuses_to_create_demo_accounts_when_debug_is_off(scenario, settings):
    settings.DEBUG = False
    User.objects.filter(username__in=DEMO_USERNAMES).delete()

    with pytest.raises(CommandError, match="--force"):
        seed()

    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()


def test_force_creates_demo_accounts_even_when_debug_is_off(scenario, settings):
    settings.DEBUG = False
    User.objects.filter(username__in=DEMO_USERNAMES).delete()

    seed("--force")

    assert set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)) == set(
        DEMO_USERNAMES
    )


# --- synthetic benchmark data -------------------------------------------------------------------


def test_synthetic_run_creates_the_requested_trainees_and_vacancies(synthetic):
    assert synthetic_trainees().count() == SYNTHETIC_TRAINEES
    assert synthetic_vacancies().count() == SYNTHETIC_VACANCIES


def test_every_synthetic_trainee_graduated_once_with_5_to_30_units(synthetic):
    enrolments = Enrolment.objects.filter(trainee__in=synthetic_trainees()).annotate(
        units=Count("competencies")
    )

    assert enrolments.count() == SYNTHETIC_TRAINEES
    assert set(enrolments.values_list("status", flat=True)) == {Enrolment.Status.GRADUATED}
    units = list(enrolments.values_list("units", flat=True))
    assert min(units) >= 5 and max(units) <= 30


def test_synthetic_enrolments_carry_their_trainees_blkk(synthetic):
    enrolments = Enrolment.objects.filter(trainee__in=synthetic_trainees())

    assert enrolments.count() == SYNTHETIC_TRAINEES
    assert not enrolments.exclude(blkk=F("trainee__blkk")).exists()


def test_synthetic_units_are_mostly_of_the_programme_vocation(synthetic):
    achieved = Enrolment.competencies.through.objects.filter(enrolment__trainee__in=synthetic_trainees())
    same = achieved.filter(competencyunit__vocation=F("enrolment__cohort__program__vocation")).count()

    assert same / achieved.count() > 0.7


def test_synthetic_rows_pass_model_validation(synthetic):
    blkk = Blkk.objects.filter(registration_number__startswith=BLKK_PREFIX)
    sample = [
        *blkk.order_by("pk")[::10],
        *Program.objects.filter(blkk__in=blkk).order_by("pk")[::10],
        *Cohort.objects.filter(program__blkk__in=blkk).order_by("pk")[::20],
        *synthetic_trainees().order_by("pk")[::50],
        *Enrolment.objects.filter(trainee__in=synthetic_trainees()).order_by("pk")[::50],
        *Employer.objects.filter(nib__startswith=NIB_PREFIX),
        *synthetic_vacancies().order_by("pk")[::5],
    ]

    for row in sample:
        row.full_clean()


def test_synthetic_niks_are_valid_unique_and_use_their_own_serials(synthetic):
    niks = list(synthetic_trainees().values_list("nik", flat=True))

    for nik in niks:
        validate_nik(nik)
        assert NIK_SERIALS[0] <= int(nik[12:]) < NIK_SERIALS[1]
    assert len(set(niks)) == len(niks)


def test_synthetic_nik_review_agrees_with_the_validator(synthetic):
    trainees = list(synthetic_trainees())

    assert [t.nik_review for t in trainees] == [bool(t.nik_warnings) for t in trainees]
    assert any(t.nik_review for t in trainees)


def test_synthetic_vacancies_require_3_to_15_units_and_want_1_to_200_people(synthetic):
    vacancies = synthetic_vacancies().annotate(units=Count("competencies"))
    units = list(vacancies.values_list("units", flat=True))
    headcounts = list(vacancies.values_list("headcount", flat=True))

    assert min(units) >= 3 and max(units) <= 15
    assert min(headcounts) >= 1 and max(headcounts) <= 200
    assert sorted(headcounts)[len(headcounts) // 2] <= 5  # skewed small


def test_synthetic_blkk_span_provinces_weighted_toward_java(synthetic):
    provinces = Counter(
        Blkk.objects.filter(registration_number__startswith=BLKK_PREFIX).values_list(
            "regency__province_id", flat=True
        )
    )
    java = sum(n for code, n in provinces.items() if code in {"31", "32", "33", "34", "35", "36"})

    assert len(provinces) >= 15
    assert java / provinces.total() > 0.4


def test_synthetic_rerun_adds_nothing(synthetic, settings):
    settings.DEBUG = True
    before = row_counts()

    seed("--trainees", str(SYNTHETIC_TRAINEES), "--vacancies", str(SYNTHETIC_VACANCIES))

    assert row_counts() == before


def test_synthetic_rerun_tops_up_to_the_larger_size(synthetic, settings):
    settings.DEBUG = True

    seed("--trainees", str(SYNTHETIC_TRAINEES + 300), "--vacancies", str(SYNTHETIC_VACANCIES + 20))

    assert synthetic_trainees().count() == SYNTHETIC_TRAINEES + 300
    assert synthetic_vacancies().count() == SYNTHETIC_VACANCIES + 20


def seed_in_bulk_mode(more_vacancies: int = 0) -> None:
    """Top the synthetic data up by 100 trainees (and ``more_vacancies``), every table in bulk mode."""
    seed_synthetic(
        SyntheticPlan.build(
            trainees=SYNTHETIC_TRAINEES + 100,
            vacancies=SYNTHETIC_VACANCIES + more_vacancies,
            bulk_threshold=1,
        )
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk mode is PostgreSQL only")
def test_bulk_mode_restores_every_index_and_constraint(synthetic):
    def schema() -> set[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
            )
            return set(cursor.fetchall())

    before = schema()

    seed_in_bulk_mode(more_vacancies=10)

    assert schema() == before
    assert synthetic_trainees().count() == SYNTHETIC_TRAINEES + 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk mode is PostgreSQL only")
def test_bulk_mode_copies_the_trainees_blkk_onto_their_enrolments(synthetic):
    seed_in_bulk_mode()

    enrolments = Enrolment.objects.filter(trainee__in=synthetic_trainees())
    assert enrolments.count() == SYNTHETIC_TRAINEES + 100
    assert not enrolments.exclude(blkk=F("trainee__blkk")).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_synthetic_seed_leaves_statistics_on_every_table_it_wrote(synthetic):
    """Autovacuum may be off: the seed analyzes what it wrote, through tables and summaries too."""
    written = [*SEEDED, RegencyStats, MonthlyGraduates, VocationStats]
    tables = [m._meta.db_table for m in written]
    with connection.cursor() as cursor:
        # pg_statistic rows come from ANALYZE only (index builds merely update reltuples).
        cursor.execute(
            "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)",
            [tables],
        )
        analyzed = {name for (name,) in cursor.fetchall()}

    assert analyzed == set(tables)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk mode is PostgreSQL only")
def test_bulk_mode_copies_into_an_empty_table_frozen_and_restores_its_keys(synthetic):
    through = Vacancy.competencies.through
    table = through._meta.db_table

    def schema() -> set[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
                [table, table],
            )
            return set(cursor.fetchall())

    before = schema()
    pairs = list(through.objects.order_by("pk").values_list("vacancy_id", "competencyunit_id"))
    through.objects.all().delete()
    loader = BulkLoader()

    with loader.bulk_mode([through]):
        assert table in loader._freeze  # empty, so truncated and loaded with COPY ... FREEZE
        loader.link(Vacancy.competencies, pairs)

    assert not loader._freeze
    assert schema() == before
    assert list(through.objects.order_by("pk").values_list("vacancy_id", "competencyunit_id")) == pairs
