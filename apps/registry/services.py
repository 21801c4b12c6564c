from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.services import model_update
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.taxonomy.models import Vocation

PROFILE_FIELDS = ("name", "host_type", "host_name", "regency", "address", "phone", "email", "vocations")


@transaction.atomic
def blkk_create(
    *,
    name: str,
    registration_number: str,
    host_type: str,
    host_name: str,
    regency: Regency,
    address: str = "",
    vocations: Iterable[Vocation] = (),
) -> Blkk:
    blkk = Blkk(
        name=name,
        registration_number=registration_number,
        host_type=host_type,
        host_name=host_name,
        regency=regency,
        address=address,
    )
    blkk.full_clean()
    blkk.save()
    blkk.vocations.set(vocations)
    return blkk


@transaction.atomic
def blkk_update(*, blkk: Blkk, data: dict[str, Any]) -> Blkk:
    """BLKK staff edit their profile; registration number and verification are not theirs."""
    blkk, _changed = model_update(instance=blkk, data=data, fields=PROFILE_FIELDS)
    return blkk


@transaction.atomic
def blkk_verify(*, blkk: Blkk, by: User, verified: bool = True) -> Blkk:
    blkk.verified = verified
    blkk.verified_at = timezone.now() if verified else None
    blkk.verified_by = by if verified else None
    blkk.save(update_fields=["verified", "verified_at", "verified_by", "updated_at"])
    return blkk
