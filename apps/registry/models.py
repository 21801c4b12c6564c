from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import CountedModel, TimeStampedModel
from apps.core.validators import validate_no_nul, validate_phone_any


class Blkk(CountedModel, TimeStampedModel):
    """Balai Latihan Kerja Komunitas: a community job-training centre hosted by an organisation."""

    class HostType(models.TextChoices):
        PONDOK_PESANTREN = "pondok_pesantren", _("Islamic boarding school (pondok pesantren)")
        SERIKAT_PEKERJA = "serikat_pekerja", _("trade union (serikat pekerja)")
        LEMBAGA_KEAGAMAAN = "lembaga_keagamaan", _("religious institution (lembaga keagamaan)")
        KOMUNITAS = "komunitas", _("community organisation (komunitas)")

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_nul])
    registration_number = models.CharField(
        _("registration number"), max_length=50, unique=True, validators=[validate_no_nul]
    )
    host_type = models.CharField(_("host organisation type"), max_length=20, choices=HostType.choices)
    host_name = models.CharField(_("host organisation name"), max_length=200, validators=[validate_no_nul])
    regency = models.ForeignKey(  # leads blkk_regency_name_idx
        "regions.Regency",
        on_delete=models.PROTECT,
        related_name="blkks",
        verbose_name=_("regency/city"),
        db_index=False,
    )
    address = models.TextField(_("address"), blank=True, validators=[validate_no_nul])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone_any])
    email = models.EmailField(_("e-mail"), blank=True)
    vocations = models.ManyToManyField(
        "taxonomy.Vocation", related_name="blkks", blank=True, verbose_name=_("vocations offered")
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
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("BLKK")
        verbose_name_plural = _("BLKK")
        indexes = [models.Index(fields=["regency", "name"], name="blkk_regency_name_idx")]

    def __str__(self) -> str:
        return self.name
