import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Education, Gender
from apps.core.models import CountedModel, FieldKeyedConstraintsMixin, TimeStampedModel
from apps.core.validators import nik_discrepancies, validate_nik, validate_no_nul, validate_phone

ADULT_AGE = 18


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years of age on a date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def adult_born_on_or_before(on: dt.date) -> dt.date:
    """Latest birth date of someone who is 18 on ``on`` (29 Feb birthdays count from 1 Mar)."""
    try:
        return on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # 29 February
        return on.replace(year=on.year - ADULT_AGE, day=28)


class Trainee(CountedModel, TimeStampedModel):
    """A person trained by a BLKK. Personal data under UU PDP (Law 27/2022)."""

    # No single-column indexes on blkk and regency: trainee_blkk_name_id_idx and
    # trainee_regency_name_id_idx below lead with them and serve every lookup by either.
    blkk = models.ForeignKey(
        "registry.Blkk",
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("registering BLKK"),
        db_index=False,
    )
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        validators=[validate_nik],
        help_text=_("16-digit population identity number (Nomor Induk Kependudukan)."),
        error_messages={"unique": _("A trainee with this NIK is already registered.")},
    )
    full_name = models.CharField(
        _("full name"), max_length=150, validators=[MinLengthValidator(2), validate_no_nul]
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(_("education"), max_length=3, choices=Education.choices)
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("domicile regency/city"),
        db_index=False,
    )
    address = models.TextField(_("address"), blank=True, validators=[validate_no_nul])
    relocate = models.BooleanField(_("willing to relocate"), default=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    consent_share = models.BooleanField(_("consents to sharing with employers"), default=False)
    consent_share_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    objects_to_matching = models.BooleanField(_("objects to automated matching"), default=False)
    objected_at = models.DateTimeField(_("objection recorded at"), null=True, blank=True)
    nik_review = models.BooleanField(
        _("NIK flagged for data-quality review"),
        default=False,
        editable=False,
        help_text=_("The NIK's date or gender part disagrees with the entered birth date or gender."),
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        indexes = [
            # The lists' keyset order (full_name, id), alone and after their common filters.
            models.Index(fields=["full_name", "id"], name="trainee_name_id_idx"),
            models.Index(fields=["blkk", "full_name", "id"], name="trainee_blkk_name_id_idx"),
            models.Index(fields=["regency", "full_name", "id"], name="trainee_regency_name_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_share=False) | Q(consent_share_at__isnull=False),
                name="trainee_consent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    # --- derived --------------------------------------------------------------------------
    def age(self, on: dt.date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def is_minor(self) -> bool:
        """Children's data is specific data (UU PDP): never shown to employers."""
        return self.age() < ADULT_AGE

    @property
    def nik_warnings(self) -> list[str]:
        return nik_discrepancies(self.nik, birth_date=self.birth_date, gender=self.gender)

    def clean(self) -> None:
        today = timezone.localdate()
        if self.birth_date:
            if self.birth_date > today:
                raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})
            if age_on(self.birth_date, today) > 100:
                raise ValidationError({"birth_date": _("Check the birth date: older than 100 years.")})
            if age_on(self.birth_date, today) < 14:
                raise ValidationError({"birth_date": _("Trainees must be at least 14 years old.")})

    def save(self, *args, **kwargs) -> None:
        self.nik_review = bool(self.nik_warnings)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "nik_review"}
        if self.consent_share and self.consent_share_at is None:
            self.consent_share_at = timezone.now()
        super().save(*args, **kwargs)


class Enrolment(FieldKeyedConstraintsMixin, CountedModel, TimeStampedModel):
    """A trainee in a cohort. A graduated enrolment records the competency units achieved."""

    constraint_fields = {("trainee", "cohort"): "cohort"}

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IN_TRAINING = "in_training", _("in training")
        GRADUATED = "graduated", _("graduated")
        DROPPED = "dropped", _("dropped out")

    trainee = models.ForeignKey(  # indexed by enrolment_unique_trainee_cohort (trainee, cohort)
        Trainee,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("trainee"),
        db_index=False,
    )
    cohort = models.ForeignKey(
        "training.Cohort", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    # The trainee's BLKK, copied so a BLKK's enrolments are read in id order from
    # enrolment_blkk_id_idx without joining the trainees. A trainee never changes BLKK and an
    # enrolment never changes trainee, so the copy cannot drift; ``save`` fills it in when missing.
    blkk = models.ForeignKey(
        "registry.Blkk",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("BLKK"),
        editable=False,
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=50, blank=True, validators=[validate_no_nul]
    )
    competencies = models.ManyToManyField(
        "taxonomy.CompetencyUnit",
        related_name="enrolments",
        blank=True,
        verbose_name=_("competency units achieved"),
    )

    class Meta:
        ordering = ["cohort", "trainee"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["trainee", "cohort"], name="enrolment_unique_trainee_cohort"),
            models.CheckConstraint(
                condition=(Q(status="graduated") & Q(graduated_on__isnull=False))
                | (~Q(status="graduated") & Q(graduated_on__isnull=True)),
                name="enrolment_graduated_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "graduated_on"], name="enrolment_status_grad_idx"),
            # A BLKK's enrolments in the list's id order (either direction).
            models.Index(fields=["blkk", "id"], name="enrolment_blkk_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} — {self.cohort}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.blkk_id is None and self.trainee_id is not None:
            self.blkk_id = self.trainee.blkk_id  # one query unless the trainee is already loaded
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The admin's way in (the services check this first, with the cohort's other rules).
        if self.cohort_id and self.trainee_id and self.cohort.program.blkk_id != self.trainee.blkk_id:
            raise ValidationError({"cohort": _("The cohort belongs to another BLKK.")})
        if self.status == self.Status.GRADUATED and not self.graduated_on:
            raise ValidationError({"graduated_on": _("A graduated enrolment needs its graduation date.")})
        if self.status != self.Status.GRADUATED and self.graduated_on:
            raise ValidationError({"graduated_on": _("Only a graduated enrolment has a graduation date.")})
        if self.graduated_on and self.cohort_id and self.graduated_on < self.cohort.start_date:
            raise ValidationError(
                {"graduated_on": _("The graduation date cannot be before the cohort starts.")}
            )
        if self.graduated_on and self.graduated_on > timezone.localdate():
            raise ValidationError({"graduated_on": _("The graduation date cannot be in the future.")})
