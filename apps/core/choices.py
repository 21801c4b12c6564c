"""Choices shared by several apps (education levels, gender)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "L", _("male (L)")
    FEMALE = "P", _("female (P)")


class Education(models.TextChoices):
    SD = "SD", _("primary school (SD)")
    SMP = "SMP", _("junior secondary (SMP)")
    SMA = "SMA", _("senior secondary (SMA)")
    SMK = "SMK", _("vocational secondary (SMK)")
    D1 = "D1", _("diploma 1 (D1)")
    D2 = "D2", _("diploma 2 (D2)")
    D3 = "D3", _("diploma 3 (D3)")
    D4 = "D4", _("diploma 4 (D4)")
    S1 = "S1", _("bachelor (S1)")
    S2 = "S2", _("master (S2)")
    S3 = "S3", _("doctorate (S3)")


# Order of education levels: SD < SMP < SMA = SMK < D1 < D2 < D3 < D4 = S1 < S2 < S3.
EDUCATION_RANK: dict[str, int] = {
    "SD": 0,
    "SMP": 1,
    "SMA": 2,
    "SMK": 2,
    "D1": 3,
    "D2": 4,
    "D3": 5,
    "D4": 6,
    "S1": 6,
    "S2": 7,
    "S3": 8,
}


def education_at_least(level: str, minimum: str) -> bool:
    return EDUCATION_RANK[level] >= EDUCATION_RANK[minimum]


def levels_at_least(minimum: str) -> list[str]:
    """Education codes that satisfy a minimum (for ``education__in`` filters)."""
    return [code for code, rank in EDUCATION_RANK.items() if rank >= EDUCATION_RANK[minimum]]
