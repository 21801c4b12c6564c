from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import CountedModel, FieldKeyedConstraintsMixin, TimeStampedModel
from apps.core.validators import validate_no_nul

DEFAULT_CAPACITY = 16


class Program(CountedModel, TimeStampedModel):
    """A training programme of a BLKK: one vocation, a set of competency units, hours (JP)."""

    blkk = models.ForeignKey(  # leads program_blkk_title_id_idx
        "registry.Blkk",
        on_delete=models.CASCADE,
        related_name="programs",
        verbose_name=_("BLKK"),
        db_index=False,
    )
    vocation = models.ForeignKey(
        "taxonomy.Vocation", on_delete=models.PROTECT, related_name="programs", verbose_name=_("vocation")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_nul])
    competencies = models.ManyToManyField(
        "taxonomy.CompetencyUnit", related_name="programs", blank=True, verbose_name=_("competency units")
    )
    hours = models.PositiveIntegerField(
        _("hours (JP)"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    default_capacity = models.PositiveIntegerField(
        _("default capacity"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    class Meta:
        ordering = ["blkk", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1), name="program_hours_positive"),
            models.CheckConstraint(condition=Q(default_capacity__gte=1), name="program_capacity_positive"),
        ]
        indexes = [models.Index(fields=["blkk", "title", "id"], name="program_blkk_title_id_idx")]

    def __str__(self) -> str:
        return self.title


class Cohort(CountedModel, FieldKeyedConstraintsMixin, TimeStampedModel):
    """An angkatan: one run of a programme with dates and a capacity."""

    constraint_fields = {("program", "number"): "number"}

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    program = models.ForeignKey(  # leads cohort_unique_number
        Program, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("programme"), db_index=False
    )
    number = models.PositiveIntegerField(_("cohort number"), validators=[MinValueValidator(1)])
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(
        _("capacity"), default=DEFAULT_CAPACITY, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="cohort_unique_number"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="cohort_dates_in_order"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return _("%(program)s, cohort %(number)s") % {"program": self.program, "number": self.number}

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
