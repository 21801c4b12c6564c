"""Summary tables behind the officials' dashboards (see ``apps.dashboards.summaries``).

Each row holds the aggregates of one regency (per month or per vocation where named): the
regional dashboards add up at most a few thousand of these rows instead of scanning a million
trainees. They are derived data: ``summaries.refresh_all()`` rebuilds them from the live tables,
and every write to a counted table marks its regency in ``StaleRegency`` (same transaction), which
``summaries.refresh_stale()`` drains, so a dashboard never reads a stale number.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegencyStats(models.Model):
    """Placement figures of one regency: BLKK and trainees by the BLKK's regency, vacancies by
    the work regency. Only regencies with any data have a row."""

    regency = models.OneToOneField(
        "regions.Regency",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("regency/city"),
    )
    blkk_count = models.PositiveIntegerField(_("BLKK"), default=0)
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    graduates = models.PositiveIntegerField(_("graduates"), default=0)
    placed = models.PositiveIntegerField(_("placed"), default=0)
    open_vacancies = models.PositiveIntegerField(_("open vacancies"), default=0)
    open_positions = models.PositiveIntegerField(_("open positions"), default=0)

    class Meta:
        verbose_name = _("regency summary")
        verbose_name_plural = _("regency summaries")

    def __str__(self) -> str:
        return self.regency_id


class MonthlyGraduates(models.Model):
    """New graduates of one regency's BLKK in one month (each graduate once, at their first
    graduation)."""

    regency = models.ForeignKey(  # leads monthly_graduates_unique
        "regions.Regency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("regency/city"),
        db_index=False,
    )
    month = models.DateField(_("month"))
    graduates = models.PositiveIntegerField(_("graduates"), default=0)

    class Meta:
        verbose_name = _("graduates per month")
        verbose_name_plural = _("graduates per month")
        constraints = [
            models.UniqueConstraint(fields=["regency", "month"], name="monthly_graduates_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_graduates_first_day"),
        ]
        indexes = [models.Index(fields=["month", "regency"], name="monthly_graduates_month_idx")]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.month:%Y-%m}"


class VocationStats(models.Model):
    """Supply and demand of one vocation in one regency: graduates (and those not yet placed)
    of the regency's BLKK against open vacancies and positions in the regency."""

    regency = models.ForeignKey(  # leads vocation_stats_unique
        "regions.Regency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("regency/city"),
        db_index=False,
    )
    vocation = models.ForeignKey(
        "taxonomy.Vocation", on_delete=models.CASCADE, related_name="+", verbose_name=_("vocation")
    )
    graduates = models.PositiveIntegerField(_("graduates"), default=0)
    available = models.PositiveIntegerField(_("not yet placed"), default=0)
    open_vacancies = models.PositiveIntegerField(_("open vacancies"), default=0)
    open_positions = models.PositiveIntegerField(_("open positions"), default=0)

    class Meta:
        verbose_name = _("vocation summary")
        verbose_name_plural = _("vocation summaries")
        constraints = [
            models.UniqueConstraint(fields=["regency", "vocation"], name="vocation_stats_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.vocation_id}"


class StaleRegency(models.Model):
    """A mark: this regency's summary rows wait for a refresh. Written with the change that made
    them stale (one row per writer and regency, insert-only, so writers never wait on each other
    or on a refresh); deleted, by id, by the refresh that counted that change."""

    id = models.BigAutoField(primary_key=True)
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.CASCADE, related_name="+", verbose_name=_("regency/city")
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stale regency summary")
        verbose_name_plural = _("stale regency summaries")

    def __str__(self) -> str:
        return self.regency_id
