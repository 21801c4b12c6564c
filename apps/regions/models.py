from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import FastLoadModel, FieldKeyedConstraintsMixin


class Province(FastLoadModel):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Regency(FastLoadModel):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("regency (kabupaten)")
        KOTA = "kota", _("city (kota)")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def __str__(self) -> str:
        return self.name


class MinimumWage(FieldKeyedConstraintsMixin, models.Model):
    """Upah Minimum Kabupaten/Kota (UMK) of a regency for a year, in rupiah."""

    constraint_fields = {("regency", "year"): "year"}

    regency = models.ForeignKey(  # leads umk_unique_regency_year
        Regency,
        on_delete=models.CASCADE,
        related_name="minimum_wages",
        verbose_name=_("regency"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount (IDR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["regency", "-year"]
        verbose_name = _("minimum wage (UMK)")
        verbose_name_plural = _("minimum wages (UMK)")
        constraints = [
            models.UniqueConstraint(fields=["regency", "year"], name="umk_unique_regency_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="umk_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"UMK {self.regency} {self.year}"
