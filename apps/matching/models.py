from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import FastJSONField, FastLoadModel


class MatchRun(FastLoadModel):
    """One execution of the matching engine over a scope; its progress is shown to users."""

    class Scope(models.TextChoices):
        VACANCY = "vacancy", _("one vacancy")
        PROVINCE = "province", _("one province")
        NATIONAL = "national", _("national")
        GRADUATES = "graduates", _("some graduates")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="match_runs",
        verbose_name=_("vacancy"),
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    timings = models.JSONField(_("timings (s)"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=1), name="matchrun_progress_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} #{self.pk} ({self.get_status_display()})"


class Match(FastLoadModel):
    """A graduate on a vacancy's ranked shortlist, with the explanation of the score."""

    run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, related_name="matches", verbose_name=_("match run")
    )
    vacancy = models.ForeignKey(  # leads match_unique_vacancy_trainee and match_vacancy_rank_trainee_idx
        "vacancies.Vacancy",
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=_("vacancy"),
        db_index=False,
    )
    trainee = models.ForeignKey(
        "trainees.Trainee", on_delete=models.CASCADE, related_name="matches", verbose_name=_("trainee")
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveIntegerField(_("rank"))
    matched = FastJSONField(_("matched units"), default=list)
    missing = FastJSONField(_("missing units"), default=list)
    reasons = FastJSONField(_("score factors"), default=dict)
    proposed = models.BooleanField(_("proposed by the allocation plan"), default=False)

    class Meta:
        ordering = ["vacancy", "rank"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "trainee"], name="match_unique_vacancy_trainee"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100), name="match_score_0_100"
            ),
        ]
        indexes = [models.Index(fields=["vacancy", "rank", "trainee"], name="match_vacancy_rank_trainee_idx")]

    def __str__(self) -> str:
        return f"{self.trainee_id} → {self.vacancy_id}: {self.score:.1f}"
