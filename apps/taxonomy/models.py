from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import FastLoadModel

unit_code_validator = RegexValidator(
    r"^[A-Z]\.\d{6}\.\d{3}\.\d{2}$",
    _("Competency unit codes look like C.259900.001.01 (SKKNI style)."),
    code="unit_code",
)
vocation_code_validator = RegexValidator(
    r"^[A-Z]{2,10}$", _("Use 2–10 capital letters, e.g. LAS."), code="vocation_code"
)


class Vocation(FastLoadModel):
    """A kejuruan: the trade a BLKK programme teaches (Teknik Las, Menjahit, TIK …)."""

    code = models.CharField(_("code"), max_length=10, unique=True, validators=[vocation_code_validator])
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vocation")
        verbose_name_plural = _("vocations")

    def __str__(self) -> str:
        return self.name


class CompetencyUnit(FastLoadModel):
    """An SKKNI-style competency unit, e.g. C.259900.004.01 "Mengelas pelat posisi 1G (SMAW)"."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[unit_code_validator])
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    vocation = models.ForeignKey(
        Vocation, on_delete=models.PROTECT, related_name="units", verbose_name=_("vocation")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
