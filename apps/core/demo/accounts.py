"""The four demo accounts, one per role, all with the published demo password.

They exist for trying the portal; ``seed_demo`` refuses to create them when ``DEBUG`` is off
unless ``--force`` is given.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from apps.accounts.models import User
from apps.employers.models import Employer
from apps.registry.models import Blkk

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published in the README on purpose
DEMO_USERNAMES = ("demo.blkk", "demo.employer", "demo.official", "demo.admin")
OFFICIAL_PROVINCE = "33"  # Jawa Tengah


def ensure_demo_accounts(*, blkk: Blkk | None, employer: Employer | None) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the usernames created.

    An existing account is left exactly as it is (its password may have been changed on purpose).
    An account whose binding is missing (its BLKK or employer was deleted) is not created.
    """
    specs = {
        "demo.blkk": {
            "role": User.Role.BLKK_STAFF,
            "blkk": blkk,
            "first_name": "Ahmad",
            "last_name": "Fauzi",
        },
        "demo.employer": {
            "role": User.Role.EMPLOYER,
            "employer": employer,
            "first_name": "Rina",
            "last_name": "Kurniasih",
        },
        "demo.official": {
            "role": User.Role.OFFICIAL,
            "scope_province_id": OFFICIAL_PROVINCE,
            "first_name": "Sri",
            "last_name": "Wahyuni",
        },
        "demo.admin": {
            "role": User.Role.ADMIN,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Admin",
            "last_name": "Portal",
        },
    }
    existing = set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    created = []
    hashed = None  # one (slow, deliberately) password hash serves every account created now
    for username, fields in specs.items():
        if username in existing or fields.get("blkk", True) is None or fields.get("employer", True) is None:
            continue
        hashed = hashed or make_password(DEMO_PASSWORD)
        user = User(username=username, email=f"{username}@example.org", password=hashed, **fields)
        user.full_clean()
        user.save()
        created.append(username)
    return created
