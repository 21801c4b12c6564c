from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.services import model_update
from apps.employers.models import Employer

PROFILE_FIELDS = (
    "name",
    "kbli",
    "industrial_park",
    "regency",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@transaction.atomic
def employer_create(*, name: str, nib: str, kbli: str, regency: Any, **fields: Any) -> Employer:
    employer = Employer(name=name, nib=nib, kbli=kbli, regency=regency)
    for key, value in fields.items():
        if key in PROFILE_FIELDS:
            setattr(employer, key, value)
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def employer_update(*, employer: Employer, data: dict[str, Any]) -> Employer:
    """Employers edit their profile; the NIB and verification are not theirs to change."""
    employer, _changed = model_update(instance=employer, data=data, fields=PROFILE_FIELDS)
    return employer


@transaction.atomic
def employer_verify(*, employer: Employer, by: User, verified: bool = True) -> Employer:
    employer.verified = verified
    employer.verified_at = timezone.now() if verified else None
    employer.verified_by = by if verified else None
    employer.save(update_fields=["verified", "verified_at", "verified_by", "updated_at"])
    return employer
