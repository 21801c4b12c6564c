"""factory_boy factories for every model. Data lives in the reference scenario's region."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from apps.accounts.models import User
from apps.employers.models import Employer, IndustrialPark
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy

PASSWORD = "correct-horse-battery-staple"
_serials = itertools.count(1)


def make_nik(regency_code: str, birth_date: dt.date, gender: str, serial: int | None = None) -> str:
    """A valid NIK for a person of this regency, birth date and gender."""
    day = birth_date.day + (40 if gender == "P" else 0)
    district = 1
    if serial is None:  # the run's next one: past 9,999 in one process, in the next district
        district, serial = divmod(next(_serials) - 1, 9999)
        district, serial = district % 99 + 1, serial + 1
    return f"{regency_code.replace('.', '')}{district:02d}{day:02d}{birth_date:%m%y}{serial % 10000 or 1:04d}"


def regency(code: str) -> Regency:
    return Regency.objects.get(code=code)


def vocation(code: str = "LAS") -> Vocation:
    return Vocation.objects.get(code=code)


def units(vocation_code: str = "LAS", n: int = 5) -> list[CompetencyUnit]:
    return list(CompetencyUnit.objects.filter(vocation__code=vocation_code).order_by("code")[:n])


class BlkkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blkk

    name = factory.Sequence(lambda n: f"BLKK Ponpes Al-Falah {n}")
    registration_number = factory.Sequence(lambda n: f"BLKK-TEST-{n:05d}")
    host_type = Blkk.HostType.PONDOK_PESANTREN
    host_name = factory.Sequence(lambda n: f"Pondok Pesantren Al-Falah {n}")
    regency = factory.LazyFunction(lambda: regency("33.25"))
    address = "Jl. Raya Batang No. 1"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    blkk = factory.SubFactory(BlkkFactory)
    vocation = factory.LazyFunction(vocation)
    title = "Pengelasan SMAW"
    hours = 240

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create:
            self.competencies.set(extracted if extracted is not None else units(self.vocation.code))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2026, 1, 5)
    end_date = dt.date(2026, 3, 27)
    capacity = 16
    status = Cohort.Status.FINISHED


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    blkk = factory.SubFactory(BlkkFactory)
    full_name = factory.Sequence(lambda n: f"Budi Santoso {n}")
    gender = "L"
    birth_date = dt.date(2002, 5, 17)
    education = "SMK"
    regency = factory.LazyAttribute(lambda o: o.blkk.regency)
    nik = factory.LazyAttribute(lambda o: make_nik(o.regency.code, o.birth_date, o.gender))
    phone = "081234567890"
    email = factory.Sequence(lambda n: f"trainee{n}@example.id")
    consent_share = True
    consent_share_at = factory.LazyFunction(timezone.now)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    trainee = factory.SubFactory(TraineeFactory)
    cohort = factory.SubFactory(CohortFactory, program__blkk=factory.SelfAttribute("...trainee.blkk"))
    blkk = factory.SelfAttribute("trainee.blkk")
    status = Enrolment.Status.REGISTERED


class GraduateEnrolmentFactory(EnrolmentFactory):
    status = Enrolment.Status.GRADUATED
    graduated_on = factory.LazyAttribute(lambda o: o.cohort.end_date)

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create:
            self.competencies.set(
                extracted if extracted is not None else self.cohort.program.competencies.all()
            )


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"PT Kaca Batang {n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n:013d}")
    kbli = "23110"
    industrial_park = factory.LazyFunction(lambda: IndustrialPark.objects.get(short_name="KITB"))
    regency = factory.LazyFunction(lambda: regency("33.25"))
    contact_name = "Sri Wahyuni"
    contact_email = "hr@example.co.id"
    verified = True


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    title = "Operator Las"
    vocation = factory.LazyFunction(vocation)
    headcount = 2
    min_education = "SMP"
    age_min = 18
    age_max = 35
    regency = factory.LazyAttribute(lambda o: o.employer.regency)
    salary_min = 2_600_000
    salary_max = 3_200_000
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    status = Vacancy.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create:
            self.competencies.set(extracted if extracted is not None else units(self.vocation.code, 4))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    trainee = factory.SubFactory(TraineeFactory)
    employer = factory.SelfAttribute("vacancy.employer")
    blkk = factory.SelfAttribute("trainee.blkk")
    status = Application.Status.PROPOSED
    source = Application.Source.MATCHED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.id")
    role = User.Role.OFFICIAL

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
