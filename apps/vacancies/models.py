from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Education
from apps.core.models import CountedModel, FieldKeyedConstraintsMixin, TimeStampedModel
from apps.core.validators import validate_no_nul

MIN_WORKING_AGE = 18
MAX_WORKING_AGE = 65


class Vacancy(CountedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        FILLED = "filled", _("filled")

    class GenderRequirement(models.TextChoices):
        ANY = "any", _("any")
        MALE = "L", _("male (L)")
        FEMALE = "P", _("female (P)")

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("employer")
    )
    title = models.CharField(_("job title"), max_length=200, validators=[validate_no_nul])
    description = models.TextField(_("description"), blank=True, validators=[validate_no_nul])
    vocation = models.ForeignKey(
        "taxonomy.Vocation", on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("vocation")
    )
    competencies = models.ManyToManyField(
        "taxonomy.CompetencyUnit",
        related_name="vacancies",
        blank=True,
        verbose_name=_("required competency units"),
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    min_education = models.CharField(
        _("minimum education"), max_length=3, choices=Education.choices, default=Education.SMP
    )
    gender = models.CharField(
        _("gender"), max_length=3, choices=GenderRequirement.choices, default=GenderRequirement.ANY
    )
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"),
        default=MIN_WORKING_AGE,
        validators=[MinValueValidator(MIN_WORKING_AGE), MaxValueValidator(MAX_WORKING_AGE)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"),
        default=35,
        validators=[MinValueValidator(MIN_WORKING_AGE), MaxValueValidator(MAX_WORKING_AGE)],
    )
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("work regency/city"),
    )
    salary_min = models.PositiveBigIntegerField(_("minimum salary (IDR/month)"), null=True, blank=True)
    salary_max = models.PositiveBigIntegerField(_("maximum salary (IDR/month)"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="vacancy_headcount_positive"),
            models.CheckConstraint(
                condition=Q(age_min__gte=MIN_WORKING_AGE)
                & Q(age_max__lte=MAX_WORKING_AGE)
                & Q(age_min__lte=F("age_max")),
                name="vacancy_age_range_sane",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="vacancy_salary_range_in_order",
            ),
        ]
        indexes = [
            # A status and a filter, in the lists' id order (e.g. ?status=open&regency= by -id).
            models.Index(fields=["status", "regency", "id"], name="vacancy_status_regency_idx"),
            models.Index(fields=["status", "vocation", "id"], name="vacancy_status_vocation_idx"),
            # The public job board: open vacancies by closing date, alone or after a filter.
            models.Index(
                fields=["closes_on", "id"], condition=Q(status="open"), name="vacancy_open_closes_idx"
            ),
            models.Index(
                fields=["regency", "closes_on", "id"],
                condition=Q(status="open"),
                name="vacancy_open_regency_idx",
            ),
            models.Index(
                fields=["vocation", "closes_on", "id"],
                condition=Q(status="open"),
                name="vacancy_open_vocation_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age cannot be below the minimum age.")
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            errors["salary_max"] = _("The maximum salary cannot be below the minimum salary.")
        if errors:
            raise ValidationError(errors)


class Application(FieldKeyedConstraintsMixin, CountedModel, TimeStampedModel):
    """A candidate in a vacancy's pipeline. A hired application is a placement."""

    constraint_fields = {("vacancy", "trainee"): "trainee"}

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SHORTLISTED = "shortlisted", _("shortlisted")
        INTERVIEW = "interview", _("interview")
        OFFERED = "offered", _("offered")
        HIRED = "hired", _("hired")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Source(models.TextChoices):
        MATCHED = "matched", _("proposed by matching")
        NOMINATED = "nominated", _("nominated by BLKK")
        EMPLOYER = "employer", _("picked by employer")

    # Both keys lead an index of their own below (application_unique_vacancy_trainee,
    # application_trainee_status_idx), which serves their lookups and cascades: no single-column one.
    vacancy = models.ForeignKey(
        Vacancy,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("vacancy"),
        db_index=False,
    )
    trainee = models.ForeignKey(
        "trainees.Trainee",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("trainee"),
        db_index=False,
    )
    # The vacancy's employer and the trainee's BLKK, copied so each side's list is read in id order
    # from one index (application_employer_id_idx, application_blkk_id_idx) without a join. A
    # vacancy never changes employer, a trainee never changes BLKK, and an application never
    # changes vacancy or trainee, so the copies cannot drift; ``save`` fills them in when missing.
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("employer"),
        editable=False,
        db_index=False,
    )
    blkk = models.ForeignKey(
        "registry.Blkk",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("BLKK"),
        editable=False,
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    shortlisted_at = models.DateTimeField(_("shortlisted at"), null=True, blank=True)
    interview_at = models.DateTimeField(_("interview at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    hired_at = models.DateTimeField(_("hired at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["vacancy", "-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "trainee"], name="application_unique_vacancy_trainee"),
        ]
        indexes = [
            models.Index(fields=["status", "id"], name="application_status_id_idx"),
            models.Index(fields=["trainee", "status"], name="application_trainee_status_idx"),
            # An employer's and a BLKK's applications in the list's id order (either direction).
            models.Index(fields=["employer", "id"], name="application_employer_id_idx"),
            models.Index(fields=["blkk", "id"], name="application_blkk_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} → {self.vacancy}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:  # one query each for what is missing, unless already loaded
            if self.employer_id is None and self.vacancy_id is not None:
                self.employer_id = self.vacancy.employer_id
            if self.blkk_id is None and self.trainee_id is not None:
                self.blkk_id = self.trainee.blkk_id
        super().save(*args, **kwargs)
