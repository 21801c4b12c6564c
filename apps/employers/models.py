from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.validators import validate_kbli, validate_nib, validate_no_nul, validate_phone_any


class IndustrialPark(models.Model):
    """Kawasan industri, e.g. KITB (Kawasan Industri Terpadu Batang) in 33.25."""

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_no_nul])
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        related_name="industrial_parks",
        verbose_name=_("regency/city"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self) -> str:
        return self.short_name or self.name


class Employer(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_nul])
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        validators=[validate_nib],
        help_text=_("13-digit business identification number (Nomor Induk Berusaha, OSS)."),
        error_messages={"unique": _("An employer with this NIB is already registered.")},
    )
    kbli = models.CharField(_("KBLI code"), max_length=5, validators=[validate_kbli])
    industrial_park = models.ForeignKey(
        IndustrialPark,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        verbose_name=_("industrial park"),
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="employers", verbose_name=_("regency/city")
    )
    address = models.TextField(_("address"), blank=True, validators=[validate_no_nul])
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone_any]
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name
